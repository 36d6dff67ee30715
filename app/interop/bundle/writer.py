"""Writing a bundle zip: the manifest, article bodies and each asset once, atomically."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from app import __version__
from app.domain.records import ArticleDetail
from app.interop.bundle.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    HEADER_NAME,
    MANIFEST_NAME,
    SHA256,
)
from app.interop.bundle.schema import article_to_json
from app.interop.exporters._common import (
    Progress,
    ReadAsset,
    asset_refs,
    atomic_output,
    report,
)

log = logging.getLogger(__name__)

# Already-compressed payloads are stored as they are: deflating them again wastes time.
_STORED_MIMES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "image/avif",
        "application/gzip",
        "application/zip",
        "application/x-gzip",
        "application/zstd",
        "video/mp4",
        "audio/mpeg",
    }
)


def write_bundle(
    articles: Iterable[ArticleDetail],
    out: Path,
    *,
    read_asset: ReadAsset,
    title: str = "Broadsheet export",
    progress: Progress = None,
) -> int:
    """Writes articles, their bodies and their files into a bundle zip at `out`.

    Args:
        articles: The articles to write, consumed once, one at a time.
        out: The zip file to write (replaced atomically when it exists).
        read_asset: Returns a stored file's bytes by sha256, or None when missing.
        title: A label kept in the header.
        progress: Called with the number of articles written so far.

    Returns:
        The number of articles written.

    Raises:
        InputError: When `out` cannot be written to (its folder is missing, it is a folder).
    """
    count = 0
    seen_ids: set[int] = set()
    # sha256 -> whether its bytes went into the zip; each file is written once.
    assets: dict[str, bool] = {}
    with (
        atomic_output(out) as tmp,
        zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf,
        # zipfile allows one entry open for writing at a time, so the manifest collects in a
        # temporary file and goes into the zip at the end.
        tempfile.TemporaryFile("w+b") as manifest,
    ):
        for detail in articles:
            if detail.id in seen_ids:
                log.warning("bundle: article %s given twice; writing it once", detail.id)
                continue
            seen_ids.add(detail.id)
            included: dict[str, bool] = {}
            for asset in detail.assets:
                included[asset.sha256] = _add_asset(
                    zf, assets, asset.sha256, asset.mime, read_asset
                )
            # Files the body points at but the asset list forgot still travel with the body.
            for sha in asset_refs(detail.body_markdown):
                if sha not in included:
                    _add_asset(zf, assets, sha, None, read_asset)
            zf.writestr(f"articles/{detail.id}.md", _encode(detail.body_markdown))
            zf.writestr(f"articles/{detail.id}.txt", _encode(detail.body_text))
            line = json.dumps(article_to_json(detail, included), ensure_ascii=True)
            manifest.write(line.encode("ascii") + b"\n")
            count += 1
            report(progress, count)
        manifest.seek(0)
        with zf.open(MANIFEST_NAME, "w", force_zip64=True) as dst:
            shutil.copyfileobj(manifest, dst, 1 << 20)
        header = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "exported_at": datetime.now(UTC).isoformat(),
            "app_version": __version__,
            "title": title,
            "articles": count,
            "assets": sum(1 for ok in assets.values() if ok),
        }
        zf.writestr(HEADER_NAME, json.dumps(header, ensure_ascii=False, indent=2) + "\n")
    log.info("bundle: wrote %d articles and %d files to %s", count, len(assets), out)
    return count


def _encode(text: str) -> bytes:
    # surrogatepass: a lone surrogate (never valid UTF-8) must not abort a whole export; the
    # reader decodes the same way, so even such text comes back unchanged.
    return text.encode("utf-8", "surrogatepass")


def _add_asset(
    zf: zipfile.ZipFile,
    written: dict[str, bool],
    sha: str,
    mime: str | None,
    read_asset: ReadAsset,
) -> bool:
    """Writes one asset unless already written; returns whether the bundle holds its bytes."""
    if sha in written:
        return written[sha]
    ok = False
    if not SHA256.fullmatch(sha):
        log.warning("bundle: asset name %r is not a lower-case sha256; not included", sha)
    else:
        data = read_asset(sha)
        if data is None:
            log.warning("bundle: asset %s is missing from the store; not included", sha)
        elif hashlib.sha256(data).hexdigest() != sha:
            log.warning("bundle: asset %s does not match its sha256; not included", sha)
        else:
            kind = zipfile.ZIP_STORED if mime in _STORED_MIMES else zipfile.ZIP_DEFLATED
            zf.writestr(f"assets/{sha}", data, compress_type=kind)
            ok = True
    written[sha] = ok
    return ok
