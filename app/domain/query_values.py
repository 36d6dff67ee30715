"""Check and normalise the values of query filters (tag:, site:, is:, before:, after:, lang:)."""

from __future__ import annotations

import calendar
import re
from datetime import date

from app.domain.errors import InputError
from app.domain.query_filters import (
    STATES,
    DateFilter,
    LangFilter,
    SiteFilter,
    State,
    StateFilter,
    TagFilter,
)
from app.domain.query_lexer import syntax_error
from app.domain.tags import SEPARATOR, normalize_tag

_STATE_SYNONYMS: dict[str, State] = {state: state for state in STATES} | {"favourite": "favorite"}
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
# Years stop short of 1 and 9999 so storage can add or subtract a day without overflow.
_MIN_YEAR = 1000
_MAX_YEAR = 9998
_LANG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")
# A host is dot-separated labels of letters (any script), digits, hyphens and underscores.
_HOST_LABEL = re.compile(r"(?!-)[\w-]+(?<!-)")


def tag_filter(value: str, prefix: bool, pos: int) -> TagFilter:
    """A TagFilter for `tag:value` (or `tag:value*` when `prefix`)."""
    if prefix and not value.replace(SEPARATOR, " ").strip():
        return TagFilter("", prefix=True)
    try:
        path = normalize_tag(value)
    except InputError as exc:
        raise syntax_error(f"bad tag 'tag:{value}' ({exc})", pos)
    # "tag:a/*" asks for tags strictly below "a", so the slash must survive normalising.
    if prefix and value.rstrip().endswith(SEPARATOR):
        path += SEPARATOR
    return TagFilter(path, prefix=prefix)


def state_filter(value: str, pos: int) -> StateFilter:
    """A StateFilter for `is:value`."""
    state = _STATE_SYNONYMS.get(value.lower())
    if state is None:
        valid = ", ".join(f"is:{s}" for s in STATES)
        raise syntax_error(f"unknown state 'is:{value}' (use one of {valid})", pos)
    return StateFilter(state)


def date_filter(op: str, value: str, pos: int) -> DateFilter:
    """A DateFilter for `before:value` or `after:value` (YYYY, YYYY-MM or YYYY-MM-DD)."""
    match = _DATE.fullmatch(value)
    day: date | None = None
    if match is not None:
        year = int(match.group(1))
        month = int(match.group(2) or 1)
        if _MIN_YEAR <= year <= _MAX_YEAR and 1 <= month <= 12:
            last = calendar.monthrange(year, month)[1]
            if match.group(3) is not None:
                day_of_month = int(match.group(3))
                day = date(year, month, day_of_month) if 1 <= day_of_month <= last else None
            elif op == "before":
                day = date(year, month, 1)
            elif match.group(2) is not None:
                day = date(year, month, last)
            else:
                day = date(year, 12, 31)
    if day is None:
        raise syntax_error(
            f"bad date '{op}:{value}' (use YYYY, YYYY-MM or YYYY-MM-DD, "
            f"with a year from {_MIN_YEAR} to {_MAX_YEAR})",
            pos,
        )
    return DateFilter("before" if op == "before" else "after", day)


def site_filter(value: str, pos: int) -> SiteFilter:
    """A SiteFilter for `site:value`; a pasted URL is reduced to its host."""
    host = value.strip().lower()
    if "://" in host:
        host = host.split("://", 1)[1]
    host = re.split(r"[/?#]", host, maxsplit=1)[0]
    host = host.rsplit("@", 1)[-1]
    if re.fullmatch(r".*:\d*", host):
        host = host.rsplit(":", 1)[0]
    host = host.strip(".")
    for lead in ("*.", "www."):
        if host.startswith(lead) and len(host) > len(lead):
            host = host[len(lead) :]
    labels = host.split(".")
    if not host or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise syntax_error(f"bad host in 'site:{value}' (use a host such as example.com)", pos)
    return SiteFilter(host)


def lang_filter(value: str, pos: int) -> LangFilter:
    """A LangFilter for `lang:value`."""
    lang = value.lower().replace("_", "-")
    if not _LANG.fullmatch(lang):
        raise syntax_error(f"bad language 'lang:{value}' (use a code such as en, de or pt-br)", pos)
    return LangFilter(lang)
