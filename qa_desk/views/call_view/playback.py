"""Playback of a call: one interface, two engines.

`TranscriptClock` walks the transcript's timeline when there is no recording; `AudioPlayback`
(audio.py) plays the recording. The call view talks only to `Playback`, so highlighting,
seeking and "skip silence" behave the same with or without sound.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal

from qa_desk.views.call_view.timeline import Timeline

TICK_MS = 50  # 20 updates a second: smooth enough for a slider, cheap for the GUI thread


class Playback(QObject):
    """Position in seconds; rate 1.0 is real time."""

    position_did_change = Signal(float)
    playing_did_change = Signal(bool)
    duration_did_change = Signal(float)
    failed = Signal(str)  # the engine cannot play; the view falls back to the clock

    kind = "clock"

    def __init__(self, timeline: Timeline, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeline = timeline
        self._rate = 1.0
        self._skip_silence = False

    def play(self) -> None:
        raise NotImplementedError

    def pause(self) -> None:
        raise NotImplementedError

    def seek(self, seconds: float) -> None:
        raise NotImplementedError

    def position(self) -> float:
        raise NotImplementedError

    def duration(self) -> float:
        return self._timeline.duration

    def is_playing(self) -> bool:
        raise NotImplementedError

    def toggle(self) -> None:
        self.pause() if self.is_playing() else self.play()

    def set_rate(self, rate: float) -> None:
        self._rate = rate

    def rate(self) -> float:
        return self._rate

    def set_skip_silence(self, enabled: bool) -> None:
        self._skip_silence = enabled

    def skips_silence(self) -> bool:
        return self._skip_silence

    def close(self) -> None:
        self.pause()


class TranscriptClock(Playback):
    """A clock over the transcript's timeline, driven by a QTimer. `tick(ms)` is the whole
    logic; the timer only calls it with the real time elapsed, and tests call it directly."""

    kind = "clock"

    def __init__(self, timeline: Timeline, parent: QObject | None = None) -> None:
        super().__init__(timeline, parent)
        self._position = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timeout)
        self._elapsed = QElapsedTimer()

    def play(self) -> None:
        if self._position >= self.duration():
            self._position = 0.0  # play at the end starts over, like a media player
        if not self._timer.isActive():
            self._elapsed.start()
            self._timer.start()
            self.playing_did_change.emit(True)

    def pause(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.playing_did_change.emit(False)

    def is_playing(self) -> bool:
        return self._timer.isActive()

    def position(self) -> float:
        return self._position

    def seek(self, seconds: float) -> None:
        self._position = min(max(0.0, seconds), self.duration())
        self.position_did_change.emit(self._position)

    def tick(self, ms: float) -> None:
        """Advance by `ms` of wall time at the current rate."""
        position = self._position + ms / 1000.0 * self._rate
        if self._skip_silence:
            position = self._timeline.skip_silence(position)
        self._position = min(position, self.duration())
        self.position_did_change.emit(self._position)
        if self._position >= self.duration():
            self.pause()

    def _on_timeout(self) -> None:
        # Measured, not assumed: a busy GUI thread delivers ticks late, the clock stays true.
        self.tick(self._elapsed.restart())
