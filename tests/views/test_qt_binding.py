"""The Qt binding itself: PySide6 6.12.0 dropped one reference to None on every call that
returns nothing, so a long session (or test run) aborted with "none_dealloc". Pinned out in
pyproject.toml; this fails if a release with the same fault is ever installed."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_qt_calls_do_not_leak_references_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert abs(sys.getrefcount(None) - before) < 200
