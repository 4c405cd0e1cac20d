"""The Chinese font of the printed forms, registered once per process.

Chinese must show in any viewer, so WenQuanYi Micro Hei is embedded when it is installed;
otherwise the built-in STSong-Light CID font is used, which viewers supply themselves.

An embedded TrueType font goes into a PDF as subsets of 256 characters, each built anew for
every document, which is the slowest step of a short form. Forms share most characters (the
labels above all), so those are put first, in a fixed order, into the first subset of every
document; that subset is then built and compressed once per process and reused.
"""

from __future__ import annotations

import zlib
from functools import cache
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    makeToUnicodeCMap,
)

CJK_FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
EMBEDDED_FONT = "QADesk-WQYMicroHei"
FALLBACK_FONT = "STSong-Light"
# The characters of the form's own words, commonest first: the 159 free places of the first
# subset (ASCII fills the rest). Measured: one shared subset is faster than two, whose
# widths and maps every document would then carry in full.
SHARED_CHARACTERS = (
    "分核评：签通话未席坐复否字号决一票时无已，页机录估。）（项间过语记认触规管秒确用挂得回发原人主、隐长"
    "钟质证讲要表自编结细第现注求检果本期最明日操按户客定后动出共作…–；驳阅销银重部速适转身说访见行藏节"
    "统经终系类私禁示知环状次档标有是新文改撤摘据找打手戳情总态待形开应工容姓备处型在因呼名另句卡到则准写"
    "内入先份为中与不」"
)
MAX_CACHED_SUBSETS = 32
MAX_CACHED_SPLITS = 20_000  # short strings (labels, numbers) split into subsets, kept


@cache
def font_name() -> str:
    """Register the Chinese font once; the name to use in styles."""
    if CJK_FONT_FILE.exists():
        pdfmetrics.registerFont(SharedSubsetFont(EMBEDDED_FONT, CJK_FONT_FILE, SHARED_CHARACTERS))
        return EMBEDDED_FONT
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT


class SharedSubsetFont(TTFont):
    """A TrueType font whose first subsets are the same in every document, built (and
    compressed) once per process."""

    def __init__(self, name: str, font_file: Path, shared: str) -> None:
        super().__init__(name, str(font_file), subfontIndex=0, asciiReadable=True)
        self._shared = shared
        self._built: dict[tuple[int, ...], tuple[bytes, bytes]] = {}
        self._fixed = frozenset(shared) | frozenset(map(chr, range(32, 128)))
        self._fixed_splits: dict[str, list] = {}
        self._parts: dict[tuple[str, tuple[int, ...]], tuple[Any, str]] = {}
        self.face.addSubsetObjects = self._add_subset_objects

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> list:
        if doc not in self.state:
            super().splitString(self._shared, doc)
        split = self._fixed_splits.get(text)
        if split is None:
            split = super().splitString(text, doc, encoding)
            # Text made only of ASCII and the shared characters has the same codes in every
            # document (the first subset is laid out the same way each time): kept.
            if (isinstance(text, str) and self._fixed.issuperset(text)
                    and len(self._fixed_splits) < MAX_CACHED_SPLITS):
                self._fixed_splits[text] = split
        return split

    def fixed_split(self, text: str, doc: Any) -> list | None:
        """`splitString` of text that splits the same in every document (ASCII and the shared
        characters only), else None."""
        if doc not in self.state or not self._fixed.issuperset(text):
            return None
        return self.splitString(text, doc)

    def addObjects(self, doc: Any) -> None:
        """`TTFont.addObjects` (the font objects of each subset), with the parts that are the
        same for the same subset — the widths, the ToUnicode map — made once per process."""
        state = self.state.get(doc)
        if state is None:
            return super().addObjects(doc)
        state.frozen = 1
        for number, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(number, doc)[1:]
            base = b"".join((SUBSETN(number), b"+", self.face.name, self.face.subfontNameX)
                            ).decode("pdfdoc")
            widths, cmap = self._subset_parts(base, subset)
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {number}"
            font.Name, font.BaseFont = internal, base
            font.FirstChar, font.LastChar = 0, len(subset) - 1
            font.Widths = widths
            stream = pdfdoc.PDFStream(content=cmap)
            if doc.compression:
                stream.filters = [_DEFLATE]
            font.ToUnicode = doc.Reference(stream, "toUnicodeCMap:" + base)
            font.FontDescriptor = self.face.addSubsetObjects(doc, base, subset)
            doc.Reference(font, internal)
            doc.idToObject["BasicFonts"].dict[internal] = font
        del self.state[doc]
        return None

    def _subset_parts(self, base: str, subset: list[int]) -> tuple[Any, str]:
        key = (base, tuple(subset))
        parts = self._parts.get(key)
        if parts is None:
            widths = pdfdoc.PDFArray([self.face.getCharWidth(code) for code in subset])
            parts = (_Formatted(widths.format(None)), makeToUnicodeCMap(base, subset))
            if len(self._parts) < MAX_CACHED_SUBSETS:
                self._parts[key] = parts
        return parts

    def _built_subset(self, subset: list[int]) -> tuple[bytes, bytes]:
        """(font program, the same deflated) of a subset."""
        key = tuple(subset)
        built = self._built.get(key)
        if built is None:
            program = self.face.makeSubset(subset)
            built = (program, zlib.compress(program))
            if len(self._built) < MAX_CACHED_SUBSETS:
                self._built[key] = built
        return built

    def _add_subset_objects(self, doc: Any, fontname: str, subset: list[int]) -> Any:
        """`TTFontFace.addSubsetObjects`, with the font program taken from the cache."""
        face = self.face
        program, deflated = self._built_subset(subset)
        font_file = pdfdoc.PDFStream(content=program)
        font_file.dictionary["Length1"] = len(program)
        if doc.compression:
            font_file.content = deflated
            font_file.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
        reference = doc.Reference(font_file, f"fontFile:{face.filename}({fontname})")
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor", "Ascent": face.ascent, "CapHeight": face.capHeight,
            "Descent": face.descent, "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray(face.bbox), "FontName": pdfdoc.PDFName(fontname),
            "ItalicAngle": face.italicAngle, "StemV": face.stemV, "FontFile2": reference,
            "MissingWidth": face.defaultWidth,
        })
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)


class _Formatted(pdfdoc.PDFObject):
    """A PDF object formatted once, written as is."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


class _CachedDeflate:
    """reportlab's FlateDecode filter, remembering the last few streams it compressed."""

    pdfname = "FlateDecode"

    def __init__(self) -> None:
        self._done: dict[bytes, bytes] = {}

    def encode(self, text: str | bytes) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text
        packed = self._done.get(data)
        if packed is None:
            packed = zlib.compress(data)
            if len(self._done) < MAX_CACHED_SUBSETS:
                self._done[data] = packed
        return packed


_DEFLATE = _CachedDeflate()


def plain_streams() -> Any:
    """Page streams compressed but not ASCII85-encoded (smaller, faster, equally valid)."""
    return _Setting("useA85", 0)


class _Setting:
    def __init__(self, name: str, value: object) -> None:
        self._name, self._value = name, value

    def __enter__(self) -> None:
        self._saved = getattr(rl_config, self._name)
        setattr(rl_config, self._name, self._value)

    def __exit__(self, *exc: object) -> None:
        setattr(rl_config, self._name, self._saved)
