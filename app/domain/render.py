"""Markdown -> sanitised HTML, and the reader's whole HTML page around it."""

from __future__ import annotations

import html
import logging
import re
import secrets
import xml.etree.ElementTree as etree
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit

import markdown
import nh3

from app.domain.assetrefs import parse_asset_ref
from app.domain.highlight_marks import mark_highlights
from app.domain.records import ArticleDetail, HighlightRecord, SummaryRecord
from app.domain.render_settings import (  # re-exported: callers import them from here too
    ASSET_URL_PREFIX,
    FONTS,
    PAGE_URL_PREFIX,
    READER_SCHEME,
    STYLE_URL_PREFIX,
    THEMES,
    TOGGLE_ORIGINAL_URL,
    TOGGLE_SUMMARY_URL,
    Typography,
)
from app.domain.render_summary import busy_section, summary_section
from app.domain.summarize import summarize

log = logging.getLogger(__name__)

__all__ = [
    "ASSET_URL_PREFIX",
    "FONTS",
    "PAGE_URL_PREFIX",
    "READER_SCHEME",
    "STYLE_URL_PREFIX",
    "THEMES",
    "TOGGLE_ORIGINAL_URL",
    "TOGGLE_SUMMARY_URL",
    "Typography",
]
FALLBACK_METHOD = "lead"

# attr_list is left out of "extra" on purpose: it lets Markdown text set arbitrary attributes.
_MD_EXTENSIONS = ["abbr", "def_list", "fenced_code", "footnotes", "tables", "sane_lists"]
# Tables emit `align` instead of `style`: the sanitiser drops every style attribute.
_MD_CONFIGS = {"tables": {"use_align_attribute": True}}

_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
    "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}  # fmt: skip
# These lose their content too: keeping the text of a script or a form control is never useful,
# and dropping svg/math/noscript whole avoids the parser-differential (mXSS) tricks they enable.
_CLEAN_CONTENT_TAGS = {
    "script", "style", "template", "noscript", "noembed", "noframes", "xmp", "plaintext",
    "iframe", "frame", "frameset", "object", "applet", "svg", "math", "title", "head",
    "textarea", "select", "option", "button", "audio", "video", "canvas", "map",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "dfn": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start", "reversed"},
    "li": {"value", "id"},
    "sup": {"id"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "details": {"open"},
    "bdo": {"dir"},
}
_CLASSES = {"div": {"footnote"}, "a": {"footnote-ref", "footnote-backref"}}
_NUMERIC_ATTRS = {"width", "height", "colspan", "rowspan", "span", "start", "value"}
_FOOTNOTE_ID = re.compile(r"^(?:fn|fnref)(?::[\w-]{1,64}){1,2}$")
_ENUM_ATTRS = {
    "align": {"left", "right", "center"},
    "scope": {"row", "col", "rowgroup", "colgroup"},
    "dir": {"ltr", "rtl"},
}
_LINK_SCHEMES = {"http", "https", "mailto"}
# nh3 serialises attributes in double quotes and escapes quotes inside them, so this is exact.
_IMG_TAG = re.compile(r'<img((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*/?>')
_ATTR = re.compile(r'([\w:-]+)(?:="([^"]*)")?')
_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’)\]]))\s+(?=[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ])")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_METHOD_LABELS = {
    "lead": "first sentences",
    "lead3": "first sentences",
    "textrank": "key sentences",
    "lexrank": "key sentences",
    "extractive": "key sentences",
    "key_sentences": "key sentences",
}


class _FigureTreeprocessor:
    """Turns a paragraph holding only an image into a figure, its title into the caption.

    Registered straight on the Markdown instance: its registry only needs a `run` method.
    """

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "p" or len(child) != 1 or (child.text or "").strip():
                    continue
                image = child[0]
                if image.tag != "img" or (image.tail or "").strip():
                    continue
                figure = etree.Element("figure")
                image.tail = None
                figure.append(image)
                caption = image.attrib.pop("title", "").strip()
                if caption:
                    etree.SubElement(figure, "figcaption").text = caption
                figure.tail = child.tail
                parent[index] = figure


