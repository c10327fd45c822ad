"""Accounts and permissions: password hashing, the role policy, login with lockout."""
