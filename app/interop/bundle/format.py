"""The bundle's fixed names and version, and the records a reader hands back."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.domain.records import ArticleDetail

FORMAT_NAME = "broadsheet-bundle"
FORMAT_VERSION = 1
HEADER_NAME = "bundle.json"
MANIFEST_NAME = "manifest.jsonl"

SHA256 = re.compile(r"[0-9a-f]{64}")


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
