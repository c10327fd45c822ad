"""Accounts and permissions: password strength and hashing, and the role policy."""
