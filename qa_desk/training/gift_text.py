"""GIFT's escaping (`\\~ \\= \\# \\{ \\} \\: \\\\`, `\\n` for a line break) and QA Desk's metadata comment.

GIFT has no place for points, difficulty or key points; an export keeps them in a comment line
`// qa-desk {...}` before each question. Moodle skips comments; our reader takes them back."""

from __future__ import annotations

import json
import re
from typing import Any

SPECIAL = "~=#{}:"
META = "// qa-desk "
BANK_META = "// qa-desk bank "
# While parsing, escaped characters stand in the private-use area so that splitting on the
# real ~ = # { } : never cuts inside one.
_HIDE = {"\\\\": "\ue010", **{f"\\{c}": chr(0xE011 + i) for i, c in enumerate(SPECIAL)}, "\\n": "\n"}
_SHOW = {hidden: key[1] for key, hidden in _HIDE.items() if key != "\\n"}
_ESCAPED = re.compile(r"\\[\\~=#{}:n]")


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def hide_escapes(text: str) -> str:
    return _ESCAPED.sub(lambda m: _HIDE[m.group(0)], text)


def show_escapes(text: str) -> str:
    for hidden, char in _SHOW.items():
        text = text.replace(hidden, char)
    return text


def meta_line(prefix: str, data: dict[str, Any]) -> str:
    kept = {key: value for key, value in data.items() if value not in (None, "", [], ())}
    return prefix + json.dumps(kept, ensure_ascii=False)


def read_meta(line: str, prefix: str) -> dict[str, Any] | None:
    """The metadata on a comment line, {} for a damaged one, None for any other line."""
    stripped = line.strip()
    if not stripped.startswith(prefix.strip()) or (prefix == META and stripped.startswith(BANK_META)):
        return None
    try:
        data = json.loads(stripped[len(prefix.strip()):])
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
