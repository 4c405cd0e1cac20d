"""`qa-desk audit verify` and `qa-desk audit list` (also `log`)."""

from __future__ import annotations

import argparse
from datetime import date

from qa_desk.cli import print_json
from qa_desk.db import open_database
from qa_desk.services import audit


def register(commands) -> None:
    parser = commands.add_parser("audit", help="the tamper-evident audit trail")
    actions = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    check = actions.add_parser("verify", help="check the hash chain; name the first broken row")
    check.add_argument("--anchor", metavar="ROWS:HASH",
                       help="an anchor printed by an earlier verify: also detects deleted newest rows")
    listing = actions.add_parser("list", aliases=["log"], help="recent entries, newest first")
    listing.add_argument("--entity", help="exactly, e.g. evaluation:12")
    listing.add_argument("--entity-text", metavar="TEXT", help="part of the entity")
    listing.add_argument("--actor", help="who, exactly")
    listing.add_argument("--action", help="exactly, e.g. evaluation.sign")
    listing.add_argument("--action-prefix", metavar="PREFIX", help="e.g. review. or pack.")
    listing.add_argument("--text", help="part of the reason, who, action, entity, before or after")
    listing.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="YYYY-MM-DD",
                         help="from this local day")
    listing.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="YYYY-MM-DD",
                         help="up to and including this local day")
    listing.add_argument("--limit", type=int, default=50)


def run(args: argparse.Namespace) -> int:
    database = open_database(args.database)
    if args.audit_command == "verify":
        try:
            result = audit.verify(database, anchor=args.anchor)
        except ValueError as exc:
            print(f"qa-desk audit verify: {exc}")
            return 2
        if result.ok:
            print(f"audit trail intact: {result.rows} rows")
            print(f"anchor: {result.anchor}  (keep it; verify --anchor it later)")
            return 0
        print(f"audit trail BROKEN at row {result.first_broken}: {result.problem}")
        return 1
    query = audit.AuditQuery(entity=args.entity, entity_text=args.entity_text, actor=args.actor,
                             action=args.action, action_prefix=args.action_prefix,
                             text=args.text, date_from=args.date_from, date_to=args.date_to,
                             limit=args.limit)
    for entry in audit.history(database, query):
        print_json({"id": entry.id, "at": entry.at, "actor": entry.actor, "action": entry.action,
                    "entity": entry.entity, "reason": entry.reason, "before": entry.before,
                    "after": entry.after})
    return 0
