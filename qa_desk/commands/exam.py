"""`qa-desk exam`: define exams from YAML, list them, batch-grade paper answer sheets."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(commands) -> None:
    exam = commands.add_parser(
        "exam", help="training exams on a question bank",
        description="Define exams (fixed questions or random draws, time limit, attempts, pass "
                    "mark, review policy), list them and grade paper exams typed into Excel.",
    ).add_subparsers(dest="exam_command", metavar="ACTION", required=True)

    create = exam.add_parser("create", help="store an exam defined in a YAML file")
    create.add_argument("file", type=Path, metavar="FILE.yaml")

    listing = exam.add_parser("list", help="list stored exams")
    listing.add_argument("--format", choices=("table", "jsonl"), default="table")

    grade = exam.add_parser(
        "grade", help="grade a paper exam's answer sheet (姓名, 工号, one column per question code)")
    grade.add_argument("sheet", type=Path, metavar="ANSWER_SHEET.xlsx")
    grade.add_argument("--exam", required=True, metavar="NAME", help="exam name, as `exam list` shows it")
    grade.add_argument("--out", type=Path, required=True, metavar="RESULT.xlsx")


def run(args: argparse.Namespace) -> int:
    return {"create": _create, "list": _list, "grade": _grade}[args.exam_command](args)


def _create(args: argparse.Namespace) -> int:
    import yaml

    from qa_desk.db import open_database
    from qa_desk.services.exams import ExamService, ExamServiceError
    from qa_desk.training.exam import ExamDefinition, ExamError

    try:
        data = yaml.safe_load(args.file.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ExamError("expected a mapping of exam settings (name, bank, questions or draws, …)")
        definition = ExamDefinition.from_dict(data)
        info = ExamService(open_database(args.database)).create_exam(definition)
    except OSError as exc:
        return _fail("create", f"cannot read {args.file} ({exc.strerror or exc})")
    except yaml.YAMLError as exc:
        return _fail("create", f"{args.file} is not valid YAML: {exc}")
    except (ExamError, ExamServiceError) as exc:
        return _fail("create", f"{args.file}: {exc}")
    print(f"exam {info.name} on bank {info.bank} stored")
    return 0


def _list(args: argparse.Namespace) -> int:
    import json

    from qa_desk.db import open_database
    from qa_desk.services.exams import ExamService

    exams = ExamService(open_database(args.database)).list_exams()
    for info in exams:
        d = info.definition
        if args.format == "jsonl":
            print(json.dumps({**d.to_dict(), "attempts": info.attempts}, ensure_ascii=False))
            continue
        size = len(d.questions) + sum(draw.count for draw in d.draws)
        limit = f"{d.time_limit_minutes} min" if d.time_limit_minutes else "untimed"
        print(f"{info.name}\t{info.bank}\t{size} questions\t{limit}\tpass {d.pass_percent:g}%\t"
              f"{info.attempts} attempts\t{d.title}")
    if args.format == "table":
        print(f"{len(exams)} exams")
    return 0


def _grade(args: argparse.Namespace) -> int:
    from qa_desk.db import open_database
    from qa_desk.services.exams import ExamService, UnknownExamError
    from qa_desk.training.errors import BankError
    from qa_desk.training.paper import grade_sheet, read_answer_sheet, write_results

    try:
        definition, questions = ExamService(open_database(args.database)).paper_questions(args.exam)
        codes, rows = read_answer_sheet(args.sheet, args.sheet.name)
        sheet = grade_sheet(codes, rows, questions, definition.mc_policy, definition.pass_percent,
                            args.sheet.name)
        write_results(args.out, sheet)
    except UnknownExamError as exc:
        return _fail("grade", str(exc))
    except BankError as exc:
        return _fail("grade", exc.describe())
    except OSError as exc:
        return _fail("grade", f"cannot write {args.out} ({exc.strerror or exc})")
    for problem in sheet.problems:
        print(f"{args.sheet.name}: {problem.describe()} (row left out)", file=sys.stderr)
    print(f"graded {len(sheet.results)} candidates, {len(sheet.problems)} problems; wrote {args.out}")
    return 1 if sheet.problems else 0


def _fail(action: str, message: str) -> int:
    print(f"qa-desk exam {action}: {message}", file=sys.stderr)
    return 1
