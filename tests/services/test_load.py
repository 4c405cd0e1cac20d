"""Load: eight processes import, score and review the same calls at once on a real PostgreSQL
server (loopback only), for a fixed number of operations, within a time bound. Afterwards:

- no lost update: every review a process was told succeeded left its unique marker in the
  item's comment (each review appends one to what it read), and no refused review left one;
- no duplicate: one stored call per call id and one evaluation per call and pack version;
- every conflict was reported: each process counts its attempts, successes and ConflictErrors;
  attempts = successes + conflicts, the audit trail holds exactly one row per success, and each
  evaluation's version moved once per success on it;
- the audit chain verifies; no deadlock (every process ends within the bound; PostgreSQL's
  lock_timeout turns a stuck lock into an error the process reports).

A smaller run does the same on one SQLite file."""

from __future__ import annotations

import json
import multiprocessing
import random
import time
import traceback
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qa_desk.db import open_database
from qa_desk.models import AuditEntry, Call, Evaluation, EvaluationItem
from qa_desk.services import audit
from tests.helpers import call_dict, write_json

RULE = "opening.greeting"
REVIEWS = ("review.confirm", "evaluation.sign", "evaluation.reopen")


def transcripts(folder: Path, workers: int, shared: int, own: int) -> tuple[list[str], list[Path]]:
    """Shared calls every process imports and reviews, and each process's own file of calls."""
    shared_ids = [f"load-s{n:02d}" for n in range(shared)]
    write_json(folder / "shared" / "calls.json",
               [_call(call_id, n) for n, call_id in enumerate(shared_ids)])
    own_files = []
    for worker in range(workers):
        calls = [_call(f"load-w{worker}-{n:02d}", n) for n in range(own)]
        own_files.append(write_json(folder / f"own-{worker}" / "calls.json", calls))
    return shared_ids, own_files


def _call(call_id: str, n: int) -> dict:
    data = call_dict(call_id, agent={"id": f"{1000 + n % 4}", "name": f"坐席{n % 4}"})
    data["turns"][1]["text"] += f"，订单号{n:04d}"
    return data


def worker(url: str, index: int, folder: str, shared_ids: list[str], own_file: str, ops: int,
           start, results) -> None:
    """One desk: import, score, then `ops` reviews that each append this process's marker."""
    from sqlalchemy import event

    from qa_desk.scoring import Scorer, load_pack
    from qa_desk.services.evaluations import score_stored_calls
    from qa_desk.services.importing import ImportService
    from qa_desk.services.review import ConflictError, ReviewService

    report = {"index": index, "attempts": Counter(), "successes": Counter(),
              "conflicts": Counter(), "markers": {}, "per_evaluation": Counter(), "errors": [],
              "import_failures": []}
    try:
        database = open_database(url, migrate=False)
        if database.engine.dialect.name == "postgresql":
            @event.listens_for(database.engine, "connect")
            def _timeouts(connection, _record):
                with connection.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '15s'")
                    cursor.execute("SET statement_timeout = '30s'")
        scorer = Scorer(load_pack())
        start.wait(timeout=60)
        for outcome in ImportService(database).import_paths(
                [Path(folder) / "shared", Path(own_file)], parallel=False):
            if outcome.failed:
                report["import_failures"].append(outcome.describe())
        own_ids = [f"load-w{index}-{n:02d}" for n in range(len(json.loads(
            Path(own_file).read_text(encoding="utf-8"))))]
        list(score_stored_calls(database, [*shared_ids, *own_ids], scorer))
        review = ReviewService(database)
        rng = random.Random(index)
        name = f"主管{index}"

        def attempt(action: str, call_id: str, do):
            report["attempts"][action] += 1
            try:
                result = do()
            except ConflictError:
                report["conflicts"][action] += 1
                return None
            report["successes"][action] += 1
            report["per_evaluation"][call_id] += 1
            return result

        for op in range(ops):
            call_id = rng.choice(shared_ids)
            marker = f"<w{index}-{op}>"
            while True:  # reload after every refusal until this marker is in
                view = review.current(call_id)
                if view.locked:
                    attempt("evaluation.reopen", call_id, lambda v=view, m=marker: review.reopen(
                        v.id, reason=f"load {m}", expected_version=v.version, reviewer=name))
                    continue
                comment = (view.item(RULE).comment or "") + marker
                done = attempt("review.confirm", call_id, lambda v=view, c=comment: (
                    review.review_item(v.id, RULE, expected_version=v.version, reviewer=name,
                                       decision="confirm", comment=c)))
                if done is not None:
                    report["markers"][marker] = call_id
                    break
            if op % 3 == 2:  # sign what was just saved; a conflict here is counted, not retried
                attempt("evaluation.sign", call_id, lambda v=done: review.sign_off(
                    v.id, expected_version=v.version, reviewer=name))
        database.dispose()
    except Exception:
        report["errors"].append(traceback.format_exc())
    results.put(report)


