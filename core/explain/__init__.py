"""Explanations of a score: a readable paragraph written from computed evidence, never a score."""
