"""Text as the matcher sees it, with a way back to the characters the supervisor reads.

Matching folds away what differs between a standard's wording and a real transcript:
Traditional characters (感謝 = 感谢), full-width letters and digits, case, punctuation and
spaces. A second, looser fold also maps every Chinese character to one representative of its
toneless pinyin, so that an ASR homophone (很高性为您服务) still matches 很高兴为您服务.

Every fold maps one character to one character or deletes it, so the position of a match
in folded text leads back to the original characters through `Folded.offsets`. Folding is
two table look-ups over the whole call at once; the tables are built from OpenCC and pypinyin
once per installation and cached.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np

# Kept through folding so that a match can never run across two turns.
TURN_SEPARATOR = "\ue000"

_DELETED = np.uint32(0xFFFFFFFF)
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_TABLES_FORMAT = 3
_TABLES_BYTES = 2 * 0x110000 * 4


@dataclass(slots=True, frozen=True)
class Folded:
    """One text folded both ways; `offsets[i]` is where folded character i sits in the original."""

    exact: str
    sound: str
    offsets: np.ndarray

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1


def fold_both(text: str) -> Folded:
    """Fold a text both ways, as strings."""
    exact, offsets = fold_codes(text)
    _, sound_lut = lookup_tables()
    return Folded(
        exact=exact.tobytes().decode("utf-32-le"),
        sound=sound_lut[exact].tobytes().decode("utf-32-le"),
        offsets=offsets,
    )


def fold_codes(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(exact fold, offsets) as code point arrays, in a few vectorised steps over a (long)
    text: the hot path of scoring, which folds a whole batch of calls at once. The sound fold
    of code `c` is `lookup_tables()[1][c]`."""
    return fold_code_points(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32))


def fold_code_points(codes: np.ndarray, separators: np.ndarray | None = None
                     ) -> tuple[np.ndarray, np.ndarray]:
    """`fold_codes` of a text given as code points, with a TURN_SEPARATOR put at each of
    `separators` (positions in `codes`) whatever the character there."""
    exact_lut, _ = lookup_tables()
    mapped = np.take(exact_lut, codes, mode="clip")  # codes are in range: no per-item check
    if separators is not None:
        mapped[separators] = ord(TURN_SEPARATOR)
    offsets = np.flatnonzero(mapped != _DELETED)
    return np.take(mapped, offsets), offsets  # a gather: cheaper than a boolean subscript


def fold(text: str) -> str:
    if len(text) <= _SHORT_TEXT:
        return text.translate(_character_maps()[0])
    return fold_both(text).exact


def fold_sound(text: str) -> str:
    if len(text) <= _SHORT_TEXT:
        exact, sound = _character_maps()
        return text.translate(exact).translate(sound)
    return fold_both(text).sound


# Up to this many characters, str.translate over the characters seen so far beats the array
# steps of fold_codes (a rule pack folds a few thousand phrases as it loads).
_SHORT_TEXT = 64


class _CharacterMap(dict):
    """A table for str.translate that reads each character's fold from `table` when first
    seen: None deletes it."""

    def __init__(self, table: np.ndarray) -> None:
        super().__init__()
        self._table = table

    def __missing__(self, code: int) -> int | None:
        mapped = int(self._table[code]) if code < self._table.size else code
        folded = None if mapped == _DELETED else mapped
        self[code] = folded
        return folded


@cache
def _character_maps() -> tuple[_CharacterMap, _CharacterMap]:
    exact, sound = lookup_tables()
    return _CharacterMap(exact), _CharacterMap(sound)


def is_traditional(ch: str) -> bool:
    """True for a Chinese character that folds to a different (Simplified) one."""
    exact_lut, _ = lookup_tables()
    code = ord(ch)
    return _is_cjk(ch) and int(exact_lut[code]) not in (code, int(_DELETED))


@cache
def lookup_tables() -> tuple[np.ndarray, np.ndarray]:
    """(exact, sound) tables indexed by code point, mapped from the cache or built. Mapped
    read-only, not read: a start-up touches only the pages it needs, and worker processes
    share them."""
    cache_file = _cache_file()
    if cache_file is not None and cache_file.exists():
        try:
            # Raw little-endian uint32, both tables: np.memmap needs none of np.load's module
            # (which imports numpy.ma, 7 ms of every start-up).
            if cache_file.stat().st_size == _TABLES_BYTES:
                stored = np.asarray(np.memmap(cache_file, dtype="<u4", mode="r",
                                              shape=(2, 0x110000)))
                return stored[0], stored[1]
        except (OSError, ValueError):
            pass
    tables = _build_tables()
    if cache_file is not None:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            temporary = cache_file.with_suffix(".tmp")
            np.stack(tables).astype("<u4").tofile(temporary)
            temporary.replace(cache_file)
        except OSError:
            pass  # a read-only cache folder only costs the build on the next start
    return tables


def _cache_file() -> Path | None:
    """The tables' cache, named after the installed OpenCC and pypinyin (their files' sizes
    and times: importlib.metadata would cost a start-up 20 ms) so that upgrading either one
    rebuilds the tables."""
    try:
        from platformdirs import user_cache_path

        stamps = []
        for package in ("opencc", "pypinyin"):
            spec = find_spec(package)
            found = os.stat(spec.origin) if spec and spec.origin else None
            stamps.append(f"{package}:{found.st_size}:{found.st_mtime_ns}" if found else package)
        sources = hashlib.sha1("|".join(stamps).encode(), usedforsecurity=False).hexdigest()[:12]
        return user_cache_path("qa-desk", appauthor=False) / f"fold-tables-{_TABLES_FORMAT}-{sources}.bin"
    except Exception:  # no cache folder or no such package: build every time
        return None


def _build_tables() -> tuple[np.ndarray, np.ndarray]:
    exact = np.arange(0x110000, dtype=np.uint32)
    for code in range(0x10000):
        folded = _fold_char(chr(code))
        if folded is None:
            exact[code] = _DELETED
        elif folded != chr(code):
            exact[code] = ord(folded)
    for source, target in _traditional_to_simplified().items():
        exact[source] = target
    exact[ord(TURN_SEPARATOR)] = ord(TURN_SEPARATOR)
    sound = np.arange(0x110000, dtype=np.uint32)
    for code, representative in _homophone_representatives().items():
        sound[code] = representative
    return exact, sound


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
        out[ord(ch)] = by_sound.setdefault(reading, ord(ch))
    return out