def run_load(url: str, folder: Path, *, workers: int, shared: int, own: int, ops: int,
             bound: float) -> list[dict]:
    shared_ids, own_files = transcripts(folder, workers, shared, own)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(workers)
    results = context.Queue()
    processes = [context.Process(target=worker, name=f"load-{n}", args=(
        url, n, str(folder), shared_ids, str(own_files[n]), ops, start, results))
        for n in range(workers)]
    began = time.monotonic()
    for process in processes:
        process.start()
    reports = []
    try:
        while len(reports) < workers:
            left = bound - (time.monotonic() - began)
            if left <= 0:
                break
            try:
                reports.append(results.get(timeout=left))
            except Exception:
                break
    finally:
        for process in processes:
            process.join(timeout=max(1.0, bound - (time.monotonic() - began)))
        stuck = [p.name for p in processes if p.is_alive()]
        for process in processes:
            if process.is_alive():
                process.terminate()
                process.join(5)
    assert not stuck and len(reports) == workers, (
        f"{len(reports)} of {workers} processes reported within {bound:.0f} s; still running: "
        f"{stuck} (a deadlock, or far too slow)")
    return reports


def check(database, reports: list[dict], *, workers: int, shared: int, own: int, ops: int) -> None:
    errors = [e for r in reports for e in r["errors"]]
    assert not errors, "a process failed:\n" + "\n".join(errors)
    assert not [f for r in reports for f in r["import_failures"]]
    attempts, successes, conflicts = Counter(), Counter(), Counter()
    markers: dict[str, str] = {}
    per_call = Counter()
    for report in reports:
        attempts.update(report["attempts"])
        successes.update(report["successes"])
        conflicts.update(report["conflicts"])
        markers.update(report["markers"])
        per_call.update(report["per_evaluation"])
    assert len(markers) == workers * ops  # every review op ended with its marker saved
    for action in REVIEWS:  # every refusal was a reported conflict: nothing vanished quietly
        assert attempts[action] == successes[action] + conflicts[action], action
    with database.sessions() as session:
        calls = session.execute(select(Call.call_id, func.count()).group_by(Call.call_id)).all()
        assert len(calls) == shared + workers * own and all(n == 1 for _, n in calls)
        duplicated = session.execute(
            select(Evaluation.call_pk, Evaluation.pack_version, func.count())
            .group_by(Evaluation.call_pk, Evaluation.pack_id, Evaluation.pack_version)
            .having(func.count() > 1)).all()
        assert not duplicated, f"duplicate evaluations: {duplicated}"
        assert session.scalar(select(func.count()).select_from(Call)
                              .where(Call.current_evaluation_id.is_(None))) == 0
        rows = session.execute(
            select(Call.call_id, Evaluation.version, EvaluationItem.comment)
            .join(Evaluation, Evaluation.id == Call.current_evaluation_id)
            .join(EvaluationItem, EvaluationItem.evaluation_id == Evaluation.id)
            .where(EvaluationItem.rule_id == RULE)).all()
        audited = Counter(dict(session.execute(
            select(AuditEntry.action, func.count()).group_by(AuditEntry.action)).all()))
    found = {}
    for call_id, version, comment in rows:
        # each success moved the evaluation's version exactly once
        assert version == 1 + per_call[call_id], (call_id, version, per_call[call_id])
        for marker in (comment or "").replace("><", ">\n<").splitlines():
            assert marker not in found, f"{marker} twice"
            found[marker] = call_id
    assert found == markers, "lost or phantom reviews: " + str(
        set(found.items()) ^ set(markers.items()))
    for action in REVIEWS:  # one audit row per success, none for a refused attempt
        assert audited[action] == successes[action], (action, audited[action], successes[action])
    result = audit.verify(database)
    assert result.ok and result.rows == sum(audited.values()), result.problem
    assert sum(conflicts.values()) > 0, "no conflict at all: the test did not make processes collide"
    print(f"\nload: {workers} processes, {dict(successes)} saved, {dict(conflicts)} conflicts "
          f"reported, {result.rows} audit rows verified")


@pytest.mark.postgres
def test_eight_processes_import_score_and_review_postgresql(pg_db, tmp_path):
    workers, shared, own, ops = 8, 4, 3, 12
    began = time.monotonic()
    reports = run_load(str(pg_db.engine.url.render_as_string(hide_password=False)), tmp_path,
                       workers=workers, shared=shared, own=own, ops=ops, bound=120)
    check(pg_db, reports, workers=workers, shared=shared, own=own, ops=ops)
    print(f"load on PostgreSQL: {time.monotonic() - began:.1f} s")


def test_four_processes_on_one_sqlite_file(db, tmp_path):
    workers, shared, own, ops = 4, 3, 2, 6
    reports = run_load(str(db.engine.url), tmp_path, workers=workers, shared=shared, own=own,
                       ops=ops, bound=90)
    check(db, reports, workers=workers, shared=shared, own=own, ops=ops)
