"""The Simplified Chinese translation: complete, placeholders intact, and the real main window
in Chinese (navigation, menus, the review of a demo call) with screenshots to look at."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from qa_desk.scoring import Scorer, load_pack
from qa_desk.services.evaluations import score_stored_calls
from qa_desk.services.importing import ImportService
from qa_desk.settings import Settings
from qa_desk.views.fonts import ensure_cjk_font
from qa_desk.views.main_window import CALLS, REVIEW, MainWindow

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "translations" / "qa_desk_zh_CN.ts"
DEMO = REPO / "resources" / "demo"
SHOTS = REPO / "shots"
NAVIGATION = ["通话", "复核", "考试", "报表", "奖惩", "规则", "审计", "用户", "设置"]

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%n")
FILE_PATTERNS = re.compile(r"\(\*[^()]*\)")  # "(*.yaml *.yml)": Qt file dialogs parse these
ACCELERATOR = re.compile(r"&(\w)")
CJK = re.compile(r"[\u4e00-\u9fff]")


def messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS).getroot()
    return [(context.findtext("name"), message.findtext("source"), message.find("translation"))
            for context in root.iter("context") for message in context.iter("message")]


def texts(translation: ET.Element) -> list[str]:
    forms = translation.findall("numerusform")
    return [form.text or "" for form in forms] if forms else [translation.text or ""]


def test_every_string_is_translated():
    found = messages()
    assert len(found) > 150
    problems = [(context, source) for context, source, translation in found
                if translation.get("type") in ("unfinished", "obsolete", "vanished")
                or not all(text.strip() for text in texts(translation))]
    assert problems == []


def test_placeholders_accelerators_and_file_patterns_survive():
    problems = []
    for context, source, translation in messages():
        for text in texts(translation):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                problems.append((context, source, text, "placeholders"))
            if not set(FILE_PATTERNS.findall(source)) <= set(FILE_PATTERNS.findall(text)):
                problems.append((context, source, text, "file patterns"))
            keys = [key.upper() for key in ACCELERATOR.findall(source)]
            if keys and [key.upper() for key in ACCELERATOR.findall(text)] != keys:
                problems.append((context, source, text, "accelerator"))
    assert problems == []


@pytest.fixture
def chinese(qapp, tmp_path):
    """The .ts compiled by lrelease and installed on the running application, for one test."""
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    qm = tmp_path / "qa_desk_zh_CN.qm"
    done = subprocess.run([str(lrelease), str(TS), "-qm", str(qm)],
                          check=True, capture_output=True, text=True)
    assert " 0 unfinished" in done.stdout
    translator = QTranslator()
    assert translator.load(str(qm))
    ensure_cjk_font(qapp)
    qapp.installTranslator(translator)
    try:
        assert QCoreApplication.translate("MainWindow", "Calls") == "通话"
        yield translator
    finally:
        qapp.removeTranslator(translator)
        assert QCoreApplication.translate("MainWindow", "Calls") == "Calls"


@pytest.fixture
def window(qtbot, db, chinese):
    main = MainWindow(db, settings=Settings(reviewer="王主管"))
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.navigation.setCurrentRow(CALLS)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_main_window_in_chinese(qtbot, window):
    navigation = window.navigation
    items = [navigation.item(row).text() for row in range(navigation.count())]
    assert items == NAVIGATION
    metrics = navigation.fontMetrics()
    assert all(metrics.horizontalAdvance(text) < navigation.width() - 20 for text in items)
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[0] == "文件(&F)"
    assert all(CJK.search(text) for text in menus)
    assert "质检" in window.windowTitle()
    assert window.queue.model.headerData(1, Qt.Orientation.Horizontal) == "坐席"
    assert window.queue.count_label.text() in ("正在加载…", "共 0 通通话")
    qtbot.waitUntil(lambda: window.queue.count_label.text() == "共 0 通通话", timeout=10000)
    window.grab().save(str(SHOTS / "main_zh.png"))


def test_review_of_a_demo_call_in_chinese(qtbot, db, window):
    ids = [call_id for outcome in ImportService(db).import_paths([DEMO], parallel=False)
           for call_id in outcome.imported]
    assert "demo-005" in ids
    list(score_stored_calls(db, ids, Scorer(load_pack())))
    window.refresh()
    window.open_call("demo-005")
    assert window.navigation.currentRow() == REVIEW
    scorecard = window.call_view.scorecard
    assert scorecard.status.text() == "自动"
    assert scorecard.auto_score.text() == "0（一票否决）"  # demo-005 uses a 服务禁语
    assert window.call_view.transcript.bubbles[0].header.text().startswith("坐席")
    window.call_view.jump_to_evidence("complaint.apology")
    summary = window.call_view.item_review.summary.text()
    assert "评分说明：触发后 2 句内坐席未说规定用语" in summary  # the engine's note, in Chinese
    qtbot.wait(50)
    window.grab().save(str(SHOTS / "review_zh.png"))

