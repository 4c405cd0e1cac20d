"""Reports for HR: gathers plain data from the store and hands it to `qa_desk.reports`.

The evaluation form of one call (PDF), the period report of one agent (PDF) and the
evaluations of a period (workbook). Reads only, except that every export appends an audit row
("report.export": who wrote which document). Exports need "reports.export"; agents may export
their own calls and reports only; unmasked personal numbers need "reports.unmask"."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from qa_desk.db import Database
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
from qa_desk.reports.agent_report import AgentReport, period_key
from qa_desk.reports.agent_report_pdf import render_agent_pdf
from qa_desk.reports.form import RewardLine, reward_line
from qa_desk.reports.labels import as_utc
from qa_desk.reports.pdf_batch import render_evaluation_pdfs
from qa_desk.services import access, audit
from qa_desk.services.access import Actor
from qa_desk.services.calls import CallService
from qa_desk.services.review import ItemView, ReviewService
from qa_desk.transcripts import model as transcript

SYSTEM = "system"
EXPORT = "reports.export"


class ReportError(LookupError):
    """Nothing to report: no such call, or the call has not been scored."""


class ReportService:
    def __init__(self, database: Database, *,
                 section_names: Mapping[str, str] | None = None) -> None:
        self._db = database
        self._section_names = section_names

    def evaluation_form(self, call_id: str, *, actor: Actor = SYSTEM,
                        _ledgers: dict | None = None) -> EvaluationForm:
        call = CallService(self._db).get(call_id)
        if call is None:
            raise ReportError(f"no call {call_id!r} in the database")
        access.require_own(actor, call.agent.id if call.agent else None, EXPORT)
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
            rewards=self._evaluation_rewards(evaluation.id, call, actor, _ledgers),
        )

    def write_evaluation_pdf(self, call_id: str, out: str | Path | BinaryIO, *,
                             organisation: str = DEFAULT_ORGANISATION, mask: bool = True,
                             actor: Actor = SYSTEM) -> str:
        """The call's evaluation form as a PDF; returns the document id."""
        _require_unmask(actor, mask)
        form = self.evaluation_form(call_id, actor=actor)
        doc_id = render_evaluation_pdf(form, out, organisation=organisation, mask=mask)
        self._audit_export(actor, f"call:{call_id}", doc_id, out, mask)
        return doc_id

    def agent_report(self, agent_id: str, period: Period, *, actor: Actor = SYSTEM) -> AgentReport:
        """The period report of one agent: scores, trend, failures per rule, worst calls, exams
        and the reward/penalty ledger."""
        from qa_desk.services.agent_reports import UnknownAgent, read_agent_report

        access.require_own(actor, agent_id, EXPORT)
        ledger = self._ledger(agent_id, period, actor)
        try:
            with self._db.sessions() as session:
                return read_agent_report(session, agent_id, period,
                                         section_names=self.section_names(), ledger=ledger)
        except UnknownAgent as exc:
            raise ReportError(str(exc)) from None

    def write_agent_pdf(self, agent_id: str, period: Period, out: str | Path | BinaryIO, *,
                        organisation: str = DEFAULT_ORGANISATION, mask: bool = True,
                        actor: Actor = SYSTEM) -> str:
        """The agent's period report as a PDF; returns the document id."""
        _require_unmask(actor, mask)
        report = self.agent_report(agent_id, period, actor=actor)
        doc_id = render_agent_pdf(report, out, organisation=organisation, mask=mask)
        self._audit_export(actor, f"agent:{agent_id}:{period_key(period)}", doc_id, out, mask)
        return doc_id

    def write_evaluation_pdfs(self, call_ids: Sequence[str], folder: str | Path, *,
                              organisation: str = DEFAULT_ORGANISATION, mask: bool = True,
                              actor: Actor = SYSTEM, workers: int | None = None,
                              progress: Callable[[int, int], bool | None] | None = None,
                              ) -> list[tuple[str, Path, str]]:
        """The forms of many calls, CALL_ID.pdf each in `folder`, rendered over worker
        processes; returns (call id, file, document id) of every form written: all of them,
        unless `progress(done, total)` returned False to stop. One audit row per form."""
        _require_unmask(actor, mask)
        ledgers: dict = {}  # one reward/penalty ledger per agent and month, not one per form
        forms = [self.evaluation_form(call_id, actor=actor, _ledgers=ledgers)
                 for call_id in call_ids]
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        jobs = [(form, folder / f"{_file_safe(form.call_id)}.pdf") for form in forms]
        ids = render_evaluation_pdfs(jobs, organisation=organisation, mask=mask, workers=workers,
                                     progress=progress)
        written = [(form.call_id, path, doc_id) for (form, path), doc_id
                   in zip(jobs[:len(ids)], ids, strict=True)]
        with self._db.sessions.begin() as session:
            for call_id, path, doc_id in written:
                _record_export(session, actor, f"call:{call_id}", doc_id, path.name, mask)
        return written

    def _evaluation_rewards(self, evaluation_id: int, call: transcript.Call, actor: Actor,
                            ledgers: dict | None = None) -> tuple[RewardLine, ...]:
        """The reward/penalty lines citing this evaluation (counted over its call's month).
        `ledgers` keeps each agent's month ledger for the next form of a batch."""
        from qa_desk.services.rewards import RewardService, month_of

        rewards = RewardService(self._db)
        if ledgers is None or call.agent is None or call.started_at is None:
            lines = rewards.outcome_for_evaluation(evaluation_id, actor=actor)
        else:
            day = call.started_at.date()
            key = (call.agent.id, day.year, day.month)
            if key not in ledgers:
                ledgers[key] = rewards.ledger(month_of(day), call.agent.id, actor=actor)
            source = f"evaluation:{evaluation_id}"
            lines = [line for line in ledgers[key] if source in line.sources]
        return tuple(reward_line(line) for line in lines)

    def _ledger(self, agent_id: str, period: Period, actor: Actor) -> tuple[RewardLine, ...]:
        from qa_desk.services.rewards import RewardService

        lines = RewardService(self._db).ledger(period, agent_id, actor=actor)
        return tuple(reward_line(line) for line in sorted(lines, key=lambda x: x.on))  # stable

    def _audit_export(self, actor: Actor, entity: str, doc_id: str,
                      out: str | Path | BinaryIO, mask: bool) -> None:
        with self._db.sessions.begin() as session:
            _record_export(session, actor, entity, doc_id, _file_name(out), mask)

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


def _record_export(session, actor: Actor, entity: str, doc_id: str, file: str | None,
                   mask: bool) -> None:
    audit.record(session, actor=access.actor_name(actor), action="report.export", entity=entity,
                 after={"document_id": doc_id, "file": file, "masked": mask})


def _file_safe(name: str) -> str:
    """A call id as a file name: anything but letters, digits, dot, dash and underscore → _."""
    return re.sub(r"[^\w.-]", "_", name).lstrip(".") or "call"


def _require_unmask(actor: Actor, mask: bool) -> None:
    if not mask:
        access.require(actor, "reports.unmask")


def _file_name(out: str | Path | BinaryIO) -> str | None:
    """The name the document is saved under (a partial file's final name); None for a stream."""
    if isinstance(out, str | Path):
        name = Path(out).name
        return name.removesuffix(".part")
    return getattr(out, "name", None) if isinstance(getattr(out, "name", None), str) else None
