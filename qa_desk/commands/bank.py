"""`qa-desk bank`: check, import, export and list question banks."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qa_desk.commands.actor import cli_actor
from qa_desk.training import READ_FORMATS, WRITE_FORMATS

_EXPORT_SUFFIXES = {".xlsx": "xlsx", ".gift": "gift"}


def register(commands) -> None:
    bank = commands.add_parser(
        "bank", help="question banks for training exams",
        description="Check, import, export and list question banks: the bundled YAML, Excel "
                    "(题型, 题干, 选项A…选项H, 正确答案, 解析, 分值, 难度, 分类), GIFT and Aiken.",
    ).add_subparsers(dest="bank_command", metavar="ACTION", required=True)

    check = bank.add_parser("check", help="validate a bank file without importing it (JSON summary)")
    _file_arguments(check)
    load = bank.add_parser("import", help="import a bank file (nothing is stored if any row is bad)")
    _file_arguments(load)

    export = bank.add_parser("export", help="write a stored bank to a file")
    export.add_argument("bank", metavar="BANK", help="bank name, as `bank list` shows it")
    export.add_argument("--format", choices=WRITE_FORMATS,
                        help="default: from the file name (.xlsx, .gift); Aiken keeps single choice only")
    export.add_argument("--out", type=Path, required=True, metavar="FILE")

    listing = bank.add_parser("list", help="list stored banks")
    listing.add_argument("--format", choices=("table", "jsonl"), default="table")

    template = bank.add_parser("template", help="write a blank Excel template with instructions")
    template.add_argument("--out", type=Path, required=True, metavar="FILE")


def _file_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help=".xlsx, .yaml, .gift or .txt")
    parser.add_argument("--bank", metavar="NAME", help="bank name (default: from the file)")
    parser.add_argument("--format", choices=READ_FORMATS,
                        help="default: from the file name; a .txt file is read as GIFT unless it "
                             "looks like Aiken")


def run(args: argparse.Namespace) -> int:
    handlers = {"check": _check, "import": _import, "export": _export, "list": _list,
                "template": _template}
    return handlers[args.bank_command](args)


def _check(args: argparse.Namespace) -> int:
    from qa_desk.services.banks import check_file

    report = check_file(args.file, format=args.format, name=args.bank)
    _print_json(report)
    return 0 if report["ok"] else 1


def _import(args: argparse.Namespace) -> int:
    from qa_desk.db import open_database
    from qa_desk.services.banks import BankService

    outcome = BankService(open_database(args.database)).import_file(
        args.file, bank=args.bank, format=args.format, actor=cli_actor())
    for warning in outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if outcome.failed:
        print(f"qa-desk bank import: {outcome.error}", file=sys.stderr)
        print("nothing was imported: fix the file and import it again", file=sys.stderr)
        return 1
    print(outcome.describe())
    return 0


def _export(args: argparse.Namespace) -> int:
    from qa_desk.db import open_database
    from qa_desk.services.banks import BankService, UnknownBankError

    format = args.format or _EXPORT_SUFFIXES.get(args.out.suffix.lower())
    if format is None:
        print(f"qa-desk bank export: say --format {'/'.join(WRITE_FORMATS)} for {args.out.name}",
              file=sys.stderr)
        return 2
    try:
        warnings = BankService(open_database(args.database)).export(args.bank, args.out, format,
                                                                    actor=cli_actor())
    except UnknownBankError as exc:
        print(f"qa-desk bank export: {exc.args[0]}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"qa-desk bank export: cannot write {args.out} ({exc.strerror or exc})", file=sys.stderr)
        return 1
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {args.out}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from qa_desk.db import open_database
    from qa_desk.services.banks import BankService

    rows = BankService(open_database(args.database)).list_banks()
    if args.format == "jsonl":
        for row in rows:
            _print_json({"bank": row.name, "title": row.title, "source": row.source,
                         "questions": row.questions, "points": row.points,
                         "created_at": row.created_at.isoformat()})
        return 0
    for row in rows:
        print(f"{row.name}\t{row.questions} questions\t{row.points:g} points\t{row.title}")
    print(f"{len(rows)} banks")
    return 0


def _template(args: argparse.Namespace) -> int:
    from qa_desk.training import write_template

    write_template(args.out)
    print(f"wrote {args.out}")
    return 0


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


