"""Vector index: one port, two adapters (Qdrant's engine in process; a Qdrant server)."""
