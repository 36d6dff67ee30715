"""Decoding fetched HTML: byte-order mark, header charset, <meta> charset, then detection."""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

__all__ = ["charset_from_content_type", "charset_from_markup", "decode_html"]

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Covers <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x">
# and the XML declaration of XHTML pages.
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._\-]+)""")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE)
# Browsers read these labels as windows-1252 (WHATWG Encoding standard); so must we, or
# curly quotes and dashes in "latin-1" pages turn into control characters.
_WHATWG_ALIASES = {
    "latin_1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "cp819": "cp1252",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
}
_SINGLE_BYTE_WESTERN = frozenset({"cp1252", "cp1254", "iso8859-15", "mac-roman"})
# Most used first (W3Techs); breaks ties between codecs that decode the bytes equally well.
_WEB_PREFERENCE = ("utf_8", "cp1252", "cp1251", "shift_jis", "gb18030", "euc_kr", "cp1250", "big5")
_TIE = 0.01
#: Bytes of the page that are searched for a <meta> charset (the HTML spec says 1024; real
#: pages put long <script> blocks first, so look further).
PRESCAN_BYTES = 16 * 1024
#: Bytes given to charset detection; enough for a reliable guess and fast on big pages.
DETECT_BYTES = 256 * 1024


def charset_from_content_type(content_type: str | None) -> str | None:
    """Returns the charset parameter of a Content-Type header value, if there is one.

    Args:
        content_type: For example 'text/html; charset="Windows-1251"'.

    Returns:
        The label as written ("Windows-1251"), or None.
    """
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def charset_from_markup(body: bytes) -> str | None:
    """Returns the charset a page declares in its markup (<meta> tag or XML declaration).

    Args:
        body: The raw page; only the first PRESCAN_BYTES are searched.

    Returns:
        The declared label, or None.
    """
    head = body[:PRESCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def decode_html(body: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """Decodes an HTML page the way a careful browser would, never raising.

    Order: a byte-order mark, then the header charset, then the markup's declaration, then
    detection (charset-normalizer), then UTF-8 with replacement characters. A declared
    charset that cannot decode the bytes (a latin-1 page labelled utf-8) is skipped, and a
    western single-byte label on bytes that are valid UTF-8 is taken to be UTF-8.

    Args:
        body: The raw page.
        header_charset: The charset from the HTTP Content-Type header, if any.

    Returns:
        The text and the Python codec name used.
    """
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(bom_codec, "replace"), bom_codec
    for label in (header_charset, charset_from_markup(body)):
        codec = _codec_for(label)
        if codec is None:
            continue
        # UTF-16 declared inside an ASCII-compatible page is a lie the spec tells us to ignore.
        if codec.startswith("utf-16") or codec.startswith("utf-32"):
            continue
        if codec in _SINGLE_BYTE_WESTERN and _is_utf8(body):
            return body.decode("utf-8", "replace"), "utf-8"
        try:
            return body.decode(codec), codec
        except UnicodeDecodeError:
            log.debug("declared charset %s does not fit the bytes; trying the next", label)
    if _is_utf8(body):
        return body.decode("utf-8", "replace"), "utf-8"
    detected = _detect(body)
    if detected is not None:
        return body.decode(detected, "replace"), detected
    return body.decode("cp1252", "replace"), "cp1252"


def _codec_for(label: str | None) -> str | None:
    """Maps a charset label to a Python codec name, or None when Python does not know it."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return _WHATWG_ALIASES.get(name, name)


def _is_utf8(body: bytes) -> bool:
    """Tells whether the bytes are UTF-8 with at least one non-ASCII character.

    An incomplete character at the very end still counts, since the size cap may cut one.
    """
    if body.isascii():
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(body, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _detect(body: bytes) -> str | None:
    """Guesses the codec with charset-normalizer; None when it has no usable guess.

    Several codecs often fit equally well (cp1250, cp1252 and cp1257 all read German text);
    among those ties the one most common on the web wins, so a French page does not come
    out in Central European letters.
    """
    matches = from_bytes(body[:DETECT_BYTES])
    best = matches.best()
    if best is None:
        return None
    tied = {
        match.encoding
        for match in matches
        if match.chaos <= best.chaos + _TIE and match.coherence >= best.coherence - _TIE
    }
    for encoding in _WEB_PREFERENCE:
        if encoding in tied:
            return _codec_for(encoding)
    return _codec_for(best.encoding)
