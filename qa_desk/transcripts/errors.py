"""Errors that say which file, where, and what was expected."""

from __future__ import annotations


class TranscriptError(Exception):
    """A transcript that cannot be read. The message names the file and the place."""

    def __init__(self, source: str, reason: str, *, line: int | None = None,
                 row: int | None = None, call_id: str | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        self.row = row
        self.call_id = call_id
        super().__init__(self.describe())

    def describe(self) -> str:
        where = [self.source]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.call_id:
            where.append(f"call {self.call_id}")
        return f"{', '.join(where)}: {self.reason}"
