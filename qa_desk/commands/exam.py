"""`qa-desk exam`: define exams from YAML, list them, batch-grade paper answer sheets, and print
an exam's item analysis."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qa_desk.commands.actor import cli_actor


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

    analysis = exam.add_parser(
        "analysis", help="item analysis of an exam's graded attempts (facility, discrimination, "
                         "efficiency, Cronbach's α, SEM, option counts, flags)")
    analysis.add_argument("name", metavar="NAME", help="exam name, as `exam list` shows it")
    analysis.add_argument("--format", choices=("table", "json"), default="table")


def run(args: argparse.Namespace) -> int:
    handlers = {"create": _create, "list": _list, "grade": _grade, "analysis": _analysis}
    return handlers[args.exam_command](args)


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
        info = ExamService(open_database(args.database)).create_exam(definition, actor=cli_actor())
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
    from qa_desk.training.paper import write_results

    try:
        sheet = ExamService(open_database(args.database)).grade_paper(args.exam, args.sheet,
                                                                     actor=cli_actor())
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


def _analysis(args: argparse.Namespace) -> int:
    import json

    from qa_desk.db import open_database
    from qa_desk.services.exams import ExamService, UnknownExamError
    from qa_desk.training.item_analysis import NO_GRADED, PAPERS_DIFFER

    service = ExamService(open_database(args.database))
    try:
        stats = service.item_analysis(service.get_exam(args.name).id, actor=cli_actor())
    except UnknownExamError as exc:
        return _fail("analysis", str(exc))
    if args.format == "json":
        print(json.dumps(_analysis_dict(stats), ensure_ascii=False, indent=1))
        return 0
    if stats.note == NO_GRADED:
        print(f"exam {stats.exam}: no graded attempts yet")
        return 0
    print(f"exam {stats.exam}: {stats.attempts} graded attempts, mean {stats.mean:.2f}, "
          f"SD {stats.sd:.2f}, Cronbach's alpha {_figure(stats.alpha, 3)}, SEM {_figure(stats.sem)}")
    if stats.note == PAPERS_DIFFER:
        print("random draws: each question counts the attempts that drew it; alpha and SEM need "
              "one common paper")
    print("#	question	attempts	facility	discrimination	efficiency	options	flags")
    for number, item in enumerate(stats.items, start=1):
        options = " ".join(f"{key or '-'}:{n}" for key, n in item.option_counts.items())
        print(f"{number}	{item.code or item.question_id}	{item.attempts}	{item.facility:.2f}	"
              f"{_figure(item.discrimination)}	{_figure(item.efficiency)}	{options or '—'}	"
              f"{','.join(item.flags) or '—'}")
    return 0


def _analysis_dict(stats) -> dict:
    from qa_desk.training.model import answer_to_json

    return {
        "exam": stats.exam, "attempts": stats.attempts, "mean": stats.mean, "sd": stats.sd,
        "alpha": stats.alpha, "sem": stats.sem, "note": stats.note,
        "items": [{"question_id": i.question_id, "code": i.code, "type": i.type,
                   "category": i.category, "stem": i.stem, "max_points": i.max_points,
                   "attempts": i.attempts, "facility": i.facility,
                   "discrimination": i.discrimination, "efficiency": i.efficiency,
                   "right_answer": answer_to_json(i.right_answer),
                   "option_counts": i.option_counts, "flags": list(i.flags)} for i in stats.items],
    }


def _figure(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"




def _fail(action: str, message: str) -> int:
    print(f"qa-desk exam {action}: {message}", file=sys.stderr)
    return 1
