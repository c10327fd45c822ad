"""Skills: a taxonomy derived from O*NET Technology Skills, aliases, and a phrase matcher."""