def _filter_attribute(tag: str, attr: str, value: str) -> str | None:
    """nh3's per-attribute hook: rewrite asset images, keep only safe links and plain values."""
    if attr == "src":
        digest = parse_asset_ref(value.strip()) if tag == "img" else None
        return ASSET_URL_PREFIX + digest if digest else None
    if attr == "href":
        return value if _is_safe_href(value.strip()) else None
    if attr in _NUMERIC_ATTRS:
        return value.strip() if value.strip().isdigit() and len(value.strip()) <= 5 else None
    if attr in _ENUM_ATTRS:
        return value.lower() if value.lower() in _ENUM_ATTRS[attr] else None
    if attr == "id":
        return value if _FOOTNOTE_ID.match(value) else None
    return value


def _is_safe_href(href: str) -> bool:
    if href.startswith("#"):
        # In-page jumps (footnotes) never leave the page.
        return len(href) > 1 and not any(c.isspace() for c in href)
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    if parts.scheme.lower() == "mailto":
        return bool(parts.path)
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


AttributeFilter = Callable[[str, str, str], "str | None"]


def make_cleaner(attribute_filter: AttributeFilter = _filter_attribute) -> nh3.Cleaner:
    """The reader's allowlist cleaner; a custom filter should end by calling filter_attribute."""
    return nh3.Cleaner(
        tags=_TAGS,
        clean_content_tags=_CLEAN_CONTENT_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=attribute_filter,
        strip_comments=True,
        link_rel="noopener noreferrer",
        url_schemes=_LINK_SCHEMES | {"asset"},
        allowed_classes=_CLASSES,
    )


filter_attribute = _filter_attribute
_CLEANER = make_cleaner()


def _replace_image(match: re.Match[str]) -> str:
    attrs = {m.group(1).lower(): html.unescape(m.group(2) or "") for m in _ATTR.finditer(match[1])}
    if attrs.get("src", "").startswith(ASSET_URL_PREFIX):
        return match[0]
    alt = " ".join(attrs.get("alt", "").split())
    label = html.escape(alt or "Image not saved")
    return f'<span class="missing-image" role="img" title="Image not saved">{label}</span>'


def sanitize_html(fragment: str, cleaner: nh3.Cleaner | None = None) -> str:
    """Clean an HTML fragment to the reader's allowlist; unsaved images become placeholders."""
    return _IMG_TAG.sub(_replace_image, (cleaner or _CLEANER).clean(fragment))


def render_markdown(markdown_text: str) -> str:
    """Render an article body (Markdown, maybe with raw HTML) to sanitised HTML.

    Args:
        markdown_text: The stored body; images point at `asset:<sha256>`.

    Returns:
        An HTML fragment safe to place in the reader page.
    """
    converter = markdown.Markdown(
        extensions=_MD_EXTENSIONS, extension_configs=_MD_CONFIGS, output_format="html"
    )
    converter.treeprocessors.register(_FigureTreeprocessor(), "broadsheet_figures", 5)
    return sanitize_html(converter.convert(markdown_text))


def split_sentences(text: str) -> list[str]:
    """A plain sentence splitter: good enough for a lead-sentences fallback."""
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        flat = " ".join(paragraph.split())
        sentences.extend(s.strip() for s in _SENTENCE_END.split(flat) if s.strip())
    return sentences


