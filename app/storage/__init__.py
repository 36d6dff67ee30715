"""Persistence: SQLModel tables, engine, migrations, full-text search, the asset store."""
