"""One function per user action; pages and the CLI call these, never the store directly."""
