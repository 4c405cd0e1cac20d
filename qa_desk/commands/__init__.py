"""Command handlers behind the CLI parser; each calls a service and prints plain results."""

from __future__ import annotations

import argparse


def dispatch(command: str, args: argparse.Namespace) -> int:
    if command == "import":
        from qa_desk.commands.importing import run_import

        return run_import(args)
    if command == "calls":
        from qa_desk.commands.calls import run_calls

        return run_calls(args)
    if command == "db":
        from qa_desk.commands.database import run_db

        return run_db(args)
    if command == "score":
        from qa_desk.commands.score import run_score

        return run_score(args)
    raise SystemExit(f"unknown command {command}")
