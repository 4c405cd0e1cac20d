"""Service calls for the exams page, run one at a time and in order off the GUI thread.

Each exam page owns one `SerialRunner`: a single-thread pool, so answers are written in the
order they were given and a submit never overtakes the last answer. Callbacks run in the GUI
thread (the signals are queued to this QObject)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from qa_desk.views.workers import Worker, task

Done = Callable[[Any], None]
Failed = Callable[[str, BaseException | None], None]


class _Captured(Exception):
    """Carries the original exception across the worker so handlers can tell errors apart."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


class SerialRunner(QObject):
    busy_did_change = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._waiting: dict[QObject, tuple[list[BaseException], Done, Failed | None]] = {}

    @property
    def busy(self) -> bool:
        return bool(self._waiting)

    def run(self, function: Callable[..., Any], *args: Any, done: Done,
            failed: Failed | None = None, **kwargs: Any) -> None:
        errors: list[BaseException] = []

        def call() -> Any:
            try:
                return function(*args, **kwargs)
            except Exception as exc:  # handed to `failed` with its type
                errors.append(exc)
                raise

        worker = Worker(task(call))
        self._waiting[worker.signals] = (errors, done, failed)
        worker.signals.finished.connect(self._on_finished)
        worker.signals.failed.connect(self._on_failed)
        was_busy = len(self._waiting) > 1
        worker.start(self._pool)
        if not was_busy:
            self.busy_did_change.emit(True)

    def wait(self, msecs: int = 10_000) -> bool:
        return self._pool.waitForDone(msecs)

    def _on_finished(self, result: Any) -> None:
        entry = self._take()
        if entry is not None:
            entry[1](result)
        self._report_idle()

    def _on_failed(self, message: str) -> None:
        entry = self._take()
        if entry is not None and entry[2] is not None:
            errors = entry[0]
            entry[2](message, errors[0] if errors else None)
        self._report_idle()

    def _take(self) -> tuple[list[BaseException], Done, Failed | None] | None:
        return self._waiting.pop(self.sender(), None)

    def _report_idle(self) -> None:
        if not self._waiting:
            self.busy_did_change.emit(False)
