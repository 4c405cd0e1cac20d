"""`qa-desk report` as a user runs it: a real process over the real SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys

from openpyxl import load_workbook

from qa_desk.services import audit
from tests.reports.report_helpers import PHONE, PHONE_MASKED, REVIEWED_CALL, pdf_text


def qa_desk(store, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QA_DESK_DATABASE_URL=str(store.db.engine.url))
    return subprocess.run([sys.executable, "-m", "qa_desk", "report", *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_evaluation_form_from_the_command_line(store, tmp_path):
    out = tmp_path / "forms" / "form.pdf"
    result = qa_desk(store, "evaluation", REVIEWED_CALL, "--out", str(out),
                     "--organisation", "星河宽带")
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stdout and f"QA-{REVIEWED_CALL}-" in result.stdout
    text = pdf_text(out)
    assert "星河宽带" in text and PHONE_MASKED in text and PHONE not in text
    assert not list(out.parent.glob("*.part"))


def test_no_mask_prints_numbers_in_full(store, tmp_path):
    out = tmp_path / "full.pdf"
    result = qa_desk(store, "evaluation", REVIEWED_CALL, "--out", str(out), "--no-mask")
    assert result.returncode == 0, result.stderr
    assert PHONE in pdf_text(out)


def test_workbook_from_the_command_line(store, tmp_path):
    out = tmp_path / "hr.xlsx"
    result = qa_desk(store, "workbook", "--period", "2026-11", "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = load_workbook(out)["评估明细"].max_row - 1
    assert f"{rows} evaluations, 2026-11-01..2026-11-30" in result.stdout
    agent = qa_desk(store, "workbook", "--period", "2026-11-01..2026-11-30", "--agent", "1024",
                    "--out", str(tmp_path / "agent.xlsx"))
    assert agent.returncode == 0, agent.stderr
    detail = load_workbook(tmp_path / "agent.xlsx")["评估明细"]
    assert {r[1] for r in detail.iter_rows(min_row=2, values_only=True)} == {"1024"}
    exports = audit.history(store.db, action="report.export")
    assert exports and all(e.actor.startswith("cli") for e in exports)  # who ran it, not "system"


def test_a_bad_period_is_refused_with_the_forms_that_work(store, tmp_path):
    for period in ("2026-13", "Nov 2026", "2026-11-30..2026-11-01"):
        out = tmp_path / "bad.xlsx"
        result = qa_desk(store, "workbook", "--period", period, "--out", str(out))
        assert result.returncode == 2
        assert "cannot read the period" in result.stderr and "2026-11-01..2026-11-15" in result.stderr
        assert "Traceback" not in result.stderr and not out.exists()


def test_an_unknown_call_is_an_error_not_a_traceback(store, tmp_path):
    out = tmp_path / "none.pdf"
    result = qa_desk(store, "evaluation", "no-such-call", "--out", str(out))
    assert result.returncode == 1
    assert "no call 'no-such-call'" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and not list(tmp_path.glob("*.part"))
