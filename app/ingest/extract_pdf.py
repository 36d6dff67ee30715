"""Text and metadata of a PDF through pypdf, reflowed into paragraphs."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import replace
from datetime import datetime

from pypdf import DocumentInformation, PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from app.domain.errors import InputError
from app.ingest.extract import Extraction, extract_text

logger = logging.getLogger(__name__)

_HYPHENATED = re.compile(r"(\w)-\n(\w)")
_SENTENCE_END = re.compile(r"[.!?:;\"'”’)\]]$")
# A PDF with more pages than this is a book; read the first ones rather than stall a save.
MAX_PAGES = 2000


def _reflow(page_text: str) -> str:
    """Join a PDF page's hard-wrapped lines into paragraphs.

    A line ending a sentence that is clearly shorter than the page's usual line ends its
    paragraph; other line breaks are wrapping.
    """
    text = _HYPHENATED.sub(r"\1\2", page_text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.strip() for line in text.split("\n")]
    widths = sorted(len(line) for line in lines if line)
    usual = widths[len(widths) * 3 // 4] if widths else 0
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(line)
        if _SENTENCE_END.search(line) and len(line) < usual * 0.8:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def _creation_date(info: DocumentInformation | None) -> datetime | None:
    if info is None:
        return None
    try:
        value = info.creation_date
    except (ValueError, TypeError, PyPdfError):  # malformed dates are common in old PDFs
        return None
    return value if isinstance(value, datetime) else None


def extract_pdf(raw: bytes, name: str) -> Extraction:
    """Read a PDF's text (no OCR) and its title, author and creation date.

    Args:
        raw: The file's bytes.
        name: The file name, for error messages.

    Returns:
        The record; Markdown is the reflowed text, escaped.

    Raises:
        InputError: The PDF is broken, encrypted with a password, or has no text layer.
    """
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{name}: the PDF is password-protected")
        pages = reader.pages[:MAX_PAGES]
        texts = [_reflow(page.extract_text() or "") for page in pages]
        info = reader.metadata
    except InputError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError) as err:
        raise InputError(f"{name}: not a readable PDF ({err})")
    except Exception as err:  # pypdf raises a wide range of errors on hostile files
        logger.debug("pypdf failed on %s", name, exc_info=True)
        raise InputError(f"{name}: not a readable PDF ({type(err).__name__})")
    body = "\n\n".join(text for text in texts if text.strip())
    if not body.strip():
        raise InputError(f"{name}: the PDF has no text layer (scanned images are not read)")
    extraction = extract_text(body)
    title = (info.title or "").strip() if info else ""
    author = (info.author or "").strip() if info else ""
    return replace(
        extraction,
        title=title or extraction.title,
        author=author or None,
        published=_creation_date(info),
    )
