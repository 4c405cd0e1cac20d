"""`qa-desk audit verify` and `qa-desk audit list`."""

from __future__ import annotations

import argparse

from qa_desk.cli import print_json
from qa_desk.db import open_database
from qa_desk.services import audit


def register(commands) -> None:
    parser = commands.add_parser("audit", help="the tamper-evident audit trail")
    actions = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    actions.add_parser("verify", help="check the hash chain; name the first broken row")
    listing = actions.add_parser("list", help="recent entries, newest first")
    listing.add_argument("--entity")
    listing.add_argument("--actor")
    listing.add_argument("--action")
    listing.add_argument("--limit", type=int, default=50)


def run(args: argparse.Namespace) -> int:
    database = open_database(args.database)
    if args.audit_command == "verify":
        result = audit.verify(database)
        if result.ok:
            print(f"audit trail intact: {result.rows} rows")
            return 0
        print(f"audit trail BROKEN at row {result.first_broken}: {result.problem}")
        return 1
    for entry in audit.history(database, entity=args.entity, actor=args.actor,
                               action=args.action, limit=args.limit):
        print_json({"id": entry.id, "at": entry.at, "actor": entry.actor, "action": entry.action,
                    "entity": entry.entity, "reason": entry.reason, "before": entry.before,
                    "after": entry.after})
    return 0
