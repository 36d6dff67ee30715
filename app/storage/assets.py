"""Content-addressed files beside the database: assets/ab/abcdef… named by sha256."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from app.domain.errors import LibraryError


def sha256_of(data: bytes) -> str:
    """The hex sha256 that names a blob."""
    return hashlib.sha256(data).hexdigest()


class AssetStore:
    """Blobs on disk, written atomically (temp file + rename) before any row points at them."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, digest: str) -> Path:
        """Where the blob with this hash lives."""
        return self.root / digest[:2] / digest

    def put(self, data: bytes) -> str:
        """Store bytes (once per content) and return their sha256."""
        digest = sha256_of(data)
        target = self.path_for(digest)
        if target.exists() and target.stat().st_size == len(data):
            return digest
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp_name, target)
            except BaseException:
                Path(tmp_name).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise LibraryError(f"{target}: cannot store file ({exc.strerror or exc})") from exc
        return digest

    def read(self, digest: str) -> bytes | None:
        """The blob's bytes, or None when it is missing."""
        try:
            return self.path_for(digest).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None

    def exists(self, digest: str) -> bool:
        """Whether the blob is on disk."""
        return self.path_for(digest).is_file()

    def remove(self, digest: str) -> None:
        """Delete a blob (used by the sweep of unreferenced files)."""
        self.path_for(digest).unlink(missing_ok=True)

    def iter_digests(self) -> Iterator[str]:
        """Every blob name on disk (temp files excluded)."""
        if not self.root.is_dir():
            return
        for sub in self.root.iterdir():
            if not sub.is_dir() or len(sub.name) != 2:
                continue
            for item in sub.iterdir():
                if not item.name.startswith(".tmp-"):
                    yield item.name

    def verify(self, digest: str) -> bool:
        """Whether the blob's content still matches its name."""
        data = self.read(digest)
        return data is not None and sha256_of(data) == digest
