"""Library preferences stored in the library file (they travel with its backups).

The preference UI calls these; each value is checked here, so a bad one never lands.
"""

from __future__ import annotations

from app.domain.errors import InputError
from app.storage import settings as settings_sql
from app.storage.database import Database

BACKUP_KEEP_KEY = "backups.keep"
DEFAULT_BACKUP_KEEP = 7
MAX_BACKUP_KEEP = 365


def backup_keep(db: Database) -> int:
    """How many automatic backups of each kind are kept (default 7)."""
    with db.read() as conn:
        value = settings_sql.get_value(conn, BACKUP_KEEP_KEY)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_BACKUP_KEEP:
        return value
    return DEFAULT_BACKUP_KEEP


def set_backup_keep(db: Database, keep: int) -> None:
    """Change how many automatic backups of each kind are kept (1–365)."""
    if isinstance(keep, bool) or not isinstance(keep, int) or not 1 <= keep <= MAX_BACKUP_KEEP:
        raise InputError(f"backups to keep must be a whole number from 1 to {MAX_BACKUP_KEEP}")
    with db.write() as conn:
        settings_sql.set_value(conn, BACKUP_KEEP_KEY, keep)
