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
`ArticleDetail` and its `ArticleRecord` (see `schema.article_to_json`); dates are ISO 8601
strings exactly as `datetime.isoformat()` writes them (naive stays naive), so a round trip
reproduces every field. An asset entry carries `"included": false` when the exporting library
could not read the file (or its bytes no longer matched its sha256); the record is kept so
that the library reproduces, and the reader's `asset_data` returns None for it.

Readers must treat a bundle as hostile input: `read_bundle` rejects unsafe entry names, caps
entry sizes, refuses compression bombs and encrypted entries, checks the sha256 of each asset it
hands out, and validates the type of every manifest field, raising `InputError` naming the entry.
"""

from app.interop.bundle.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    HEADER_NAME,
    MANIFEST_NAME,
    BundleArticle,
    BundleInfo,
)
from app.interop.bundle.reader import read_bundle, read_bundle_info
from app.interop.bundle.writer import write_bundle

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "HEADER_NAME",
    "MANIFEST_NAME",
    "BundleArticle",
    "BundleInfo",
    "read_bundle",
    "read_bundle_info",
    "write_bundle",
]
