"""`qa-desk user add|list|passwd`: accounts from the command line. Whoever can run this can
already read the database file, so it acts as a trusted local administrator."""

from __future__ import annotations

import argparse
import getpass
import sys

from qa_desk.commands.actor import cli_actor
from qa_desk.db import open_database
from qa_desk.models.accounts import ROLES
from qa_desk.services.accounts import AccountError, AccountService


def register(commands) -> None:
    parser = commands.add_parser("user", help="sign-in accounts")
    actions = parser.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add", help="add an account (password: first line of standard input, else prompted)")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--name", help="display name")
    add.add_argument("--agent-id", help="the agent id (工号) in the calls, for an agent account")
    actions.add_parser("list", help="list accounts")
    passwd = actions.add_parser(
        "passwd", help="set a new password (first line of standard input, else prompted)")
    passwd.add_argument("username")


def run(args: argparse.Namespace) -> int:
    service = AccountService(open_database(args.database))
    actor = cli_actor()
    try:
        if args.user_command == "add":
            user = service.create_user(args.username, read_password(), args.role, actor=actor,
                                       display_name=args.name, agent_id=args.agent_id)
            print(f"added {user.username} ({user.role})")
        elif args.user_command == "passwd":
            if service.get(args.username) is None:
                raise AccountError(f"no user named {args.username.strip().casefold()!r}")
            service.reset_password(args.username, read_password(), actor=actor)
            print(f"password changed for {args.username.strip().casefold()}")
        else:
            _print_list(service)
    except (AccountError, PasswordInputError) as exc:
        print(f"qa-desk user: {exc}", file=sys.stderr)
        return 1
    return 0


class PasswordInputError(ValueError):
    pass


def read_password() -> str:
    """The first line of standard input when it is not a terminal; else asked twice."""
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise PasswordInputError("no password on standard input")
        return password
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != first:
        raise PasswordInputError("the two passwords do not match")
    return first


def _print_list(service: AccountService) -> None:
    users = service.list_users()
    if not users:
        print("no accounts yet: add one with `qa-desk user add NAME --role admin`")
        return
    rows = [("USERNAME", "ROLE", "NAME", "AGENT", "STATUS")]
    for u in users:
        status = "active" if u.active else "deactivated"
        if u.locked_until:
            status += f", locked until {u.locked_until.astimezone():%Y-%m-%d %H:%M}"
        rows.append((u.username, u.role, u.display_name or "", u.agent_id or "", status))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


