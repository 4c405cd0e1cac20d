"""The call view: replay a call, see the evidence for each verdict, review and sign it off,
dispute an item and rule on disputes, each as the signed-in role allows.

This module only composes the parts and passes requests between them and the services:
the transcript (transcript.py), the transport bar (transport.py), the playback engines
(playback.py, audio.py), the scorecard (scorecard.py), the review controls
(review_panel.py), the disputes (dispute_panel.py) and the history (history_panel.py), and
the actions (review_session.py, dispute_session.py).

Roles: supervisors and admins review, sign and rule on disputes (a plain `reviewer=` name is
the trusted desk of one supervisor and does all three); an agent sees only their own calls,
and disputes a failed item of a signed evaluation; HR reads only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qa_desk.db import Database
from qa_desk.services import access
from qa_desk.services.access import Identity, PermissionDenied
from qa_desk.services.calls import CallService
from qa_desk.services.disputes import DEFAULT_WINDOW_DAYS, DisputeService
from qa_desk.services.review import EvaluationView, ItemView, ReviewService
from qa_desk.transcripts.model import OUTBOUND, Call
from qa_desk.views.call_view.audio import MISSING, open_playback
from qa_desk.views.call_view.dispute_panel import DisputePanel
from qa_desk.views.call_view.dispute_session import DisputeSession
from qa_desk.views.call_view.evidence import evidence_turn, marks_by_turn
from qa_desk.views.call_view.history_panel import HistoryPanel
from qa_desk.views.call_view.message_bar import MessageBar
from qa_desk.views.call_view.playback import Playback, TranscriptClock
from qa_desk.views.call_view.review_panel import CallReviewPanel, ItemReviewPanel
from qa_desk.views.call_view.review_session import ReviewSession
from qa_desk.views.call_view.scorecard import ScorecardPanel
from qa_desk.views.call_view.timeline import Timeline, format_clock
from qa_desk.views.call_view.transcript import TranscriptPane
from qa_desk.views.call_view.transport import TransportBar

REVIEW_TAB, DISPUTES_TAB, HISTORY_TAB = range(3)


class CallView(QWidget):
    evaluation_did_change = Signal(str)  # call id, after any saved review action

    def __init__(self, database: Database, call_id: str | None, *, reviewer: str = "",
                 identity: Identity | None = None, dispute_window_days: int = DEFAULT_WINDOW_DAYS,
                 parent: QWidget | None = None) -> None:
        """`identity`: who is signed in (their role decides what the view offers); without
        one, `reviewer` names the supervisor of a single trusted desk."""
        super().__init__(parent)
        self._db = database
        actor = identity if identity is not None else reviewer
        self._calls = CallService(database, actor)
        self.review = ReviewSession(ReviewService(database, actor), actor, self)
        self.dispute = DisputeSession(DisputeService(database, window_days=dispute_window_days),
                                      actor, self)
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
        self.disputes = DisputePanel()
        self.history = HistoryPanel()
        self.tabs = QTabWidget()
        self._new_call = True
        self._lay_out()
        self._connect_callbacks()
        self._apply_role()
        self.load(call_id)

    def _lay_out(self) -> None:
        self.header.setStyleSheet("font-size:15px; font-weight:600; padding:2px 4px;")
        review_page = QWidget()
        review_column = QVBoxLayout(review_page)
        review_column.setContentsMargins(0, 4, 0, 0)
        review_column.addWidget(self.item_review)
        review_column.addWidget(self.call_review)
        review_column.addStretch(1)
        self.tabs.addTab(review_page, self.tr("Review"))
        self.tabs.addTab(self.disputes, self.tr("Disputes"))
        self.tabs.addTab(self.history, self.tr("History"))
        self.tabs.setDocumentMode(True)
        # The scorecard over the review, disputes and history; the reader moves the line.
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.scorecard)
        right.addWidget(self.tabs)
        right.setStretchFactor(0, 1)
        right.setChildrenCollapsible(False)
        right.setSizes([420, 330])
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
        self.item_review.dispute_requested.connect(self._on_dispute_requested)
        self.disputes.ruling_requested.connect(self.dispute.rule)
        self.disputes.dispute_chosen.connect(self._on_dispute_chosen)
        self.dispute.did_change.connect(self._on_dispute_did_change)
        self.dispute.refused.connect(self._on_refused)
        self.dispute.succeeded.connect(lambda text: self.message_bar.show_message(text, kind="info"))

    @property
    def evaluation(self) -> EvaluationView | None:
        return self.review.evaluation

    @property
    def reviewer(self) -> str:
        return self.review.reviewer

    @property
    def identity(self) -> Identity | None:
        return self.dispute.identity

    def set_reviewer(self, name: str) -> None:
        """The name later review actions are recorded under (from Settings); a signed-in
        identity keeps its own name."""
        if self.identity is None:
            self._use_actor(name)

    def set_identity(self, identity: Identity) -> None:
        """Someone else signed in: their name, their role's controls, their calls only."""
        self._use_actor(identity)
        self._apply_role()
        self.load(self.call_id)

    def _use_actor(self, actor: access.Actor) -> None:
        """The services read and act for `actor` (and check its role on every action)."""
        self._calls = CallService(self._db, actor)
        self.review.reviews = ReviewService(self._db, actor)
        self.review.actor = actor
        self.dispute.actor = actor

    def _apply_role(self) -> None:
        can_review = self.dispute.can_review
        self.item_review.set_role(can_review=can_review, can_dispute=self.dispute.can_dispute)
        self.call_review.set_role(can_review=can_review)
        self.disputes.set_role(can_rule=self.dispute.can_rule)
        self.tabs.setTabText(REVIEW_TAB, self.tr("Review") if can_review else self.tr("Item"))

    # ------------------------------------------------------------------ loading

    def load(self, call_id: str) -> None:
        """Show another call (or the same one afresh): transcript, playback, evaluation."""
        self.call_id = call_id
        self.message_bar.clear()
        refusal = None
        try:
            self.call = self._calls.get(call_id) if call_id else None
        except PermissionDenied as exc:  # an agent asked for someone else's call
            self.call, refusal = None, str(exc)
        turns = self.call.turns if self.call else []
        self.timeline = Timeline.from_turns(turns, duration=self.call.duration if self.call else None)
        self._use_playback(*open_playback(self.call.audio if self.call else None, self.timeline, self))
        self.transcript.set_turns(turns, self.timeline, {})
        self.header.setText(self._header_text())
        self.item_review.show_item(None, locked=True)  # a new call starts on its first failure
        self._new_call = True  # opens on its review, or on the disputes waiting for a ruling
        self.review.load(call_id if self.call else None)
        if refusal:
            self.message_bar.show_message(self.tr("Not shown: {0}").format(refusal))
        elif self.call is None and call_id:
            self.message_bar.show_message(
                self.tr("There is no call {0} in the database.").format(call_id), kind="warning")

    def reload(self) -> None:
        """Fetch the evaluation again: after a conflict, or when another screen changed it."""
        self.review.reload()

    def _show_evaluation(self, evaluation: EvaluationView | None) -> None:
        if self.message_bar.kind == "error":  # a "not saved" no longer applies to what is shown
            self.message_bar.clear()
        self.transcript.set_marks(marks_by_turn(evaluation.items) if evaluation else {})
        disputes = self.dispute.load(evaluation)
        self.scorecard.show_evaluation(evaluation, self._where, self.dispute.latest_by_rule())
        locked = evaluation is None or evaluation.locked
        self._show_item(self._reviewed_item())
        rule = self.item_review.current_rule()
        if rule:
            self.scorecard.select_rule(rule)
        self.call_review.show_state(comment=evaluation.comment if evaluation else None,
                                    locked=locked, scored=evaluation is not None)
        self.disputes.show_disputes(disputes, evaluation)
        self.history.show_history(evaluation.history if evaluation else [])
        self._show_tab_titles()
        if self._new_call:
            self._new_call = False
            self._open_on_what_waits()

    def _open_on_what_waits(self) -> None:
        waiting = self.disputes.open_count() if self.dispute.can_rule else 0
        self.tabs.setCurrentIndex(DISPUTES_TAB if waiting else REVIEW_TAB)
        if waiting and self.message_bar.isHidden():
            self.message_bar.show_message(
                self.tr("Disputes on this evaluation waiting for a ruling: {0}.").format(waiting),
                kind="info")

    def _show_item(self, item: ItemView | None) -> None:
        """One rule in the item panel, with its dispute and whether the agent may open one."""
        evaluation = self.evaluation
        why_not = self.dispute.why_not_dispute(evaluation, item)
        hint = (self.dispute.until_text(evaluation) if why_not is None and evaluation
                else why_not or "")
        self.item_review.show_item(
            item, locked=evaluation is None or evaluation.locked,
            dispute=self.dispute.latest_by_rule().get(item.rule) if item else None,
            may_dispute=why_not is None, dispute_hint=hint)

    def _show_tab_titles(self) -> None:
        count, waiting = len(self.dispute.disputes), self.disputes.open_count()
        self.tabs.setTabText(DISPUTES_TAB, self.tr("Disputes ({0} open)").format(waiting) if waiting
                             else self.tr("Disputes ({0})").format(count) if count
                             else self.tr("Disputes"))
        history = len(self.evaluation.history) if self.evaluation else 0
        self.tabs.setTabText(HISTORY_TAB, self.tr("History ({0})").format(history) if history
                             else self.tr("History"))

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
        self._show_item(item)
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

    # ------------------------------------------------------------------ disputes

    def dispute_item(self, rule: str, reason: str) -> None:
        self.dispute.open_dispute(self.evaluation, rule, reason)

    def _on_dispute_requested(self, rule: str) -> None:
        if self.evaluation is None:
            return
        item = self.evaluation.item(rule)
        reason, ok = QInputDialog.getMultiLineText(
            self, self.tr("Dispute this item"),
            self.tr("Why is the verdict on “{0}” wrong? A supervisor other than the one who "
                    "signed will rule on it.").format(item.name))
        if ok:
            self.dispute.open_dispute(self.evaluation, rule, reason)

    def _on_dispute_chosen(self, rule: str) -> None:
        item = next((i for i in self.evaluation.items if i.rule == rule), None) if self.evaluation else None
        if item is not None:
            self._show_item(item)
            self.scorecard.select_rule(rule)

    def _on_dispute_did_change(self) -> None:
        """A dispute opened or ruled changed the evaluation (its history, maybe its score)."""
        self.review.reload()
        self.evaluation_did_change.emit(self.call_id)
