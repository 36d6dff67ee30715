import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWebEngineCore import QWebEngineSettings
from tests.ui import test_reader as T
from tests.ui.test_reader import tripwire  # noqa
from app.ui.reader import profile as P, scheme as S, interceptor as I

@pytest.mark.parametrize("mut", ["none", "nocsp", "noint", "js", "all"])
def test_dbg(qtbot, tripwire, mut, monkeypatch):
    if mut in ("nocsp", "all"):
        monkeypatch.setattr(S, "PAGE_CSP", "img-src *")
    if mut in ("noint", "all"):
        monkeypatch.setattr(I.ReaderRequestInterceptor, "interceptRequest", lambda self, info: None)
    if mut in ("js", "all"):
        monkeypatch.setattr(P, "_OFF", P._OFF[1:])
    h = T.Harness(qtbot)
    base = f"http://127.0.0.1:{tripwire.server_address[1]}"
    with qtbot.waitSignal(h.view.page_rendered, timeout=10000):
        h.view._load_document(T.hostile_document(base))
    qtbot.wait(1000)
    print("RESULT", mut, tripwire.connections, sorted(tripwire.paths), h.view.web_view().page().title(), h.view.interceptor.blocked_count, flush=True)
    h.view.close(); h.view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
