"""Deterministic, decomposed scores of a candidate for a job, each component in [0, 1]."""
