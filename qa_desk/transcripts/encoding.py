"""Decode transcript bytes whatever the exporting system used: UTF-8, GBK, Big5 or UTF-16."""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHINESE_LEGACY = ("gb18030", "big5")


class NotTextError(ValueError):
    """The bytes are not text in any encoding a call-center export uses."""


def decode_bytes(data: bytes, *, partial: bool = False) -> tuple[str, str]:
    """Return (text, encoding). Raises NotTextError for binary content.

    With `partial`, `data` is the head of a longer file and may end inside a character."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name), name
    utf16 = _bomless_utf16(data)
    if utf16:
        return data.decode(utf16), utf16
    if b"\x00" in data:
        raise NotTextError("binary content (NUL bytes), not a text transcript")
    try:
        decoder = codecs.getincrementaldecoder("utf-8")()
        return decoder.decode(data, final=not partial), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data)


def _bomless_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    # ASCII-heavy UTF-16 has a NUL in every other byte; CJK-heavy text shows up in the check below.
    if odd_nuls > half * 0.3 and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > half * 0.3 and odd_nuls == 0:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # only here: most files are UTF-8, it loads slowly

    candidates = []
    for name in _CHINESE_LEGACY:
        try:
            candidates.append((data.decode(name), name))
        except UnicodeDecodeError:
            continue
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        best = from_bytes(data, cp_isolation=list(_CHINESE_LEGACY)).best()
        chosen = _normalise_name(best.encoding) if best else "gb18030"
        return next((c for c in candidates if c[1] == chosen), candidates[0])
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise NotTextError("not text in UTF-8, UTF-16, GB18030/GBK or Big5")
    return str(best), best.encoding


def _normalise_name(name: str | None) -> str:
    if not name:
        return "gb18030"
    name = name.lower().replace("-", "").replace("_", "")
    if name in {"big5", "big5hkscs", "cp950"}:
        return "big5"
    return "gb18030"
