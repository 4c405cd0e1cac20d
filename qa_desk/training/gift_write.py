"""Write a bank as GIFT that Moodle imports and `parse_gift` reads back whole.

Moodle sees true/false, multiple choice (single right answer `=`, several right answers
weighted `~%50%` with `~%-100%` for wrong picks) and essays for short answers; the
explanation is the general feedback `####`; the category becomes `$CATEGORY: bank/category`."""

from __future__ import annotations

from pathlib import Path

from qa_desk.training.gift_text import BANK_META, META, escape, meta_line
from qa_desk.training.model import MULTIPLE, SHORT, SINGLE, TRUE_FALSE, Bank, Question
from qa_desk.training.notation import format_number


def write_gift_bank(bank: Bank, path: Path) -> list[str]:
    path.write_text(gift_text(bank), encoding="utf-8")
    return []


def gift_text(bank: Bank) -> str:
    blocks = [meta_line(BANK_META, {"bank": bank.name, "title": bank.title, "source": bank.source})]
    category: str | None = None
    for question in bank.questions:
        if question.category and question.category != category:
            category = question.category
            blocks.append(f"$CATEGORY: {bank.name}/{category}")
        blocks.append(question_text(question))
    return "\n\n".join(blocks) + "\n"


def question_text(question: Question) -> str:
    meta = meta_line(META, {
        "category": question.category, "difficulty": question.difficulty,
        "points": format_number(question.points), "reference_answer": question.reference_answer,
        "key_points": list(question.key_points), "note": question.note,
    })
    title = f"::{escape(question.code)}::" if question.code else ""
    return f"{meta}\n{title}{escape(question.stem)} {{{_answers(question)}}}"


def _answers(question: Question) -> str:
    general = f"####{escape(question.explanation)}" if question.explanation else ""
    if question.type == TRUE_FALSE:
        return ("TRUE" if question.answer else "FALSE") + general
    if question.type == SHORT:
        return general
    lines = [f"\t{_mark(question, letter)}{escape(text)}" for letter, text in question.options.items()]
    if general:
        lines.append(f"\t{general}")
    return "\n" + "\n".join(lines) + "\n"


def _mark(question: Question, letter: str) -> str:
    if question.type == SINGLE:
        return "=" if letter == question.answer else "~"
    assert question.type == MULTIPLE
    if letter not in question.answer:
        return "~%-100%"
    # Moodle snaps weights to its list of grades (50, 33.33333, 25, …): five decimals match it.
    share = round(100 / len(question.answer), 5)
    return f"~%{format_number(share)}%"
