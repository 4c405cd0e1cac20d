"""Read Moodle's GIFT format: `::title::stem {=right ~wrong ####general feedback}`.

Questions are separated by blank lines; `//` starts a comment line; `$CATEGORY:` sets the
category of the questions after it. Supported: true/false `{T}` `{FALSE}`, multiple choice with
one `=` answer (single) or `~%50%`-weighted right answers (multiple), and essays `{}` (short).
Moodle's short-answer `{=a =b}`, numerical `{#…}` and matching `{=a -> b}` have no counterpart
in a QA Desk bank and are reported as problems."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from qa_desk.training.errors import BankError, Problem, file_error
from qa_desk.training.gift_answers import parse_answer_block
from qa_desk.training.gift_text import BANK_META, META, hide_escapes, read_meta, show_escapes
from qa_desk.training.model import Bank, Question
from qa_desk.training.validate import build_question

_TITLE = re.compile(r"^::(.*?)::", re.DOTALL)
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
# What the metadata comment may set, and the shape each value must have.
META_KEYS = {"category": str, "difficulty": (int, str), "points": (int, float, str),
             "reference_answer": str, "key_points": list, "note": str}


@dataclass(slots=True)
class _Block:
    line: int
    lines: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


def parse_gift(text: str, source: str, *, name: str) -> Bank:
    bank_meta: dict[str, Any] = {}
    category: str | None = None
    questions: list[Question] = []
    problems: list[Problem] = []
    for block in _blocks(text, bank_meta):
        body = "\n".join(block.lines).strip()
        if body.startswith("$CATEGORY:"):
            category = body.removeprefix("$CATEGORY:").strip().rstrip("/").rsplit("/", 1)[-1] or None
            continue
        question, found = _question(body, block, category)
        problems.extend(found)
        if question is not None:
            questions.append(question)
    if problems:
        raise BankError(source, problems)
    if not questions:
        raise file_error(source, "no GIFT questions found (expected e.g. `::q1::题干 {=对的 ~错的}`)")
    return Bank(name=name or str(bank_meta.get("bank") or ""), title=str(bank_meta.get("title") or name),
                source=bank_meta.get("source"), questions=questions)


def _blocks(text: str, bank_meta: dict[str, Any]) -> list[_Block]:
    """Questions as runs of non-blank lines, comments taken out (QA Desk's metadata kept)."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            current = None
            continue
        if current is None:
            current = _Block(line=number)
            blocks.append(current)
        if line.lstrip().startswith("//"):
            bank = read_meta(line, BANK_META)
            if bank is not None:
                bank_meta.update(bank)
            meta = read_meta(line, META) or {}
            current.meta.update({k: v for k, v in meta.items() if isinstance(v, META_KEYS.get(k, ()))})
            continue
        current.lines.append(line)
    return [b for b in blocks if b.lines]


def _question(body: str, block: _Block, category: str | None) -> tuple[Question | None, list[Problem]]:
    hidden = hide_escapes(body)
    title = None
    match = _TITLE.match(hidden)
    if match:
        title = show_escapes(match.group(1)).strip() or None
        hidden = hidden[match.end():]
    marker = _FORMAT.match(hidden)
    as_html = marker is not None and marker.group(1).lower() == "html"
    hidden = hidden[marker.end():] if marker else hidden
    start = hidden.find("{")
    end = hidden.find("}", start + 1) if start >= 0 else -1
    if start < 0 or end < start:
        reason = "no answer block {…}" if start < 0 else "the answer block {… is not closed with }"
        return None, [Problem(reason, line=block.line, question=title)]
    before, inside, after = hidden[:start].strip(), hidden[start + 1:end], hidden[end + 1:].strip()

    def plain(part: str) -> str:
        part = show_escapes(part)
        return html.unescape(_TAG.sub("", part)).strip() if as_html else part.strip()

    try:
        parts = parse_answer_block(inside, plain)
    except ValueError as exc:
        return None, [Problem(str(exc), line=block.line, question=title, field="answer block")]
    # A blank in mid-sentence (`客服应 {…} 再挂断`) becomes the bank's own blank mark.
    stem = plain(before) + (f"（ ）{plain(after)}" if after else "")
    raw = {"category": category, **block.meta, **parts, "stem": stem, "code": title}

    def report(key: str, reason: str) -> Problem:
        return Problem(reason, line=block.line, question=title, field=key)

    return build_question(raw, report)
