"""Small helpers shared by the exam tabs."""

from __future__ import annotations

import math

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def clock_text(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    whole = max(0, math.ceil(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def number(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}".rstrip("0").rstrip(".") or "0"


def is_answered(response: object) -> bool:
    return response is not None and response != "" and response != []


def fill_exam_combo(combo, exams: list) -> None:
    """Refill an exam picker, keeping the chosen exam and emitting no change signal."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for info in exams:
        combo.addItem(info.definition.title or info.name, info.id)
    if chosen is not None and (index := combo.findData(chosen)) >= 0:
        combo.setCurrentIndex(index)
    combo.blockSignals(False)
