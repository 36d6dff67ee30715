"""What can be saved from a drop or a paste: web addresses and local files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMimeData

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
MAX_ITEMS = 500


def looks_like_url(text: str) -> bool:
    """Whether text is a single http(s) address."""
    return bool(_URL.match(text.strip()))


@dataclass
class Intake:
    """Web addresses and local files found in a drop or a paste."""

    urls: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.urls or self.files)


def from_text(text: str) -> Intake:
    """Every http(s) address in pasted text, one per line or separated by spaces."""
    found = Intake()
    for word in text.split():
        if looks_like_url(word) and word not in found.urls:
            found.urls.append(word)
    del found.urls[MAX_ITEMS:]
    return found


def from_mime(mime: QMimeData) -> Intake:
    """Addresses and files from dropped or pasted data (file URLs become paths)."""
    found = Intake()
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile():
                path = Path(url.toLocalFile())
                if path.is_file():
                    found.files.append(path)
            elif url.scheme() in ("http", "https"):
                found.urls.append(url.toString())
    if not found and mime.hasText():
        found = from_text(mime.text())
    del found.urls[MAX_ITEMS:]
    del found.files[MAX_ITEMS:]
    return found
