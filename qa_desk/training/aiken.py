"""Moodle's Aiken format: single-choice questions only.

    题干一行
    A. 选项
    B) 选项
    ANSWER: B

Aiken has no true/false, multiple-answer or written questions, no points, categories or
feedback; an export skips the other types and says how many it left out."""

from __future__ import annotations

import re
from pathlib import Path

from qa_desk.training.errors import BankError, Problem, file_error
from qa_desk.training.model import MULTIPLE, SHORT, SINGLE, TRUE_FALSE, Bank, Question
from qa_desk.training.validate import build_question

# Moodle wants "A. " or "A) "; Chinese sheets also write A、 A． A）.
_OPTION = re.compile(r"^([A-Za-z])\s*[.)．）、]\s*(.*)$")
_ANSWER = re.compile(r"^(?:ANSWER|答案)\s*[:：]\s*(.*)$", re.IGNORECASE)
_TYPE_WORDS = {TRUE_FALSE: "true/false", MULTIPLE: "multiple-choice", SHORT: "short-answer"}


def parse_aiken(text: str, source: str, *, name: str) -> Bank:
    reader = _Reader()
    for number, line in enumerate(text.splitlines(), start=1):
        reader.feed(line.strip(), number)
    reader.finish()
    if reader.problems:
        raise BankError(source, reader.problems)
    if not reader.questions:
        raise file_error(source, "no Aiken questions found (expected a stem line, option lines "
                                 "A. …, B. …, then ANSWER: B)")
    return Bank(name=name, title=name, questions=reader.questions)


class _Reader:
    def __init__(self) -> None:
        self.questions: list[Question] = []
        self.problems: list[Problem] = []
        self._reset()

    def _reset(self, *, skipping: bool = False) -> None:
        self.stem: list[str] = []
        self.options: dict[str, str] = {}
        self.start = 0
        # After a problem, skip to the next blank or ANSWER line instead of reading the rest
        # of a broken question as new ones.
        self.skipping = skipping

    def feed(self, line: str, number: int) -> None:
        answer = _ANSWER.match(line)
        if self.skipping:
            if not line or answer:
                self._reset()
            return
        if answer:
            self._answer(answer.group(1), number)
        elif not line:
            if self.stem:
                self._fail(f"no ANSWER: line before the blank line {number}", self.start, skip=False)
        elif self.stem and (option := _OPTION.match(line)):
            self.options[option.group(1).upper()] = option.group(2)
        elif self.options:
            self._fail(f"{line[:20]!r}: expected an option line (C. …) or the ANSWER: line", number)
        else:
            self.start = self.start or number
            self.stem.append(line)

    def finish(self) -> None:
        if self.stem and not self.skipping:
            self._fail("the file ends before the ANSWER: line", self.start)

    def _answer(self, answer: str, number: int) -> None:
        if not self.stem:
            self._fail("ANSWER: line without a question above it", number)
            return
        question, found = _question(" ".join(self.stem), self.options, answer, self.start)
        self.problems.extend(found)
        if question is not None:
            self.questions.append(question)
        self._reset()

    def _fail(self, reason: str, number: int, *, skip: bool = True) -> None:
        self.problems.append(Problem(reason, line=number))
        self._reset(skipping=skip)


def _question(stem: str, options: dict[str, str], answer: str, line: int
              ) -> tuple[Question | None, list[Problem]]:
    raw = {"type": SINGLE, "stem": stem, "options": options, "answer": answer}

    def report(key: str, reason: str) -> Problem:
        return Problem(reason, line=line, field=key)

    return build_question(raw, report)


def write_aiken_bank(bank: Bank, path: Path) -> list[str]:
    path.write_text(aiken_text(bank), encoding="utf-8")
    skipped = {t: n for t, n in bank.count_by_type().items() if t != SINGLE and n}
    if not skipped:
        return []
    counted = ", ".join(f"{n} {_TYPE_WORDS.get(t, t)}" for t, n in skipped.items())
    return [f"Aiken holds single-choice questions only: skipped {counted} question(s); "
            "export as xlsx or gift to keep them"]


def aiken_text(bank: Bank) -> str:
    blocks = []
    for question in bank.questions:
        if question.type != SINGLE:
            continue
        lines = [_one_line(question.stem)]
        lines += [f"{letter}. {_one_line(text)}" for letter, text in question.options.items()]
        lines.append(f"ANSWER: {question.answer}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _one_line(text: str) -> str:
    """Aiken reads one line per stem and option."""
    return " ".join(text.split())
