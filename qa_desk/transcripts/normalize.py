"""Text as the matcher sees it, with a way back to the characters the supervisor reads.

Matching folds away what differs between a standard's wording and a real transcript:
Traditional characters (感謝 = 感谢), full-width letters and digits, case, punctuation and
spaces. A second, looser fold also maps every Chinese character to one representative of its
toneless pinyin, so that an ASR homophone (很高性为您服务) still matches 很高兴为您服务.

Every fold maps one character to one character or deletes it, so the position of a match
in folded text leads back to the original characters through `offsets_of`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np

# Kept through folding so that a match can never run across two turns.
TURN_SEPARATOR = "\ue000"

_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


@cache
def exact_table() -> dict[int, int | None]:
    """Traditional→Simplified, width and case folding, punctuation and spaces removed."""
    table: dict[int, int | None] = {}
    for code in range(0x10000):
        folded = _fold_char(chr(code))
        if folded is None:
            table[code] = None
        elif folded != chr(code):
            table[code] = ord(folded)
    table.update(_traditional_to_simplified())
    table.pop(ord(TURN_SEPARATOR), None)
    return table


@cache
def sound_table() -> dict[int, int | None]:
    """The exact fold, then each Chinese character mapped to one character per pinyin syllable."""
    table = dict(exact_table())
    representative = _homophone_representatives()
    for code in range(0x10000):
        after_exact = table.get(code, code)
        if after_exact is None:
            continue
        sound = representative.get(after_exact)
        if sound is not None and sound != code:
            table[code] = sound
    return table


_DELETED = np.uint32(0xFFFFFFFF)


@dataclass(slots=True, frozen=True)
class Folded:
    """One text folded both ways; `offsets[i]` is where folded character i sits in the original."""

    exact: str
    sound: str
    offsets: np.ndarray

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1


def fold_both(text: str) -> Folded:
    """Fold a (long) text in a few vectorised steps: the hot path of scoring."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    exact_lut, sound_lut = _lookup_tables()
    mapped = exact_lut[codes]
    keep = mapped != _DELETED
    exact = mapped[keep]
    return Folded(
        exact=exact.tobytes().decode("utf-32-le"),
        sound=sound_lut[exact].tobytes().decode("utf-32-le"),
        offsets=np.flatnonzero(keep),
    )


def fold(text: str) -> str:
    return text.translate(exact_table())


def fold_sound(text: str) -> str:
    return text.translate(sound_table())


@cache
def _lookup_tables() -> tuple[np.ndarray, np.ndarray]:
    exact = np.arange(0x110000, dtype=np.uint32)
    for code, target in exact_table().items():
        exact[code] = _DELETED if target is None else target
    sound = np.arange(0x110000, dtype=np.uint32)
    for code, target in _homophone_representatives().items():
        sound[code] = target
    return exact, sound


def offsets_of(text: str, *, sound: bool = False) -> list[int]:
    """For each character of the folded text, its index in `text`; one past the end appended."""
    table = sound_table() if sound else exact_table()
    kept = [i for i, ch in enumerate(text) if table.get(ord(ch), 0) is not None]
    kept.append(len(text))
    return kept


def original_span(text: str, start: int, end: int, *, sound: bool = False) -> tuple[int, int]:
    """The span of `text` whose folded form is folded[start:end]."""
    offsets = offsets_of(text, sound=sound)
    return offsets[start], offsets[end - 1] + 1


def _fold_char(ch: str) -> str | None:
    category = unicodedata.category(ch)
    if category[0] in "PZC" or (category[0] == "S" and not _is_cjk(ch)):
        return None
    folded = unicodedata.normalize("NFKC", ch).lower()
    return folded if len(folded) == 1 else ch


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def _cjk_chars() -> list[str]:
    return [chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi + 1)]


@cache
def _traditional_to_simplified() -> dict[int, int]:
    import opencc

    converter = opencc.OpenCC("t2s")
    chars = _cjk_chars()
    # One conversion call for the whole range, one character per line, so that OpenCC's
    # phrase rules cannot join neighbours; lines that do not stay one character are skipped.
    converted = converter.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        converted = [converter.convert(ch) for ch in chars]
    return {
        ord(src): ord(dst)
        for src, dst in zip(chars, converted, strict=True)
        if len(dst) == 1 and dst != src
    }


@cache
def _homophone_representatives() -> dict[int, int]:
    """Each Chinese character → the lowest code point sharing its first toneless reading."""
    from pypinyin import Style, lazy_pinyin

    chars = _cjk_chars()
    readings = lazy_pinyin(chars, style=Style.NORMAL, errors=lambda _: [""])
    by_sound: dict[str, int] = {}
    out: dict[int, int] = {}
    for ch, reading in zip(chars, readings, strict=True):
        if not reading or not reading.isascii():
            continue
        rep = by_sound.setdefault(reading, ord(ch))
        out[ord(ch)] = rep
    return out
