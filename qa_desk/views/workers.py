"""The one way the app runs background work: a generator job on a QThreadPool.

A *job* is a generator function called as ``job(*args, should_stop=..., **kwargs)``. It yields
progress as ``(done, total, message)`` and returns its result. It passes ``should_stop`` on to
the services it calls, so a long service loop stops between items when the user cancels.

``Worker`` runs one job on ``QThreadPool.globalInstance()`` and reports through
``worker.signals`` (a separate ``WorkerSignals`` QObject living in the GUI thread, so slots run
there). Each run ends with exactly one of:

- ``finished(result)``: the job returned (after a cancel, a job that caught ``Cancelled``
  returns what it did so far);
- ``failed(message)``: the job raised; the message is readable and the traceback is logged;
- ``cancelled()``: ``cancel()`` stopped the job before it returned.

Cancelling raises ``Cancelled`` inside the job at the yield it is paused on (or the next one).
A job never touches a widget, and works on the database only through services, which open
their own short sessions: no ORM object crosses threads.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Progress = tuple[int, int, str]
ShouldStop = Callable[[], bool]
Job = Callable[..., Generator[Progress, None, Any]]

# Workers started and not yet reported back: their signals must outlive the run.
_running: set[Worker] = set()


class Cancelled(Exception):
    """Raised inside a job at a yield once the user asked it to stop."""


class WorkerSignals(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class Worker(QRunnable):
    """Run ``job(*args, should_stop=..., **kwargs)`` off the GUI thread."""

    def __init__(self, job: Job, /, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = WorkerSignals()
        self._job = job
        self._args = args
        self._kwargs = kwargs
        self._stop = threading.Event()
        # Seconds between progress reports: a job may yield per call, a bar needs far fewer.
        self.progress_interval = 0.05

    def start(self, pool: QThreadPool | None = None) -> Worker:
        _running.add(self)
        for signal in (self.signals.finished, self.signals.failed, self.signals.cancelled):
            signal.connect(self._release)
        (pool or QThreadPool.globalInstance()).start(self)
        return self

    def cancel(self) -> None:
        self._stop.set()

    def should_stop(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        try:
            result = self._drive()
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:
            log.exception("background job %s failed", getattr(self._job, "__name__", self._job))
            self.signals.failed.emit(describe_error(exc))
        else:
            self.signals.finished.emit(result)

    def _drive(self) -> Any:
        steps = self._job(*self._args, should_stop=self.should_stop, **self._kwargs)
        reporter = _Reporter(self.signals, self.progress_interval)
        thrown = False
        try:
            progress = next(steps)
            while True:
                if thrown:  # it went on after being told to stop
                    steps.close()
                    raise Cancelled
                reporter.report(progress)
                if self._stop.is_set():
                    thrown = True
                    progress = steps.throw(Cancelled())
                else:
                    progress = next(steps)
        except StopIteration as stop:
            reporter.flush()
            return stop.value

    def _release(self, *_: object) -> None:
        _running.discard(self)


class _Reporter:
    """Forward progress at most every `interval` seconds, never dropping the last report."""

    def __init__(self, signals: WorkerSignals, interval: float) -> None:
        self._signals = signals
        self._interval = interval
        self._last = float("-inf")
        self._pending: Progress | None = None

    def report(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self._last >= self._interval:
            self._emit(progress)
            self._last = now
        else:
            self._pending = progress

    def flush(self) -> None:
        if self._pending is not None:
            self._emit(self._pending)

    def _emit(self, progress: Progress) -> None:
        done, total, message = progress
        self._pending = None
        self._signals.progressed.emit(int(done), int(total), str(message))


def task(function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Job:
    """A job from a plain function: no progress, and no stopping half-way."""

    def job(*, should_stop: ShouldStop) -> Generator[Progress, None, Any]:
        return function(*args, **kwargs)
        yield  # unreachable: it makes this function a generator

    job.__name__ = getattr(function, "__name__", "task")
    return job


def describe_error(exc: BaseException) -> str:
    """Our own errors already read well; others are named by their type."""
    text = str(exc).strip()
    ours = type(exc).__module__.startswith("qa_desk")
    if text and (ours or isinstance(exc, OSError)):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