def fallback_summary(
    body_text: str, *, title: str | None = None, language: str | None = None
) -> SummaryRecord:
    """A summary when none was stored: the offline summarizer, else the first sentences.

    Never blank: with no text at all it says so.
    """
    try:
        result = summarize(body_text, language, title=title)
        if result.sentences:
            return SummaryRecord(text=result.text, method=result.method, version=result.version)
    except Exception:  # a broken summarizer must not break reading
        log.exception("summarizer failed; showing the first sentences instead")
    sentences = split_sentences(body_text)[:3]
    # One paragraph: lead sentences read as the article's opening, not as separate points.
    text = " ".join(sentences) if sentences else "This article has no text to summarise yet."
    return SummaryRecord(text=text, method=FALLBACK_METHOD, version="1")


def method_label(method: str) -> str:
    """A reader-facing name for a summary method ("key sentences", "first sentences")."""
    if method.startswith("llm:"):
        return f"{method[4:]} (local language model)"  # the model's own name, as configured
    key = method.strip().lower().replace("-", "_")
    return _METHOD_LABELS.get(key, key.replace("_", " ") or "summary")


def _date(value: datetime | None) -> str:
    return f"{value.day} {value:%B %Y}" if value is not None else ""


def _css_vars(typography: Typography) -> str:
    t = typography.clamped()
    family = "var(--font-serif)" if t.font == "serif" else "var(--font-sans)"
    return (
        f":root{{--reader-font:{family};--reader-size:{t.size_px}px;"
        f"--reader-line-height:{t.line_height};--reader-width:{t.width_em}em}}"
    )


def _document(title: str, body: str, *, theme: str, typography: Typography, lang: str) -> str:
    if theme not in THEMES:
        raise ValueError(f"unknown reader theme {theme!r}; expected one of {', '.join(THEMES)}")
    nonce = secrets.token_urlsafe(16)
    # No script-src: with default-src 'none' no script of any kind may run. The nonce admits
    # only our own <style> block; style attributes in content stay blocked.
    csp = (
        f"default-src 'none'; img-src {READER_SCHEME}:; "
        f"style-src {READER_SCHEME}: 'nonce-{nonce}'; base-uri 'none'; form-action 'none'"
    )
    lang_attr = f' lang="{lang}"' if _LANG.match(lang) else ""
    scheme = "dark" if theme == "dark" else "light"
    return (
        f'<!DOCTYPE html>\n<html{lang_attr} class="theme-{theme}">\n<head>\n'
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f'<meta name="color-scheme" content="{scheme}">\n'
        f"<title>{html.escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{STYLE_URL_PREFIX}reader.css">\n'
        f'<link rel="stylesheet" href="{STYLE_URL_PREFIX}{theme}.css">\n'
        f'<style nonce="{nonce}">{_css_vars(typography)}</style>\n'
        f'</head>\n<body>\n<main class="page">\n{body}\n</main>\n</body>\n</html>\n'
    )


def _header(detail: ArticleDetail, show_summary: bool) -> str:
    rec = detail.record
    parts = ['<header class="article-header">']
    if rec.site:
        parts.append(f'<p class="site">{html.escape(rec.site)}</p>')
    parts.append(f'<h1 class="title">{html.escape(rec.title or rec.url)}</h1>')
    if rec.author:
        parts.append(f'<p class="byline">{html.escape(rec.author)}</p>')
    meta = []
    if rec.published is not None:
        meta.append(f"Published {_date(rec.published)}")
    meta.append(f"Saved {_date(rec.saved)}")
    if rec.reading_minutes > 0:
        meta.append(f"{rec.reading_minutes} min read")
    spans = ' <span class="sep">·</span> '.join(
        f'<span class="meta-item">{html.escape(m)}</span>' for m in meta
    )
    parts.append(f'<p class="meta">{spans}</p>')
    if rec.tags:
        chips = "".join(f'<li class="tag">{html.escape(t)}</li>' for t in rec.tags)
        parts.append(f'<ul class="tags" aria-label="Tags">{chips}</ul>')
    label = "Read the full article" if show_summary else "No time to read? Get a summary"
    original = ""
    if any(a.role == "snapshot" for a in detail.assets):
        original = (
            f' <a class="toggle original-toggle" href="{TOGGLE_ORIGINAL_URL}">'
            "Show the saved page</a>"
        )
    parts.append(
        f'<p class="summary-toggle"><a class="toggle" href="{TOGGLE_SUMMARY_URL}">{label}</a>'
        f"{original}</p>"
    )
    parts.append("</header>")
    return "\n".join(parts)


