"""Tag path rules: normalising "research/border-security", keys, parents and subtree renames.

A tag is a path of segments joined by "/". The path keeps the case the person typed (so the
tag tree shows "EU/Borders" as written), but two paths that differ only by case are the same
tag: compare and index them by `tag_key`, never by the raw path.
"""

from __future__ import annotations

import re
import unicodedata

from app.domain.errors import InputError

MAX_TAG_LENGTH = 200
SEPARATOR = "/"

# Invisible characters that would make two tags look identical but compare different, or
# reorder text on screen (bidi overrides). Zero-width joiners are kept: emoji need them.
_INVISIBLE = frozenset(
    "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
)
_WHITESPACE = re.compile(r"\s+")
# Commas split a typed list; the ideographic forms too, since CJK keyboards produce them.
_LIST_SEPARATORS = re.compile(r"[,\n\r\uff0c\u3001]")


def _strip_unsafe(text: str) -> str:
    """Drop control, surrogate and invisible characters (tabs and newlines become spaces)."""
    out: list[str] = []
    for ch in text:
        if ch.isspace():
            out.append(" ")
        elif ch in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cs"):
            continue
        else:
            out.append(ch)
    return "".join(out)


def normalize_tag(raw: str) -> str:
    """Clean a tag path as typed or imported.

    Control and invisible characters are removed, whitespace runs collapse to one space,
    each segment is trimmed, and empty segments vanish (so "/a//b /" becomes "a/b"). The
    case is kept as typed; the text is put in Unicode NFC form.

    Args:
        raw: The tag as typed, imported or found in a query.

    Returns:
        The normalised path.

    Raises:
        InputError: The tag is empty after cleaning, or longer than MAX_TAG_LENGTH.
    """
    cleaned = unicodedata.normalize("NFC", _strip_unsafe(raw))
    segments = [_WHITESPACE.sub(" ", part).strip() for part in cleaned.split(SEPARATOR)]
    path = SEPARATOR.join(part for part in segments if part)
    if not path:
        raise InputError("empty tag")
    if len(path) > MAX_TAG_LENGTH:
        raise InputError(f"tag is too long ({len(path)} characters; the limit is {MAX_TAG_LENGTH})")
    return path


def tag_key(path: str) -> str:
    """The case-insensitive key of a normalised path, for uniqueness and comparison."""
    return unicodedata.normalize("NFC", path.casefold())


def tag_segments(path: str) -> list[str]:
    """The segments of a normalised path: "a/b/c" -> ["a", "b", "c"]."""
    return path.split(SEPARATOR)


def leaf_name(path: str) -> str:
    """The last segment of a normalised path, as shown in the tag tree."""
    return path.rsplit(SEPARATOR, 1)[-1]


def parent_paths(path: str) -> list[str]:
    """Every ancestor of a normalised path, outermost first: "a/b/c" -> ["a", "a/b"]."""
    segments = tag_segments(path)
    return [SEPARATOR.join(segments[:n]) for n in range(1, len(segments))]


def is_descendant(path: str, ancestor: str) -> bool:
    """Whether `path` lies strictly below `ancestor`, ignoring case.

    A path is not its own descendant: is_descendant("a", "a") is False. Segments are
    compared whole, so "ab" is not below "a".
    """
    return tag_key(path).startswith(tag_key(ancestor) + SEPARATOR)


def rename_path(path: str, old: str, new: str) -> str | None:
    """Where `path` ends up when the subtree at `old` is renamed to `new`.

    "a/b/c" with old "a/b" and new "x" becomes "x/c"; "a/b" itself becomes "x". The part
    below `old` keeps its own case. Paths outside the subtree are untouched (None).

    Args:
        path: A normalised tag path.
        old: The normalised root of the subtree being renamed.
        new: The new root as typed; it is normalised here.

    Returns:
        The renamed path, or None when `path` is neither `old` nor below it.

    Raises:
        InputError: `new` is empty or too long, or the renamed path would be too long.
    """
    if tag_key(path) != tag_key(old) and not is_descendant(path, old):
        return None
    # Count segments rather than characters: case folding can change a string's length
    # ("STRASSE" vs "straße"), so a character offset from `old` could cut `path` wrongly.
    rest = tag_segments(path)[len(tag_segments(old)) :]
    return normalize_tag(SEPARATOR.join([normalize_tag(new), *rest]))


def split_tag_list(text: str) -> list[str]:
    """Split comma-separated user input into normalised tags.

    Empty items are ignored, and a tag that repeats one already listed (ignoring case) is
    dropped, so "a, A, , b" gives ["a", "b"]. Newlines and the CJK commas also separate.

    Raises:
        InputError: An item is longer than MAX_TAG_LENGTH.
    """
    tags: list[str] = []
    seen: set[str] = set()
    for item in _LIST_SEPARATORS.split(text):
        if not _strip_unsafe(item).replace(SEPARATOR, " ").strip():
            continue
        path = normalize_tag(item)
        key = tag_key(path)
        if key not in seen:
            seen.add(key)
            tags.append(path)
    return tags
