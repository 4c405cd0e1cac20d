"""A dialog that runs one background job at a time with progress and Cancel, and that stops
the job before it closes. Import and export dialogs build their own widgets; this holds the
run/cancel/close behaviour they share."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from qa_desk.views.workers import Worker


class JobDialog(QDialog):
    """Subclasses provide `progress` (QProgressBar), `current` (QLabel), `cancel_button`,
    `_set_running(bool)`, `_close_if_asked()` and the `_on_progress/_on_finished/_on_failed`
    slots; each slot ends the run with `_end_run()`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker: Worker | None = None
        self._close_when_done = False
        self.last_result = None

    @property
    def is_running(self) -> bool:
        return self._worker is not None

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self.cancel_button.setEnabled(False)
            self.current.setText(self.tr("Stopping after the current file…"))

    def reject(self) -> None:
        """Escape or the window's close box: stop the job first, then close."""
        if self.is_running:
            self._close_when_done = True
            self.cancel()
            return
        super().reject()

    def _launch(self, worker: Worker) -> None:
        self.last_result = None
        self._close_when_done = False
        self.progress.setRange(0, 0)
        self.current.setText(self.tr("Starting…"))
        worker.signals.progressed.connect(self._on_progress)
        worker.signals.finished.connect(self._on_finished)
        worker.signals.failed.connect(self._on_failed)
        worker.signals.cancelled.connect(self._on_cancelled)
        self._worker = worker.start()
        self._set_running(True)

    def _on_cancelled(self) -> None:
        self._end_run()
        self.current.setText(self.tr("Cancelled."))
        self._close_if_asked()

    def _end_run(self) -> None:
        self._worker = None
        self._set_running(False)
