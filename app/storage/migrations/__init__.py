"""Alembic migrations, shipped inside the package and run when a library opens."""
