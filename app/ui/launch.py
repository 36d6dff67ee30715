"""Starting the GUI: the library window, the single-article viewer, screenshots, the smoke test."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from app.domain.errors import BroadsheetError, InputError

log = logging.getLogger(__name__)

PROG = "broadsheet"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
SETTLE_TIMEOUT_MS = 60_000
POLL_MS = 50
# QtWebEngine hands its first frame to the widget a moment after loadFinished.
PAINT_GRACE_MS = 300
# When `--screenshot` grabs the window (benchmarks set it; default "settled"):
#   paint: at the article list's first paint; rows: at the first paint that shows rows
#   (or the empty list); settled: once the list and the reader have rendered.
SCREENSHOT_AT_ENV = "BROADSHEET_SCREENSHOT_AT"


def fail(message: str, code: int = EXIT_FAILED) -> int:
    """One `broadsheet: error: …` line on stderr; returns the exit code."""
    sys.stderr.write(f"{PROG}: error: {' '.join(message.split())}\n")
    return code


def _has_display() -> bool:
    if sys.platform != "linux":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def prepare_qt(*, offscreen: bool) -> None:
    """Set up what must precede the QApplication: platform, Chromium sandbox, reader scheme."""
    if offscreen or not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium refuses its sandbox as root (CI); only then is it switched off.
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    try:
        from app.ui.reader import register_reader_scheme
    except ImportError:
        log.warning("QtWebEngine is not available; the reader falls back to plain text")
        return
    register_reader_scheme()


def application() -> object:
    """The running QApplication, or a new BroadsheetApplication."""
    from PySide6.QtWidgets import QApplication

    from app.ui.application import BroadsheetApplication

    return QApplication.instance() or BroadsheetApplication(sys.argv[:1])


def wait_until(
    ready: Callable[[], bool],
    then: Callable[[bool], None],
    *,
    timeout_ms: int = SETTLE_TIMEOUT_MS,
) -> None:
    """Call `then(True)` once `ready()` holds (polled by a timer), or `then(False)` on timeout."""
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QTimer

    clock = QElapsedTimer()
    clock.start()
    timer = QTimer(QCoreApplication.instance())
    timer.setInterval(POLL_MS)

    def check() -> None:
        ok = ready()
        if ok or clock.elapsed() > timeout_ms:
            timer.stop()
            timer.deleteLater()
            then(ok)

    timer.timeout.connect(check)
    timer.start()


def grab_to_png(widget: object, path: Path) -> bool:
    """Save a widget (with its children) as a PNG."""
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    path.parent.mkdir(parents=True, exist_ok=True)
    return bool(widget.grab().save(str(path), "PNG"))


def _screenshot_when_settled(
    window: object, ready: Callable[[], bool], path: Path, done: Callable[[int], None]
) -> None:
    """Once `ready()`, wait a paint or two, grab `window` to `path` and report an exit code."""
    from PySide6.QtCore import QTimer

    def grab() -> None:
        try:
            ok = grab_to_png(window, path)
        except OSError as exc:
            done(fail(f"{path}: {exc.strerror or exc}"))
            return
        done(EXIT_OK if ok else fail(f"{path}: could not write the screenshot"))

    def settled(ok: bool) -> None:
        if not ok:
            log.warning("the window did not settle in time; taking the screenshot anyway")
        QTimer.singleShot(PAINT_GRACE_MS, grab)

    wait_until(ready, settled)


def _screenshot_at_paint(
    window: object,
    watched: object,
    ready: Callable[[], bool],
    path: Path,
    done: Callable[[int], None],
) -> None:
    """Grab `window` right after the first paint of `watched` at which `ready()` holds."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QWidget

    assert isinstance(watched, QWidget)
    target: QWidget = watched

    def grab() -> None:
        ok = grab_to_png(window, path)
        done(EXIT_OK if ok else fail(f"{path}: could not write the screenshot"))

    class PaintWatch(QObject):
        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # Qt's name
            if event.type() == QEvent.Type.Paint and ready():
                target.removeEventFilter(self)
                QTimer.singleShot(0, grab)  # after this paint has finished
            return False

    watch = PaintWatch(target)
    target.installEventFilter(watch)


