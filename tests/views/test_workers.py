"""The background-work mechanism: progress, results, cancelling and failures, on real threads."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest
from PySide6.QtCore import QThread, QThreadPool

from qa_desk.scoring import PackError
from qa_desk.views.workers import Cancelled, Worker, describe_error, task


@pytest.fixture(autouse=True)
def _drained_pool():
    yield
    assert QThreadPool.globalInstance().waitForDone(10_000)


def counting(count: int, *, should_stop):
    for n in range(1, count + 1):
        yield n, count, f"step {n}"
    return f"counted to {count}"


def test_progress_reaches_the_gui_thread_then_the_result(qtbot):
    seen: list[tuple[int, int, str, bool]] = []
    gui = QThread.currentThread()
    worker = Worker(counting, 5)
    worker.progress_interval = 0
    worker.signals.progressed.connect(
        lambda done, total, text: seen.append((done, total, text, QThread.currentThread() is gui)))
    with qtbot.waitSignal(worker.signals.finished, timeout=5000) as finished:
        worker.start()
    assert finished.args == ["counted to 5"]
    assert [s[:3] for s in seen] == [(n, 5, f"step {n}") for n in range(1, 6)]
    assert all(in_gui for *_, in_gui in seen)


def test_fast_progress_is_thinned_but_the_last_report_arrives(qtbot):
    seen: list[int] = []
    worker = Worker(counting, 50_000)
    worker.progress_interval = 10.0
    worker.signals.progressed.connect(lambda done, total, text: seen.append(done))
    with qtbot.waitSignal(worker.signals.finished, timeout=10_000):
        worker.start()
    assert seen[0] == 1 and seen[-1] == 50_000 and len(seen) < 10


def endless(ran_cleanup: threading.Event, *, should_stop):
    n = 0
    try:
        while True:
            n += 1
            time.sleep(0.005)
            yield n, 0, "working"
    finally:
        ran_cleanup.set()


def test_cancel_stops_a_job_at_its_next_yield(qtbot):
    cleanup = threading.Event()
    worker = Worker(endless, cleanup)
    with qtbot.waitSignal(worker.signals.progressed, timeout=5000):
        worker.start()
    finished, failed = [], []
    worker.signals.finished.connect(finished.append)
    worker.signals.failed.connect(failed.append)
    with qtbot.waitSignal(worker.signals.cancelled, timeout=5000):
        worker.cancel()
    assert cleanup.is_set() and not finished and not failed


def partial_sum(*, should_stop):
    total = 0
    try:
        for n in range(1, 10**9):
            total += n
            time.sleep(0.002)
            yield n, 0, ""
    except Cancelled:
        return ("stopped early", total)


def test_a_job_can_return_what_it_did_before_the_cancel(qtbot):
    worker = Worker(partial_sum)
    with qtbot.waitSignal(worker.signals.progressed, timeout=5000):
        worker.start()
    with qtbot.waitSignal(worker.signals.finished, timeout=5000) as finished:
        worker.cancel()
    label, total = finished.args[0]
    assert label == "stopped early" and total > 0


def test_should_stop_reaches_a_service_loop_that_does_not_yield(qtbot):
    def service_loop(*, should_stop):
        turns = 0
        while not should_stop():
            turns += 1
            time.sleep(0.001)
        return turns
        yield

    worker = Worker(service_loop)
    worker.start()
    qtbot.wait(30)
    with qtbot.waitSignal(worker.signals.finished, timeout=5000) as finished:
        worker.cancel()
    assert finished.args[0] > 0


def test_a_job_that_ignores_the_cancel_is_closed_when_it_yields_again(qtbot):
    def stubborn(*, should_stop):
        while True:
            with contextlib.suppress(Cancelled):
                yield 0, 0, ""

    worker = Worker(stubborn)
    with qtbot.waitSignal(worker.signals.progressed, timeout=5000):
        worker.start()
    with qtbot.waitSignal(worker.signals.cancelled, timeout=5000):
        worker.cancel()


def test_an_exception_becomes_a_readable_failure_not_a_crash(qtbot):
    def broken(*, should_stop):
        yield 1, 2, "half way"
        raise KeyError("turns")

    worker = Worker(broken)
    with qtbot.waitSignal(worker.signals.failed, timeout=5000) as failed:
        worker.start()
    assert failed.args == ["KeyError: 'turns'"]
    # The pool is still fine afterwards.
    again = Worker(task(sum, [1, 2, 3]))
    with qtbot.waitSignal(again.signals.finished, timeout=5000) as finished:
        again.start()
    assert finished.args == [6]


def test_our_own_errors_keep_their_message():
    assert describe_error(PackError("pack.yaml", ["rule x: no check"])) == "pack.yaml: rule x: no check"
    assert describe_error(FileNotFoundError(2, "No such file", "a.json")).startswith("[Errno 2]")
    assert describe_error(RuntimeError()) == "RuntimeError"


def test_many_workers_at_once_all_report(qtbot):
    results: list[int] = []
    workers = [Worker(task(lambda n=n: n * n)) for n in range(20)]
    for worker in workers:
        worker.signals.finished.connect(results.append)
        worker.start()
    qtbot.waitUntil(lambda: len(results) == 20, timeout=5000)
    assert sorted(results) == sorted(n * n for n in range(20))
