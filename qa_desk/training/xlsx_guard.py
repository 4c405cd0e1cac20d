"""Refuse a workbook before openpyxl reads it when it is not one, or when reading it would
exhaust memory: an .xlsx is a zip archive, and a small archive can unpack to gigabytes."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from qa_desk.training.errors import BankError, file_error

MAX_FILE_BYTES = 20 * 1024 * 1024
# A 10,000-question bank unpacks to about 15 MB of XML; far more is an attack or a mistake.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Sheet XML compresses well, around 10:1 and rarely past 30:1; zip bombs reach 1000:1.
MAX_RATIO = 100
MAX_MEMBERS = 1000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Excel never writes a DTD. One in a part is an attack: entities that expand to gigabytes
# ("billion laughs") or that pull in files from this computer (external entities). A DTD sits
# before the root element, at the head of the part; defusedxml (which openpyxl then uses)
# refuses entities wherever they are, this check only names the attack plainly.
XML_HEAD_BYTES = 64 * 1024
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)|<\x00!\x00(?:D\x00O\x00C|E\x00N\x00T)", re.IGNORECASE)
_XML_PARTS = (".xml", ".rels", ".vml")


def check_xlsx(path: Path, source: str) -> None:
    """Raise BankError naming the file when it must not be opened as a workbook."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise file_error(source, f"cannot read the file ({exc.strerror or exc})") from None
    if size > MAX_FILE_BYTES:
        raise file_error(source, f"the file is {_mb(size)}; question banks over {_mb(MAX_FILE_BYTES)} "
                                 "are refused (split the bank into several workbooks)")
    if head == _OLE_MAGIC:
        raise file_error(source, "an old Excel 97–2003 (.xls) workbook: open it in Excel or WPS and "
                                 "save it as Excel Workbook (.xlsx)")
    if not zipfile.is_zipfile(path):
        raise file_error(source, "not an .xlsx workbook (an .xlsx file is a zip archive and this one "
                                 "is not): save the sheet as Excel Workbook (.xlsx)")
    _check_members(path, source)


def check_archive(path: Path, source: str, *, what: str = "question bank") -> None:
    """Only the archive checks (zip bomb, too many parts, a DTD in a part), for workbooks that
    are not question banks, such as transcript tables; BankError names the file."""
    if not zipfile.is_zipfile(path):
        raise file_error(source, "not an .xlsx workbook (an .xlsx file is a zip archive and this one "
                                 "is not): save the sheet as Excel Workbook (.xlsx)")
    _check_members(path, source, what)


def _check_members(path: Path, source: str, what: str = "question bank") -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise file_error(source, f"a damaged .xlsx archive ({exc})") from None
    if len(members) > MAX_MEMBERS:
        raise _refused(source, f"it holds {len(members)} parts", what)
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise _refused(source, f"it unpacks to {_mb(unpacked)}", what)
    for member in members:
        ratio = member.file_size // max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise _refused(source, f"{member.filename} unpacks {ratio} times larger than it is "
                                   "stored (a zip bomb?)")
    _check_xml_heads(path, source, members)


def _check_xml_heads(path: Path, source: str, members: list[zipfile.ZipInfo]) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            for member in members:
                if not member.filename.lower().endswith(_XML_PARTS):
                    continue
                with archive.open(member) as part:
                    head = part.read(XML_HEAD_BYTES)
                if _DTD.search(head):
                    raise file_error(source, f"refused: {member.filename} declares a DTD "
                                             "(<!DOCTYPE or <!ENTITY), which Excel never writes: "
                                             "it can expand to gigabytes or read files from this "
                                             "computer. Save the sheet again from Excel or WPS")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError) as exc:  # encrypted or oddly compressed parts too
        raise file_error(source, f"a damaged .xlsx archive ({exc})") from None


def _refused(source: str, why: str, what: str = "question bank") -> BankError:
    return file_error(source, f"refused: {why}, far more than any {what} needs "
                              f"(limit {_mb(MAX_UNPACKED_BYTES)} unpacked)")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
