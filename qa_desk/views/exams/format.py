"""Small text helpers shared by the exam tabs (no widgets)."""

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
