"""Quality measurements against public labelled data (used by ``python -m core bench``)."""
