"""Banks and exams, for supervisors: import a question bank (every bad row listed, nothing
imported until the file is fixed), export it, save the blank Excel template, and define an
exam over a bank. The services check the role again; this tab only collects input."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.services import access
from qa_desk.services.banks import BankImport, BankRow, BankService
from qa_desk.services.exams import ExamInfo, ExamService
from qa_desk.training import write_template
from qa_desk.training.exam import Draw, ExamDefinition
from qa_desk.training.grading import ALL_OR_NOTHING, HALF, PARTIAL, POLICIES
from qa_desk.training.review_policy import (
    AFTER_CLOSE,
    DURING,
    EXPLANATIONS,
    IMMEDIATELY_AFTER,
    LATER_WHILE_OPEN,
    MARKS,
    RIGHT_ANSWERS,
    ReviewPolicy,
)
from qa_desk.views.exams.runner import SerialRunner
from qa_desk.views.tables import read_only_table

EXPORT_FORMATS = {"xlsx": "Excel (*.xlsx)", "gift": "GIFT (*.gift)", "aiken": "Aiken (*.txt)"}
# What a candidate sees after submitting: the review policy's common choices.
REVIEW_CHOICES = {
    "cautious": ReviewPolicy(),
    "marks_and_key": ReviewPolicy({DURING: frozenset(), IMMEDIATELY_AFTER: frozenset({MARKS}),
                                   LATER_WHILE_OPEN: frozenset({MARKS, RIGHT_ANSWERS, EXPLANATIONS}),
                                   AFTER_CLOSE: frozenset({MARKS, RIGHT_ANSWERS, EXPLANATIONS})}),
    "everything": ReviewPolicy({DURING: frozenset(),
                                IMMEDIATELY_AFTER: frozenset({MARKS, RIGHT_ANSWERS, EXPLANATIONS}),
                                LATER_WHILE_OPEN: frozenset({MARKS, RIGHT_ANSWERS, EXPLANATIONS}),
                                AFTER_CLOSE: frozenset({MARKS, RIGHT_ANSWERS, EXPLANATIONS})}),
    "marks_only": ReviewPolicy({DURING: frozenset(), IMMEDIATELY_AFTER: frozenset({MARKS}),
                                LATER_WHILE_OPEN: frozenset({MARKS}), AFTER_CLOSE: frozenset({MARKS})}),
}


Composition = Callable[[str], Counter]  # bank name -> questions per (category, difficulty)


class ExamDialog(QDialog):
    """A new exam over one bank: every question, a random draw of N per candidate, or random
    draws per category and difficulty (each row of the draws table)."""

    def __init__(self, banks: list[BankRow], parent: QWidget | None = None, *,
                 composition: Composition | None = None) -> None:
        super().__init__(parent)
        self._composition = composition or (lambda _bank: Counter())
        self._counts: dict[str, Counter] = {}  # per bank, read once: each draw row needs it
        self._category_names = _rule_names()
        self.setMinimumWidth(760)
        self.setWindowTitle(self.tr("New exam"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("a short unique name, e.g. 2026-12-入职考试"))
        self.title = QLineEdit()
        self.bank = QComboBox()
        for bank in banks:
            self.bank.addItem(f"{bank.title} ({bank.questions})", bank.name)
        self.draw = QSpinBox()
        self.draw.setRange(0, 1000)
        self.draw.setSpecialValueText(self.tr("every question in the bank"))
        self.time_limit = QSpinBox()
        self.time_limit.setRange(0, 600)
        self.time_limit.setValue(60)
        self.time_limit.setSuffix(self.tr(" min"))
        self.time_limit.setSpecialValueText(self.tr("no limit"))
        self.attempts = QSpinBox()
        self.attempts.setRange(0, 20)
        self.attempts.setValue(1)
        self.attempts.setSpecialValueText(self.tr("unlimited"))
        self.pass_percent = QDoubleSpinBox()
        self.pass_percent.setRange(0, 100)
        self.pass_percent.setValue(60)
        self.pass_percent.setSuffix(" %")
        self.mc_policy = QComboBox()
        names = {ALL_OR_NOTHING: self.tr("All or nothing (少选不得分)"),
                 PARTIAL: self.tr("Partial credit, any wrong pick scores 0"),
                 HALF: self.tr("Half marks for a correct subset")}
        for policy in POLICIES:
            self.mc_policy.addItem(names.get(policy, policy), policy)
        self.shuffle_questions = QCheckBox(self.tr("Shuffle questions"))
        self.shuffle_options = QCheckBox(self.tr("Shuffle options"))
        self.shuffle_questions.setChecked(True)
        self.shuffle_options.setChecked(True)
        self.review = QComboBox()
        for key, label in (
            ("cautious", self.tr("Marks after submitting; answers and explanations after closing")),
            ("marks_and_key", self.tr("Marks at once; answers and explanations two minutes later")),
            ("everything", self.tr("Marks, answers and explanations at once (practice)")),
            ("marks_only", self.tr("Marks only, never the answers")),
        ):
            self.review.addItem(label, key)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e")
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Question bank"), self.bank)
        form.addRow(self.tr("Questions per candidate"), self.draw)
        form.addRow(self.tr("Or draw by topic"), self._draws_box())
        form.addRow(self.tr("Time limit"), self.time_limit)
        form.addRow(self.tr("Attempts allowed"), self.attempts)
        form.addRow(self.tr("Pass mark"), self.pass_percent)
        form.addRow(self.tr("Multiple choice"), self.mc_policy)
        shuffles = QHBoxLayout()
        shuffles.addWidget(self.shuffle_questions)
        shuffles.addWidget(self.shuffle_options)
        form.addRow("", shuffles)
        form.addRow(self.tr("Candidates see"), self.review)
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _draws_box(self) -> QWidget:
        self.draws = QTableWidget(0, 4)
        self.draws.setHorizontalHeaderLabels([self.tr("Category"), self.tr("Difficulty"),
                                              self.tr("Questions"), self.tr("In the bank")])
        self.draws.verticalHeader().hide()
        header = self.draws.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.draws.setMinimumHeight(120)
        add = QPushButton(self.tr("Add a draw"))
        remove = QPushButton(self.tr("Remove"))
        add.clicked.connect(lambda: self.add_draw())
        remove.clicked.connect(lambda: self._remove_draw(self.draws.currentRow()))
        self.bank.currentIndexChanged.connect(lambda _: self._remove_draw(None))
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.draws)
        layout.addLayout(buttons)
        return box

    def add_draw(self, category: str | None = None, difficulty: int | None = None,
                 count: int = 5) -> None:
        """One more row of the draws table: `count` questions of a category and difficulty
        (None: any), with how many the bank holds to draw from."""
        bank = self.bank.currentData() or ""
        if bank not in self._counts:
            self._counts[bank] = self._composition(bank)
        counts = self._counts[bank]
        row = self.draws.rowCount()
        self.draws.insertRow(row)
        categories = QComboBox()
        categories.addItem(self.tr("any"), None)
        for name in sorted({c for c, _ in counts if c}):
            label = self._category_names.get(name)
            categories.addItem(f"{label} · {name}" if label else name, name)
        categories.setCurrentIndex(max(0, categories.findData(category)))
        levels = QComboBox()
        levels.addItem(self.tr("any"), None)
        for level in (1, 2, 3):
            levels.addItem(str(level), level)
        levels.setCurrentIndex(max(0, levels.findData(difficulty)))
        number = QSpinBox()
        number.setRange(1, 500)
        number.setValue(count)
        available = QLabel()
        available.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        def show_available() -> None:
            want_c, want_d = categories.currentData(), levels.currentData()
            available.setText(str(sum(n for (c, d), n in counts.items()
                                      if want_c in (None, c) and want_d in (None, d))))
        categories.currentIndexChanged.connect(lambda _: show_available())
        levels.currentIndexChanged.connect(lambda _: show_available())
        show_available()
        for column, widget in enumerate((categories, levels, number, available)):
            self.draws.setCellWidget(row, column, widget)
        self.draw.setEnabled(False)

    def _remove_draw(self, row: int | None) -> None:
        """Remove one row, or every row (None); with none left, the single draw applies."""
        if row is None:
            self.draws.setRowCount(0)
        elif row >= 0:
            self.draws.removeRow(row)
        self.draw.setEnabled(self.draws.rowCount() == 0)

    def _table_draws(self) -> tuple[Draw, ...]:
        return tuple(Draw(self.draws.cellWidget(r, 2).value(), self.draws.cellWidget(r, 0).currentData(),
                          self.draws.cellWidget(r, 1).currentData())
                     for r in range(self.draws.rowCount()))

    def definition(self) -> ExamDefinition:
        draws = self._table_draws() or ((Draw(self.draw.value()),) if self.draw.value() else ())
        return ExamDefinition(
            name=self.name.text().strip(), bank=self.bank.currentData() or "",
            title=self.title.text().strip() or self.name.text().strip(), draws=draws,
            questions=(), time_limit_minutes=self.time_limit.value() or None,
            shuffle_questions=self.shuffle_questions.isChecked(),
            shuffle_options=self.shuffle_options.isChecked(),
            attempts_allowed=self.attempts.value(), pass_percent=self.pass_percent.value(),
            mc_policy=self.mc_policy.currentData(),
            review=REVIEW_CHOICES[self.review.currentData()])


class ManageTab(QWidget):
    """Signals `exams_did_change` after an exam is created, so the other tabs re-read."""

    exams_did_change = Signal()

    def __init__(self, banks: BankService, exams: ExamService, runner: SerialRunner, *,
                 actor: access.Actor = "system", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._banks, self._exams, self._runner, self._actor = banks, exams, runner, actor
        self.bank_rows: list[BankRow] = []
        self.last_import: BankImport | None = None
        self.banks_table = _table([self.tr("Bank"), self.tr("Title"), self.tr("Questions"),
                                   self.tr("Points")])
        self.exams_table = _table([self.tr("Exam"), self.tr("Bank"), self.tr("Questions"),
                                   self.tr("Time limit"), self.tr("Pass mark"), self.tr("Attempts taken")])
        self.problems = QListWidget()
        self.problems.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Import bank…"))
        self.export_button = QPushButton(self.tr("Export bank…"))
        self.template_button = QPushButton(self.tr("Save blank Excel template…"))
        self.new_exam_button = QPushButton(self.tr("New exam…"))
        self.import_button.clicked.connect(self._choose_import)
        self.export_button.clicked.connect(self._choose_export)
        self.template_button.clicked.connect(self._choose_template)
        self.new_exam_button.clicked.connect(self._new_exam)
        manage = access.allowed(actor, "banks.manage")
        for button in (self.import_button, self.export_button):
            button.setEnabled(manage)
        self.new_exam_button.setEnabled(access.allowed(actor, "exams.manage"))
        bank_buttons = QHBoxLayout()
        for button in (self.import_button, self.export_button, self.template_button):
            bank_buttons.addWidget(button)
        bank_buttons.addStretch(1)
        exam_buttons = QHBoxLayout()
        exam_buttons.addWidget(self.new_exam_button)
        exam_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Question banks")))
        layout.addLayout(bank_buttons)
        layout.addWidget(self.banks_table, 2)
        layout.addWidget(self.problems, 1)
        layout.addWidget(_heading(self.tr("Exams")))
        layout.addLayout(exam_buttons)
        layout.addWidget(self.exams_table, 2)
        layout.addWidget(self.status)

    def refresh(self) -> None:
        self._runner.run(self._banks.list_banks, done=self._show_banks, failed=self._failed)
        self._runner.run(self._exams.list_exams, done=self._show_exams, failed=self._failed)

    # -- actions that tests drive directly ----------------------------------------------
    def import_bank(self, path: Path | str) -> None:
        self.status.setText(self.tr("Checking {0}…").format(Path(path).name))
        self._runner.run(self._banks.import_file, path, actor=self._actor,
                         done=self._imported, failed=self._failed)

    def export_bank(self, name: str, path: Path | str, format: str) -> None:
        self._runner.run(self._banks.export, name, path, format, actor=self._actor,
                         done=lambda _warnings: self._say(self.tr("Exported {0} to {1}.").format(
                             name, path)), failed=self._failed)

    def save_template(self, path: Path | str) -> None:
        write_template(path)
        self._say(self.tr("Saved the blank template to {0}.").format(path))

    def create_exam(self, definition: ExamDefinition) -> None:
        self._runner.run(self._exams.create_exam, definition, actor=self._actor,
                         done=self._created, failed=self._failed)

    def composition(self, bank: str) -> Counter:
        """Questions of a bank per (category, difficulty), for the draws table."""
        try:
            questions = self._banks.get_bank(bank).questions
        except LookupError:
            return Counter()
        return Counter((q.category, q.difficulty) for q in questions)

    # -- results ------------------------------------------------------------------------
    def _show_banks(self, rows: list[BankRow]) -> None:
        self.bank_rows = rows
        _fill(self.banks_table, [(b.name, b.title, str(b.questions), f"{b.points:g}") for b in rows])

    def _show_exams(self, exams: list[ExamInfo]) -> None:
        rows = []
        for exam in exams:
            d = exam.definition
            count = sum(draw.count for draw in d.draws) + len(d.questions) or self.tr("all")
            limit = self.tr("{0} min").format(d.time_limit_minutes) if d.time_limit_minutes \
                else self.tr("no limit")
            rows.append((exam.name, exam.bank, str(count), limit, f"{d.pass_percent:g} %",
                         str(exam.attempts)))
        _fill(self.exams_table, rows)

    def _imported(self, outcome: BankImport) -> None:
        self.last_import = outcome
        self.problems.clear()
        if outcome.failed:
            for problem in outcome.problems or []:
                self.problems.addItem(problem.describe())
            if not outcome.problems:
                self.problems.addItem(outcome.error or "")
            self.problems.setVisible(True)
            self._say(self.tr("Nothing was imported: fix the rows listed and import the file again."),
                      error=True)
            return
        self.problems.setVisible(False)
        self._say(self.tr("Bank {0}: {1} new, {2} updated, {3} unchanged.").format(
            outcome.bank, outcome.imported, outcome.updated, outcome.unchanged))
        self.refresh()

    def _created(self, exam: ExamInfo) -> None:
        self._say(self.tr("Created the exam {0}.").format(exam.name))
        self.refresh()
        self.exams_did_change.emit()

    def _failed(self, message: str, _error: BaseException | None = None) -> None:
        self._say(message, error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet("color: #b3261e" if error else "color: #1b5e20")
        self.status.setText(text)

    # -- file choosers ------------------------------------------------------------------
    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a question bank"), "",
                                              self.tr("Question banks (*.xlsx *.yaml *.yml *.gift *.txt)"))
        if path:
            self.import_bank(path)

    def _choose_export(self) -> None:
        rows = self.banks_table.selectionModel().selectedRows()
        if not rows:
            self._say(self.tr("Choose a bank to export first."), error=True)
            return
        name = self.bank_rows[rows[0].row()].name
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export {0}").format(name),
                                                   f"{name}.xlsx", ";;".join(EXPORT_FORMATS.values()))
        if path:
            format = next((k for k, v in EXPORT_FORMATS.items() if v == chosen), "xlsx")
            self.export_bank(name, path, format)

    def _choose_template(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the blank template"),
                                              "题库模板.xlsx", "Excel (*.xlsx)")
        if path:
            self.save_template(path)

    def _new_exam(self) -> None:
        if not self.bank_rows:
            self._say(self.tr("Import a question bank first."), error=True)
            return
        dialog = ExamDialog(self.bank_rows, self, composition=self.composition)
        if dialog.exec():
            self.create_exam(dialog.definition())


def _rule_names() -> dict[str, str]:
    """The bundled banks' categories are the scoring rule ids; show their names too."""
    from qa_desk.scoring import PackError, load_pack

    try:
        return {rule.id: rule.name for rule in load_pack().rules}
    except PackError:
        return {}


def _table(headers: list[str]) -> QTableWidget:
    return read_only_table(headers, stretch=1, single=True)


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c >= 2:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label
