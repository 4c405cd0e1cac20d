"""Settings: language, organisation name for reports, reviewer name, rule pack, the dispute
window, and whether exports mask personal numbers (only roles allowed to unmask may turn it off)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qa_desk.services import access
from qa_desk.settings import Settings


class SettingsPage(QWidget):
    settings_did_change = Signal(object)

    def __init__(self, settings: Settings, parent: QWidget | None = None, *,
                 actor: access.Actor = "system") -> None:
        super().__init__(parent)
        self._settings = settings
        self.dispute_window = QSpinBox()
        self.dispute_window.setRange(1, 90)
        self.dispute_window.setValue(settings.dispute_window_days)
        self.dispute_window.setSuffix(self.tr(" days after sign-off"))
        self.dispute_window.setEnabled(access.allowed(actor, "disputes.rule"))
        self.mask = QCheckBox(self.tr("Mask phone, ID card and bank card numbers in exports"))
        self.mask.setChecked(settings.mask_personal_data)
        may_unmask = access.allowed(actor, "reports.unmask")
        self.mask.setEnabled(may_unmask)
        if not may_unmask:
            self.mask.setChecked(True)
            self.mask.setToolTip(self.tr("Only HR and administrators may export unmasked numbers."))
        self.language = QComboBox()
        for value, label in (("system", self.tr("Follow the system")),
                             ("zh_CN", "简体中文"), ("en", "English")):
            self.language.addItem(label, value)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.organisation = QLineEdit(settings.organisation)
        self.organisation.setPlaceholderText(self.tr("Printed at the top of every report"))
        self.reviewer = QLineEdit(settings.reviewer)
        self.reviewer.setPlaceholderText(settings.reviewer_name())
        self.rule_pack = QLineEdit(settings.rule_pack)
        self.rule_pack.setPlaceholderText(self.tr("Built-in default pack"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose_pack)
        pack_row = QHBoxLayout()
        pack_row.addWidget(self.rule_pack, 1)
        pack_row.addWidget(browse)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Organisation"), self.organisation)
        form.addRow(self.tr("Reviewer name"), self.reviewer)
        form.addRow(self.tr("Rule pack"), pack_row)
        form.addRow(self.tr("Disputes allowed for"), self.dispute_window)
        form.addRow(self.tr("Privacy"), self.mask)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addStretch(1)

    def save(self) -> Settings:
        self._settings = replace(
            self._settings, language=self.language.currentData(),
            organisation=self.organisation.text().strip(), reviewer=self.reviewer.text().strip(),
            rule_pack=self.rule_pack.text().strip(),
            dispute_window_days=self.dispute_window.value(),
            mask_personal_data=self.mask.isChecked() or not self.mask.isEnabled(),
        )
        self._settings.save()
        self.settings_did_change.emit(self._settings)
        return self._settings

    def _choose_pack(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Rule pack"), "",
                                              self.tr("Rule packs (*.yaml *.yml)"))
        if path:
            self.rule_pack.setText(path)
