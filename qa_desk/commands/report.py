"""`qa-desk report`: documents for HR.

    qa-desk report evaluation CALL_ID --out FILE.pdf [--organisation NAME] [--no-mask]
    qa-desk report agent AGENT_ID --period 2026-11 --out FILE.pdf [--organisation NAME] [--no-mask]
    qa-desk report workbook --period 2026-11 --out FILE.xlsx [--agent ID] [--no-mask]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from qa_desk.commands.actor import cli_actor
from qa_desk.reports import DEFAULT_ORGANISATION, Period, PeriodError, parse_period

T = TypeVar("T")
ORGANISATION_HELP = ("printed at the top of the document (default: the organisation in the app's "
                     f"settings, else {DEFAULT_ORGANISATION})")
NO_MASK_HELP = ("print phone, ID card and bank card numbers in full (only for roles allowed "
                "to see them); masked by default")


def register(commands) -> None:
    report = commands.add_parser(
        "report", help="documents for HR: evaluation forms (PDF) and workbooks (Excel)",
        description="Write the evaluation form of one call, or the workbook of a period.")
    kinds = report.add_subparsers(dest="report_command", metavar="KIND", required=True)

    form = kinds.add_parser("evaluation", help="the signable evaluation form of one call (PDF)")
    form.add_argument("call_id", metavar="CALL_ID")
    form.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    form.add_argument("--organisation", metavar="NAME", help=ORGANISATION_HELP)
    form.add_argument("--no-mask", dest="mask", action="store_false", help=NO_MASK_HELP)

    agent = kinds.add_parser("agent", help="the period report of one agent (PDF)")
    agent.add_argument("agent_id", metavar="AGENT_ID", help="the agent id (工号)")
    agent.add_argument("--period", type=_period, required=True, metavar="PERIOD",
                       help="a month (2026-11) or dates FROM..TO (2026-11-01..2026-11-15)")
    agent.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    agent.add_argument("--organisation", metavar="NAME", help=ORGANISATION_HELP)
    agent.add_argument("--no-mask", dest="mask", action="store_false", help=NO_MASK_HELP)

    book = kinds.add_parser("workbook", help="the evaluations of a period for HR (Excel)")
    book.add_argument("--period", type=_period, required=True, metavar="PERIOD",
                      help="a month (2026-11) or dates FROM..TO (2026-11-01..2026-11-15)")
    book.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    book.add_argument("--agent", metavar="ID", help="only this agent id (工号)")
    book.add_argument("--no-mask", dest="mask", action="store_false", help=NO_MASK_HELP)


def run(args: argparse.Namespace) -> int:
    from qa_desk.db import open_database
    from qa_desk.services.access import PermissionDenied
    from qa_desk.services.reports import ReportError, ReportService

    service = ReportService(open_database(args.database))
    try:
        if args.report_command == "evaluation":
            doc_id = _write(args.out, lambda path: service.write_evaluation_pdf(
                args.call_id, path, organisation=_organisation(args), mask=args.mask,
                actor=cli_actor()))
            print(f"wrote {args.out} (document {doc_id})")
        elif args.report_command == "agent":
            doc_id = _write(args.out, lambda path: service.write_agent_pdf(
                args.agent_id, args.period, path, organisation=_organisation(args), mask=args.mask,
                actor=cli_actor()))
            print(f"wrote {args.out} (document {doc_id}, agent {args.agent_id}, "
                  f"{args.period.label})")
        else:
            count = _write(args.out, lambda path: service.write_workbook(
                path, args.period, agent=args.agent, mask=args.mask, actor=cli_actor()))
            print(f"wrote {args.out}: {count} evaluations, {args.period.label}")
    except (ReportError, PermissionDenied, OSError) as exc:
        print(f"qa-desk report: {exc}", file=sys.stderr)
        return 1
    return 0


def _period(text: str) -> Period:
    try:
        return parse_period(text)
    except PeriodError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _write(out: Path, write: Callable[[Path], T]) -> T:
    """Write beside the target and move into place: never a half-written file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    try:
        result = write(partial)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return result




def _organisation(args: argparse.Namespace) -> str:
    if args.organisation:
        return args.organisation
    from qa_desk.settings import load_settings

    return load_settings().organisation.strip() or DEFAULT_ORGANISATION
