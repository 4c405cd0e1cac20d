"""Batch export for HR: for chosen agents and a period, one folder per agent with the signable
evaluation form of each call (PDF) and the agent's period report (PDF, when the report service
has it), plus the HR workbook of the period at the top.

A generator job: it yields progress as (done, total, message) after every file and checks
`should_stop` before each file and inside the workbook's rows, so a cancel stops within a
moment. Every file is written beside its target as NAME.part and renamed when complete: a
cancel or a failure never leaves a half-written file, and no `.part` file is left behind.
Each document is audited by the service that writes it. No Qt here: the dialog is a front."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from qa_desk.db import Database
from qa_desk.models import Agent, Call, Evaluation
from qa_desk.reports import DEFAULT_ORGANISATION, Period
from qa_desk.services import access
from qa_desk.services.access import Actor, PermissionDenied
from qa_desk.services.hr_workbook import HrWorkbookService, scope
from qa_desk.services.reports import ReportError, ReportService

Progress = tuple[int, int, str]
ShouldStop = Callable[[], bool]
NO_AGENT = ""  # calls stored without an agent id
NO_AGENT_FOLDER = "未知坐席"
CHECK_EVERY = 500  # workbook rows between two looks at should_stop


class ExportCancelled(Exception):
    """Raised inside a file being written when the user cancels; the file is dropped."""


@dataclass(frozen=True, slots=True)
class ExportAgent:
    agent_id: str  # NO_AGENT for calls without one
    name: str | None
    calls: int

    @property
    def label(self) -> str:
        if self.agent_id == NO_AGENT:
            return NO_AGENT_FOLDER
        return f"{self.agent_id} {self.name}" if self.name else self.agent_id


@dataclass(frozen=True, slots=True)
class ExportRequest:
    folder: Path  # the export goes into a new folder inside this one
    period: Period
    agents: tuple[str, ...] | None = None  # None: every agent with calls in the period
    mask: bool = True
    organisation: str = DEFAULT_ORGANISATION
    workbook: bool = True
    agent_reports: bool = True


@dataclass
class ExportResult:
    folder: Path
    total: int = 0  # files planned
    forms: list[Path] = field(default_factory=list)
    agent_reports: list[Path] = field(default_factory=list)
    workbook: Path | None = None
    failed: list[tuple[str, str]] = field(default_factory=list)  # (what, why)
    cancelled: bool = False

    @property
    def files(self) -> list[Path]:
        return [*self.forms, *self.agent_reports, *([self.workbook] if self.workbook else [])]


def export_agents(database: Database, period: Period, *, actor: Actor = "system"
                  ) -> list[ExportAgent]:
    """The agents with scored calls in the period (the ones an export can hold), by id."""
    own = _own(actor)
    counts: dict[str, list[Any]] = {}
    for agent_id, name, _ in _period_calls(database, period, own):
        entry = counts.setdefault(agent_id or NO_AGENT, [name, 0])
        entry[1] += 1
    return [ExportAgent(agent_id, name, calls) for agent_id, (name, calls) in sorted(counts.items())]


def run_export(database: Database, request: ExportRequest, *, actor: Actor = "system",
               should_stop: ShouldStop = lambda: False,
               reports: ReportService | None = None) -> Generator[Progress, None, ExportResult]:
    """The job: plan, then write file after file. Returns what was written (also when
    cancelled: `result.cancelled`)."""
    scope(actor, None, mask=request.mask)
    reports = reports or ReportService(database)
    own = _own(actor)
    calls = _selected(_period_calls(database, request.period, own), request.agents)
    agent_pdf = getattr(reports, "write_agent_pdf", None) if request.agent_reports else None
    folder = _new_folder(request.folder, f"质检导出_{period_name(request.period)}")
    result = ExportResult(folder)
    jobs = list(_plan(folder, request, calls, agent_pdf is not None))
    result.total = len(jobs)
    yield 0, result.total, ""
    for done, (kind, what, path) in enumerate(jobs):
        if should_stop():
            result.cancelled = True
            break
        try:
            _write(path, lambda part, kind=kind, what=what: _produce(
                reports, database, request, actor, kind, what, part, should_stop, agent_pdf))
        except ExportCancelled:
            result.cancelled = True
            break
        except PermissionDenied:
            raise
        except (ReportError, OSError, ValueError) as exc:
            result.failed.append((what, str(exc)))
        else:
            if kind == "workbook":
                result.workbook = path
            else:
                (result.forms if kind == "form" else result.agent_reports).append(path)
        yield done + 1, result.total, path.name
    return result


def latest_month(database: Database) -> date | None:
    """The first day of the month of the newest call: where an export usually starts."""
    with database.sessions() as session:
        newest = session.scalar(select(func.max(Call.started_at)))
    return newest.date().replace(day=1) if newest else None


def period_name(period: Period) -> str:
    """2026-11 for a calendar month, else 2026-11-01_2026-11-15 (safe in a file name)."""
    first, last = period.first, period.last
    if first.day == 1 and (last + timedelta(days=1)).day == 1 and (first.year, first.month) == (
            last.year, last.month):
        return f"{first:%Y-%m}"
    return f"{first:%Y-%m-%d}_{last:%Y-%m-%d}"


def safe_name(text: str) -> str:
    """A file or folder name from any text: no separators or characters Windows refuses."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", text).strip(" .")
    return cleaned[:80] or "_"


