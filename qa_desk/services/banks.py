"""Question banks in the database: check, import (one transaction per file), list, export.

A file is checked whole before anything is stored: one bad row and nothing is imported.
Re-importing a file adds nothing twice: a question is known by its content hash (type, stem,
options, answer) within its bank; corrected explanations, points or categories update it.
Importing and exporting (the export holds the key) need banks.manage; an import is recorded in
the audit trail in its own transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qa_desk.db import Database
from qa_desk.models import Question as QuestionRow
from qa_desk.models import QuestionBank
from qa_desk.services import access, audit
from qa_desk.services.access import Actor
from qa_desk.training import Bank, BankError, Problem, Question, read_bank, write_bank
from qa_desk.training.model import answer_from_json, answer_to_json

NAME_LIMIT = 100


class UnknownBankError(LookupError):
    pass


@dataclass(slots=True)
class BankImport:
    source: str
    bank: str | None = None
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None

    def describe(self) -> str:
        if self.error:
            return f"failed: {self.error}"
        return (f"{self.source}: bank {self.bank}: {self.imported} imported, {self.updated} updated, "
                f"{self.unchanged} unchanged")


@dataclass(frozen=True, slots=True)
class BankRow:
    name: str
    title: str
    source: str | None
    created_at: datetime
    questions: int
    points: float


def check_file(path: Path | str, *, format: str | None = None, name: str | None = None
               ) -> dict[str, Any]:
    """What `bank check` prints: counts per type, or every problem with its row or line."""
    try:
        bank = read_bank(path, format=format, name=name)
    except BankError as exc:
        return {"file": str(path), "ok": False, "errors": [p.as_dict() for p in exc.problems]}
    return {"file": str(path), "ok": True, "bank": bank.name, "title": bank.title,
            "questions": len(bank.questions), "by_type": bank.count_by_type(),
            "points": bank.total_points, "errors": [], "warnings": bank.warnings}


class BankService:
    def __init__(self, database: Database) -> None:
        self._db = database

    def import_file(self, path: Path | str, *, bank: str | None = None,
                    format: str | None = None, actor: Actor = "system") -> BankImport:
        access.require(actor, "banks.manage")
        try:
            parsed = read_bank(path, format=format, name=bank)
        except BankError as exc:
            return BankImport(source=str(path), error=exc.describe(), problems=exc.problems)
        return self.store(parsed, source=str(path), actor=actor)

    def store(self, bank: Bank, *, source: str, actor: Actor = "system") -> BankImport:
        """All of the bank's questions in one transaction, or none of them."""
        access.require(actor, "banks.manage")
        if not bank.name.strip() or len(bank.name) > NAME_LIMIT:
            reason = f"a bank name of 1 to {NAME_LIMIT} characters is needed (give one with --bank)"
            return BankImport(source=source, error=f"{source}: {reason}", problems=[Problem(reason)])
        try:
            return self._store_once(bank, source, actor)
        except IntegrityError:
            # Another desk created the bank or a question meanwhile: once more, seeing theirs.
            return self._store_once(bank, source, actor)

    def _store_once(self, bank: Bank, source: str, actor: Actor) -> BankImport:
        outcome = BankImport(source=source, bank=bank.name, warnings=list(bank.warnings))
        try:
            with self._db.sessions.begin() as session:
                _store(session, bank, outcome)
                if outcome.problems:
                    raise _Refused
                if outcome.imported or outcome.updated:
                    audit.record(session, actor=access.actor_name(actor), action="bank.import",
                                 entity=f"bank:{bank.name}",
                                 after={"source": source, "imported": outcome.imported,
                                        "updated": outcome.updated, "unchanged": outcome.unchanged})
        except _Refused:
            outcome.imported = outcome.updated = outcome.unchanged = 0  # rolled back
            outcome.error = BankError(source, outcome.problems).describe()
        return outcome

    def list_banks(self) -> list[BankRow]:
        counts = (select(QuestionRow.bank_id, func.count().label("n"),
                         func.coalesce(func.sum(QuestionRow.points), 0.0).label("points"))
                  .group_by(QuestionRow.bank_id).subquery())
        query = (select(QuestionBank, counts.c.n, counts.c.points)
                 .outerjoin(counts, counts.c.bank_id == QuestionBank.id).order_by(QuestionBank.name))
        with self._db.sessions() as session:
            return [BankRow(b.name, b.title, b.source, b.created_at, n or 0, float(points or 0))
                    for b, n, points in session.execute(query)]

    def get_bank(self, name: str) -> Bank:
        with self._db.sessions() as session:
            row = session.scalar(select(QuestionBank).where(QuestionBank.name == name))
            if row is None:
                known = session.scalars(select(QuestionBank.name).order_by(QuestionBank.name)).all()
                raise UnknownBankError(f"no question bank named {name!r} (banks: "
                                       f"{', '.join(known) or 'none yet'})")
            return Bank(name=row.name, title=row.title, source=row.source,
                        questions=[to_question(q) for q in row.questions])

    def export(self, name: str, path: Path | str, format: str, *, actor: Actor = "system"
               ) -> list[str]:
        """Write the bank to a file; returns warnings (questions the format cannot hold)."""
        access.require(actor, "banks.manage")
        return write_bank(self.get_bank(name), path, format)


