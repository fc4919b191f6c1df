"""The on-disk chapter store: SQLite schema and queries, where it lives, WAL checkpoints and
grouped commits."""
