"""Relational store (the source of truth): SQLModel tables, engine, repositories, raw file blobs."""
