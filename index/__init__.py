"""Persistence and search: the SQLite store (source of truth) and the derived full-text index."""