class _Refused(Exception):
    """Conflicts found: leave the transaction without storing anything."""


def _store(session: Session, bank: Bank, outcome: BankImport) -> None:
    row = session.scalar(select(QuestionBank).where(QuestionBank.name == bank.name))
    if row is None:
        row = QuestionBank(name=bank.name, title=bank.title, source=bank.source)
        session.add(row)
        session.flush()
    stored = list(session.scalars(select(QuestionRow).where(QuestionRow.bank_id == row.id)))
    by_hash = {q.content_hash: q for q in stored}
    by_code = {q.code: q for q in stored if q.code}
    position = max((q.position for q in stored), default=0)
    seen: set[str] = set()
    for question in bank.questions:
        digest = question.content_hash
        if digest in seen:
            outcome.warnings.append(f"{_name(question)} repeats an earlier question; kept once")
            continue
        seen.add(digest)
        existing = by_hash.get(digest)
        if existing is not None:
            _refresh(existing, question, outcome)
        elif question.code and question.code in by_code:
            outcome.problems.append(Problem(
                f"already in bank {bank.name} with a different stem, options or answer; not "
                "overwritten (import the edited bank under a new name with --bank, or give the "
                "question a new id)", question=question.code))
        else:
            position += 1
            session.add(QuestionRow(bank_id=row.id, position=position, **to_row(question)))
            outcome.imported += 1


def _refresh(existing: QuestionRow, question: Question, outcome: BankImport) -> None:
    changed = question.changed_details(to_question(existing))
    if not changed:
        outcome.unchanged += 1
        return
    for key, value in changed.items():
        setattr(existing, key, list(value) if key == "key_points" else value)
    outcome.updated += 1


def _name(question: Question) -> str:
    return f"question {question.code}" if question.code else f"question {question.stem[:20]!r}"


def to_row(question: Question) -> dict[str, Any]:
    return {
        "code": question.code, "type": question.type, "stem": question.stem,
        "options": dict(question.options), "answer": answer_to_json(question.answer),
        "points": question.points, "difficulty": question.difficulty, "category": question.category,
        "explanation": question.explanation, "reference_answer": question.reference_answer,
        "key_points": list(question.key_points), "note": question.note,
        "content_hash": question.content_hash,
    }


def to_question(row: QuestionRow) -> Question:
    return Question(
        type=row.type, stem=row.stem, answer=answer_from_json(row.type, row.answer),
        options=dict(row.options or {}), points=row.points, difficulty=row.difficulty,
        category=row.category, explanation=row.explanation, reference_answer=row.reference_answer,
        key_points=tuple(row.key_points or ()), note=row.note, code=row.code,
    )
