"""The reader's side of highlighting: what is selected, which highlight is under the pointer,
and scrolling to one.

Page scripts stay off (JavascriptEnabled is False); these small scripts run in the
application's isolated world, which Chromium keeps separate from the page, reads only the DOM
and fetches nothing, so the request interceptor still sees (and blocks) every other request.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWebEngineCore import QWebEngineScript
from PySide6.QtWebEngineWidgets import QWebEngineView

from app.domain.anchoring import Anchor

log = logging.getLogger(__name__)

CONTEXT_CHARS = 32
_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld

# The selection inside the article body, with the text around it and its offset from the
# start of the body's text (the offsets the highlight service counts in).
_SELECTION_JS = """(() => {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const body = document.querySelector('article.body');
  const range = sel.getRangeAt(0);
  if (!body || !body.contains(range.commonAncestorContainer)) return null;
  const before = document.createRange();
  before.setStart(body, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const after = document.createRange();
  after.setStart(range.endContainer, range.endOffset);
  after.setEnd(body, body.childNodes.length);
  const pre = before.toString();
  const lead = (body.firstChild && body.firstChild.nodeType === 3
                && !body.firstChild.data.trim()) ? body.firstChild.data.length : 0;
  return JSON.stringify({quote: range.toString(), prefix: pre.slice(-CONTEXT),
                         suffix: after.toString().slice(0, CONTEXT),
                         position: Math.max(0, pre.length - lead)});
})()""".replace("CONTEXT", str(CONTEXT_CHARS))

_AT_POINT_JS = """(() => {
  const el = document.elementFromPoint(%f, %f);
  const mark = el && el.closest ? el.closest('mark.hl') : null;
  return mark ? Number(mark.dataset.hl) : 0;
})()"""

_SCROLL_JS = """(() => {
  const mark = document.getElementById('hl-%d');
  if (!mark) return false;
  mark.scrollIntoView({block: 'center'});
  return true;
})()"""

_CLEAR_SELECTION_JS = "window.getSelection() && window.getSelection().removeAllRanges(); true"


def _run(web: QWebEngineView, script: str, callback: Callable[[Any], None]) -> None:
    web.page().runJavaScript(script, _WORLD, callback)


def read_selection(web: QWebEngineView, callback: Callable[[Anchor | None], None]) -> None:
    """Ask the page for the selection in the article body; None when there is none."""

    def done(result: Any) -> None:
        if not isinstance(result, str):
            callback(None)
            return
        try:
            data = json.loads(result)
            callback(
                Anchor(
                    quote=str(data["quote"]),
                    prefix=str(data["prefix"]),
                    suffix=str(data["suffix"]),
                    position=int(data["position"]),
                )
            )
        except (ValueError, KeyError, TypeError):
            log.warning("the reader returned an unreadable selection")
            callback(None)

    _run(web, _SELECTION_JS, done)


def highlight_at(
    web: QWebEngineView, point: QPoint, callback: Callable[[int | None], None]
) -> None:
    """The id of the highlight under a point of the view (widget pixels), or None."""
    zoom = web.zoomFactor() or 1.0
    script = _AT_POINT_JS % (point.x() / zoom, point.y() / zoom)
    _run(web, script, lambda result: callback(int(result) if result else None))


def scroll_to_highlight(
    web: QWebEngineView, highlight_id: int, callback: Callable[[bool], None] | None = None
) -> None:
    """Bring a highlight's first mark to the middle of the view (False: it is not shown)."""
    _run(web, _SCROLL_JS % int(highlight_id), lambda ok: callback(bool(ok)) if callback else None)


def clear_selection(web: QWebEngineView) -> None:
    """Drop the page's text selection (after it became a highlight)."""
    _run(web, _CLEAR_SELECTION_JS, lambda _result: None)
