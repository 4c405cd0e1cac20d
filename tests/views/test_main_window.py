from __future__ import annotations

from qa_desk.services.importing import ImportService
from qa_desk.views.main_window import MainWindow
from tests.helpers import call_dict, write_json


def test_main_window_lists_stored_calls(qtbot, db, tmp_path):
    ImportService(db).import_file(write_json(tmp_path / "c.json", [call_dict("c-1"), call_dict("c-2")]))
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    assert window.calls_table.rowCount() == 2
    assert window.calls_table.item(0, 0).text() == "c-1"
    assert window.calls_table.item(0, 1).text() == "1024 李明"
    assert "2 calls" in window.statusBar().currentMessage()
    assert not window.grab().isNull()
