"""Privacy masking of free text: mobile numbers, ID card numbers and bank card numbers.

Masking keeps the first three and last four digits and replaces the digits between with
`*`, one for one, so the masked text has the same length as the original: offsets into a
quote (highlighted phrases) stay valid after masking.
"""

from __future__ import annotations

import re

_MOBILE = r"(?:(?:\+|00)?86[ -]?)?(?P<mobile>1[3-9]\d(?:[ -]?\d{4}){2})"
_ID_CARD = r"(?P<id_card>\d{17}[\dXx])"
_BANK_CARD = r"(?P<bank_card>\d{4}(?:[ -]?\d{4}){3}\d{0,3})"
# Longest first: an 18-digit run is an ID card (or a bank card: the mask is the same).
SENSITIVE = re.compile(rf"(?<!\d)(?:{_ID_CARD}|{_BANK_CARD}|{_MOBILE})(?![\dXx])")

KEEP_FIRST = 3
KEEP_LAST = 4


def mask_text(text: str, enabled: bool = True) -> str:
    """`text` with every mobile, ID card and bank card number masked; as is when not enabled."""
    if not enabled or not text:
        return text
    return SENSITIVE.sub(_mask_match, text)


def mask_optional(text: str | None, enabled: bool = True) -> str | None:
    return None if text is None else mask_text(text, enabled)


def mask_digits(number: str) -> str:
    """Keep the first 3 and last 4 digits (X counts as a digit); separators stay in place."""
    positions = [i for i, ch in enumerate(number) if ch.isdigit() or ch in "Xx"]
    hidden = set(positions[KEEP_FIRST:len(positions) - KEEP_LAST])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(number))


def _mask_match(match: re.Match[str]) -> str:
    group = next(name for name in ("id_card", "bank_card", "mobile") if match.group(name))
    start, end = match.span(group)
    whole = match.group(0)
    offset = match.start()
    return whole[:start - offset] + mask_digits(match.group(group)) + whole[end - offset:]

