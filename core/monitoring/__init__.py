"""Monitoring: bias audits (and, later, the prediction log and drift)."""
