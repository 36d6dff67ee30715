"""How a Markdown body points at a file in the asset store: `asset:<sha256>`."""

from __future__ import annotations

import re

ASSET_PREFIX = "asset:"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def asset_ref(sha256: str) -> str:
    """The reference written into Markdown for a stored file."""
    return ASSET_PREFIX + sha256


def parse_asset_ref(ref: str) -> str | None:
    """The sha256 a reference names, or None when it is not a valid asset reference."""
    if not ref.startswith(ASSET_PREFIX):
        return None
    digest = ref[len(ASSET_PREFIX) :].lower()
    return digest if _SHA256.match(digest) else None
