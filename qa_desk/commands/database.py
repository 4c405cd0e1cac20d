from __future__ import annotations

import argparse

from qa_desk.db import current_revision, open_database


def run_db(args: argparse.Namespace) -> int:
    database = open_database(args.database, migrate=args.db_command == "upgrade")
    print(f"{database.url}: schema revision {current_revision(database.engine) or '(empty)'}")
    return 0
