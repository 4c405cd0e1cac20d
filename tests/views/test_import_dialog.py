"""The import dialog on real files and a real SQLite store: import, score, report, cancel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDropEvent

from qa_desk.services.queue import QueueFilter, QueueService
from qa_desk.views.import_dialog import FAILED, IMPORTED, STEP, UNCHANGED, ImportDialog
from tests.helpers import call_dict, write_json

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


@pytest.fixture
def store(db):
    yield db
    QThreadPool.globalInstance().waitForDone(30_000)


@pytest.fixture
def dialog(qtbot, store) -> ImportDialog:
    widget = ImportDialog(store)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def run(qtbot, dialog: ImportDialog, paths) -> None:
    assert dialog.start(paths)
    assert dialog.is_running and not dialog.close_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=60_000)


def rows(dialog: ImportDialog) -> list[tuple[str, str, str, str]]:
    tree = dialog.results
    return [
        (item.text(0), item.data(0, Qt.ItemDataRole.UserRole), item.text(2), item.toolTip(2))
        for item in (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
    ]


def test_importing_the_demo_folder_imports_and_scores_every_call(qtbot, dialog, store):
    with qtbot.waitSignal(dialog.calls_imported, timeout=60_000) as imported:
        assert dialog.start([DEMO])
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=10_000)
    listed = rows(dialog)
    assert len(listed) == 32
    assert {status for _, status, _, _ in listed} == {IMPORTED}
    assert len(imported.args[0]) == 40 == len(dialog.imported_call_ids)
    assert "Files: 32. Calls imported: 40, unchanged: 0. Files failed: 0." in dialog.summary.text()
    assert "Calls scored: 40" in dialog.summary.text()
    queue = QueueService(store)
    assert queue.count() == 40 and queue.count(QueueFilter(status="auto")) == 40
    assert all(row.auto_score is not None for row in queue.page(limit=100))
    assert dialog.progress.value() == dialog.progress.maximum()
    assert dialog.close_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_importing_again_reports_every_file_unchanged(qtbot, dialog):
    run(qtbot, dialog, [DEMO])
    run(qtbot, dialog, [DEMO])
    assert {status for _, status, _, _ in rows(dialog)} == {UNCHANGED}
    assert "Calls imported: 0, unchanged: 40" in dialog.summary.text()
    assert len(dialog.imported_call_ids) == 40  # the first run's calls are still reported


def test_a_bad_file_is_listed_as_failed_with_its_reason_and_the_good_one_imported(
        qtbot, dialog, store, tmp_path):
    folder = tmp_path / "mixed"
    write_json(folder / "good.json", [call_dict("good-1"), call_dict("good-2")])
    (folder / "bad.json").write_text('{"call_id": "bad-1", "turns": [', encoding="utf-8")
    run(qtbot, dialog, [folder])
    by_name = {name: (status, details, tip) for name, status, details, tip in rows(dialog)}
    status, details, tip = by_name["bad.json"]
    assert status == FAILED
    assert "invalid JSON" in details and not details.startswith(str(folder))
    assert str(folder / "bad.json") in tip  # the full message
    bad_item = dialog.results.findItems("bad.json", Qt.MatchFlag.MatchExactly)[0]
    assert bad_item.foreground(0).color().name() == "#c62828"
    assert by_name["good.json"][0] == IMPORTED
    assert sorted(dialog.imported_call_ids) == ["good-1", "good-2"]
    assert "Files failed: 1." in dialog.summary.text()
    assert dialog.results.topLevelItem(0).text(0) == "bad.json"  # failures are listed first
    assert QueueService(store).count(QueueFilter(status="auto")) == 2


def test_cancel_stops_between_files_and_leaves_no_call_unscored(qtbot, dialog, store, tmp_path):
    folder = tmp_path / "many"
    count = 400
    for n in range(count):
        write_json(folder / f"call-{n:04d}.json", call_dict(f"many-{n:04d}"))
    assert dialog.start([folder])
    qtbot.waitUntil(lambda: dialog.progress.value() >= 3 * STEP, timeout=30_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=30_000)
    result = dialog.last_result
    assert result.cancelled and 3 <= len(result.outcomes) < count
    assert f"of {count} files" in dialog.summary.text()
    assert dialog.current.text() == "Cancelled."
    queue = QueueService(store)
    assert queue.count() == len(dialog.imported_call_ids) == len(result.outcomes)
    assert queue.count(QueueFilter(status="unscored")) == 0


def test_closing_while_importing_cancels_first(qtbot, dialog, tmp_path):
    folder = tmp_path / "many"
    for n in range(300):
        write_json(folder / f"call-{n:04d}.json", call_dict(f"close-{n:04d}"))
    dialog.start([folder])
    qtbot.waitUntil(lambda: dialog.progress.value() >= STEP, timeout=30_000)
    dialog.reject()
    assert dialog.isVisible()  # it waits for the worker
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    assert not dialog.is_running and dialog.last_result.cancelled


def test_a_broken_rule_pack_is_a_readable_failure(qtbot, store, tmp_path):
    pack = tmp_path / "broken.yaml"
    pack.write_text("id: [unclosed\n", encoding="utf-8")
    dialog = ImportDialog(store, pack_path=pack)
    qtbot.addWidget(dialog)
    run(qtbot, dialog, [DEMO / "demo-001.json"])
    assert "broken.yaml" in dialog.summary.text()
    assert dialog.current.text() == "The import stopped with an error."
    assert QueueService(store).count() == 0  # nothing imported without a pack to score it


def test_dropping_files_starts_an_import(qtbot, dialog, tmp_path):
    path = write_json(tmp_path / "dropped.json", [call_dict("dropped-1")])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(drop)
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=30_000)
    assert dialog.imported_call_ids == ["dropped-1"]


def test_start_refuses_nothing_and_a_second_run_at_once(qtbot, dialog):
    assert not dialog.start([])
    assert dialog.start([DEMO])
    assert not dialog.start([DEMO])
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=60_000)


def test_warnings_show_in_the_details(qtbot, dialog, tmp_path):
    write_json(tmp_path / "calls" / "warned.json", call_dict("warned-1", audio="../../etc/passwd"))
    run(qtbot, dialog, [tmp_path / "calls"])
    [(name, status, details, tip)] = rows(dialog)
    assert (name, status) == ("warned.json", IMPORTED)
    assert details.startswith("Warning: call warned-1: audio") and "outside" in tip
    assert str(tmp_path) not in details
    assert dialog.imported_call_ids == ["warned-1"]


def test_cancel_while_scoring_a_big_file_counts_the_calls_left_unscored(qtbot, dialog, store, tmp_path):
    path = tmp_path / "big.jsonl"
    lines = (json.dumps(call_dict(f"big-{n:05d}"), ensure_ascii=False) for n in range(1500))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert dialog.start([path])
    qtbot.waitUntil(lambda: dialog.current.text().startswith("Scoring calls from big.jsonl"),
                    timeout=60_000)
    dialog.cancel()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=60_000)
    result = dialog.last_result
    assert result.cancelled and len(result.imported_ids) == 1500
    assert 0 < len(result.scored) < 1500
    assert f"Calls imported but not scored: {len(result.unscored)}." in dialog.summary.text()
    assert QueueService(store).count(QueueFilter(status="unscored")) == len(result.unscored)