def run_window(
    data_dir: Path,
    *,
    screenshot: Path | None = None,
    theme: str | None = None,
    offline: bool = False,
    smoke_test: bool = False,
) -> int:
    """Open the library window; returns the exit code.

    Args:
        data_dir: The library folder.
        screenshot: Save the settled window here as PNG, then exit.
        theme: Force light, sepia or dark ("system" or None: follow the system).
        offline: Store URLs without fetching.
        smoke_test: Run the packaged build's self-test on a temporary library instead.
    """
    prepare_qt(offscreen=smoke_test or (screenshot is not None and not _has_display()))
    if smoke_test:
        from app.ui.smoke import run_smoke_test

        return run_smoke_test()
    from PySide6.QtWidgets import QApplication

    from app.ui.main_window import MainWindow

    app = application()
    assert isinstance(app, QApplication)
    windows: list[MainWindow] = []
    result = {"code": EXIT_OK}

    def finish(code: int) -> None:
        result["code"] = code
        for window in windows:
            window.close()
        app.exit(code)

    def open_window(folder: Path) -> bool:
        """A window on `folder`; False when that library is already open in another process
        (its window is brought forward instead)."""
        instance = None
        if screenshot is None:  # a screenshot is a one-off: it may run beside the window
            from app.ui.single_instance import claim

            instance = claim(folder)
            if instance is None:
                sys.stderr.write(f"{PROG}: {folder} is already open; brought its window forward\n")
                return False
        # A screenshot only looks: it never starts fetching the pages that wait in the queue.
        window = MainWindow(folder, theme=theme, offline=offline or screenshot is not None)
        if instance is not None:
            instance.setParent(window)
            instance.activation_requested.connect(window.bring_forward)
            instance.library_changed.connect(window.on_outside_change)
        windows.append(window)

        def on_library_failed(error: BaseException) -> None:
            if screenshot is not None:
                finish(fail(str(error)))
                return
            from app.ui.dialogs.damaged_library import resolve_unusable_library

            # Restore the newest backup, open another library, or quit.
            next_folder = resolve_unusable_library(window, folder, error)
            if next_folder is None:
                finish(EXIT_FAILED)
                return
            # Before closing this one, so the app keeps running.
            if not open_window(next_folder):
                finish(EXIT_OK)
                return
            window.close()

        def on_switch_requested(next_folder: Path) -> None:
            # Preferences → Open another library: the new window first, so the app keeps
            # running; a library open in another process is brought forward instead.
            if open_window(next_folder):
                window.close()

        window.library_failed.connect(on_library_failed)
        window.library_switch_requested.connect(on_switch_requested)
        window.show()
        if screenshot is not None:
            moment = os.environ.get(SCREENSHOT_AT_ENV, "settled")
            viewport = window.article_list.view.viewport()
            if moment == "paint":
                _screenshot_at_paint(window, viewport, lambda: True, screenshot, finish)
            elif moment == "rows":
                _screenshot_at_paint(window, viewport, window.list_shown, screenshot, finish)
            else:
                _screenshot_when_settled(window, window.is_settled, screenshot, finish)
        return True

    if not open_window(data_dir):
        return EXIT_OK
    code = app.exec()
    for window in windows:
        if window.isVisible():
            window.close()
    return result["code"] if result["code"] != EXIT_OK else code


def run_viewer(
    data_dir: Path,
    article_id: int,
    *,
    summary: bool = False,
    theme: str | None = None,
    screenshot: Path | None = None,
) -> int:
    """Open one article in a reader window (`broadsheet view ID`); returns the exit code."""
    from app.services.library import Library

    try:
        library = Library.open(data_dir)
    except BroadsheetError as exc:
        return fail(str(exc), EXIT_USAGE if isinstance(exc, InputError) else EXIT_FAILED)
    try:
        try:
            # Read before the window exists: there is no event loop to keep responsive yet.
            detail = library.get(article_id)
            summary_record = library.summary(article_id) if summary else None
        except BroadsheetError as exc:
            return fail(str(exc), EXIT_USAGE if isinstance(exc, InputError) else EXIT_FAILED)
        prepare_qt(offscreen=screenshot is not None and not _has_display())
        from PySide6.QtWidgets import QApplication

        from app.ui.viewer import ViewerWindow

        app = application()
        assert isinstance(app, QApplication)
        window = ViewerWindow(library, detail, summary_record, theme=theme)
        result = {"code": EXIT_OK}

        def finish(code: int) -> None:
            result["code"] = code
            window.close()
            app.exit(code)

        window.show()
        if screenshot is not None:
            _screenshot_when_settled(window, window.is_settled, screenshot, finish)
        code = app.exec()
        return result["code"] if result["code"] != EXIT_OK else code
    finally:
        library.close()
