"""`qa-desk backup [--out FILE]` and `qa-desk restore FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qa_desk.db import open_database
from qa_desk.services.backup import BackupError, BackupService


def register(commands) -> None:
    # One module serves two commands, and the plugin loop calls this once for each.
    if "backup" in commands.choices:
        return
    backup = commands.add_parser(
        "backup", help="back up the database (SQLite: a checked copy; PostgreSQL: how to)")
    backup.add_argument("--out", type=Path, metavar="FILE",
                        help="where to write the copy (default: a timestamped file beside it)")
    restore = commands.add_parser(
        "restore", help="replace the SQLite database with a backup (the current one is kept)")
    restore.add_argument("file", type=Path, metavar="FILE")


def run(args: argparse.Namespace) -> int:
    # Neither migrates first: a backup copies what is there, a restore migrates what it brings.
    service = BackupService(open_database(args.database, migrate=False))
    try:
        if args.command == "restore":
            return _restore(service, args.file)
        return _backup(service, args.out)
    except BackupError as exc:
        print(f"qa-desk {args.command}: {exc}", file=sys.stderr)
        return 1


def _backup(service: BackupService, out: Path | None) -> int:
    if not service.is_sqlite:
        commands = service.postgres_commands(str(out) if out else None)
        print("PostgreSQL is backed up with its own tools (the password comes from PGPASSWORD, "
              "~/.pgpass or a prompt). Back up with:")
        print(f"  {commands.dump}")
        print("Restore into an existing, empty or older QA Desk database with:")
        print(f"  {commands.restore}")
        return 0
    result = service.backup(out)
    print(f"backed up to {result.path} ({result.size:,} bytes, schema {result.revision}, "
          "integrity ok)")
    return 0


def _restore(service: BackupService, file: Path) -> int:
    result = service.restore(file)
    if result.previous_backup:
        print(f"the replaced database was kept as {result.previous_backup}")
    print(f"restored {result.restored_from} (now at schema {result.revision})")
    return 0
