"""The main window over a real SQLite file: sections, import by drag-and-drop, the queue,
opening a call, reviewing and signing it, and window state kept between runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from qa_desk.services.access import Identity
from qa_desk.services.review import ReviewService
from qa_desk.settings import Settings
from qa_desk.views.import_dialog import ImportDialog
from qa_desk.views.main_window import CALLS, REVIEW, RULES, MainWindow

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
SHOTS = Path(__file__).resolve().parents[2] / "shots"


@pytest.fixture
def window(qtbot, db):
    main = MainWindow(db, settings=Settings(reviewer="王主管"))
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    return main


def drop_folder(window, folder: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_drop_import_find_the_worst_call_review_and_sign(qtbot, window, db, monkeypatch, tmp_path):
    started = []

    def run_without_blocking(dialog):  # exec() would wait for a person to close the dialog
        qtbot.waitUntil(lambda: not dialog.is_running, timeout=60000)
        started.append(dialog.imported_call_ids)
        return 0

    monkeypatch.setattr(ImportDialog, "exec", run_without_blocking)
    drop_folder(window, DEMO)
    assert len(started[0]) == 40
    queue = window.queue
    qtbot.waitUntil(lambda: queue.model.rowCount() == 40, timeout=20000)
    assert "40" in window.statusBar().currentMessage()
    window.grab().save(str(SHOTS / "main_queue.png"))

    queue.model.set_sort("score", descending=False)
    qtbot.waitUntil(lambda: queue.model.row_at(0) is not None
                    and queue.model.row_at(0).score == 0.0, timeout=20000)
    worst = queue.model.row_at(0).call_id
    window.open_call(worst)
    assert window.navigation.currentRow() == REVIEW
    assert window.call_view.call_id == worst
    window.grab().save(str(SHOTS / "main_review.png"))

    view = window.call_view
    view.playback.play()
    first = view.transcript.current_index
    view.playback.tick(90_000)  # the transcript clock: a minute and a half later
    assert view.transcript.current_index is not None and view.transcript.current_index != first
    view.playback.pause()

    failed = next(i for i in view.evaluation.items if i.result == "fail")
    view.scorecard.item_chosen.emit(failed.rule, 0)
    evidence_turn = failed.evidence[0]["turn"]
    assert view.transcript.selected_index == evidence_turn

    panel = view.item_review
    panel.reason.setText("录音复听：坐席已致歉，转写漏字")
    panel.points.setValue(failed.max_points)
    panel.override_button.click()
    reviewed = ReviewService(db).current(worst)
    assert reviewed.item(failed.rule).reviewed_points == failed.max_points
    assert reviewed.auto_score == 0.0

    view.sign_off()
    evaluation = ReviewService(db).current(worst)
    assert evaluation.locked and evaluation.signed_by == "王主管"
    assert not panel.override_button.isEnabled()  # the lock holds in the view too
    window.resize(1920, 1080)
    window.grab().save(str(SHOTS / "main_review_1920.png"))

    form = tmp_path / "form.pdf"
    document = window.save_evaluation_form(str(form))
    assert document and form.read_bytes().startswith(b"%PDF")
    assert not Path(str(form) + ".part").exists()


def test_sections_and_shortcuts(window):
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles == ["Calls", "Review", "Exams", "Reports", "Rewards", "Rules", "Audit", "Users",
                      "Settings"]
    assert window.pages.widget(2) is window.exams and window.pages.widget(3) is window.dashboard
    shortcuts = {a.shortcut().toString() for a in window.actions()}
    assert {"Ctrl+I", "Ctrl+E", "Ctrl+P", "Ctrl+1", "Ctrl+5"} <= shortcuts
    window.navigation.setCurrentRow(RULES)
    assert window.pages.currentWidget() is window.rules_page


@pytest.mark.parametrize("role, hidden", [("agent", {"Rules", "Audit", "Users"}), ("hr", {"Rules", "Users"}),
                                          ("supervisor", {"Users"}), ("admin", set())])
def test_each_role_sees_its_sections(qtbot, db, role, hidden):
    identity = Identity(role, role, agent_id="1024" if role == "agent" else None)
    main = MainWindow(db, settings=Settings(), identity=identity)
    qtbot.addWidget(main)
    shown = {main.navigation.item(i).text() for i in range(main.navigation.count())
             if not main.navigation.item(i).isHidden()}
    everything = {main.navigation.item(i).text() for i in range(main.navigation.count())}
    assert shown == everything - hidden
    assert main.import_action.isEnabled() == (role in ("supervisor", "admin"))
    assert role in main.windowTitle()


def test_window_state_is_remembered(qtbot, db):
    first = MainWindow(db, settings=Settings())
    qtbot.addWidget(first)
    first.navigation.setCurrentRow(RULES)
    first.close()
    second = MainWindow(db, settings=Settings())
    qtbot.addWidget(second)
    assert second.navigation.currentRow() == RULES
    second.navigation.setCurrentRow(CALLS)
    second.close()


def test_the_pack_an_administrator_activated_is_the_one_in_use(qtbot, db):
    from qa_desk.scoring import load_pack
    from qa_desk.scoring.pack_edit import editable, rebuild, set_phrases
    from qa_desk.services.rule_packs import RulePackStore

    data = editable(load_pack())
    set_phrases(data, "goodbye", ["拜拜"])
    pack = rebuild(data, source="edited")
    store = RulePackStore()
    store.save(data, pack, database=db, actor="cli")
    store.activate(pack.version, actor=Identity("root", "admin"), database=db)
    main = MainWindow(db, settings=Settings(), identity=Identity("wang", "supervisor"))
    qtbot.addWidget(main)
    assert load_pack(main.settings.rule_pack).version == pack.version
    assert main.pack_problem is None


def test_the_export_action_opens_the_dialog_as_the_signed_in_user(qtbot, db, monkeypatch):
    from qa_desk.views.export_dialog import ExportDialog

    opened = []
    monkeypatch.setattr(ExportDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    hr = MainWindow(db, settings=Settings(organisation="华信客服中心", mask_personal_data=False),
                    identity=Identity("hr", "hr"))
    qtbot.addWidget(hr)
    assert hr.export_action.isEnabled()
    hr.export_action.trigger()
    assert opened and opened[0].mask_box.isChecked() is False
    agent = MainWindow(db, settings=Settings(), identity=Identity("a", "agent", agent_id="1024"))
    qtbot.addWidget(agent)
    assert not agent.export_action.isEnabled()


def test_a_ledger_line_opens_the_call_it_came_from(qtbot, db):
    from qa_desk.services.demo import HR, prepare_demo

    prepare_demo(db)
    main = MainWindow(db, settings=Settings(), identity=HR)
    qtbot.addWidget(main)
    page = main.rewards_page
    page.month.setDate(page.month.date().fromString("2026-10", "yyyy-MM"))  # re-reads the ledger
    qtbot.waitUntil(lambda: page.lines is not None and any(
        s.startswith("call:") for line in page.lines for s in line.sources), timeout=20000)
    row = next(i for i, line in enumerate(page.lines) if "call:demo-005" in line.sources)
    page.ledger_table.cellDoubleClicked.emit(row, 6)
    assert main.navigation.currentRow() == REVIEW and main.call_view.call_id == "demo-005"


def test_a_supervisor_is_told_of_open_disputes(qtbot, db):
    from qa_desk.services.demo import SUPERVISOR, prepare_demo

    prepare_demo(db)
    main = MainWindow(db, settings=Settings(), identity=SUPERVISOR)
    qtbot.addWidget(main)
    assert "1 call(s) with an open dispute" in main.statusBar().currentMessage()
    statuses = [main.queue.filter_bar.status.itemData(i)
                for i in range(main.queue.filter_bar.status.count())]
    assert "disputed" in statuses
