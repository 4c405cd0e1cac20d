"""Reports for HR: gathers plain data from the store and hands it to `qa_desk.reports`.

The evaluation form of one call (PDF) and the evaluations of a period (workbook). Only reads."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from qa_desk.db import Database
from qa_desk.models import Call, Evaluation
from qa_desk.reports import (
    DEFAULT_ORGANISATION,
    EvaluationForm,
    EvaluationRow,
    FormItem,
    HistoryEntry,
    Period,
    build_quotes,
    render_evaluation_pdf,
)
from qa_desk.reports.labels import as_utc
from qa_desk.services.access import Actor
from qa_desk.services.calls import CallService
from qa_desk.services.review import ItemView, ReviewService
from qa_desk.transcripts import model as transcript


class ReportError(LookupError):
    """Nothing to report: no such call, or the call has not been scored."""


class ReportService:
    def __init__(self, database: Database, *,
                 section_names: Mapping[str, str] | None = None) -> None:
        self._db = database
        self._section_names = section_names

    def evaluation_form(self, call_id: str) -> EvaluationForm:
        call = CallService(self._db).get(call_id)
        if call is None:
            raise ReportError(f"no call {call_id!r} in the database")
        evaluation = ReviewService(self._db).current(call_id)
        if evaluation is None:
            raise ReportError(f"call {call_id!r} has not been scored yet")
        sections = self.section_names()
        return EvaluationForm(
            call_id=call.call_id, agent_id=call.agent.id if call.agent else None,
            agent_name=call.agent.name if call.agent else None, channel=call.channel,
            started_at=call.started_at.replace(tzinfo=None) if call.started_at else None,
            duration=call.duration, pack=f"{evaluation.pack_id} {evaluation.pack_version}",
            auto_score=evaluation.auto_score, reviewed_score=evaluation.reviewed_score,
            auto_fatal=evaluation.fatal, status=evaluation.status,
            reviewed_by=evaluation.reviewed_by, reviewed_at=as_utc(evaluation.reviewed_at),
            signed_by=evaluation.signed_by, signed_at=as_utc(evaluation.signed_at),
            comment=evaluation.comment,
            items=tuple(_form_item(item, call, sections) for item in evaluation.items),
            history=tuple(_history_entry(entry) for entry in evaluation.history),
        )

    def write_evaluation_pdf(self, call_id: str, out: str | Path | BinaryIO, *,
                             organisation: str = DEFAULT_ORGANISATION, mask: bool = True) -> str:
        """The call's evaluation form as a PDF; returns the document id."""
        form = self.evaluation_form(call_id)
        return render_evaluation_pdf(form, out, organisation=organisation, mask=mask)

    def write_workbook(self, out: str | Path | BinaryIO, period: Period, *,
                       agent: str | None = None, mask: bool = True, actor: Actor = "system") -> int:
        """The HR workbook of the period (qa_desk.services.hr_workbook); returns how many
        evaluations it holds."""
        from qa_desk.services.hr_workbook import HrWorkbookService

        return HrWorkbookService(self._db).write(out, period, agent=agent, mask=mask,
                                                 actor=actor).evaluations

    def evaluation_rows(self, period: Period, *, agent: str | None = None
                        ) -> Iterator[EvaluationRow]:
        """The current evaluation of every call started in the period, oldest call first."""
        from qa_desk.services.hr_workbook import HrWorkbookService

        return HrWorkbookService(self._db).evaluation_rows(period, agent=agent)

    def section_names(self) -> Mapping[str, str]:
        if self._section_names is None:
            from qa_desk.scoring import PackError, load_pack

            try:
                self._section_names = {s.id: s.name for s in load_pack().sections}
            except PackError:
                self._section_names = {}
        return self._section_names


def _form_item(item: ItemView, call: transcript.Call, sections: Mapping[str, str]) -> FormItem:
    quotes, more = build_quotes(item.evidence, call.turns)
    return FormItem(
        rule=item.rule, name=item.name, section=sections.get(item.section, item.section),
        result=item.result, final_result=item.effective_result, points=item.points,
        final_points=item.effective_points, max_points=item.max_points, fatal=item.fatal,
        review=item.review, reason=item.reason, comment=item.comment, detail=item.detail,
        quotes=quotes, more_quotes=more,
    )


def _history_entry(entry: Mapping[str, object]) -> HistoryEntry:
    at = entry.get("at")
    moment = as_utc(datetime.fromisoformat(at)) if isinstance(at, str) else None
    reason = entry.get("reason")
    return HistoryEntry(at=moment, by=str(entry.get("by") or ""), action=str(entry.get("action")),
                        reason=str(reason) if reason else None)


def _period_query(query, period: Period, agent: str | None):
    start = datetime.combine(period.first, datetime.min.time())
    end = datetime.combine(period.last + timedelta(days=1), datetime.min.time())
    query = (query.select_from(Call)
             .join(Evaluation, Evaluation.id == Call.current_evaluation_id)
             .where(Call.started_at >= start, Call.started_at < end))
    return query.where(Call.agent_id == agent) if agent else query
