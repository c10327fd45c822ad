"""Start the web server (``web.py``: Streamlit serving app.py, plus the session cookie's routes)
with st.navigation as the only router.

Streamlit treats a ``pages/`` folder next to the entry point as a legacy multipage app until the
first run of the entry point calls ``st.navigation``; a first request straight to ``/upload``
would then run that page without the router (and without its access checks). Marking the
legacy mode off before the server starts makes every request go through app.py.

It first runs the start-up self-check (``core.selfcheck``): outside demo mode, unsafe settings
stop the start with a message naming each one.

Usage: ``python scripts/serve.py [streamlit run options]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    from core.config import get_settings
    from core.selfcheck import refusal

    refused = refusal(get_settings())
    if refused:
        print(refused, file=sys.stderr)
        sys.exit(2)
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(ROOT / "web.py"), *sys.argv[1:]]
    sys.exit(cli.main())
