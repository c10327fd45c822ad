"""Resume parsing: untrusted bytes -> visible text (sandboxed) -> sections -> profile."""
