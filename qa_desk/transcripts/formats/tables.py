"""CSV and XLSX: one row per turn, many calls per table, columns found by their header."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from qa_desk.transcripts.errors import TranscriptError
from qa_desk.transcripts.formats.canonical import (
    CallFormatError,
    check_timestamps_all_or_none,
    parse_channel,
)
from qa_desk.transcripts.model import Agent, Call, Turn
from qa_desk.transcripts.roles import EXPECTED_ROLES, role_of
from qa_desk.transcripts.timecodes import parse_seconds

HEADERS = {
    "call_id": ("call_id", "通话id", "通话编号", "通話id", "通話編號"),
    "speaker": ("speaker", "角色"),
    "start": ("start", "开始时间", "開始時間"),
    "end": ("end", "结束时间", "結束時間"),
    "text": ("text", "内容", "文本", "內容"),
    "agent_id": ("agent_id", "工号", "工號"),
    "agent_name": ("agent_name", "坐席姓名", "姓名"),
    "channel": ("channel", "呼叫类型", "呼叫類型"),
}
REQUIRED = ("call_id", "speaker", "text")


def parse_csv(text: str, source: str) -> list[Call]:
    return rows_to_calls(csv.reader(io.StringIO(text)), source)


def parse_xlsx(path: Path, source: str) -> list[Call]:
    from openpyxl import load_workbook

    from qa_desk.training.errors import BankError
    from qa_desk.training.xlsx_guard import check_archive

    try:  # a zip bomb or an XML attack is refused before openpyxl reads it
        check_archive(path, source, what="transcript table")
    except BankError as exc:
        reason = exc.problems[0].reason if exc.problems else str(exc)
        raise TranscriptError(source, reason) from None
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise TranscriptError(source, f"not a readable .xlsx workbook ({exc})") from None
    try:
        sheet = workbook.worksheets[0]
        return rows_to_calls(sheet.iter_rows(values_only=True), source)
    finally:
        workbook.close()


def rows_to_calls(rows: Iterable[Iterable[Any]], source: str) -> list[Call]:
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise TranscriptError(source, "the table is empty (expected a header row)")
    columns = _columns(list(header), source)
    calls: dict[str, Call] = {}
    first_row: dict[str, int] = {}
    for number, row in enumerate(iterator, start=2):
        values = list(row)
        if not any(_cell(v) for v in values):
            continue
        call_id, turn = _row_turn(values, columns, number, source)
        call = calls.get(call_id)
        if call is None:
            call = calls[call_id] = _new_call(call_id, values, columns, number, source)
            first_row[call_id] = number
        call.turns.append(turn)
    if not calls:
        raise TranscriptError(source, "the table has a header but no turns")
    for call_id, call in calls.items():
        try:
            check_timestamps_all_or_none(call.turns)
        except CallFormatError as exc:
            raise TranscriptError(source, str(exc), row=first_row[call_id], call_id=call_id) from None
    return list(calls.values())


def _columns(header: list[Any], source: str) -> dict[str, int]:
    names = [_cell(h).lstrip("\ufeff").lower() for h in header]
    columns = {}
    for key, aliases in HEADERS.items():
        for index, name in enumerate(names):
            if name in aliases:
                columns[key] = index
                break
    for key in REQUIRED:
        if key not in columns:
            raise TranscriptError(
                source,
                f"no {key} column: expected a header named {' / '.join(HEADERS[key])} "
                f"(found: {', '.join(n for n in names if n) or 'nothing'})",
                row=1,
            )
    return columns


def _row_turn(values: list[Any], columns: dict[str, int], number: int, source: str):
    def get(key: str) -> Any:
        index = columns.get(key)
        return values[index] if index is not None and index < len(values) else None

    call_id = _cell(get("call_id"))
    if not call_id:
        raise TranscriptError(source, "empty call_id", row=number)
    speaker = role_of(_cell(get("speaker")))
    if speaker is None:
        raise TranscriptError(
            source, f"unknown speaker {_cell(get('speaker'))!r}, expected {EXPECTED_ROLES}",
            row=number, call_id=call_id,
        )
    try:
        start, end = _time(get("start")), _time(get("end"))
    except ValueError as exc:
        raise TranscriptError(source, str(exc), row=number, call_id=call_id) from None
    text = get("text")
    turn = Turn(speaker=speaker, text="" if text is None else str(text).strip(), start=start, end=end)
    return call_id, turn


def _new_call(call_id: str, values: list[Any], columns: dict[str, int], number: int, source: str):
    def get(key: str) -> str:
        index = columns.get(key)
        return _cell(values[index]) if index is not None and index < len(values) else ""

    try:
        channel = parse_channel(get("channel") or None)
    except CallFormatError as exc:
        raise TranscriptError(source, str(exc), row=number, call_id=call_id) from None
    agent = Agent(id=get("agent_id"), name=get("agent_name") or None) if get("agent_id") else None
    return Call(call_id=call_id, turns=[], agent=agent, channel=channel, source=source)


def _time(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_seconds(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
