"""Making raw HTML inside Markdown bodies safe before it leaves in an export.

Markdown readers (Obsidian, Joplin, static site generators) render raw HTML, so a body that
came from an import or a user's own Markdown file could carry `<script>`, `<iframe>` or an
`onerror=` handler into them. Code (fenced blocks and inline spans) is left exactly as is;
everywhere else, scripts and embeds go with their content, other unknown tags go (their text
stays), and every kept tag is rebuilt by nh3 with only safe attributes and URLs.
"""

from __future__ import annotations

import re

import nh3

__all__ = ["escape_tags", "sanitize_markdown_html"]

# Elements whose content is code or a foreign document, never article text: removed whole.
_DROP_WITH_CONTENT = (
    "script|style|iframe|object|embed|noscript|template|svg|math|frameset|frame|"
    "applet|form|textarea|select|button|head|title"
)
_DANGEROUS_BLOCK = re.compile(
    rf"<(?P<tag>{_DROP_WITH_CONTENT})\b[^>]*>.*?</(?P=tag)\s*>", re.IGNORECASE | re.DOTALL
)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
# A start tag (with attributes, quoted values may hold ">"), an end tag, or a declaration.
_TAG = re.compile(
    r"<(?P<end>/)?(?P<name>[A-Za-z][A-Za-z0-9-]*)"
    r"(?P<attrs>(?:\s+[^\s=>/\"']+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*(?P<close>/?)>"
    r"|<![A-Za-z][^>]*>|<\?[^>]*\?>"
)
# Fenced code blocks (``` or ~~~, to the matching fence or the end) and inline code spans.
_CODE = re.compile(
    r"^(?P<fence>[ \t]{0,3}(?:`{3,}|~{3,}))[^\n]*\n.*?(?:^(?P=fence)[ \t]*$|\Z)"
    r"|(?P<ticks>`+).+?(?P=ticks)",
    re.MULTILINE | re.DOTALL,
)
_VOID = frozenset({"area", "br", "col", "hr", "img", "wbr"})
_ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "time": {"datetime"},
    "ol": {"start"},
}
_SCHEMES = {"http", "https", "mailto", "asset"}


def sanitize_markdown_html(markdown: str) -> str:
    """The Markdown with its raw HTML made safe; code and plain Markdown are untouched."""
    if "<" not in markdown:
        return markdown
    out: list[str] = []
    position = 0
    for code in _CODE.finditer(markdown):
        out.append(_sanitize_prose(markdown[position : code.start()]))
        out.append(code.group(0))
        position = code.end()
    out.append(_sanitize_prose(markdown[position:]))
    return "".join(out)


def _sanitize_prose(text: str) -> str:
    if "<" not in text:
        return text
    text = _COMMENT.sub("", text)
    text = _DANGEROUS_BLOCK.sub("", text)
    return _TAG.sub(_clean_tag, text)


def _clean_tag(match: re.Match[str]) -> str:
    name = (match.group("name") or "").lower()
    if not name or name not in nh3.ALLOWED_TAGS:
        return ""  # declarations, processing instructions and unknown or unsafe tags
    if match.group("end"):
        return f"</{name}>"
    rebuilt = nh3.clean(
        match.group(0) if name in _VOID else f"{match.group(0)}</{name}>",
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel=None,
    )
    # nh3 hands back the start tag followed by the end tag we added: keep the start tag.
    return rebuilt if name in _VOID else rebuilt.removesuffix(f"</{name}>")


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def escape_tags(plain: str) -> str:
    """Plain text (a highlight's quote or note) written into Markdown: every "<" that
    could open a tag becomes "&lt;", so `<no>` reads as itself instead of vanishing."""
    return _TAG_START.sub("&lt;", plain)
