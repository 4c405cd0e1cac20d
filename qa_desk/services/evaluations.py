"""Storing automatic evaluations: one transaction per call, history kept across pack versions."""

from __future__ import annotations

from sqlalchemy import select, update

from qa_desk.db import Database
from qa_desk.models import Call, Evaluation, EvaluationItem
from qa_desk.scoring import CallScore
from qa_desk.services import access
from qa_desk.services.importing import FileOutcome, store_calls
from qa_desk.services.prepared import prepare_call

STORED = "stored"
UNCHANGED = "unchanged"


class EvaluationService:
    def __init__(self, database: Database) -> None:
        self._db = database

    def store(self, score: CallScore) -> str:
        """Save the call (if new) and its evaluation. A pack version already applied to this
        call adds nothing; a new version adds a new evaluation beside the old ones."""
        with self._db.sessions.begin() as session:
            outcome = FileOutcome(source=score.call.source or "")
            store_calls(session, [prepare_call(score.call)], outcome)
            if outcome.conflicts:
                raise ValueError(outcome.conflicts[0])
            call_pk = session.scalar(select(Call.id).where(Call.call_id == score.call.call_id))
            # Lock the call's row before looking for its evaluation: two desks scoring the same
            # call at once would otherwise both find none and both add one (a row lock on
            # PostgreSQL; on SQLite, any write takes the database's write lock).
            session.execute(update(Call).where(Call.id == call_pk)
                            .values(current_evaluation_id=Call.current_evaluation_id)
                            .execution_options(synchronize_session=False))
            exists = session.scalar(
                select(Evaluation.id).where(
                    Evaluation.call_pk == call_pk,
                    Evaluation.pack_id == score.pack_id,
                    Evaluation.pack_version == score.pack_version,
                )
            )
            if exists:
                return UNCHANGED
            evaluation = _evaluation(call_pk, score)
            session.add(evaluation)
            session.flush()
            _make_current(session, call_pk, evaluation)
            return STORED

    def history(self, call_id: str) -> list[tuple[str, str, float, str]]:
        """(pack id, pack version, auto score, status) of every evaluation, oldest first."""
        query = (
            select(Evaluation.pack_id, Evaluation.pack_version, Evaluation.auto_score,
                   Evaluation.status)
            .join(Call, Call.id == Evaluation.call_pk)
            .where(Call.call_id == call_id)
            .order_by(Evaluation.created_at, Evaluation.id)
        )
        with self._db.sessions() as session:
            return [tuple(row) for row in session.execute(query)]


def _make_current(session, call_pk: int, evaluation: Evaluation) -> None:
    """The newest evaluation is the one shown, unless a reviewed one is in force: a new pack
    never replaces a supervisor's work; it waits in the history until someone reopens."""
    call = session.get(Call, call_pk)
    if call.current_evaluation_id is not None:
        current = session.get(Evaluation, call.current_evaluation_id)
        if current is not None and current.status != "auto":
            return
    call.current_evaluation_id = evaluation.id


def _evaluation(call_pk: int, score: CallScore) -> Evaluation:
    return Evaluation(
        call_pk=call_pk,
        pack_id=score.pack_id,
        pack_version=score.pack_version,
        auto_score=score.score,
        fatal=score.fatal,
        failed_rules=",".join(i.rule for i in score.items if i.result == "fail"),
        items=[
            EvaluationItem(
                position=position, rule_id=item.rule, name=item.name, section=item.section,
                fatal=item.fatal, bonus=item.bonus, result=item.result,
                points=item.points, max_points=item.max_points, detail=item.detail or None,
                evidence=[{"turn": s.turn, "start": s.start, "end": s.end,
                           "text": score.evidence_text(s)} for s in item.evidence],
            )
            for position, item in enumerate(score.items)
        ],
    )


def score_stored_calls(database: Database, call_ids: list[str], scorer, *,
                       should_stop=lambda: False, actor: access.Actor = "system"):
    """Score calls already in the store and keep the evaluations; yields each call id done."""
    from qa_desk.services.calls import CallService

    access.require(actor, "calls.score")
    calls = CallService(database)
    evaluations = EvaluationService(database)
    for call_id in call_ids:
        if should_stop():
            return
        call = calls.get(call_id)
        if call is not None:
            evaluations.store(scorer.score(call))
        yield call_id
