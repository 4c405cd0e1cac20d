"""ImportDialog: import transcript files, score the new calls, and show what happened per file.

The work runs as one background job (``import_and_score``): files are imported one after
another and each file's new calls are scored right after it, so a cancel between files never
leaves imported calls without a score.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.db import Database
from qa_desk.scoring import Scorer, load_pack
from qa_desk.services.evaluations import score_stored_calls
from qa_desk.services.importing import FileOutcome, ImportService
from qa_desk.transcripts import SUPPORTED_SUFFIXES, iter_transcript_files
from qa_desk.views.job_dialog import JobDialog
from qa_desk.views.workers import Cancelled, Progress, Worker

# Progress units per file: a file's scoring moves the bar within its own step.
STEP = 1000
# Files with at most this many new calls are scored whole, even when the user cancels meanwhile.
SCORE_WHOLE = 200
FAILED_TEXT = QColor("#c62828")
WARNING_TEXT = QColor("#9a5b00")
IMPORTED, UNCHANGED, FAILED, EMPTY = "imported", "unchanged", "failed", "empty"


@dataclass
class ImportResult:
    files: int = 0
    outcomes: list[FileOutcome] = field(default_factory=list)
    scored: list[str] = field(default_factory=list)
    pack: str = ""
    cancelled: bool = False

    @property
    def imported_ids(self) -> list[str]:
        return [call_id for outcome in self.outcomes for call_id in outcome.imported]

    @property
    def unscored(self) -> list[str]:
        scored = set(self.scored)
        return [call_id for call_id in self.imported_ids if call_id not in scored]


def import_and_score(database: Database, paths: Sequence[Path | str], *,
                     pack_path: Path | str | None = None,
                     should_stop: Callable[[], bool]) -> Generator[Progress, None, ImportResult]:
    """The background job: list the files, then import and score them one by one."""
    yield 0, 0, QCoreApplication.translate("ImportDialog", "Loading the rule pack…")
    pack = load_pack(pack_path)
    scorer = Scorer(pack)
    files = list(iter_transcript_files(paths))
    result = ImportResult(files=len(files), pack=pack.name)
    total = len(files) * STEP
    outcomes = ImportService(database).import_paths(files, should_stop=should_stop)
    try:
        for number, path in enumerate(files):
            yield number * STEP, total, QCoreApplication.translate(
                "ImportDialog", "Importing {name} ({number} of {count})").format(
                name=path.name, number=number + 1, count=len(files))
            outcome = next(outcomes, None)
            if outcome is None:
                break
            result.outcomes.append(outcome)
            yield from _score(database, scorer, outcome, result, number * STEP, total, should_stop)
    except Cancelled:
        pass
    finally:
        outcomes.close()
    result.cancelled = len(result.outcomes) < len(files) or bool(result.unscored)
    return result


def _score(database: Database, scorer: Scorer, outcome: FileOutcome, result: ImportResult,
           start: int, total: int, should_stop: Callable[[], bool]) -> Generator[Progress, None, None]:
    """Score a file's new calls. A small file is scored whole even after a cancel, so the usual
    import never leaves calls unscored; a big one stops when asked (the summary counts the rest)."""
    ids = outcome.imported
    if len(ids) <= SCORE_WHOLE:
        result.scored.extend(score_stored_calls(database, ids, scorer))
        return
    name = Path(outcome.source).name
    for done, call_id in enumerate(score_stored_calls(database, ids, scorer, should_stop=should_stop), 1):
        result.scored.append(call_id)
        yield start + done * STEP // len(ids), total, QCoreApplication.translate(
            "ImportDialog", "Scoring calls from {name}: {done} of {count}").format(
            name=name, done=done, count=len(ids))


class ImportDialog(JobDialog):
    calls_imported = Signal(list)  # the new call ids, when a run ends having imported some

    def __init__(self, database: Database, *, pack_path: Path | str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._pack_path = pack_path
        self._imported: list[str] = []
        self.setWindowTitle(self.tr("Import transcripts"))
        self.setAcceptDrops(True)
        self.resize(760, 520)
        self._build()
        self._connect_callbacks()
        self._set_running(False)

    # -- public ---------------------------------------------------------------------------------

    @property
    def imported_call_ids(self) -> list[str]:
        """Every call imported while the dialog was open, for the main window to refresh."""
        return list(self._imported)

    def start(self, paths: Iterable[Path | str]) -> bool:
        """Import these files and folders in the background; False if busy or given nothing."""
        paths = [Path(p) for p in paths]
        if self.is_running or not paths:
            return False
        self.results.clear()
        self.summary.clear()
        self._launch(Worker(import_and_score, self._database, paths, pack_path=self._pack_path))
        return True

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.choose_files_button = QPushButton(self.tr("Choose files…"))
        self.choose_folder_button = QPushButton(self.tr("Choose folder…"))
        hint = QLabel(self.tr("Or drop files and folders here. Formats: {}").format(
            " ".join(SUPPORTED_SUFFIXES)))
        hint.setWordWrap(True)
        self.current = QLabel()
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.results = self._build_results()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.AcceptRole)
        self._lay_out(hint)

    def _build_results(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setColumnCount(3)
        tree.setHeaderLabels([self.tr("File"), self.tr("Result"), self.tr("Details")])
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 210)
        header.resizeSection(1, 160)
        return tree

    def _lay_out(self, hint: QLabel) -> None:
        choose = QHBoxLayout()
        choose.addWidget(self.choose_files_button)
        choose.addWidget(self.choose_folder_button)
        choose.addWidget(hint, 1)
        running = QHBoxLayout()
        running.addWidget(self.progress, 1)
        running.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.current)
        layout.addLayout(running)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    def _connect_callbacks(self) -> None:
        self.choose_files_button.clicked.connect(self._on_choose_files)
        self.choose_folder_button.clicked.connect(self._on_choose_folder)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.accept)

    def _set_running(self, running: bool) -> None:
        self.choose_files_button.setEnabled(not running)
        self.choose_folder_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.close_button.setEnabled(not running)
        if not running and not self.current.text():
            self.current.setText(self.tr("Choose transcript files or a folder to import."))

    # -- choosing and dropping ------------------------------------------------------------------

    def _on_choose_files(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES)
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Choose transcript files"), "",
            self.tr("Transcripts ({})").format(patterns) + ";;" + self.tr("All files (*)"))
        self.start(names)

    def _on_choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder of transcripts"))
        if folder:
            self.start([folder])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and not self.is_running:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if self.start(paths):
            event.acceptProposedAction()

    # -- progress and results -------------------------------------------------------------------

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if self._worker is not None and not self._worker.should_stop():
            self.current.setText(message)

    def _on_finished(self, result: ImportResult) -> None:
        self._end_run()
        self.last_result = result
        self._imported.extend(result.imported_ids)
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if not result.cancelled else 0)
        self.current.setText(self.tr("Cancelled.") if result.cancelled else self.tr("Finished."))
        for outcome in _display_order(result.outcomes):
            self.results.addTopLevelItem(self._result_item(outcome))
        self.summary.setText(self._summary_text(result))
        if result.imported_ids:
            self.calls_imported.emit(result.imported_ids)
        self._close_if_asked()

    def _on_failed(self, message: str) -> None:
        self._end_run()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.current.setText(self.tr("The import stopped with an error."))
        self.summary.setStyleSheet(f"color: {FAILED_TEXT.name()}")
        self.summary.setText(message)
        self._close_if_asked()

    def _end_run(self) -> None:
        self.summary.setStyleSheet("")
        super()._end_run()

    def _close_if_asked(self) -> None:
        if self._close_when_done:
            self.accept()

    def _result_item(self, outcome: FileOutcome) -> QTreeWidgetItem:
        status = outcome_status(outcome)
        item = QTreeWidgetItem([Path(outcome.source).name, self._status_text(outcome, status),
                                self._details_text(outcome)])
        item.setData(0, Qt.ItemDataRole.UserRole, status)
        item.setToolTip(0, outcome.source)
        full = "\n".join(self._messages(outcome))
        for column in (1, 2):
            item.setToolTip(column, full or self._status_text(outcome, status))
        if status == FAILED:
            for column in range(3):
                item.setForeground(column, QBrush(FAILED_TEXT))
        elif outcome.warnings:
            item.setForeground(2, QBrush(WARNING_TEXT))
        return item

    def _status_text(self, outcome: FileOutcome, status: str) -> str:
        imported, unchanged = len(outcome.imported), len(outcome.skipped)
        if status == FAILED:
            return self.tr("Failed")
        if status == EMPTY:
            return self.tr("No calls")
        if imported and unchanged:
            return self.tr("{imported} imported, {unchanged} unchanged").format(
                imported=imported, unchanged=unchanged)
        if imported:
            return self.tr("Imported: {}").format(self._calls(imported))
        return self.tr("Unchanged: {}").format(self._calls(unchanged))

    def _calls(self, count: int) -> str:
        return self.tr("1 call") if count == 1 else self.tr("{} calls").format(count)

    def _details_text(self, outcome: FileOutcome) -> str:
        if outcome.error:
            return _without_source(outcome.error, outcome.source)
        if outcome.conflicts:
            return self.tr("Already stored with different content: {}").format(
                self._calls(len(outcome.conflicts)))
        if len(outcome.warnings) == 1:
            return self.tr("Warning: {}").format(_without_source(outcome.warnings[0], outcome.source))
        if outcome.warnings:
            return self.tr("{count} warnings, the first: {first}").format(
                count=len(outcome.warnings), first=_without_source(outcome.warnings[0], outcome.source))
        return ""

    def _messages(self, outcome: FileOutcome) -> list[str]:
        lines = [outcome.error] if outcome.error else []
        lines += outcome.conflicts + outcome.warnings
        return lines

    def _summary_text(self, result: ImportResult) -> str:
        failed = sum(1 for outcome in result.outcomes if outcome.failed)
        unchanged = sum(len(outcome.skipped) for outcome in result.outcomes)
        text = self.tr("Files: {files}. Calls imported: {imported}, unchanged: {unchanged}. "
                       "Files failed: {failed}.").format(
            files=len(result.outcomes), imported=len(result.imported_ids), unchanged=unchanged,
            failed=failed)
        if result.scored:
            text += " " + self.tr("Calls scored: {scored} (rule pack {pack}).").format(
                scored=len(result.scored), pack=result.pack)
        if result.cancelled:
            text += " " + self.tr("Cancelled after {done} of {count} files.").format(
                done=len(result.outcomes), count=result.files)
        if result.unscored:
            text += " " + self.tr("Calls imported but not scored: {}.").format(len(result.unscored))
        return text


def _display_order(outcomes: list[FileOutcome]) -> list[FileOutcome]:
    """Failures first, then files with warnings, each in file order."""
    return sorted(outcomes, key=lambda o: 0 if o.failed else 1 if o.warnings else 2)


def outcome_status(outcome: FileOutcome) -> str:
    if outcome.failed:
        return FAILED
    if outcome.imported:
        return IMPORTED
    return UNCHANGED if outcome.skipped else EMPTY


def _without_source(message: str, source: str) -> str:
    """The list already names the file: "a.json, line 3: …" reads as "line 3: …"."""
    if message.startswith(source) and message[len(source):len(source) + 2] in (": ", ", "):
        return message[len(source) + 2:]
    return message
