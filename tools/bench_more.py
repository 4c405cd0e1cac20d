"""The training and report figures of `make bench`: bank import, item analysis, PDF forms and
the HR workbook. Each is timed once, wall clock, in this process."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np


def bench_bank_import(folder: Path, questions: int = 2000) -> dict:
    from qa_desk.db import open_database
    from qa_desk.services.banks import BankService
    from qa_desk.training.formats import write_bank
    from qa_desk.training.model import Bank, Question

    rng = random.Random(5)
    bank = Bank(name="bench", title="压测题库", questions=[
        Question(type="single", stem=f"第{i}题：坐席接听电话时首先应当说什么？（{rng.random():.6f}）",
                 options={"A": "您好，很高兴为您服务", "B": "喂", "C": "什么事", "D": "请讲"},
                 answer="A", points=1, category="opening.greeting", code=f"b-{i:05d}")
        for i in range(questions)
    ])
    path = folder / "bank.xlsx"
    write_bank(bank, path, "xlsx")
    service = BankService(open_database(f"sqlite:///{folder / 'bank.sqlite3'}"))
    started = time.perf_counter()
    outcome = service.import_file(path, bank="bench")
    elapsed = time.perf_counter() - started
    print(f"bank import: {questions} questions from Excel in {elapsed:.2f} s ({outcome})"[:160])
    return {"bank_import_seconds": round(elapsed, 2), "bank_questions": questions}


def bench_item_analysis(attempts: int = 10_000, items: int = 100) -> dict:
    from qa_desk.training.item_analysis import analyse

    rng = np.random.default_rng(7)
    ability = rng.normal(size=(attempts, 1))
    difficulty = rng.normal(size=(1, items))
    points = (rng.random((attempts, items)) < 1 / (1 + np.exp(difficulty - ability))).astype(float)
    started = time.perf_counter()
    stats = analyse(points, [1.0] * items)
    elapsed = time.perf_counter() - started
    print(f"item analysis: {attempts} attempts x {items} questions in {elapsed:.3f} s "
          f"({len(stats.items)} items)")
    return {"item_analysis_seconds": round(elapsed, 3)}


def bench_pdf_forms(folder: Path, forms: int = 1000) -> dict:
    from qa_desk.db import open_database
    from qa_desk.reports import render_evaluation_pdf
    from qa_desk.scoring import Scorer, load_pack
    from qa_desk.services.evaluations import score_stored_calls
    from qa_desk.services.importing import ImportService
    from qa_desk.services.reports import ReportService

    db = open_database(f"sqlite:///{folder / 'reports.sqlite3'}")
    demo = Path(__file__).resolve().parent.parent / "resources" / "demo"
    ids = [c for o in ImportService(db).import_paths([demo], parallel=False) for c in o.imported]
    list(score_stored_calls(db, ids, Scorer(load_pack())))
    from qa_desk.reports.pdf_batch import render_evaluation_pdfs

    service = ReportService(db)
    form_list = [service.evaluation_form(call_id) for call_id in ids]
    started = time.perf_counter()
    for number in range(forms):
        render_evaluation_pdf(form_list[number % len(form_list)], folder / "form.pdf")
    one_by_one = time.perf_counter() - started
    # A batch (one agent's month, HR's folder of forms): one file each, over worker processes.
    out = folder / "forms"
    out.mkdir(exist_ok=True)
    jobs = [(form_list[n % len(form_list)], out / f"{n:04d}.pdf") for n in range(forms)]
    started = time.perf_counter()
    render_evaluation_pdfs(jobs, organisation="QA Desk")
    elapsed = time.perf_counter() - started
    print(f"PDF forms: {forms} in {elapsed:.1f} s as a batch ({one_by_one:.1f} s one by one)")
    return {"pdf_forms": forms, "pdf_seconds": round(elapsed, 1),
            "pdf_one_by_one_seconds": round(one_by_one, 1)}


def bench_workbook(folder: Path, rows: int = 100_000) -> dict:
    """In a child process, so that its peak memory is its own."""
    repo = str(Path(__file__).resolve().parent.parent)
    out = str(folder / "hr.xlsx")
    code = (
        f"import sys, time; sys.path.insert(0, {repo!r})\n"
        "from tools.bench_more import workbook_rows\n"
        "from qa_desk.reports import write_workbook\n"
        f"t = time.perf_counter(); write_workbook(workbook_rows({rows}), {out!r})\n"
        "import resource\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    seconds, peak_kb = result.stdout.strip().splitlines()[-1].split()
    elapsed, peak = float(seconds), int(peak_kb) / 1024
    print(f"HR workbook: {rows} evaluations in {elapsed:.1f} s, peak {peak:.0f} MB")
    return {"workbook_rows": rows, "workbook_seconds": round(elapsed, 1),
            "workbook_peak_mb": round(peak)}


def workbook_rows(count: int):
    from qa_desk.reports.workbook import EvaluationRow

    start = datetime(2026, 11, 1, 8)
    for i in range(count):
        yield EvaluationRow(
            call_id=f"bench-{i:06d}", agent_id=str(1000 + i % 40), agent_name=f"坐席{i % 40}",
            started_at=start + timedelta(minutes=i % 40000), channel="inbound",
            auto_score=float(60 + i % 41), reviewed_score=None, fatal=i % 50 == 0,
            failed_rules=("服务禁语",) if i % 50 == 0 else (), status="auto")
