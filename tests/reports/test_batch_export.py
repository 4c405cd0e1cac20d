"""Batch export on the demo month: a folder per agent with every call's form (and the agent's
period report), the workbook at the top; cancel at any point leaves only whole files; an agent
selection or an agent's own scope holds on every file; roles are enforced."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from qa_desk.reports import parse_period
from qa_desk.services.access import Identity, PermissionDenied
from qa_desk.services.batch_export import (
    ExportRequest,
    export_agents,
    period_name,
    run_export,
    safe_name,
)
from qa_desk.services.reports import ReportError, ReportService
from tests.reports.report_helpers import REVIEWED_CALL

NOVEMBER = parse_period("2026-11")
HR = Identity("zhao", "hr", display_name="人事小赵")
SUPERVISOR = Identity("wang", "supervisor")
AGENT = Identity("li", "agent", agent_id="1024")


def drive(job, stop_after: int | None = None, flag: list[bool] | None = None):
    """Run a job to its end; after `stop_after` progress reports set the stop flag."""
    seen = []
    try:
        while True:
            seen.append(next(job))
            if flag is not None and stop_after is not None and len(seen) > stop_after:
                flag[0] = True
    except StopIteration as stop:
        return stop.value, seen


def every_file(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_a_folder_per_agent_with_every_form_and_the_workbook_on_top(store, tmp_path):
    agents = export_agents(store.db, NOVEMBER, actor=HR)
    calls = sum(a.calls for a in agents)
    result, progress = drive(run_export(store.db, ExportRequest(tmp_path, NOVEMBER), actor=HR))
    assert not result.cancelled and not result.failed
    assert result.folder == tmp_path / "质检导出_2026-11" and result.folder.is_dir()
    assert len(result.forms) == calls > 10
    assert result.workbook == result.folder / "HR工作簿_2026-11.xlsx"
    with_reports = hasattr(ReportService, "write_agent_pdf")
    named = [a for a in agents if a.agent_id]
    assert len(result.agent_reports) == (len(named) if with_reports else 0)
    assert result.total == len(result.files) == len(every_file(result.folder))
    assert progress[-1] == (result.total, result.total, progress[-1][2])
    assert [done for done, _, _ in progress] == list(range(result.total + 1))

    li = next(a for a in agents if a.agent_id == "1024")
    folder = result.folder / safe_name(li.label)
    forms = sorted(folder.glob("评估表_*.pdf"))
    assert len(forms) == li.calls and (folder / f"评估表_{REVIEWED_CALL}.pdf") in forms
    assert all(p.read_bytes().startswith(b"%PDF") for p in result.files if p.suffix == ".pdf")
    book = load_workbook(result.workbook)
    assert len(list(book["评估明细"].iter_rows(min_row=2))) == calls
    assert not list(tmp_path.rglob("*.part"))

    again, _ = drive(run_export(store.db, ExportRequest(tmp_path, NOVEMBER, agent_reports=False,
                                                        workbook=False), actor=HR))
    assert again.folder == tmp_path / "质检导出_2026-11_2"  # never over the first export


def test_cancel_mid_way_keeps_only_whole_files(store, tmp_path):
    flag = [False]
    request = ExportRequest(tmp_path, NOVEMBER, agent_reports=False)
    result, _ = drive(run_export(store.db, request, actor=HR, should_stop=lambda: flag[0]),
                      stop_after=4, flag=flag)
    assert result.cancelled
    written = every_file(result.folder)
    assert written == sorted(result.files) and len(written) == 4 < result.total
    assert result.workbook is not None  # the first file of the plan
    assert not list(tmp_path.rglob("*.part"))
    assert all(p.read_bytes().endswith(b"%%EOF\n") or p.read_bytes().rstrip().endswith(b"%%EOF")
               for p in written if p.suffix == ".pdf")


def test_cancel_inside_the_workbook_drops_it(store, tmp_path):
    result, _ = drive(run_export(store.db, ExportRequest(tmp_path, NOVEMBER), actor=HR,
                                 should_stop=iter([False, True, True, True]).__next__))
    assert result.cancelled and result.workbook is None and result.files == []
    assert every_file(result.folder) == [] and not list(tmp_path.rglob("*.part"))


def test_chosen_agents_only_on_every_file(store, tmp_path):
    request = ExportRequest(tmp_path, NOVEMBER, agents=("1024",), agent_reports=False)
    result, _ = drive(run_export(store.db, request, actor=SUPERVISOR))
    folders = {p.parent.name for p in result.forms}
    assert len(folders) == 1 and folders.pop().startswith("1024")
    detail = load_workbook(result.workbook)["评估明细"]
    assert {r[1] for r in detail.iter_rows(min_row=2, values_only=True)} == {"1024"}

    two = [a.agent_id for a in export_agents(store.db, NOVEMBER)][:2]
    request = ExportRequest(tmp_path, NOVEMBER, agents=tuple(two), agent_reports=False)
    result, _ = drive(run_export(store.db, request, actor=HR))
    rows = load_workbook(result.workbook)["评估明细"].iter_rows(min_row=2, values_only=True)
    assert {r[1] or "" for r in rows} == set(two)
    assert len({p.parent for p in result.forms}) == 2


def test_roles(store, tmp_path):
    tmp_path = tmp_path / "out"
    with pytest.raises(PermissionDenied):
        drive(run_export(store.db, ExportRequest(tmp_path, NOVEMBER), actor=AGENT))
    with pytest.raises(PermissionDenied, match="unmasked"):
        drive(run_export(store.db, ExportRequest(tmp_path, NOVEMBER, mask=False), actor=SUPERVISOR))
    with pytest.raises(PermissionDenied):
        export_agents(store.db, NOVEMBER, actor=AGENT)
    assert not tmp_path.exists() or list(tmp_path.iterdir()) == []


def test_a_failing_form_is_reported_and_the_rest_still_written(store, tmp_path):
    class Flaky(ReportService):
        def write_evaluation_pdf(self, call_id, out, **options):
            if call_id == REVIEWED_CALL:
                Path(out).write_bytes(b"half")
                raise ReportError(f"call {call_id!r} broke")
            return super().write_evaluation_pdf(call_id, out, **options)

    request = ExportRequest(tmp_path, NOVEMBER, agents=("1024",), workbook=False,
                            agent_reports=False)
    result, _ = drive(run_export(store.db, request, actor=HR, reports=Flaky(store.db)))
    assert result.failed == [(REVIEWED_CALL, f"call {REVIEWED_CALL!r} broke")]
    assert result.forms and REVIEWED_CALL not in {p.stem for p in result.forms}
    assert not list(result.folder.rglob("*.part"))
    assert not list(result.folder.rglob(f"*{REVIEWED_CALL}*"))


def test_names():
    assert period_name(NOVEMBER) == "2026-11"
    assert period_name(parse_period("2026-11-01..2026-11-15")) == "2026-11-01_2026-11-15"
    assert period_name(parse_period("2026-12-01..2026-12-31")) == "2026-12"
    assert safe_name('a/b:c*"d"') == "a_b_c_d_" and safe_name("..") == "_"
