"""The command line: a thin front over the services, like the GUI."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from qa_desk import __version__

# numpy's OpenBLAS starts a pool of threads at import that spin for a while, though QA Desk does
# no linear algebra: about 0.1 s of CPU per process, taken from the scoring workers. A user's
# own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or with `command` (a plugin command's name) only that plugin's."""
    parser = argparse.ArgumentParser(
        prog="qa-desk",
        description="Call-center quality inspection: import, score and review calls.",
    )
    parser.add_argument("--version", action="version", version=f"qa-desk {__version__}")
    parser.add_argument(
        "--database", metavar="URL",
        help="database URL (default: $QA_DESK_DATABASE_URL, else SQLite in the user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("gui", help="open the desktop app (the default)")
    gui.add_argument("--demo", action="store_true", help="open a demo database with the demo calls")

    imp = commands.add_parser("import", help="import transcript files or folders")
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    calls = commands.add_parser("calls", help="stored calls").add_subparsers(
        dest="calls_command", metavar="ACTION", required=True)
    listing = calls.add_parser("list", help="list stored calls")
    listing.add_argument("--agent", help="only this agent id (工号)")
    listing.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="YYYY-MM-DD")
    listing.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="YYYY-MM-DD")
    listing.add_argument("--limit", type=int)
    listing.add_argument("--format", choices=("table", "jsonl"), default="table")

    db = commands.add_parser("db", help="database maintenance").add_subparsers(
        dest="db_command", metavar="ACTION", required=True)
    db.add_parser("upgrade", help="apply the migrations")
    db.add_parser("current", help="print the schema revision")

    from qa_desk.commands import register_plugins

    register_plugins(commands, only=command)
    return parser


def _plugin_command(argv: Sequence[str] | None) -> str | None:
    """The plugin command named on the command line, if any (skipping --database's value)."""
    from qa_desk.commands import PLUGINS

    words = list(sys.argv[1:] if argv is None else argv)
    for before, word in zip([None, *words], words, strict=False):
        if not word.startswith("-") and before != "--database":
            return word if word in PLUGINS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser(_plugin_command(argv)).parse_args(argv)
    command = args.command or "gui"
    if command == "gui":
        return run_gui(demo=getattr(args, "demo", False), database=args.database)
    from qa_desk.commands import dispatch

    return dispatch(command, args)


def main_gui() -> int:
    return run_gui(demo=False, database=None)


def run_gui(*, demo: bool, database: str | None) -> int:
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from qa_desk.app import run

    return run(demo=demo, database=database)


def display_problem() -> str | None:
    """Why the window cannot open here, with what to do instead; None when it can."""
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get(
        "WAYLAND_DISPLAY"
    ):
        return None
    return (
        "qa-desk: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window "
        "cannot open.\n"
        "Use the command line instead, for example:\n"
        "  .venv/bin/qa-desk --help\n"
        "  .venv/bin/qa-desk import resources/demo\n"
        "  .venv/bin/qa-desk calls list\n"
        "  .venv/bin/qa-desk score --format table resources/demo\n"
        "or run the app on a virtual screen: xvfb-run make run"
    )


def print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
