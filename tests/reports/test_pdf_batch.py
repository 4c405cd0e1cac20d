"""Many forms at once over worker processes: the same files as one at a time, stoppable."""

from __future__ import annotations

from qa_desk.reports import document_id, render_evaluation_pdf
from qa_desk.reports.pdf_batch import render_evaluation_pdfs
from qa_desk.services.reports import ReportService
from tests.reports.report_helpers import PHONE_MASKED, REVIEWED_CALL, pdf_text


def _forms(store, count):
    service = ReportService(store.db)
    calls = [REVIEWED_CALL, store.fatal_call]
    return [service.evaluation_form(calls[n % 2]) for n in range(count)]


def test_workers_write_the_same_documents_as_one_at_a_time(store, tmp_path):
    forms = _forms(store, 6)
    jobs = [(form, tmp_path / f"{n}.pdf") for n, form in enumerate(forms)]
    ids = render_evaluation_pdfs(jobs, organisation="星河宽带", workers=2)
    assert ids == [document_id(form) for form in forms]
    for form, path in jobs:
        alone = tmp_path / "alone.pdf"
        render_evaluation_pdf(form, alone, organisation="星河宽带")
        assert path.read_bytes() == alone.read_bytes()
    assert PHONE_MASKED in pdf_text(jobs[0][1])
    assert not list(tmp_path.glob("*.part"))


def test_a_small_batch_stays_in_process_and_can_be_stopped(store, tmp_path):
    forms = _forms(store, 5)
    jobs = [(form, tmp_path / f"{n}.pdf") for n, form in enumerate(forms)]
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return done < 2  # stop after the second form

    ids = render_evaluation_pdfs(jobs, organisation="QA Desk", progress=progress)
    assert len(ids) == 2 and seen == [(1, 5), (2, 5)]
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["0.pdf", "1.pdf"]


def test_a_large_batch_reports_progress_to_the_end(store, tmp_path):
    forms = _forms(store, 40)
    jobs = [(form, tmp_path / f"{n:02d}.pdf") for n, form in enumerate(forms)]
    seen = []
    ids = render_evaluation_pdfs(jobs, organisation="QA Desk",
                                 progress=lambda done, total: seen.append(done))
    assert len(ids) == 40 and seen[-1] == 40 and seen == sorted(seen)
    assert len(list(tmp_path.glob("*.pdf"))) == 40


def test_the_service_writes_an_agents_forms_with_their_rewards_and_audit_rows(store, tmp_path):
    import pytest

    from qa_desk.services import audit
    from qa_desk.services.access import Identity, PermissionDenied

    service = ReportService(store.db)
    calls = [REVIEWED_CALL, store.fatal_call, "demo-001"]
    written = service.write_evaluation_pdfs(calls, tmp_path / "forms", organisation="星河宽带",
                                            workers=2)
    assert [(c, p.name) for c, p, _ in written] == [(c, f"{c}.pdf") for c in calls]
    for call_id, path, doc_id in written:
        form = service.evaluation_form(call_id)  # one at a time: the same rewards
        assert doc_id == document_id(form) and doc_id in pdf_text(path)
    rows = audit.history(store.db, action="report.export")
    assert sorted(r.entity for r in rows) == sorted(f"call:{c}" for c in calls)
    other = Identity("wangfang", "agent", agent_id="1036")
    with pytest.raises(PermissionDenied):
        service.write_evaluation_pdfs([REVIEWED_CALL], tmp_path / "nope", actor=other)
    assert not (tmp_path / "nope").exists()


def test_stopping_workers_counts_every_form_written(store, tmp_path):
    forms = _forms(store, 80)
    jobs = [(form, tmp_path / f"{n:02d}.pdf") for n, form in enumerate(forms)]
    ids = render_evaluation_pdfs(jobs, organisation="QA Desk", workers=2,
                                 progress=lambda done, total: False)
    assert 16 <= len(ids) < 80 and len(ids) % 16 == 0
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [p.name for _, p in jobs[:len(ids)]]
    assert not list(tmp_path.glob("*.part"))
