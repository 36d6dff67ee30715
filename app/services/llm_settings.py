"""The optional local-LLM summarizer's settings: off until the user sets an endpoint.

The endpoint and model are library settings (the `setting` table); an API key, when one is
needed, lives in its own file in the data folder, readable by the user only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy import text

from app.domain.errors import InputError
from app.ingest.llm import LlmConfig, check_endpoint
from app.storage.database import Database

LLM_KEY = "summary.llm"
METHOD_KEY = "summary.method"
KEY_FILE = "llm-api-key"
METHODS = ("extractive", "llm")


def _read_setting(db: Database, key: str) -> object:
    with db.read() as conn:
        row = conn.execute(text("SELECT value FROM setting WHERE key = :k"), {"k": key}).first()
    return json.loads(row[0]) if row is not None else None


def _write_setting(db: Database, key: str, value: object) -> None:
    with db.write() as conn:
        if value is None:
            conn.execute(text("DELETE FROM setting WHERE key = :k"), {"k": key})
            return
        conn.execute(
            text(
                "INSERT INTO setting (key, value) VALUES (:k, :v) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
            ),
            {"k": key, "v": json.dumps(value)},
        )


def key_path(db: Database) -> Path:
    """Where the API key is kept (mode 0600)."""
    return db.data_dir / KEY_FILE


def load_llm(db: Database) -> LlmConfig | None:
    """The configured endpoint, or None (the default: no LLM, nothing ever sent)."""
    value = _read_setting(db, LLM_KEY)
    if not isinstance(value, dict) or not value.get("url") or not value.get("model"):
        return None
    path = key_path(db)
    api_key = path.read_text(encoding="utf-8").strip() if path.exists() else None
    return LlmConfig(
        url=str(value["url"]),
        model=str(value["model"]),
        api_key=api_key or None,
        timeout=float(value.get("timeout", 60.0)),
    )


def configure_llm(
    db: Database,
    url: str,
    model: str,
    *,
    api_key: str | None = None,
    timeout: float = 60.0,
) -> LlmConfig:
    """Set the endpoint (InputError for a bad URL, model or timeout); keeps the key 0600."""
    endpoint = check_endpoint(url)
    if not model.strip():
        raise InputError("give the model's name (for example: llama3.2)")
    if not 0 < timeout <= 600:
        raise InputError(f"the LLM timeout must be between 0 and 600 seconds, not {timeout:g}")
    if api_key is not None:
        path = key_path(db)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(api_key.strip())
        path.chmod(0o600)  # an existing file may have had wider permissions
    _write_setting(db, LLM_KEY, {"url": endpoint, "model": model.strip(), "timeout": timeout})
    config = load_llm(db)
    assert config is not None
    return config


def disable_llm(db: Database) -> None:
    """Forget the endpoint and the key, and go back to extractive summaries by default."""
    _write_setting(db, LLM_KEY, None)
    _write_setting(db, METHOD_KEY, None)
    key_path(db).unlink(missing_ok=True)


def default_method(db: Database) -> str:
    """The summary method `summarize ID` uses: "extractive" unless the user chose "llm"."""
    value = _read_setting(db, METHOD_KEY)
    return value if isinstance(value, str) and value in METHODS else "extractive"


def set_default_method(db: Database, method: str) -> None:
    """Choose "extractive" or "llm" (which needs an endpoint) as the default method."""
    if method not in METHODS:
        raise InputError(f"unknown summary method {method!r} (choose from {', '.join(METHODS)})")
    if method == "llm" and load_llm(db) is None:
        raise InputError("no LLM endpoint is set: run `broadsheet llm --url URL --model M` first")
    _write_setting(db, METHOD_KEY, method)
