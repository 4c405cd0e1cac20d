"""Bank files in the YAML schema of exams/README.md, read with every problem named by id and key."""

from __future__ import annotations

from typing import Any

import yaml

from qa_desk.training.errors import BankError, Problem, file_error
from qa_desk.training.model import Bank, Question
from qa_desk.training.validate import build_question

TOP_KEYS = {"bank", "title", "source", "version", "questions"}
REQUIRED_TOP = ("bank", "title", "questions")
QUESTION_KEYS = {"id", "type", "category", "difficulty", "points", "stem", "options", "answer",
                 "reference_answer", "key_points", "explanation", "note"}
# Type, stem and answer are checked with the other formats' rules in build_question.
REQUIRED_KEYS = ("id",)
SHAPES = {"options": dict, "key_points": list}


class _Loader(yaml.SafeLoader):
    """Safe YAML without aliases: `*name` lets a small file expand into a huge one."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in a question bank",
                self.peek_event().start_mark)
        return super().compose_node(parent, index)


def parse_yaml_bank(data: str, source: str) -> Bank:
    try:
        document = yaml.load(data, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise file_error(source, f"{where}not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(document, dict):
        raise file_error(source, "expected a mapping with bank, title and questions at the top")
    problems = _top_problems(document)
    items = document.get("questions")
    questions = _questions(items, problems) if isinstance(items, list) else []
    if problems:
        raise BankError(source, problems)
    return Bank(name=str(document["bank"]).strip(), title=str(document["title"]).strip(),
                source=str(document["source"]) if document.get("source") else None,
                questions=questions)


def _top_problems(document: dict[str, Any]) -> list[Problem]:
    problems = [Problem(f"unknown key: expected only {', '.join(sorted(TOP_KEYS))}", field=str(k))
                for k in document if k not in TOP_KEYS]
    problems += [Problem("missing", field=k) for k in REQUIRED_TOP if not document.get(k)]
    if document.get("questions") and not isinstance(document["questions"], list):
        problems.append(Problem("expected a list of questions", field="questions"))
    return problems


def _questions(items: list[Any], problems: list[Problem]) -> list[Question]:
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(f"question {number} is not a mapping of keys", field="questions"))
            continue
        name = str(item.get("id") or f"#{number} (no id)")
        problems.extend(_key_problems(item, name))
        if name in seen:
            problems.append(Problem(f"the id is used twice (also question #{seen[name]})",
                                    question=name, field="id"))
        seen.setdefault(name, number)
        shapes = _shape_problems(item, name)
        if shapes:  # the rules below would only repeat these
            problems.extend(shapes)
            continue

        def report(key: str, reason: str, name: str = name) -> Problem:
            return Problem(reason, question=name, field=key)

        question, invalid = build_question({**item, "code": item.get("id")}, report)
        problems.extend(invalid)
        if question is not None:
            questions.append(question)
    return questions


def _key_problems(item: dict[str, Any], name: str) -> list[Problem]:
    problems = [Problem(f"unknown key: expected {', '.join(sorted(QUESTION_KEYS))}",
                        question=name, field=str(k)) for k in item if k not in QUESTION_KEYS]
    return problems + [Problem("missing", question=name, field=k) for k in REQUIRED_KEYS
                       if item.get(k) in (None, "")]


def _shape_problems(item: dict[str, Any], name: str) -> list[Problem]:
    """Texts where texts belong: a list in a stem is a mistake, not something to print."""
    problems = []
    for key in (k for k in item if k in QUESTION_KEYS):
        value, kind = item[key], SHAPES.get(key)
        if value is None:
            continue
        if kind is None:
            # A multiple-choice answer may be a list of letters.
            listed = key == "answer" and isinstance(value, list)
            fits = all(_scalar(v) for v in value) if listed else _scalar(value)
        else:
            inner = value.values() if isinstance(value, dict) else value
            fits = isinstance(value, kind) and all(_scalar(v) for v in inner)
        if not fits:
            expected = {dict: "a mapping A: text, B: text", list: "a list of texts"}.get(kind, "text")
            problems.append(Problem(f"expected {expected}", question=name, field=key))
    return problems


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)
