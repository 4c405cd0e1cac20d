"""The call view: replay a call, see the evidence for each verdict, review and sign it off.

This module only composes the parts and passes requests between them and the services:
the transcript (transcript.py), the transport bar (transport.py), the playback engines
(playback.py, audio.py), the scorecard (scorecard.py) and the review controls
(review_panel.py), and the review actions (review_session.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from qa_desk.db import Database
from qa_desk.services.calls import CallService
from qa_desk.services.review import EvaluationView, ItemView, ReviewService
from qa_desk.transcripts.model import OUTBOUND, Call
from qa_desk.views.call_view.audio import MISSING, open_playback
from qa_desk.views.call_view.evidence import evidence_turn, marks_by_turn
from qa_desk.views.call_view.message_bar import MessageBar
from qa_desk.views.call_view.playback import Playback, TranscriptClock
from qa_desk.views.call_view.review_panel import CallReviewPanel, ItemReviewPanel
from qa_desk.views.call_view.review_session import ReviewSession
from qa_desk.views.call_view.scorecard import ScorecardPanel
from qa_desk.views.call_view.timeline import Timeline, format_clock
from qa_desk.views.call_view.transcript import TranscriptPane
from qa_desk.views.call_view.transport import TransportBar


class CallView(QWidget):
    evaluation_did_change = Signal(str)  # call id, after any saved review action

    def __init__(self, database: Database, call_id: str, *, reviewer: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._calls = CallService(database)
        self.review = ReviewSession(ReviewService(database), reviewer, self)
        self.call_id = call_id
        self.call: Call | None = None
        self.timeline = Timeline((), 0.0)
        self.playback: Playback = TranscriptClock(self.timeline, self)
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.message_bar = MessageBar()
        self.transcript = TranscriptPane()
        self.transport = TransportBar()
        self.scorecard = ScorecardPanel()
        self.item_review = ItemReviewPanel()
        self.call_review = CallReviewPanel()
        self._lay_out()
        self._connect_callbacks()
        self.load(call_id)

    def _lay_out(self) -> None:
        self.header.setStyleSheet("font-size:15px; font-weight:600; padding:2px 4px;")
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.scorecard, 1)
        side.addWidget(self.item_review)
        side.addWidget(self.call_review)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.transcript)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        # The transcript is what is read: it gets the larger share, whatever the size hints.
        self.transcript.setMinimumWidth(380)
        right.setMinimumWidth(420)
        self.splitter.setSizes([600, 400])
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 4)
        column.addWidget(self.header)
        column.addWidget(self.message_bar)
        column.addWidget(self.splitter, 1)
        column.addWidget(self.transport)

    def _connect_callbacks(self) -> None:
        self.transcript.turn_clicked.connect(self.seek_to_turn)
        self.transport.play_toggle_requested.connect(lambda: self.playback.toggle())
        self.transport.seek_requested.connect(lambda seconds: self.playback.seek(seconds))
        self.transport.rate_requested.connect(lambda rate: self.playback.set_rate(rate))
        self.transport.skip_silence_requested.connect(
            lambda on: self.playback.set_skip_silence(on))
        self.scorecard.item_chosen.connect(self.jump_to_evidence)
        self.item_review.requested.connect(self.review.review_item)
        self.call_review.comment_requested.connect(self.review.comment_call)
        self.call_review.sign_off_requested.connect(self.review.sign_off)
        self.call_review.reopen_requested.connect(self._on_reopen_requested)
        self.message_bar.reload_requested.connect(self.reload)
        self.review.evaluation_did_load.connect(self._show_evaluation)
        self.review.evaluation_did_change.connect(self.evaluation_did_change)
        self.review.refused.connect(self._on_refused)

    @property
    def evaluation(self) -> EvaluationView | None:
        return self.review.evaluation

    @property
    def reviewer(self) -> str:
        return self.review.reviewer

    def set_reviewer(self, name: str) -> None:
        """The name later review actions are recorded under (from Settings)."""
        self.review.reviewer = name

    # ------------------------------------------------------------------ loading

    def load(self, call_id: str) -> None:
        """Show another call (or the same one afresh): transcript, playback, evaluation."""
        self.call_id = call_id
        self.message_bar.clear()
        self.call = self._calls.get(call_id)
        turns = self.call.turns if self.call else []
        self.timeline = Timeline.from_turns(turns, duration=self.call.duration if self.call else None)
        self._use_playback(*open_playback(self.call.audio if self.call else None, self.timeline, self))
        self.transcript.set_turns(turns, self.timeline, {})
        self.header.setText(self._header_text())
        self.item_review.show_item(None, locked=True)  # a new call starts on its first failure
        self.review.load(call_id if self.call else None)
        if self.call is None:
            self.message_bar.show_message(
                self.tr("There is no call {0} in the database.").format(call_id), kind="warning")

    def reload(self) -> None:
        """Fetch the evaluation again: after a conflict, or when another screen changed it."""
        self.review.reload()

    def _show_evaluation(self, evaluation: EvaluationView | None) -> None:
        if self.message_bar.kind == "error":  # a "not saved" no longer applies to what is shown
            self.message_bar.clear()
        self.transcript.set_marks(marks_by_turn(evaluation.items) if evaluation else {})
        self.scorecard.show_evaluation(evaluation, self._where)
        locked = evaluation is None or evaluation.locked
        self.item_review.show_item(self._reviewed_item(), locked=locked)
        rule = self.item_review.current_rule()
        if rule:
            self.scorecard.select_rule(rule)
        self.call_review.show_state(comment=evaluation.comment if evaluation else None,
                                    locked=locked, scored=evaluation is not None)

    def _reviewed_item(self) -> ItemView | None:
        """Keep the rule under review across refreshes; start on the first failure."""
        if self.evaluation is None or not self.evaluation.items:
            return None
        rule = self.item_review.current_rule()
        items = self.evaluation.items
        return (next((i for i in items if i.rule == rule), None)
                or next((i for i in items if i.effective_result == "fail"), items[0]))

    def _header_text(self) -> str:
        call = self.call
        if call is None:
            return self.call_id
        parts = [call.call_id]
        if call.agent:
            parts.append(f"{call.agent.name or ''} ({call.agent.id})".strip())
        parts.append(self.tr("Outbound") if call.channel == OUTBOUND else self.tr("Inbound"))
        if call.started_at:
            parts.append(call.started_at.strftime("%Y-%m-%d %H:%M"))
        parts.append(self.tr("{0} turns, {1}").format(len(call.turns), format_clock(self.timeline.duration)))
        return " · ".join(parts)

    def _where(self, turn: int) -> str:
        if not 0 <= turn < len(self.timeline.slots):
            return "?"
        prefix = "≈" if self.timeline.synthetic else ""
        return prefix + format_clock(self.timeline.start_of(turn))

    # ------------------------------------------------------------------ playback

    def _use_playback(self, playback: Playback, problem: tuple[str, str] | None) -> None:
        old = self.playback
        old.close()
        old.deleteLater()
        self.playback = playback
        playback.set_rate(self.transport.rate())
        playback.set_skip_silence(self.transport.skip_silence.isChecked())
        playback.position_did_change.connect(self._on_position)
        playback.playing_did_change.connect(self.transport.set_playing)
        playback.duration_did_change.connect(self.transport.set_duration)
        playback.failed.connect(self._on_playback_failed)
        self.transport.set_playing(False)
        self.transport.set_duration(playback.duration())
        self.transport.set_position(0.0)
        self.transcript.set_current(None)
        self._show_source(playback, problem)

    def _show_source(self, playback: Playback, problem: tuple[str, str] | None) -> None:
        if problem is not None:
            kind, detail = problem
            text = (self.tr("Recording not found ({0}): replaying the transcript").format(detail)
                    if kind == MISSING else
                    self.tr("Audio unavailable: replaying the transcript"))
            self.transport.set_source(text, warning=True)
            self.transport.source_label.setToolTip(detail)
        elif playback.kind == "audio":
            self.transport.set_source(self.tr("Recording"))
        elif self.timeline.synthetic:
            self.transport.set_source(self.tr("No recording: transcript clock, estimated times"))
        else:
            self.transport.set_source(self.tr("No recording: transcript clock"))

    def _on_playback_failed(self, message: str) -> None:
        """The recording would not play (bad file, no decoder): replay the transcript instead."""
        self._use_playback(TranscriptClock(self.timeline, self), None)
        self.transport.set_source(self.tr("Audio unavailable: replaying the transcript"), warning=True)
        self.transport.source_label.setToolTip(message)

    def _on_position(self, seconds: float) -> None:
        self.transport.set_position(seconds)
        self.transcript.set_current(self.timeline.turn_at(seconds))

    def seek_to_turn(self, index: int) -> None:
        if 0 <= index < len(self.timeline.slots):
            self.playback.seek(self.timeline.start_of(index))

    def jump_to_evidence(self, rule: str, evidence_index: int = 0) -> None:
        """Show the rule for review, put its evidence turn in view, flash it and play from it."""
        if self.evaluation is None:
            return
        item = next((i for i in self.evaluation.items if i.rule == rule), None)
        if item is None:
            return
        self.item_review.show_item(item, locked=self.evaluation.locked)
        self.scorecard.select_rule(rule)
        turn = evidence_turn(item, evidence_index)
        if turn is None or not 0 <= turn < len(self.transcript.bubbles):
            return
        self.transcript.select(turn, flash=True)
        self.seek_to_turn(turn)
        self.playback.play()

    def hideEvent(self, event: QHideEvent) -> None:
        self.playback.pause()  # a call left on screen must not keep talking
        super().hideEvent(event)

    # ------------------------------------------------------------------ review

    def sign_off(self) -> None:
        self.review.sign_off()

    def reopen(self, reason: str) -> None:
        self.review.reopen(reason)

    def _on_reopen_requested(self) -> None:
        reason, ok = QInputDialog.getText(
            self, self.tr("Reopen evaluation"),
            self.tr("Why reopen this signed evaluation? The reason is kept in its history."))
        if ok:
            self.review.reopen(reason)

    def _on_refused(self, message: str, conflict: bool) -> None:
        self.message_bar.show_message(message, reload=conflict)
