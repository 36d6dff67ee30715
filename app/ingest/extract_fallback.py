"""The second opinion: readability-lxml's article, for pages trafilatura reads too little of."""

from __future__ import annotations

import logging

from lxml import etree
from lxml.html import HtmlElement, tostring
from readability import Document as ReadabilityDocument

logger = logging.getLogger(__name__)


def readability_article(tree: HtmlElement, url: str | None) -> str | None:
    """The main content as readability-lxml sees it, as an HTML fragment.

    Args:
        tree: The prepared page (images already resolved); not changed.
        url: The page address, for readability's own link fixing.

    Returns:
        The article HTML, or None when readability finds nothing or fails.
    """
    try:
        html = tostring(tree, encoding="unicode")
        summary = ReadabilityDocument(html, url=url).summary(html_partial=True)
    except (etree.LxmlError, ValueError, TypeError) as err:
        logger.debug("readability failed: %s", err)
        return None
    except Exception as err:  # readability raises its own Unparseable and friends
        logger.debug("readability failed: %s", err)
        return None
    if not summary or not summary.strip():
        return None
    # trafilatura refuses a bare fragment as "not valid HTML": give it a whole document
    return f"<html><body>{summary}</body></html>"