# -- planning ----------------------------------------------------------------------------------


def _own(actor: Actor) -> str | None:
    access.require(actor, "reports.export")
    return access.own_agent(actor)


def _period_calls(database: Database, period: Period, agent: str | None
                  ) -> list[tuple[str | None, str | None, str]]:
    """(agent id, agent name, call id) of every scored call started in the period, by agent
    then time."""
    start = datetime.combine(period.first, datetime.min.time())
    end = datetime.combine(period.last + timedelta(days=1), datetime.min.time())
    query = (select(Call.agent_id, Agent.name, Call.call_id)
             .outerjoin(Agent, Agent.id == Call.agent_id)
             .join(Evaluation, Evaluation.id == Call.current_evaluation_id)
             .where(Call.started_at >= start, Call.started_at < end)
             .order_by(Call.agent_id, Call.started_at, Call.call_id))
    if agent is not None:
        query = query.where(Call.agent_id == agent)
    with database.sessions() as session:
        return [tuple(row) for row in session.execute(query)]


def _selected(calls: Iterable[tuple[str | None, str | None, str]], agents: Sequence[str] | None
              ) -> list[tuple[str, str | None, str]]:
    wanted = None if agents is None else set(agents)
    return [(agent_id or NO_AGENT, name, call_id) for agent_id, name, call_id in calls
            if wanted is None or (agent_id or NO_AGENT) in wanted]


def _plan(folder: Path, request: ExportRequest, calls: list[tuple[str, str | None, str]],
          agent_reports: bool) -> Iterator[tuple[str, str, Path]]:
    """(kind, what, target path) for every file, the workbook first: HR wants it most."""
    key = period_name(request.period)
    if request.workbook:
        yield "workbook", key, folder / f"HR工作簿_{key}.xlsx"
    seen: set[str] = set()
    for agent_id, name, call_id in calls:
        agent_folder = folder / safe_name(ExportAgent(agent_id, name, 0).label)
        if agent_id not in seen:
            seen.add(agent_id)
            if agent_reports and agent_id != NO_AGENT:
                yield "agent", agent_id, agent_folder / f"个人报告_{safe_name(agent_id)}_{key}.pdf"
        yield "form", call_id, agent_folder / f"评估表_{safe_name(call_id)}.pdf"


def _new_folder(parent: Path, name: str) -> Path:
    """A folder of our own: an earlier export of the same period is never written over."""
    parent.mkdir(parents=True, exist_ok=True)
    for number in range(1, 1000):
        folder = parent / (name if number == 1 else f"{name}_{number}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise OSError(f"too many exports named {name} in {parent}")


# -- writing -----------------------------------------------------------------------------------


def _produce(reports: ReportService, database: Database, request: ExportRequest, actor: Actor,
             kind: str, what: str, part: Path, should_stop: ShouldStop,
             agent_pdf: Callable[..., Any] | None) -> None:
    options = {"organisation": request.organisation, "mask": request.mask}
    if kind == "form":
        _call(reports.write_evaluation_pdf, what, part, actor=actor, **options)
    elif kind == "agent" and agent_pdf is not None:
        _call(agent_pdf, what, request.period, part, actor=actor, **options)
    elif kind == "workbook":
        agent = request.agents[0] if request.agents and len(request.agents) == 1 else None
        service = _StoppableWorkbook(database, should_stop, request.agents)
        service.write(part, request.period, agent=agent, mask=request.mask, actor=actor)


def _call(method: Callable[..., Any], *args: Any, actor: Actor, **options: Any) -> Any:
    """Pass the actor to report methods that take one (older ones do not)."""
    if "actor" in inspect.signature(method).parameters:
        options["actor"] = actor
    return method(*args, **options)


def _write(path: Path, write: Callable[[Path], object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    try:
        write(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


class _StoppableWorkbook(HrWorkbookService):
    """The HR workbook of the chosen agents, which stops between rows when asked."""

    def __init__(self, database: Database, should_stop: ShouldStop,
                 agents: Sequence[str] | None) -> None:
        super().__init__(database)
        self._should_stop = should_stop
        self._agents = None if agents is None or len(agents) <= 1 else set(agents)

    def evaluation_rows(self, period: Period, *, agent: str | None = None):
        for number, row in enumerate(super().evaluation_rows(period, agent=agent)):
            if number % CHECK_EVERY == 0 and self._should_stop():
                raise ExportCancelled
            if self._agents is None or (row.agent_id or NO_AGENT) in self._agents:
                yield row

    def exam_results(self, period: Period, *, agent: str | None = None):
        rows = super().exam_results(period, agent=agent)
        return rows if self._agents is None else [r for r in rows if r.agent_id in self._agents]

    def ledger(self, period: Period, agent: str | None, actor: Actor) -> list[Any]:
        lines = super().ledger(period, agent, actor)
        return lines if self._agents is None else [x for x in lines if x.agent_id in self._agents]
