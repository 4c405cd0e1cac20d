"""One entry point per direction: read any bank file into a Bank, write a Bank in any format."""

from __future__ import annotations

import re
from pathlib import Path

from qa_desk.training.aiken import parse_aiken, write_aiken_bank
from qa_desk.training.errors import file_error
from qa_desk.training.excel_read import read_xlsx_bank
from qa_desk.training.excel_write import write_xlsx_bank
from qa_desk.training.gift_read import parse_gift
from qa_desk.training.gift_write import write_gift_bank
from qa_desk.training.model import Bank
from qa_desk.training.xlsx_guard import MAX_FILE_BYTES
from qa_desk.training.yaml_bank import parse_yaml_bank

XLSX, GIFT, AIKEN, YAML = "xlsx", "gift", "aiken", "yaml"
READ_FORMATS = (XLSX, GIFT, AIKEN, YAML)
WRITE_FORMATS = (XLSX, GIFT, AIKEN)
_SUFFIXES = {".xlsx": XLSX, ".xlsm": XLSX, ".gift": GIFT, ".yaml": YAML, ".yml": YAML}
_AIKEN_ANSWER = re.compile(r"^\s*ANSWER\s*[:：]", re.IGNORECASE | re.MULTILINE)


def read_bank(path: Path | str, *, format: str | None = None, name: str | None = None) -> Bank:
    """Every question checked; raises BankError listing every problem, naming the file."""
    path = Path(path)
    source = str(path)
    format = format or format_of(path)
    if format == XLSX:
        return read_xlsx_bank(path, source, name=name)
    text = _read_text(path, source)
    if format is None:
        format = AIKEN if _AIKEN_ANSWER.search(text) and "{" not in text else GIFT
    if format == YAML:
        bank = parse_yaml_bank(text, source)
        if name:
            bank.name = name
        return bank
    if format == AIKEN:
        return parse_aiken(text, source, name=name or path.stem)
    if format == GIFT:
        bank = parse_gift(text, source, name=name or "")
        bank.name = bank.name or path.stem
        bank.source = bank.source or path.name
        return bank
    raise file_error(source, f"unknown format {format!r}: expected one of {', '.join(READ_FORMATS)}")


def write_bank(bank: Bank, path: Path | str, format: str) -> list[str]:
    """Write the bank; returns warnings (questions a format cannot hold)."""
    writers = {XLSX: write_xlsx_bank, GIFT: write_gift_bank, AIKEN: write_aiken_bank}
    if format not in writers:
        raise ValueError(f"cannot write {format!r}: expected one of {', '.join(WRITE_FORMATS)}")
    return writers[format](bank, Path(path))


def format_of(path: Path) -> str | None:
    """The format a file's name implies; None for .txt, which may be GIFT or Aiken."""
    suffix = path.suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if suffix in (".txt", ""):
        return None
    raise file_error(str(path), f"unknown kind of bank file {suffix!r}: expected .xlsx, .yaml, "
                                ".gift or .txt (GIFT or Aiken)")


def _read_text(path: Path, source: str) -> str:
    from qa_desk.transcripts.encoding import NotTextError, decode_bytes

    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise file_error(source, f"the file is over {MAX_FILE_BYTES // (1024 * 1024)} MB; "
                                     "split the bank into several files")
        data = path.read_bytes()
    except OSError as exc:
        raise file_error(source, f"cannot read the file ({exc.strerror or exc})") from None
    try:
        return decode_bytes(data)[0]
    except NotTextError as exc:
        raise file_error(source, f"not a text file ({exc})") from None
