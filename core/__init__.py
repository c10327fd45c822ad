"""TalentFlow's domain package: parsing, storage and services, free of any UI code."""

__version__ = "0.1.0"