# Bodies built last, so that a page prepared on a worker thread is not built again on the
# GUI thread (a 20,000-word body takes Markdown and nh3 a few hundred ms there).
_BODIES_KEPT = 8


@lru_cache(maxsize=_BODIES_KEPT)
def _body_html(body_markdown: str, highlights: tuple[HighlightRecord, ...]) -> str:
    body = render_markdown(body_markdown) if body_markdown.strip() else ""
    if body.strip() and highlights:
        body = mark_highlights(body, highlights)[0]  # after the sanitiser, on purpose
    return body


def prepare_article_page(detail: ArticleDetail) -> None:
    """Build and keep the costly part of `detail`'s page (its body), e.g. on a worker thread;
    render_article_page for the same body and highlights then reuses it."""
    _body_html(detail.body_markdown, detail.highlights)


def _body_section(detail: ArticleDetail) -> str:
    body = _body_html(detail.body_markdown, detail.highlights)
    if not body.strip():
        note = "This article has no saved text yet."
        if detail.fetch_error:
            note += f" The last fetch failed: {detail.fetch_error}"
        body = f'<p class="notice">{html.escape(note)}</p>'
    return f'<article class="body">\n{body}\n</article>'


def _footer(detail: ArticleDetail) -> str:
    url = detail.canonical_url or detail.final_url or detail.record.url
    if not _is_safe_href(url) or urlsplit(url).scheme.lower() not in {"http", "https"}:
        return ""
    return (
        '<footer class="article-footer"><a class="original" rel="noopener noreferrer" '
        f'href="{html.escape(url)}">Open the original page</a></footer>'
    )


def render_article_page(
    detail: ArticleDetail,
    *,
    theme: str = "light",
    show_summary: bool = False,
    summary: SummaryRecord | None = None,
    typography: Typography | None = None,
    summary_points: bool = False,
    summary_busy: str | None = None,
) -> str:
    """Build the complete reader page for an article.

    Args:
        detail: The article; every field is treated as hostile text.
        theme: One of THEMES.
        show_summary: Show the summary in place of the body.
        summary: The summary to show; defaults to the stored one, then a computed fallback.
        typography: Font, size, line height and column width.
        summary_points: Show the summary as key points (a list) rather than a paragraph.
        summary_busy: A slow summarizer is working: show this message in the summary area.

    Returns:
        A full HTML document with a strict Content-Security-Policy.

    Raises:
        ValueError: The theme is unknown.
    """
    parts = [_header(detail, show_summary)]
    if show_summary and summary_busy:
        parts.append(busy_section(summary_busy))
    elif show_summary:
        chosen = summary or detail.summary
        if chosen is None or not chosen.text.strip():
            chosen = fallback_summary(
                detail.body_text, title=detail.record.title, language=detail.record.language
            )
        parts.append(summary_section(chosen, method_label(chosen.method), points=summary_points))
    else:
        parts.append(_body_section(detail))
    parts.append(_footer(detail))
    return _document(
        detail.record.title or detail.record.url,
        "\n".join(p for p in parts if p),
        theme=theme,
        typography=typography or Typography(),
        lang=detail.record.language or "",
    )


def render_welcome_page(
    markdown_text: str, *, theme: str = "light", typography: Typography | None = None
) -> str:
    """Build the first-run page from the welcome Markdown, in the reader's own style."""
    body = f'<article class="body welcome">\n{render_markdown(markdown_text)}\n</article>'
    return _document(
        "Welcome to Broadsheet", body, theme=theme, typography=typography or Typography(), lang="en"
    )
