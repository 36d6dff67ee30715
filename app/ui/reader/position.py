"""Where the reader is in an article: measured from the page, reported after scrolling settles.

A position is a fraction of the scrollable height plus an anchor naming the body block at the
top of the screen (`index:first words`). The anchor survives a change of font size or column
width, where the fraction alone would land somewhere else; the fraction is the fallback.

Page scripts stay off: these snippets run in the application's isolated world, which the
page's own content can neither see nor change.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPointF, QTimer, Signal
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 700  # scrolling must pause this long before a position is reported
ANCHOR_WORDS_CHARS = 40
# A position this close to the end (or the start) is not worth restoring.
RESTORE_RANGE = (0.01, 0.98)
_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld

_PROBE = """(() => {
  const doc = document.documentElement;
  const view = window.innerHeight;
  const max = Math.max(1, doc.scrollHeight - view);
  const y = window.scrollY;
  let anchor = "";
  const blocks = document.querySelectorAll("article.body > *");
  for (let i = 0; i < blocks.length; i++) {
    if (blocks[i].getBoundingClientRect().bottom > 1) {
      const words = (blocks[i].textContent || "").trim().replace(/\\s+/g, " ");
      anchor = i + ":" + words.slice(0, ANCHOR_CHARS);
      break;
    }
  }
  return JSON.stringify({
    fraction: Math.min(1, Math.max(0, y / max)),
    atEnd: doc.scrollHeight > view + 4 && y + view >= doc.scrollHeight - 4,
    anchor: anchor,
  });
})()""".replace("ANCHOR_CHARS", str(ANCHOR_WORDS_CHARS))

_RESTORE = """((anchor, fraction) => {
  const blocks = [...document.querySelectorAll("article.body > *")];
  const text = (el) => (el.textContent || "").trim().replace(/\\s+/g, " ");
  let target = null;
  const colon = anchor.indexOf(":");
  if (colon > 0) {
    const index = parseInt(anchor.slice(0, colon), 10);
    const words = anchor.slice(colon + 1);
    const at = blocks[index];
    if (at && text(at).startsWith(words)) target = at;
    else if (words) target = blocks.find((el) => text(el).startsWith(words)) || null;
  }
  if (target) target.scrollIntoView({block: "start"});
  else window.scrollTo(0, fraction * (document.documentElement.scrollHeight - innerHeight));
})(ANCHOR, FRACTION)"""


@dataclass(frozen=True)
class ReadingPosition:
    """One measured position (see the module docstring)."""

    article_id: int
    fraction: float
    anchor: str
    at_end: bool


def restore_script(anchor: str | None, fraction: float) -> str:
    """JavaScript (for the isolated world) that scrolls to an anchor, else to a fraction."""
    fraction_text = json.dumps(max(0.0, min(1.0, float(fraction))))
    # FRACTION first: the anchor is page text and may itself contain the word.
    script = _RESTORE.replace("FRACTION", fraction_text)
    return script.replace("ANCHOR", json.dumps(anchor or ""), 1)


def worth_restoring(fraction: float) -> bool:
    """Whether a saved fraction is somewhere in the middle (not the top, not finished)."""
    return RESTORE_RANGE[0] <= fraction <= RESTORE_RANGE[1]


class PositionTracker(QObject):
    """Measures the page after each pause in scrolling and reports where the reader is.

    Signals:
        position_changed(object): A new ReadingPosition, once scrolling has settled. Its
            `at_end` stays true once the end was reached while the article was shown.
    """

    position_changed = Signal(object)

    def __init__(self, page: QWebEnginePage, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._page = page
        self._article_id: int | None = None
        self._latest: ReadingPosition | None = None
        self._reported: ReadingPosition | None = None
        self._ended = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        page.scrollPositionChanged.connect(self.on_page_scroll_position_changed)

    def track(self, article_id: int | None) -> None:
        """Follow this article from now on (None: the page shows no article body)."""
        if article_id != self._article_id:
            self.flush()
            self._ended = False
            self._latest = self._reported = None
        self._article_id = article_id

    def tracked(self) -> int | None:
        """The article whose position is followed."""
        return self._article_id

    def flush(self) -> None:
        """Report the last measured position now, if it was not reported yet."""
        self._timer.stop()
        latest = self._latest
        if latest is None or latest == self._reported:
            return
        self._reported = latest
        self.position_changed.emit(latest)

    def on_page_scroll_position_changed(self, _position: QPointF) -> None:
        """Measure where the reader is now; report once scrolling pauses."""
        article_id = self._article_id
        if article_id is None:
            return
        self._page.runJavaScript(
            _PROBE, _WORLD, lambda result: self.on_probe_finished(article_id, result)
        )

    def on_probe_finished(self, article_id: int, result: object) -> None:
        """A measurement came back (perhaps after the article changed: then it is dropped)."""
        if article_id != self._article_id or not isinstance(result, str):
            return
        try:
            data = json.loads(result)
            self._ended = self._ended or bool(data["atEnd"])
            position = ReadingPosition(
                article_id, float(data["fraction"]), str(data["anchor"]), self._ended
            )
        except (ValueError, KeyError, TypeError):
            log.debug("reader position probe returned %r", result)
            return
        self._latest = position
        self._timer.start()
