"""YAML front matter of Markdown files: a safe reader for the simple subset notes use."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")
_ITEM = re.compile(r"^[ \t]+-[ \t]+(.*?)[ \t]*$|^-[ \t]+(.*?)[ \t]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")
# Front matter longer than this is not the front matter of a note; leave the text alone.
_MAX_LINES = 200


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        if value[0] == '"':
            return inner.replace('\\"', '"').replace("\\\\", "\\")
        return inner.replace("''", "'")
    # an unquoted value ends where a YAML comment starts
    return re.sub(r"\s+#.*$", "", value)


def _scalar(value: str) -> Any:
    """A YAML scalar: quoted or plain string, date/datetime, or a flow list `[a, b]`."""
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        return [_scalar(part) for part in _split_flow(value[1:-1]) if part.strip()]
    if value and value[0] in "\"'":
        return _unquote(value)
    value = _unquote(value)
    if _DATE.match(value):
        return _parse_date(value)
    return value


def _split_flow(inner: str) -> list[str]:
    """Split `a, "b, c", d` on the commas outside quotes."""
    parts, current, quote = [], [], ""
    for char in inner:
        if quote:
            current.append(char)
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
            current.append(char)
        elif char == ",":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _parse_date(value: str) -> datetime | str:
    text = value.replace("Z", "+00:00")
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time())
        return datetime.fromisoformat(text)
    except ValueError:
        return value


def parse_front_matter(block: str) -> dict[str, Any]:
    """Parse `key: value` lines, flow lists and `- item` block lists; anything else is skipped.

    Args:
        block: The text between the `---` fences.

    Returns:
        Keys (lower-cased) to strings, datetimes or lists. Never runs code, unlike `yaml.load`.
    """
    data: dict[str, Any] = {}
    current: str | None = None
    for line in block.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _ITEM.match(line)
        if item and current is not None:
            value = _scalar(item.group(1) if item.group(1) is not None else item.group(2))
            existing = data.get(current)
            data[current] = [*existing, value] if isinstance(existing, list) else [value]
            continue
        key = _KEY.match(line)
        if key:
            current = key.group(1).lower()
            raw = key.group(2)
            data[current] = _scalar(raw) if raw else []
        else:
            current = None
    # a key with nothing after it and no items below is empty, not a list
    return {k: (None if v == [] else v) for k, v in data.items()}


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a Markdown text into its front matter (parsed) and its body.

    Args:
        text: The whole file.

    Returns:
        The parsed front matter ({} when there is none) and the rest of the text.
    """
    source = text.lstrip("\ufeff")
    lines = source.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        return {}, text
    for number in range(1, min(len(lines), _MAX_LINES)):
        if _CLOSE.match(lines[number].rstrip("\r\n")):
            return parse_front_matter("".join(lines[1:number])), "".join(lines[number + 1 :])
    return {}, text


def tags_of(front: dict[str, Any]) -> tuple[str, ...]:
    """The tags of a front matter (`tags` or `tag`, as a list or a comma-separated string)."""
    value = front.get("tags", front.get("tag"))
    if isinstance(value, str):
        items: list[Any] = [part for part in re.split(r"[,\s]+", value) if part]
    elif isinstance(value, list):
        items = value
    else:
        return ()
    return tuple(dict.fromkeys(str(t).strip().lstrip("#") for t in items if str(t).strip()))
