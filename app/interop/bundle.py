"""The Broadsheet bundle: a zip that carries a whole library (or a selection) losslessly.

Layout (version 1)::

    bundle.json          header: {"format": "broadsheet-bundle", "version": 1, "exported_at",
                         "app_version", "title", "articles": count, "assets": count}
    manifest.jsonl       one JSON object per line, one line per article, in export order
    articles/<id>.md     the article's Markdown body (UTF-8, byte for byte)
    articles/<id>.txt    the article's plain text (as stored for search and summaries)
    assets/<sha256>      every stored file (images, page snapshots, PDFs), each once, named by
                         the lower-case hex sha256 of its bytes

The manifest is JSON Lines rather than one JSON document so that both writing and reading
stream: 100,000 articles never sit in memory at once. Each line holds every field of
`ArticleDetail` and its `ArticleRecord` (see `_article_to_json`); dates are ISO 8601 strings
exactly as `datetime.isoformat()` writes them (naive stays naive), so a round trip reproduces
every field. An asset entry carries `"included": false` when the exporting library could not
read the file (or its bytes no longer matched its sha256); the record is kept so that the
library reproduces, and the reader's `asset_data` returns None for it.

Readers must treat a bundle as hostile input: `read_bundle` rejects unsafe entry names, caps
entry sizes, refuses compression bombs and encrypted entries, checks the sha256 of each asset it
hands out, and validates the type of every manifest field, raising `InputError` naming the entry.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from app import __version__
from app.domain.errors import InputError
from app.domain.records import (
    ArticleDetail,
    ArticleRecord,
    AssetRecord,
    HighlightRecord,
    SummaryRecord,
)
from app.interop.exporters._common import (
    Progress,
    ReadAsset,
    asset_refs,
    atomic_output,
    report,
)

log = logging.getLogger(__name__)

FORMAT_NAME = "broadsheet-bundle"
FORMAT_VERSION = 1
HEADER_NAME = "bundle.json"
MANIFEST_NAME = "manifest.jsonl"

# Caps on what a reader accepts (uncompressed sizes). Module constants so tests can lower them.
MAX_HEADER_BYTES = 1 << 20
MAX_MANIFEST_LINE_BYTES = 64 << 20
MAX_BODY_BYTES = 256 << 20
MAX_ASSET_BYTES = 1 << 30
MAX_ENTRIES = 20_000_000
# Deflate cannot beat about 1032:1; honest text rarely passes 100:1. Past this ratio, on an
# entry big enough to matter, the zip is treated as a bomb.
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 16 << 20

_SHA256 = re.compile(r"[0-9a-f]{64}")
_ASSET_ENTRY = re.compile(r"assets/([0-9a-f]{64})")
_ARTICLE_ENTRY = re.compile(r"articles/(-?[0-9]+)\.(md|txt)")
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


@dataclass(frozen=True)
class BundleInfo:
    """The header of a bundle: what wrote it and how much it holds."""

    version: int
    exported_at: datetime
    app_version: str
    title: str
    articles: int
    assets: int


@dataclass(frozen=True)
class BundleArticle:
    """One article read back from a bundle.

    Attributes:
        detail: Every field as exported, equal to the `ArticleDetail` that was written.
        asset_data: Returns the verified bytes of a file in the bundle by sha256, or None when
            the bundle does not hold it. Raises InputError when the stored bytes do not match
            their name. Only usable while the `read_bundle` iteration is still open.
        missing_assets: sha256 of the article's assets the exporter could not include.
    """

    detail: ArticleDetail
    asset_data: Callable[[str], bytes | None]
    missing_assets: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# Writing


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
            line = json.dumps(_article_to_json(detail, included), ensure_ascii=True)
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
    if not _SHA256.fullmatch(sha):
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


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _article_to_json(detail: ArticleDetail, included: dict[str, bool]) -> dict[str, Any]:
    """Every field of the article, its record, summary, highlights and assets."""
    rec = detail.record
    summary = detail.summary
    return {
        "id": rec.id,
        "url": rec.url,
        "given_url": detail.given_url,
        "final_url": detail.final_url,
        "canonical_url": detail.canonical_url,
        "title": rec.title,
        "site": rec.site,
        "author": rec.author,
        "language": rec.language,
        "published": _iso(rec.published),
        "saved": _iso(rec.saved),
        "updated": _iso(detail.updated),
        "read": rec.read,
        "favorite": rec.favorite,
        "archived": rec.archived,
        "trashed": rec.trashed,
        "tags": list(rec.tags),
        "word_count": rec.word_count,
        "reading_minutes": rec.reading_minutes,
        "excerpt": rec.excerpt,
        "description": detail.description,
        "lead_image": detail.lead_image,
        "note": detail.note,
        "snippet": rec.snippet,
        "reading_progress": detail.reading_progress,
        "reading_anchor": detail.reading_anchor,
        "fetch_status": rec.fetch_status,
        "fetch_error": detail.fetch_error,
        "summary": None
        if summary is None
        else {
            "text": summary.text,
            "method": summary.method,
            "version": summary.version,
            "created": _iso(summary.created),
        },
        "highlights": [
            {
                "id": h.id,
                "article_id": h.article_id,
                "quote": h.quote,
                "note": h.note,
                "color": h.color,
                "prefix": h.prefix,
                "suffix": h.suffix,
                "position": h.position,
                "placed": h.placed,
                "created": _iso(h.created),
                "updated": _iso(h.updated),
            }
            for h in detail.highlights
        ],
        "assets": [
            {
                "sha256": a.sha256,
                "mime": a.mime,
                "bytes": a.bytes,
                "role": a.role,
                "source_url": a.source_url,
                "included": included.get(a.sha256, False),
            }
            for a in detail.assets
        ],
    }


# --------------------------------------------------------------------------------------------
# Reading


def read_bundle_info(path: Path) -> BundleInfo:
    """Reads and validates a bundle's header without reading its articles.

    Raises:
        InputError: When the file is not a usable Broadsheet bundle.
    """
    with _open_zip(path) as zf:
        _check_entries(path, zf)
        return _read_header(path, zf)


def read_bundle(path: Path) -> Iterator[BundleArticle]:
    """Yields the articles of a bundle in export order, validating everything on the way.

    The zip stays open while the iteration runs; call each article's `asset_data` before
    moving on (or at least before the iteration ends).

    Args:
        path: The bundle zip.

    Yields:
        One `BundleArticle` per manifest line.

    Raises:
        InputError: On any problem, naming the file and the entry or manifest line at fault.
    """
    with _open_zip(path) as zf:
        entries = _check_entries(path, zf)
        header = _read_header(path, zf)
        if MANIFEST_NAME not in entries:
            raise InputError(f"{path}: {MANIFEST_NAME} is missing")

        def asset_data(sha: str) -> bytes | None:
            return _read_asset(path, zf, entries, sha)

        count = 0
        seen: set[int] = set()
        with zf.open(MANIFEST_NAME) as raw:
            for number, line in enumerate(_lines(path, raw), start=1):
                where = f"{path}: {MANIFEST_NAME} line {number}"
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except (UnicodeDecodeError, ValueError) as exc:
                    raise InputError(f"{where}: not valid JSON ({exc})")
                entry = _Fields(data, where)
                article_id = entry.integer("id")
                if article_id in seen:
                    raise InputError(f"{where}: article id {article_id} appears twice")
                seen.add(article_id)
                body = _read_text(path, zf, entries, f"articles/{article_id}.md")
                text = _read_text(path, zf, entries, f"articles/{article_id}.txt")
                detail, missing = _article_from_json(entry, body, text)
                for asset in detail.assets:
                    if asset.sha256 not in missing and f"assets/{asset.sha256}" not in entries:
                        raise InputError(f"{where}: asset {asset.sha256} is missing from the zip")
                count += 1
                yield BundleArticle(detail=detail, asset_data=asset_data, missing_assets=missing)
        if count != header.articles:
            raise InputError(
                f"{path}: {MANIFEST_NAME} holds {count} articles, the header says {header.articles}"
            )


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file")
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a bundle")
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable zip file ({exc})")


def _unsafe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return True
    if re.match(r"[A-Za-z]:", name):
        return True
    parts = name.rstrip("/").split("/")
    return any(part in ("", ".", "..") for part in parts)


def _check_entries(path: Path, zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Validates every entry's name, size and flags; returns entries by name."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise InputError(f"{path}: {len(infos)} entries is more than a bundle may hold")
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if _unsafe_name(name):
            raise InputError(f"{path}: unsafe entry name {name!r}")
        if name in entries:
            raise InputError(f"{path}: entry {name!r} appears twice")
        if info.flag_bits & 0x1:
            raise InputError(f"{path}: entry {name!r} is encrypted")
        if name.endswith("/"):
            entries[name] = info
            continue
        if name == HEADER_NAME:
            cap = MAX_HEADER_BYTES
        elif name == MANIFEST_NAME:
            cap = 1 << 62  # bounded line by line instead
        elif name.startswith("assets/"):
            if not _ASSET_ENTRY.fullmatch(name):
                raise InputError(f"{path}: entry {name!r} is not named by a sha256")
            cap = MAX_ASSET_BYTES
        elif name.startswith("articles/"):
            if not _ARTICLE_ENTRY.fullmatch(name):
                raise InputError(f"{path}: unexpected entry {name!r}")
            cap = MAX_BODY_BYTES
        else:
            log.info("bundle: ignoring unknown entry %r in %s", name, path)
            cap = 1 << 62
        if info.file_size > cap:
            raise InputError(
                f"{path}: entry {name!r} is {info.file_size} bytes, more than the {cap} allowed"
            )
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise InputError(f"{path}: entry {name!r} is compressed suspiciously well (zip bomb?)")
        entries[name] = info
    return entries


def _read_entry(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        # ZipExtFile never yields more than the declared size and checks the CRC at the end,
        # so the size checked in _check_entries bounds this read.
        with zf.open(info) as handle:
            return handle.read()
    except ValueError as exc:
        # zipfile raises ValueError once the archive is closed.
        raise InputError(f"{path}: cannot read {info.filename!r}: {exc}")
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise InputError(f"{path}: entry {info.filename!r} is damaged ({exc})")


def _read_header(path: Path, zf: zipfile.ZipFile) -> BundleInfo:
    try:
        info = zf.getinfo(HEADER_NAME)
    except KeyError:
        raise InputError(f"{path}: {HEADER_NAME} is missing; not a Broadsheet bundle")
    raw = _read_entry(path, zf, info)
    where = f"{path}: {HEADER_NAME}"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{where}: not valid JSON ({exc})")
    fields = _Fields(data, where)
    if fields.text("format") != FORMAT_NAME:
        raise InputError(f"{where}: format is not {FORMAT_NAME!r}")
    version = fields.integer("version")
    if version > FORMAT_VERSION:
        raise InputError(
            f"{where}: bundle version {version} is newer than this Broadsheet reads "
            f"({FORMAT_VERSION}); update Broadsheet"
        )
    if version < 1:
        raise InputError(f"{where}: bundle version {version} is not valid")
    return BundleInfo(
        version=version,
        exported_at=fields.moment("exported_at"),
        app_version=fields.text("app_version"),
        title=fields.text("title"),
        articles=fields.integer("articles"),
        assets=fields.integer("assets"),
    )


def _lines(path: Path, raw: IO[bytes]) -> Iterator[bytes]:
    """Manifest lines, each bounded so that one giant line cannot exhaust memory."""
    number = 0
    while True:
        try:
            line = raw.readline(MAX_MANIFEST_LINE_BYTES + 1)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise InputError(f"{path}: {MANIFEST_NAME} is damaged ({exc})")
        if not line:
            return
        number += 1
        if len(line) > MAX_MANIFEST_LINE_BYTES:
            raise InputError(f"{path}: {MANIFEST_NAME} line {number} is too long")
        yield line


def _read_text(
    path: Path, zf: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], name: str
) -> str:
    info = entries.get(name)
    if info is None:
        raise InputError(f"{path}: entry {name!r} is missing")
    data = _read_entry(path, zf, info)
    try:
        return data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: entry {name!r} is not UTF-8 ({exc})")


def _read_asset(
    path: Path, zf: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], sha: str
) -> bytes | None:
    sha = sha.lower()
    info = entries.get(f"assets/{sha}")
    if info is None:
        return None
    data = _read_entry(path, zf, info)
    if hashlib.sha256(data).hexdigest() != sha:
        raise InputError(f"{path}: entry 'assets/{sha}' does not match its sha256")
    return data


class _Fields:
    """Typed access to one JSON object, raising InputError that names the entry and key."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise InputError(f"{where}: expected a JSON object")
        self.data: dict[str, Any] = data
        self.where = where

    def _get(self, key: str) -> Any:
        if key not in self.data:
            raise InputError(f"{self.where}: {key!r} is missing")
        return self.data[key]

    def _bad(self, key: str, expected: str) -> InputError:
        return InputError(f"{self.where}: {key!r} must be {expected}")

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise self._bad(key, "a string")
        return value

    def opt_text(self, key: str) -> str | None:
        value = self._get(key)
        if value is not None and not isinstance(value, str):
            raise self._bad(key, "a string or null")
        return value

    def integer(self, key: str) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._bad(key, "an integer")
        return value

    def opt_integer(self, key: str) -> int | None:
        if self._get(key) is None:
            return None
        return self.integer(key)

    def flag(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self._bad(key, "true or false")
        return value

    def number(self, key: str) -> float:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._bad(key, "a number")
        return float(value)

    def moment(self, key: str) -> datetime:
        value = self.text(key)
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise self._bad(key, "an ISO 8601 date and time")

    def opt_moment(self, key: str) -> datetime | None:
        if self._get(key) is None:
            return None
        return self.moment(key)

    def strings(self, key: str) -> tuple[str, ...]:
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._bad(key, "a list of strings")
        return tuple(value)

    def objects(self, key: str) -> list[_Fields]:
        value = self._get(key)
        if not isinstance(value, list):
            raise self._bad(key, "a list")
        return [_Fields(item, f"{self.where}: {key}[{i}]") for i, item in enumerate(value)]

    def opt_object(self, key: str) -> _Fields | None:
        value = self._get(key)
        if value is None:
            return None
        return _Fields(value, f"{self.where}: {key}")


def _article_from_json(
    entry: _Fields, body: str, text: str
) -> tuple[ArticleDetail, tuple[str, ...]]:
    """Builds the ArticleDetail of one manifest line; also returns its missing assets."""
    record = ArticleRecord(
        id=entry.integer("id"),
        url=entry.text("url"),
        title=entry.text("title"),
        site=entry.opt_text("site"),
        author=entry.opt_text("author"),
        published=entry.opt_moment("published"),
        saved=entry.moment("saved"),
        read=entry.flag("read"),
        favorite=entry.flag("favorite"),
        archived=entry.flag("archived"),
        trashed=entry.flag("trashed"),
        tags=entry.strings("tags"),
        word_count=entry.integer("word_count"),
        reading_minutes=entry.integer("reading_minutes"),
        excerpt=entry.opt_text("excerpt"),
        language=entry.opt_text("language"),
        fetch_status=entry.text("fetch_status"),
        snippet=entry.opt_text("snippet"),
    )
    summary_fields = entry.opt_object("summary")
    summary = (
        None
        if summary_fields is None
        else SummaryRecord(
            text=summary_fields.text("text"),
            method=summary_fields.text("method"),
            version=summary_fields.text("version"),
            created=summary_fields.opt_moment("created"),
        )
    )
    highlights = tuple(
        HighlightRecord(
            id=h.integer("id"),
            article_id=h.integer("article_id"),
            quote=h.text("quote"),
            note=h.opt_text("note"),
            color=h.text("color"),
            prefix=h.text("prefix"),
            suffix=h.text("suffix"),
            position=h.opt_integer("position"),
            created=h.moment("created"),
            updated=h.opt_moment("updated") if "updated" in h.data else None,
            # Bundles from before the flag existed: a highlight with a position was placed.
            placed=(
                h.flag("placed") if "placed" in h.data else h.opt_integer("position") is not None
            ),
        )
        for h in entry.objects("highlights")
    )
    assets: list[AssetRecord] = []
    missing: list[str] = []
    for a in entry.objects("assets"):
        sha = a.text("sha256")
        if not a.flag("included"):
            missing.append(sha)
        elif not _SHA256.fullmatch(sha):
            raise InputError(f"{a.where}: 'sha256' must be 64 lower-case hex digits")
        assets.append(
            AssetRecord(
                sha256=sha,
                mime=a.text("mime"),
                bytes=a.integer("bytes"),
                role=a.text("role"),
                source_url=a.opt_text("source_url"),
            )
        )
    detail = ArticleDetail(
        record=record,
        given_url=entry.text("given_url"),
        final_url=entry.opt_text("final_url"),
        canonical_url=entry.opt_text("canonical_url"),
        body_markdown=body,
        body_text=text,
        updated=entry.opt_moment("updated"),
        reading_progress=entry.number("reading_progress"),
        fetch_error=entry.opt_text("fetch_error"),
        summary=summary,
        highlights=highlights,
        assets=tuple(assets),
        description=entry.opt_text("description"),
        lead_image=entry.opt_text("lead_image"),
        # Added after the first bundles were written: optional.
        reading_anchor=entry.opt_text("reading_anchor") if "reading_anchor" in entry.data else None,
        # Optional: bundles written before notes travelled have no such key.
        note=entry.opt_text("note") if "note" in entry.data else None,
    )
    return detail, tuple(missing)
