"""The export dialog on a real SQLite store of the demo calls: start, progress, finish with a
summary and an open-folder button, cancel part-way, and what each role may choose."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt, QThreadPool
from PySide6.QtWidgets import QApplication

from qa_desk.scoring import Scorer, load_pack
from qa_desk.services.access import Identity
from qa_desk.services.evaluations import score_stored_calls
from qa_desk.services.importing import ImportService
from qa_desk.views.export_dialog import ExportDialog
from qa_desk.views.fonts import ensure_cjk_font
from tests.reports.report_helpers import DEMO

HR = Identity("zhao", "hr", display_name="人事小赵")
SUPERVISOR = Identity("wang", "supervisor")


@pytest.fixture
def store(db):
    ids = [c for o in ImportService(db).import_paths([DEMO], parallel=False) for c in o.imported]
    list(score_stored_calls(db, ids, Scorer(load_pack())))
    yield db
    QThreadPool.globalInstance().waitForDone(30_000)


def make(qtbot, store, tmp_path, identity=HR) -> ExportDialog:
    ensure_cjk_font(QApplication.instance())
    dialog = ExportDialog(store, identity, organisation="测试公司")
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path / "out"))
    dialog.show()
    return dialog


def test_it_opens_on_the_newest_month_with_every_agent_checked(qtbot, store, tmp_path):
    dialog = make(qtbot, store, tmp_path)
    assert dialog.month_edit.date() == QDate(2026, 11, 1)
    assert dialog.period().label == "2026-11-01..2026-11-30"
    items = dialog._agent_items()
    assert len(items) >= 3 and all(i.checkState() == Qt.CheckState.Checked for i in items)
    assert "1024" in dialog.chosen_agents() and dialog.start_button.isEnabled()
    assert dialog.mask_box.isChecked() and dialog.mask_box.isEnabled()  # HR may unmask
    dialog.grab().save(str(tmp_path.parent / "export_dialog.png"))

    dialog.none_button.click()
    assert dialog.chosen_agents() == () and not dialog.start_button.isEnabled()
    assert not dialog.start() and "at least one agent" in dialog.summary.text()
    dialog.range_button.setChecked(True)
    dialog.from_edit.setDate(QDate(2026, 11, 15))
    dialog.to_edit.setDate(QDate(2026, 11, 30))
    assert dialog.period().label == "2026-11-15..2026-11-30"
    assert dialog.month_edit.isEnabled() is False and dialog.from_edit.isEnabled()


def test_a_supervisor_cannot_unmask(qtbot, store, tmp_path):
    dialog = make(qtbot, store, tmp_path, SUPERVISOR)
    assert dialog.mask_box.isChecked() and not dialog.mask_box.isEnabled()
    assert dialog.mask_box.toolTip()
    unmasked = ExportDialog(store, SUPERVISOR, mask=False)  # the setting cannot unmask it
    qtbot.addWidget(unmasked)
    assert unmasked.mask_box.isChecked() and not unmasked.mask_box.isEnabled()
    hr = ExportDialog(store, HR, mask=False)
    qtbot.addWidget(hr)
    assert not hr.mask_box.isChecked() and hr.mask_box.isEnabled()


def test_export_runs_shows_progress_and_ends_with_a_summary(qtbot, store, tmp_path):
    dialog = make(qtbot, store, tmp_path)
    for item in dialog._agent_items():
        if item.data(Qt.ItemDataRole.UserRole) != "1024":
            item.setCheckState(Qt.CheckState.Unchecked)
    seen = []
    dialog.progress.valueChanged.connect(seen.append)
    with qtbot.waitSignal(dialog.exported, timeout=120_000) as done:
        assert dialog.start()
        assert dialog.is_running and not dialog.close_button.isEnabled()
        assert not dialog.agent_list.isEnabled() and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=10_000)
    result = done.args[0]
    assert result is dialog.last_result and not result.cancelled and not result.failed
    assert {p.parent.name.split()[0] for p in result.forms} == {"1024"}
    assert result.workbook.exists() and all(p.exists() for p in result.files)
    assert dialog.progress.value() == dialog.progress.maximum() == result.total
    assert seen and max(seen) == result.total
    assert dialog.open_button.isVisible() and dialog.close_button.isEnabled()
    assert str(result.folder) in dialog.summary.text() and "Finished" in dialog.current.text()
    assert dialog.chosen_agents() == ("1024",)  # the choice is kept for the next run
    dialog.grab().save(str(tmp_path.parent / "export_dialog_done.png"))


def test_cancel_stops_promptly_and_leaves_only_whole_files(qtbot, store, tmp_path):
    dialog = make(qtbot, store, tmp_path)
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 2, timeout=60_000)
    dialog.cancel()
    assert not dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=20_000)
    result = dialog.last_result
    assert result is not None and result.cancelled
    assert len(result.files) < result.total
    written = sorted(p for p in result.folder.rglob("*") if p.is_file())
    assert written == sorted(result.files)
    assert not list((tmp_path / "out").rglob("*.part"))
    assert "Cancelled" in dialog.current.text() and dialog.open_button.isVisible()
    assert dialog.agent_list.isEnabled() and dialog.start_button.isEnabled()


def test_closing_while_running_cancels_first(qtbot, store, tmp_path):
    dialog = make(qtbot, store, tmp_path)
    assert dialog.start()
    dialog.reject()
    assert dialog.isVisible()  # still finishing the current file
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    assert not list((tmp_path / "out").rglob("*.part"))
