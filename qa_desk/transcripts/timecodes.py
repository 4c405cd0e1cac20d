"""Times written as seconds (12.5) or clock times (00:00:12.5, 00:12, 00:00:12,500)."""

from __future__ import annotations

import datetime as dt
import re

_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)$")


def parse_seconds(value: object) -> float:
    """Seconds from the start of the call. Raises ValueError naming the expected forms."""
    if isinstance(value, bool):
        raise ValueError(f"expected a time in seconds or hh:mm:ss, got {value!r}")
    if isinstance(value, int | float):
        return _non_negative(float(value))
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    if isinstance(value, dt.timedelta):
        return _non_negative(value.total_seconds())
    if isinstance(value, str):
        text = value.strip()
        try:
            return _non_negative(float(text))
        except ValueError:
            pass
        match = _CLOCK.match(text)
        if match:
            hours, minutes, seconds = match.groups()
            return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds.replace(",", "."))
    raise ValueError(f"expected a time in seconds (12.5) or clock time (00:00:12.5), got {value!r}")


def _non_negative(seconds: float) -> float:
    if seconds < 0 or seconds != seconds:
        raise ValueError(f"expected a time of 0 seconds or more, got {seconds}")
    return seconds
