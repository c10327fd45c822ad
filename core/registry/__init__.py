"""Scoring model versions: configurations registered in MLflow, aliases, artifacts."""
