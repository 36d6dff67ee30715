"""Showing hostile text in Qt widgets as plain text, never as rich text.

QLabel, QMessageBox and tooltips guess whether a string is HTML (Qt::mightBeRichText); a
title like "<img src=…>" would then be rendered. Labels get an explicit PlainText format;
tooltips (which cannot be told) get the text HTML-escaped inside explicit rich text.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.domain.display import one_line


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that never interprets its text as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def make_plain(label: QLabel) -> QLabel:
    """Switch an existing label to plain text (returns it)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def tooltip(*lines: str | None) -> str:
    """A tooltip showing each line literally (escaped inside explicit rich text)."""
    shown = [html.escape(one_line(line)) for line in lines if line]
    if not shown:
        return ""
    return "<p style='white-space:pre-wrap'>" + "<br>".join(shown) + "</p>"
