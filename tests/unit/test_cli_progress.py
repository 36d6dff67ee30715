"""The command line's progress line: on stderr, rewritten in place, only on a terminal."""

from __future__ import annotations

import io

import pytest

from app import cli


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [True, False])
def test_progress_line_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch, terminal: bool) -> None:
    stream = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    report = cli._progress_of("fetching")
    report(1, 3)
    report(3, 3)
    cli._end_progress()
    expected = "\rfetching: 1/3\rfetching: 3/3\n" if terminal else ""
    assert stream.getvalue() == expected
