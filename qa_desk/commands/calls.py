from __future__ import annotations

import argparse

from qa_desk.cli import print_json
from qa_desk.db import open_database
from qa_desk.services.calls import CallRow, CallService


def run_calls(args: argparse.Namespace) -> int:
    service = CallService(open_database(args.database))
    rows = service.list_calls(
        agent=args.agent, date_from=args.date_from, date_to=args.date_to, limit=args.limit
    )
    if args.format == "jsonl":
        for row in rows:
            print_json(_as_dict(row))
    else:
        print_table(rows)
    return 0


def _as_dict(row: CallRow) -> dict:
    return {
        "call_id": row.call_id, "agent_id": row.agent_id, "agent_name": row.agent_name,
        "channel": row.channel,
        "started_at": row.started_at.isoformat() if row.started_at else None,
        "duration": row.duration, "turns": row.turn_count,
    }


def print_table(rows: list[CallRow]) -> None:
    header = ("call id", "agent", "started", "channel", "duration", "turns")
    lines = [header] + [
        (
            r.call_id,
            f"{r.agent_id or '-'} {r.agent_name or ''}".strip(),
            r.started_at.strftime("%Y-%m-%d %H:%M") if r.started_at else "-",
            r.channel,
            _duration(r.duration),
            str(r.turn_count),
        )
        for r in rows
    ]
    widths = [max(_width(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(line, widths, strict=True)))
    print(f"{len(rows)} calls")


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _width(text: str) -> int:
    """Display width: a Chinese character takes two columns in a terminal."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
