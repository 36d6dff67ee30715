"""The `setting` table: library preferences as JSON values under string keys."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, text


def get_value(conn: Connection, key: str) -> Any | None:
    """The decoded value stored under `key`, or None when unset (or unreadable)."""
    row = conn.execute(text("SELECT value FROM setting WHERE key = :key"), {"key": key}).first()
    if row is None:
        return None
    try:
        return json.loads(row[0])
    except ValueError:
        return None


def set_value(conn: Connection, key: str, value: Any) -> None:
    """Store `value` (JSON-encoded) under `key`, replacing what was there."""
    conn.execute(
        text(
            "INSERT INTO setting(key, value) VALUES (:key, :value) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
        ),
        {"key": key, "value": json.dumps(value)},
    )
