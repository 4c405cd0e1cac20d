"""The rules editor: browse the active pack, edit a rule, try the edit on stored calls,
then save it as a new pack version. Old evaluations keep the version they were scored with."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.db import Database
from qa_desk.scoring import PackError, load_pack
from qa_desk.scoring.compare import compare_packs
from qa_desk.scoring.pack_edit import editable, find_rule, rebuild, set_phrases, set_rule
from qa_desk.services import access
from qa_desk.services.calls import CallService
from qa_desk.services.queue import QueueService
from qa_desk.services.rule_packs import PackVersionError, RulePackStore
from qa_desk.views.workers import Worker

TRY_ON_CALLS = 300
TURNS = ("all", "opening", "first", "last")


def try_on_calls(database: Database, before, after, *, should_stop, limit: int = TRY_ON_CALLS):
    """Job: the verdicts the edited pack would change on the most recent stored calls."""
    service = CallService(database)
    rows = QueueService(database).page(sort="started_at", descending=True, limit=limit)
    calls = []
    for number, row in enumerate(rows, 1):
        if should_stop():
            break
        call = service.get(row.call_id)
        if call is not None:
            calls.append(call)
        yield number, len(rows), row.call_id
    return compare_packs(before, after, calls)


class RulesPage(QWidget):
    pack_did_change = Signal(str)  # a version was activated: new evaluations use this file
    pack_saved = Signal(str)  # a new version was saved (not yet active)

    def __init__(self, database: Database, pack_path: str | None = None,
                 store: RulePackStore | None = None, parent: QWidget | None = None,
                 identity: access.Actor | None = None) -> None:
        super().__init__(parent)
        self._db = database
        self._store = store or RulePackStore()
        self._actor = identity or os.environ.get("USER") or "local user"
        self._worker: Worker | None = None
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Rule"), self.tr("Points")])
        self.tree.setColumnWidth(0, 250)
        self.tree.currentItemChanged.connect(self._show_rule)
        self.points = QDoubleSpinBox(maximum=100, decimals=1)
        self.points.setMaximumWidth(120)
        self.fatal = QCheckBox(self.tr("Fatal item (sets the call's score to 0)"))
        self.speaker = QComboBox()
        for value, label in (("agent", self.tr("Agent")), ("customer", self.tr("Customer")),
                             ("any", self.tr("Anyone"))):
            self.speaker.addItem(label, value)
        self.turns = QComboBox()
        for value, label in zip(TURNS, (self.tr("All turns"), self.tr("Opening turns"),
                                        self.tr("First N turns"), self.tr("Last N turns")),
                                strict=True):
            self.turns.addItem(label, value)
        self.turn_count = QSpinBox(minimum=1, maximum=50)
        self.phrases = QPlainTextEdit()
        self.phrases.setPlaceholderText(self.tr("One phrase per line; {a|b} writes synonyms"))
        self.phrase_set = QComboBox()
        self.phrase_set.currentIndexChanged.connect(self._show_phrases)
        self.phrases.textChanged.connect(self._store_phrases)
        self.try_button = QPushButton(self.tr("Try on calls"))
        self.try_button.clicked.connect(self.try_edit)
        self.save_button = QPushButton(self.tr("Save as new version"))
        self.save_button.clicked.connect(self.save)
        self.activate_button = QPushButton(self.tr("Activate this version"))
        self.activate_button.clicked.connect(self.activate)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.changes = QTableWidget(0, 4)
        self.changes.setHorizontalHeaderLabels(
            [self.tr("Call"), self.tr("Score before"), self.tr("Score after"),
             self.tr("Verdicts that change")])
        self.changes.horizontalHeader().setStretchLastSection(True)
        self._layout()
        self.load(pack_path)

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Points"), self.points)
        form.addRow("", self.fatal)
        scope = QHBoxLayout()
        scope.addWidget(self.speaker)
        scope.addWidget(self.turns)
        scope.addWidget(self.turn_count)
        form.addRow(self.tr("Scope"), scope)
        form.addRow(self.tr("Phrase set"), self.phrase_set)
        buttons = QHBoxLayout()
        buttons.addWidget(self.try_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.activate_button)
        buttons.addStretch(1)
        editor = QWidget()
        column = QVBoxLayout(editor)
        column.addLayout(form)
        column.addWidget(self.phrases, 1)
        column.addLayout(buttons)
        column.addWidget(self.status)
        column.addWidget(self.changes, 1)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(editor)
        splitter.setSizes([320, 900])
        QVBoxLayout(self).addWidget(splitter)

    def load(self, pack_path: str | None) -> None:
        self.pack = load_pack(pack_path or None)
        self.data = editable(self.pack)
        self._edited_sets: dict[str, list[str]] = {}
        self.tree.clear()
        for section in self.pack.sections:
            parent = QTreeWidgetItem(self.tree, [section.name, ""])
            for rule in section.rules:
                item = QTreeWidgetItem(parent, [f"{rule.name}  {rule.id}", f"{rule.points:g}"])
                item.setData(0, Qt.ItemDataRole.UserRole, rule.id)
        self.tree.expandAll()
        self.status.setText(self.tr("Pack {0}, version {1}").format(self.pack.id,
                                                                    self.pack.version))
        self._update_activate()

    def _update_activate(self) -> None:
        """Only an administrator activates a version; others see why the button is off."""
        may = access.allowed(self._actor, "packs.activate")
        self.activate_button.setEnabled(may)
        self.activate_button.setToolTip(
            "" if may else self.tr("Only an administrator can activate a rule pack version"))

    def select_rule(self, rule_id: str) -> None:
        for index in range(self.tree.topLevelItemCount()):
            section = self.tree.topLevelItem(index)
            for child in range(section.childCount()):
                item = section.child(child)
                if item.data(0, Qt.ItemDataRole.UserRole) == rule_id:
                    self.tree.setCurrentItem(item)
                    return

    def _show_rule(self, item: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        self._apply_form(previous)
        rule_id = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if not rule_id:
            return
        rule = self.pack.rule(rule_id)
        raw = find_rule(self.data, rule_id)
        self.points.setValue(float(raw.get("points", rule.points)))
        self.fatal.setChecked(bool(raw.get("fatal", False)))
        scope = raw.get("scope") or {}
        self.speaker.setCurrentIndex(max(0, self.speaker.findData(scope.get("speaker", "agent"))))
        turns = "first" if "first" in scope else "last" if "last" in scope else scope.get(
            "turns", "all")
        self.turns.setCurrentIndex(max(0, self.turns.findData(turns)))
        self.turn_count.setValue(int(scope.get(turns, 1)) if turns in ("first", "last") else 1)
        self.phrase_set.blockSignals(True)
        self.phrase_set.clear()
        for name in sorted(rule.check.phrase_sets() | {
                n for v in rule.variants.values() for n in v.phrase_sets()}):
            self.phrase_set.addItem(name)
        self.phrase_set.blockSignals(False)
        self._show_phrases()

    def _apply_form(self, item: QTreeWidgetItem | None) -> None:
        rule_id = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if not rule_id:
            return
        turns = self.turns.currentData()
        scope = {"speaker": self.speaker.currentData()}
        if turns in ("first", "last"):
            scope[turns] = self.turn_count.value()
        elif turns == "opening":
            scope["turns"] = "opening"
        raw = find_rule(self.data, rule_id)
        keep_scope = raw.get("scope") is not None or scope != {"speaker": "agent"}
        set_rule(self.data, rule_id, points=self.points.value(), fatal=self.fatal.isChecked(),
                 scope=scope if keep_scope else None)

    def _show_phrases(self) -> None:
        name = self.phrase_set.currentText()
        spec = (self.data.get("phrases") or {}).get(name)
        phrases = spec if isinstance(spec, list) else (spec or {}).get("phrases", [])
        self.phrases.blockSignals(True)
        self.phrases.setPlainText("\n".join(str(p) for p in phrases))
        self.phrases.blockSignals(False)

    def _store_phrases(self) -> None:
        name = self.phrase_set.currentText()
        if name:
            set_phrases(self.data, name, self.phrases.toPlainText().splitlines())

    def edited_pack(self):
        """The edit as a validated pack, or None with the problems shown."""
        self._apply_form(self.tree.currentItem())
        try:
            return rebuild(self.data, source=self.tr("edited pack"))
        except PackError as exc:
            self.status.setText(self.tr("The edit cannot be used: {}").format(
                "; ".join(exc.problems)))
            return None

    def try_edit(self) -> None:
        edited = self.edited_pack()
        if edited is None:
            return
        self.try_button.setEnabled(False)
        self.status.setText(self.tr("Scoring stored calls with both versions…"))
        self._worker = Worker(try_on_calls, self._db, self.pack, edited)
        self._worker.signals.finished.connect(self._show_changes)
        self._worker.signals.failed.connect(self._failed)
        self._worker.start()

    def _show_changes(self, results) -> None:
        self.try_button.setEnabled(True)
        changed = [r for r in results if r.changes]
        self.changes.setRowCount(len(changed))
        for row, result in enumerate(changed):
            verdicts = ", ".join(f"{c.rule}: {c.before}→{c.after}" for c in result.changes)
            for column, text in enumerate((result.call_id, f"{result.score_before:.1f}",
                                           f"{result.score_after:.1f}", verdicts)):
                self.changes.setItem(row, column, QTableWidgetItem(text))
        self.status.setText(self.tr("{0} of {1} calls would change.").format(len(changed),
                                                                             len(results)))

    def _failed(self, message: str) -> None:
        self.try_button.setEnabled(True)
        self.status.setText(message)

    def save(self) -> str | None:
        edited = self.edited_pack()
        if edited is None:
            return None
        try:
            saved = self._store.save(self.data, edited, database=self._db, actor=self._actor)
        except access.PermissionDenied as exc:
            self.status.setText(str(exc))
            return None
        self.load(str(saved.path))
        self.status.setText(self.tr("Saved as version {0}. Once an administrator activates it, "
                                    "new evaluations use it; earlier ones keep theirs."
                                    ).format(saved.version))
        self.pack_saved.emit(str(saved.path))
        return str(saved.path)

    def activate(self) -> str | None:
        """Make the version shown the active one (administrators only; audited)."""
        try:
            active = self._store.activate(self.pack.version, actor=self._actor, database=self._db)
        except (access.PermissionDenied, PackVersionError) as exc:
            self.status.setText(str(exc))
            return None
        self.status.setText(self.tr("Version {0} is now active: new evaluations use it; earlier "
                                    "ones keep theirs.").format(active.version))
        self.pack_did_change.emit(str(active.path))
        return str(active.path)
