"""The call view over a real SQLite store: replay (clock and recording), evidence on the
exact characters, review with reasons, sign-off lock, reopen, and two reviewers colliding."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QInputDialog, QSlider

from qa_desk.scoring import Scorer, load_pack
from qa_desk.services.evaluations import score_stored_calls
from qa_desk.services.importing import ImportService
from qa_desk.services.review import LockedError, ReviewService
from qa_desk.transcripts.model import Turn
from qa_desk.views.call_view import CallView
from qa_desk.views.call_view.evidence import FAIL, PASS, Mark, segments
from qa_desk.views.call_view.playback import TranscriptClock
from qa_desk.views.call_view.timeline import Timeline, format_clock
from qa_desk.views.call_view.transcript import MARK_STYLES
from qa_desk.views.fonts import ensure_cjk_font
from tests.helpers import call_dict, write_json

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
FAILING = "demo-005"  # complaint without apology; taboo 这是公司的规定 in turn 8 (fatal)
TABOO = "这是公司的规定"


def import_and_score(db, *paths: Path) -> list[str]:
    ids = [cid for path in paths for cid in ImportService(db).import_file(path).imported]
    list(score_stored_calls(db, ids, Scorer(load_pack())))
    return ids


@pytest.fixture
def failing(db):
    import_and_score(db, DEMO / f"{FAILING}.json")
    return db


def open_view(qtbot, db, call_id: str, reviewer: str = "王主管") -> CallView:
    view = CallView(db, call_id, reviewer=reviewer)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def click_rule(qtbot, view: CallView, rule: str) -> None:
    tree = view.scorecard.tree
    row = view.scorecard.rule_row(rule)
    tree.scrollToItem(row)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.visualItemRect(row).center())


def override(qtbot, view: CallView, rule: str, points: float, reason: str) -> None:
    click_rule(qtbot, view, rule)
    view.item_review.reason.setText(reason)
    view.item_review.points.setValue(points)
    qtbot.mouseClick(view.item_review.override_button, Qt.MouseButton.LeftButton)


# --------------------------------------------------------------------------- pure parts


def test_timeline_knows_the_turn_at_any_moment_and_the_silences_to_skip():
    turns = [Turn("agent", "a", 0.0, 4.0), Turn("customer", "b", 3.0, 6.0),  # overlap
             Turn("agent", "c", 40.0, 45.0), Turn("customer", "d", 46.0, 50.0)]
    timeline = Timeline.from_turns(turns, duration=52.0)
    assert [timeline.turn_at(t) for t in (-1, 0, 3.5, 20, 40, 46.5)] == [None, 0, 1, 1, 2, 3]
    assert timeline.next_start(3.0) == 40.0 and timeline.next_start(46.0) is None
    assert [(s.start, s.end) for s in timeline.silences()] == [(6.0, 40.0)]
    assert timeline.skip_silence(10.0) == 40.0
    assert timeline.skip_silence(45.5) == 45.5  # a 1 s pause is speech rhythm, not silence
    assert not timeline.synthetic and timeline.duration == 52.0


def test_timeline_without_timestamps_is_estimated_from_text_length():
    turns = [Turn("agent", "您好" * 10), Turn("customer", "好")]
    timeline = Timeline.from_turns(turns)
    assert timeline.synthetic
    assert timeline.slots[0].end == pytest.approx(5.0)  # 20 characters at 4 a second
    assert timeline.slots[1].start > timeline.slots[0].end


def test_timeline_turn_without_end_lasts_until_the_next_turn():
    timeline = Timeline.from_turns([Turn("agent", "a", 0.0), Turn("customer", "bbbb", 3.0)])
    assert timeline.slots[0].end == 3.0 and timeline.slots[1].end == pytest.approx(4.0)


def test_evidence_segments_cut_exactly_and_fail_wins_over_pass():
    marks = [Mark(0, 4, PASS, "r1"), Mark(2, 6, FAIL, "r2")]
    assert [(s.text, s.result) for s in segments("abcdefgh", marks)] == [
        ("ab", PASS), ("cdef", FAIL), ("gh", None)]


def test_format_clock():
    assert (format_clock(0), format_clock(83.9), format_clock(3725), format_clock(None)) == (
        "00:00", "01:23", "1:02:05", "--:--")


# --------------------------------------------------------------------------- replay


def test_load_shows_every_turn_as_a_conversation(qtbot, failing):
    view = open_view(qtbot, failing, FAILING)
    call = view.call
    assert len(view.transcript.bubbles) == len(call.turns) > 10
    for bubble, turn in zip(view.transcript.bubbles, call.turns, strict=True):
        assert bubble.turn.text == turn.text
        assert format_clock(turn.start) in bubble.header.text()
    first, second = view.transcript.bubbles[:2]
    assert first.header.text().startswith("Agent") and second.header.text().startswith("Customer")
    assert first.styleSheet() != second.styleSheet()  # the two sides look different
    assert view.scorecard.auto_score.text().startswith("0")
    assert view.scorecard.status.text() == "Auto"


def test_chinese_text_has_a_font_that_covers_it(qtbot, failing):
    ensure_cjk_font(QApplication.instance())
    view = open_view(qtbot, failing, FAILING)
    metrics = QFontMetrics(view.transcript.bubbles[0].body.font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "您好服务禁语")


def test_play_without_a_recording_runs_the_transcript_clock(qtbot, failing):
    view = open_view(qtbot, failing, FAILING)
    clock = view.playback
    assert isinstance(clock, TranscriptClock)
    assert "transcript clock" in view.transport.source_label.text()
    qtbot.mouseClick(view.transport.play_button, Qt.MouseButton.LeftButton)
    assert clock.is_playing() and view.transport.play_button.text() == "Pause"
    clock.tick(500)
    assert view.transcript.current_index == 0
    second_start = view.timeline.start_of(1)
    clock.tick(second_start * 1000)
    assert view.transcript.current_index == 1
    assert view.transport.time_label.text().startswith(format_clock(clock.position()))
    view.transport.speed.setCurrentIndex(view.transport.speed.findData(2.0))
    before = clock.position()
    clock.tick(1000)
    assert clock.position() == pytest.approx(before + 2.0)
    view.hide()
    assert not clock.is_playing()  # a call left on screen stops talking


def test_the_real_timer_drives_the_clock(qtbot, failing):
    view = open_view(qtbot, failing, FAILING)
    view.transport.speed.setCurrentIndex(view.transport.speed.findData(2.0))
    view.playback.seek(view.timeline.start_of(1) - 0.3)
    view.playback.play()
    qtbot.waitUntil(lambda: view.transcript.current_index == 1, timeout=3000)


def test_skip_silence_jumps_over_a_hold(qtbot, db):
    import_and_score(db, DEMO / "demo-001.json")  # 35 s on hold
    view = open_view(qtbot, db, "demo-001")
    hold = max(view.timeline.silences(), key=lambda s: s.length)
    assert hold.length > 20
    view.transport.skip_silence.setChecked(True)
    view.playback.seek(hold.start - 0.2)
    view.playback.tick(500)
    assert view.playback.position() == pytest.approx(hold.end)
    assert view.transcript.current_index == view.timeline.turn_at(hold.end)


def test_the_seek_slider_moves_playback(qtbot, failing):
    view = open_view(qtbot, failing, FAILING)
    view.transport.slider.triggerAction(QSlider.SliderAction.SliderPageStepAdd)
    assert view.playback.position() == pytest.approx(10.0)
    view.transport.slider.setSliderDown(True)
    view.transport.slider.setSliderPosition(int(view.timeline.start_of(4) * 1000))
    view.transport.slider.setSliderDown(False)  # released: the seek happens now
    assert view.transcript.current_index == 4


def test_clicking_a_turn_seeks_there(qtbot, failing):
    view = open_view(qtbot, failing, FAILING)
    bubble = view.transcript.bubbles[6]
    view.transcript.scroll_to(6)
    qtbot.mouseClick(bubble, Qt.MouseButton.LeftButton)
    assert view.playback.position() == pytest.approx(view.timeline.start_of(6))
    assert view.transcript.current_index == 6 and view.transcript.selected_index == 6


def test_transcript_without_timestamps_replays_on_estimated_times(qtbot, db):
    import_and_score(db, DEMO / "demo-026.txt")
    view = open_view(qtbot, db, "demo-026")
    assert view.timeline.synthetic
    assert "≈" in view.transcript.bubbles[0].header.text()
    view.playback.play()
    view.playback.tick(view.timeline.start_of(3) * 1000 + 100)
    assert view.transcript.current_index == 3


# --------------------------------------------------------------------------- evidence


def test_clicking_a_failed_rule_jumps_to_its_evidence_in_red(qtbot, failing):
    view = open_view(qtbot, failing, FAILING)
    item = view.evaluation.item("language.forbidden")
    turn = item.evidence[0]["turn"]
    assert view.transcript.bubbles[turn].turn.text[item.evidence[0]["start"]:item.evidence[0]["end"]] == TABOO
    view.transcript.verticalScrollBar().setValue(0)
    assert not view.transcript.is_in_view(turn + 8)  # a long call does not fit the pane
    click_rule(qtbot, view, "language.forbidden")
    assert view.transcript.selected_index == turn
    assert view.transcript.is_in_view(turn)
    assert f'<span style="{MARK_STYLES[FAIL]}">{TABOO}</span>' in view.transcript.bubbles[turn].html()
    assert view.playback.is_playing()
    assert view.playback.position() == pytest.approx(view.timeline.start_of(turn))
    assert view.item_review.current_rule() == "language.forbidden"


def test_passing_evidence_is_green_and_na_rules_paint_nothing(qtbot, failing):
    view = open_view(qtbot, failing, FAILING)
    opening = view.evaluation.item("opening.greeting")
    span = opening.evidence[0]
    quote = view.call.turns[span["turn"]].text[span["start"]:span["end"]]
    assert f'<span style="{MARK_STYLES[PASS]}">{quote}</span>' in view.transcript.bubbles[0].html()
    view.jump_to_evidence("opening.greeting", 1)  # the second quote: the same turn, later chars
    assert view.scorecard.tree.currentItem() is view.scorecard.rule_row("opening.greeting")
    assert view.transcript.selected_index == opening.evidence[1]["turn"]
    painted = sum(b.html().count("<span") for b in view.transcript.bubbles)
    judged_spans = sum(len(i.evidence) for i in view.evaluation.items if i.result != "na")
    assert 0 < painted <= judged_spans


# --------------------------------------------------------------------------- review


def test_override_with_a_reason_changes_the_reviewed_score_and_keeps_the_auto_score(qtbot, failing):
    view = open_view(qtbot, failing, FAILING)
    auto = view.evaluation.auto_score
    with qtbot.waitSignal(view.evaluation_did_change) as signal:
        override(qtbot, view, "language.forbidden", 20, "录音中是客户说的这句话")
    assert signal.args == [FAILING]
    stored = ReviewService(failing).current(FAILING)
    assert stored.auto_score == auto and stored.reviewed_score is not None
    assert stored.reviewed_score > auto
    assert view.scorecard.reviewed_score.text() == f"{stored.reviewed_score:g}"
    assert view.scorecard.status.text() == "In review"
    assert "✎" in view.scorecard.rule_row("language.forbidden").text(2)
    assert view.message_bar.isHidden()


def test_override_without_a_reason_is_refused_with_a_message(qtbot, failing):
    view = open_view(qtbot, failing, FAILING)
    with qtbot.assertNotEmitted(view.evaluation_did_change):
        override(qtbot, view, "language.forbidden", 20, "   ")
    assert "reason" in view.message_bar.text()
    assert view.message_bar.isVisible()
    stored = ReviewService(failing).current(FAILING)
    assert stored.version == 1 and stored.reviewed_score is None


def test_reject_confirm_and_comments_are_saved(qtbot, failing):
    view = open_view(qtbot, failing, FAILING)
    click_rule(qtbot, view, "complaint.apology")
    view.item_review.reason.setText("坐席在第三句说了抱歉，转写漏了")
    qtbot.mouseClick(view.item_review.reject_button, Qt.MouseButton.LeftButton)
    assert view.evaluation.item("complaint.apology").effective_result == "pass"
    assert "(was Fail)" in view.scorecard.rule_row("complaint.apology").text(1)
    click_rule(qtbot, view, "opening.greeting")
    view.item_review.comment.setText("开场规范")
    qtbot.mouseClick(view.item_review.comment_button, Qt.MouseButton.LeftButton)
    view.call_review.comment.setPlainText("整体态度好，注意禁语")
    qtbot.mouseClick(view.call_review.comment_button, Qt.MouseButton.LeftButton)
    stored = ReviewService(failing).current(FAILING)
    assert stored.item("opening.greeting").comment == "开场规范"
    assert stored.item("opening.greeting").review == "confirm"
    assert stored.item("complaint.apology").review == "reject"
    assert stored.comment == "整体态度好，注意禁语"


def test_sign_off_locks_everything_and_reopen_needs_a_reason(qtbot, failing, monkeypatch):
    view = open_view(qtbot, failing, FAILING)
    qtbot.mouseClick(view.call_review.sign_off_button, Qt.MouseButton.LeftButton)
    assert view.evaluation.locked and view.scorecard.status.text() == "Signed"
    assert "Signed by 王主管" in view.scorecard.signed.text()
    for widget in (view.item_review.confirm_button, view.item_review.reject_button,
                   view.item_review.override_button, view.item_review.reason,
                   view.call_review.comment_button):
        assert not widget.isEnabled()
    assert view.call_review.comment.isReadOnly()
    assert view.call_review.reopen_button.isVisible()
    assert not view.call_review.sign_off_button.isVisible()
    with pytest.raises(LockedError):  # the lock holds in the service, not only in the view
        ReviewService(failing).review_item(view.evaluation.id, "opening.greeting",
                                           expected_version=view.evaluation.version,
                                           reviewer="王主管", decision="confirm")

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", True)))
    qtbot.mouseClick(view.call_review.reopen_button, Qt.MouseButton.LeftButton)
    assert view.evaluation.locked and "reason" in view.message_bar.text()

    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *a, **k: ("客户申诉，重新复核", True)))
    with qtbot.waitSignal(view.evaluation_did_change):
        qtbot.mouseClick(view.call_review.reopen_button, Qt.MouseButton.LeftButton)
    assert not view.evaluation.locked
    assert view.item_review.override_button.isEnabled()
    assert view.call_review.sign_off_button.isVisible()
    assert view.evaluation.history[-1]["reason"] == "客户申诉，重新复核"


def test_a_second_reviewer_saving_on_a_stale_version_sees_the_conflict(qtbot, failing):
    first = open_view(qtbot, failing, FAILING, reviewer="王主管")
    second = open_view(qtbot, failing, FAILING, reviewer="李主管")
    override(qtbot, first, "language.forbidden", 20, "客户说的")
    with qtbot.assertNotEmitted(second.evaluation_did_change):
        override(qtbot, second, "language.forbidden", 0, "确实是坐席说的")
    assert "changed by 王主管" in second.message_bar.text()
    assert second.message_bar.reload_button.isVisible()
    assert ReviewService(failing).current(FAILING).item("language.forbidden").reason == "客户说的"

    qtbot.mouseClick(second.message_bar.reload_button, Qt.MouseButton.LeftButton)
    assert second.message_bar.isHidden()
    assert second.evaluation.version == first.evaluation.version
    assert second.item_review.reason.text() == "客户说的"  # now shows the other reviewer's work


def test_an_unscored_call_opens_with_review_disabled(qtbot, db, tmp_path):
    ImportService(db).import_file(write_json(tmp_path / "c.json", call_dict("c-1")))
    view = open_view(qtbot, db, "c-1")
    assert view.evaluation is None and len(view.transcript.bubbles) == 2
    assert not view.call_review.sign_off_button.isEnabled()
    assert not view.item_review.confirm_button.isEnabled()


def test_load_switches_to_another_call(qtbot, db):
    import_and_score(db, DEMO / f"{FAILING}.json", DEMO / "demo-013.json")
    view = open_view(qtbot, db, FAILING)
    click_rule(qtbot, view, "opening.greeting")
    view.load("demo-013")  # Traditional Chinese
    assert view.call_id == "demo-013" and view.evaluation.call_id == "demo-013"
    assert view.item_review.current_rule() == "language.forbidden"  # its first failure
    assert len(view.transcript.bubbles) == len(view.call.turns)
    assert view.transport.time_label.text().startswith("00:00")


def test_a_missing_recording_falls_back_to_the_clock_with_a_warning(qtbot, db, tmp_path):
    (tmp_path / "gone.ogg").write_bytes(b"")
    path = write_json(tmp_path / "c.json", call_dict("c-2", audio="gone.ogg"))
    ImportService(db).import_file(path)
    (tmp_path / "gone.ogg").unlink()
    view = open_view(qtbot, db, "c-2")
    assert isinstance(view.playback, TranscriptClock)
    assert "gone.ogg" in view.transport.source_label.text()


def test_loading_an_unknown_call_says_so(qtbot, failing):
    view = open_view(qtbot, failing, FAILING)
    view.load("no-such-call")
    assert "no-such-call" in view.message_bar.text() and view.message_bar.isVisible()
    assert view.transcript.bubbles == [] and view.evaluation is None


# --------------------------------------------------------------------------- recording


def test_a_recording_that_will_not_decode_falls_back_to_the_clock(qtbot, db, tmp_path):
    try:
        import PySide6.QtMultimedia  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"QtMultimedia cannot load here ({exc}); install libpulse0")
    (tmp_path / "bad.ogg").write_bytes(b"OggS" + bytes(range(256)) * 8)
    ImportService(db).import_file(write_json(tmp_path / "c.json", call_dict("c-3", audio="bad.ogg")))
    view = open_view(qtbot, db, "c-3")
    qtbot.waitUntil(lambda: isinstance(view.playback, TranscriptClock), timeout=5000)
    assert "Audio unavailable" in view.transport.source_label.text()
    view.playback.play()
    view.playback.tick(5000)
    assert view.transcript.current_index == 1


def test_a_recording_plays_and_moves_the_highlight(qtbot, db):
    try:
        import PySide6.QtMultimedia  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"QtMultimedia cannot load here ({exc}); install libpulse0")
    import_and_score(db, DEMO / "demo-016.json")
    view = open_view(qtbot, db, "demo-016")
    assert view.call.audio and view.call.audio.endswith("audio/demo-016.ogg")
    assert view.playback.kind == "audio", view.transport.source_label.text()
    second = view.timeline.start_of(1)
    view.playback.seek(second - 0.4)
    view.playback.play()
    qtbot.waitUntil(lambda: view.playback.position() > second + 0.1, timeout=8000)
    assert view.playback.position() < second + 3  # it played from the seek, not from 00:00
    assert view.transcript.current_index == 1
    assert view.playback.duration() == pytest.approx(view.timeline.duration, abs=1.0)
    click_rule(qtbot, view, "opening.greeting")  # fails: the agent opened with 喂
    assert view.transcript.selected_index == 0 and view.playback.is_playing()
    qtbot.waitUntil(lambda: 0.1 < view.playback.position() < 3, timeout=5000)
    view.playback.pause()
