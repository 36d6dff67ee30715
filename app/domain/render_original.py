"""The "saved page" view: an article's raw page snapshot, through the reader's own sanitiser."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from app.domain.assetrefs import asset_ref
from app.domain.records import ArticleDetail
from app.domain.render import (
    TOGGLE_ORIGINAL_URL,
    Typography,
    _document,
    filter_attribute,
    make_cleaner,
    sanitize_html,
)


def sanitize_snapshot(raw_html: str, base_url: str | None, images: Mapping[str, str]) -> str:
    """Clean a whole saved page to the reader's allowlist.

    Images whose resolved address was stored at save time are shown from the asset store;
    every other image becomes the usual placeholder. Relative links are made absolute (they
    then open in the browser like any other link). Scripts, styles, frames, forms and every
    remote reference go, exactly as for an article body.

    Args:
        raw_html: The page as fetched (hostile).
        base_url: Where it was fetched from, to resolve relative addresses.
        images: Absolute image URL -> sha256 of the stored copy.
    """

    def resolve(value: str) -> str:
        value = value.strip()
        if not base_url or urlsplit(value).scheme:
            return value
        try:
            return urljoin(base_url, value)
        except ValueError:
            return value

    def attribute(tag: str, attr: str, value: str) -> str | None:
        if tag == "img" and attr == "src":
            digest = images.get(resolve(value))
            return filter_attribute(tag, attr, asset_ref(digest) if digest else "")
        if attr == "href" and not value.strip().startswith("#"):
            return filter_attribute(tag, attr, resolve(value))
        return filter_attribute(tag, attr, value)

    return sanitize_html(raw_html, make_cleaner(attribute))


@dataclass(frozen=True)
class SavedPage:
    """A saved raw page, already cleaned for the reader: make it with clean_saved_page.

    Cleaning a large page takes tens of milliseconds, so it happens off the GUI thread and
    the reader only wraps the result.
    """

    body: str
    truncated: bool = False


def clean_saved_page(
    raw_html: str, base_url: str | None, images: Mapping[str, str], *, truncated: bool = False
) -> SavedPage:
    """Sanitise a raw page (see sanitize_snapshot) for render_original_page."""
    return SavedPage(sanitize_snapshot(raw_html, base_url, images).strip(), truncated)


def render_original_page(
    detail: ArticleDetail,
    page: SavedPage,
    *,
    theme: str = "light",
    typography: Typography | None = None,
) -> str:
    """The reader page for an article's saved raw page, with a way back to the article.

    Raises:
        ValueError: The theme is unknown.
    """
    rec = detail.record
    note = "The page as it was saved, without its scripts, styles or remote content."
    if page.truncated:
        note += " It was very large, so only its beginning is shown."
    header = (
        '<header class="article-header original-header">'
        f'<p class="site">Saved page{" · " + html.escape(rec.site) if rec.site else ""}</p>'
        f'<h1 class="title">{html.escape(rec.title or rec.url)}</h1>'
        f'<p class="meta">{html.escape(note)}</p>'
        f'<p class="summary-toggle"><a class="toggle" href="{TOGGLE_ORIGINAL_URL}">'
        "Back to the article</a></p></header>"
    )
    body = page.body or '<p class="notice">The saved page has no text to show.</p>'
    return _document(
        f"{rec.title or rec.url} (saved page)",
        f'{header}\n<article class="body original">\n{body}\n</article>',
        theme=theme,
        typography=typography or Typography(),
        lang=rec.language or "",
    )
