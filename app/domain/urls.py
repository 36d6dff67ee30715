"""URL normalisation for duplicate detection: one spelling per web address, trackers removed."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import unquote_plus, urlsplit, urlunsplit

import idna

from app.domain.display import one_line
from app.domain.errors import InputError

__all__ = ["TRACKING_PARAMS", "is_http_url", "normalize_url", "site_of"]

#: Query parameters that only identify a campaign, click or share, never the page itself.
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "__hstc",
        "__hssc",
        "__hsfp",
        "hsctatracking",
        "igshid",
        "yclid",
        "ref_src",
        "ref_url",
        "twclid",
        "ttclid",
        "li_fat_id",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "vero_conv",
        "wickedid",
        "rb_clickid",
        "s_cid",
        "_ga",
        "_gl",
        "srsltid",
        "cmpid",
        "ncid",
        "sr_share",
    }
)
_TRACKING_PREFIXES = ("utm_",)

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# RFC 3986 pchar minus "%" (handled separately); the query also allows "/" and "?".
_PATH_SAFE = _UNRESERVED | frozenset("!$&'()*+,;=:@/")
_QUERY_SAFE = _PATH_SAFE | frozenset("?")
_USERINFO_SAFE = _UNRESERVED | frozenset("!$&'()*+,;=:")
_HEX = frozenset("0123456789abcdefABCDEF")
# Browsers drop tabs and newlines anywhere in a URL (WHATWG URL standard), e.g. from a paste.
_STRIPPED_INSIDE = re.compile(r"[\t\n\r]")
_ASCII_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$")
_MAX_SHOWN = 120
_OTHER_SCHEMES = frozenset(
    {"javascript", "data", "file", "ftp", "mailto", "about", "blob", "chrome", "view-source"}
)


def normalize_url(url: str) -> str:
    """Returns the one canonical spelling of an http(s) URL, used to find duplicates.

    Lowercases scheme and host, converts an international host to IDNA, drops a default
    port, the fragment and tracking parameters, normalises percent-encoding and dot segments
    of the path, and turns an empty path into "/". Other query parameters keep their order.

    Args:
        url: A URL as a person typed, pasted or imported it.

    Returns:
        The normalised URL.

    Raises:
        InputError: The text is not an http or https URL, or is malformed.
    """
    text = _STRIPPED_INSIDE.sub("", url.strip())
    shown = _shorten(text) or "(empty)"
    if not text:
        raise InputError("(empty): not a web address")
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise InputError(f"{shown}: not a valid URL ({exc})")
    scheme = parts.scheme.lower()
    has_slashes = text[len(scheme) + 1 : len(scheme) + 3] == "//"
    if scheme not in _DEFAULT_PORTS:
        # "localhost:8080/a" parses with scheme "localhost", so only a "://" or a well-known
        # scheme shows that the person meant some other kind of URL.
        if scheme and (has_slashes or scheme in _OTHER_SCHEMES):
            raise InputError(f"{shown}: only http and https URLs can be saved")
        raise InputError(f"{shown}: not a web address (it must start with http:// or https://)")
    if not has_slashes:
        raise InputError(f"{shown}: malformed URL (expected {scheme}:// and a host name)")
    netloc = _normalize_netloc(parts.netloc, scheme, shown)
    path = _remove_dot_segments(_normalize_escapes(parts.path, _PATH_SAFE)) or "/"
    query = _clean_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def is_http_url(text: str) -> bool:
    """Tells whether the text is a well-formed http or https URL.

    Args:
        text: Any text, such as a command-line argument or a clipboard paste.

    Returns:
        True when normalize_url would accept it.
    """
    try:
        normalize_url(text)
    except InputError:
        return False
    return True


def normalize_url_or_none(url: str | None) -> str | None:
    """normalize_url for optional URLs found in pages and files: None when absent or bad."""
    if not url:
        return None
    try:
        return normalize_url(url)
    except InputError:
        return None


def site_of(url: str) -> str | None:
    """Returns the host of a URL without a leading "www.", in readable (Unicode) form.

    Args:
        url: An http or https URL.

    Returns:
        For example "bücher.de" for "https://www.xn--bcher-kva.de/a", or None when the
        text is not an http(s) URL.
    """
    try:
        host = urlsplit(normalize_url(url)).hostname
    except (InputError, ValueError):
        return None
    if not host:
        return None
    host = host.removeprefix("www.")
    if "xn--" in host:
        try:
            host = idna.decode(host)
        except idna.IDNAError:
            pass  # Keep the ASCII form: it still names the site correctly.
    return host


def _shorten(text: str) -> str:
    """Cuts a URL for an error message so that a huge data: URL stays one readable line
    (controls and direction overrides, which could garble the message, are dropped)."""
    return one_line(text, _MAX_SHOWN)


def _normalize_netloc(netloc: str, scheme: str, shown: str) -> str:
    """Lowercases and IDNA-encodes the host, validates the port and drops a default one."""
    userinfo, _, hostport = netloc.rpartition("@")
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            raise InputError(f"{shown}: malformed IPv6 address")
        host_text, rest = hostport[1:end], hostport[end + 1 :]
        try:
            host = f"[{ipaddress.IPv6Address(host_text).compressed}]"
        except ValueError:
            raise InputError(f"{shown}: malformed IPv6 address")
        if rest and not rest.startswith(":"):
            raise InputError(f"{shown}: malformed host name")
        port_text = rest[1:]
    else:
        host_text, _, port_text = hostport.partition(":")
        host = _normalize_host(host_text, shown)
    port = _parse_port(port_text, shown)
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    # User info is kept (some archives need it) but escaped like the path: a raw control
    # character or space in it would otherwise survive into the stored URL.
    return f"{_normalize_escapes(userinfo, _USERINFO_SAFE)}@{host}" if userinfo else host


def _normalize_host(host: str, shown: str) -> str:
    """Returns the lowercase ASCII (IDNA) form of a host name or IPv4 address."""
    host = host.rstrip(".") if host.endswith(".") and host != "." else host
    if not host:
        raise InputError(f"{shown}: the URL has no host name")
    if host.isascii():
        host = host.lower()
        labels = host.split(".")
        # Underscores are not valid in IDNA but do occur in real host names; accept them.
        if len(host) > 253 or not all(_ASCII_LABEL.match(label) for label in labels):
            raise InputError(f"{shown}: malformed host name")
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise InputError(f"{shown}: malformed host name ({_shorten(str(exc))})")


def _parse_port(text: str, shown: str) -> int | None:
    """Parses an optional port number, rejecting anything outside 1..65535."""
    if not text:
        return None
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise InputError(f"{shown}: malformed port number")
    return int(text)


def _normalize_escapes(text: str, safe: frozenset[str]) -> str:
    """Normalises percent-encoding: decodes unreserved escapes, encodes unsafe characters.

    Escapes of reserved characters (such as %2F) keep their meaning and are only uppercased;
    a stray "%" becomes "%25"; characters outside `safe` are UTF-8 percent-encoded.
    """
    if "%" not in text and safe.issuperset(text):
        return text  # the common case, checked in C: nothing to decode or encode
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "%":
            pair = text[i + 1 : i + 3]
            if len(pair) == 2 and all(c in _HEX for c in pair):
                decoded = chr(int(pair, 16))
                out.append(decoded if decoded in _UNRESERVED else f"%{pair.upper()}")
                i += 3
                continue
            out.append("%25")
        elif char in safe:
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        i += 1
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    """Resolves "." and ".." segments as RFC 3986 section 5.2.4 does."""
    if "." not in path:
        return path
    segments = path.split("/")
    output: list[str] = []
    for segment in segments:
        if segment == ".":
            continue
        if segment == "..":
            if len(output) > 1:
                output.pop()
            continue
        output.append(segment)
    # A trailing "." or ".." names a directory, so the result keeps its trailing slash.
    if segments[-1] in {".", ".."}:
        output.append("")
    result = "/".join(output)
    return result if result.startswith("/") or not path.startswith("/") else "/" + result


def _clean_query(query: str) -> str:
    """Drops tracking parameters and empty pieces; keeps the rest in their original order."""
    if not query:
        return ""
    kept: list[str] = []
    for piece in query.split("&"):
        if not piece:
            continue
        key = unquote_plus(piece.partition("=")[0]).strip().lower()
        if key in TRACKING_PARAMS or key.startswith(_TRACKING_PREFIXES):
            continue
        kept.append(_normalize_escapes(piece, _QUERY_SAFE))
    return "&".join(kept)
