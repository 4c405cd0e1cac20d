"""Playing the call's recording with QtMultimedia, and choosing between it and the clock.

QtMultimedia is imported only here and only when a call has a recording: on a machine
without its system libraries (libpulse) the import fails, and the view must still open and
replay the transcript on the clock instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl

from qa_desk.views.call_view.playback import Playback, TranscriptClock
from qa_desk.views.call_view.timeline import Timeline


class AudioPlayback(Playback):
    kind = "audio"

    def __init__(self, path: Path, timeline: Timeline, parent: QObject | None = None) -> None:
        super().__init__(timeline, parent)
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer  # may raise ImportError

        self._states = QMediaPlayer.PlaybackState
        self._player = QMediaPlayer(self)
        self._output = QAudioOutput(self)
        self._player.setAudioOutput(self._output)
        self._duration = timeline.duration
        self._pending_seek: float | None = None
        self._pending_play = False
        self._player.mediaStatusChanged.connect(self._on_media_status)
        self._player.positionChanged.connect(self._on_position)
        self._player.durationChanged.connect(self._on_duration)
        self._player.playbackStateChanged.connect(self._on_state)
        self._player.errorOccurred.connect(self._on_error)
        # Opened on the next turn of the event loop, once the view has connected `failed`:
        # an unreadable file may be reported at once.
        QTimer.singleShot(0, self, lambda: self._player.setSource(QUrl.fromLocalFile(str(path))))

    def play(self) -> None:
        self._pending_play = not self._opened()  # asked before the file is open: play once it is
        self._player.play()

    def pause(self) -> None:
        self._pending_play = False
        self._player.pause()

    def is_playing(self) -> bool:
        return self._pending_play or self._player.playbackState() == self._states.PlayingState

    def position(self) -> float:
        return self._player.position() / 1000.0

    def duration(self) -> float:
        return self._duration

    def seek(self, seconds: float) -> None:
        seconds = max(0.0, seconds)
        if not self._opened():
            # The player drops a seek while it is still opening the file: replay it once loaded.
            self._pending_seek = seconds
        self._player.setPosition(int(seconds * 1000))
        # Emitted at once: the player reports the new position only once it has decoded there.
        self.position_did_change.emit(seconds)

    def set_rate(self, rate: float) -> None:
        super().set_rate(rate)
        self._player.setPlaybackRate(rate)

    def close(self) -> None:
        self._player.stop()
        self._player.setSource(QUrl())

    def _on_position(self, ms: int) -> None:
        seconds = ms / 1000.0
        if self._skip_silence and self.is_playing():
            resume = self._timeline.silence_end(seconds)
            if resume is not None:
                self._player.setPosition(int(resume * 1000))
                seconds = resume
        self.position_did_change.emit(seconds)

    def _opened(self) -> bool:
        statuses = self._player.MediaStatus
        return self._player.mediaStatus() not in (statuses.NoMedia, statuses.LoadingMedia)

    def _on_media_status(self, status: object) -> None:
        if status != self._player.MediaStatus.LoadedMedia:
            return
        if self._pending_seek is not None:
            self._player.setPosition(int(self._pending_seek * 1000))
            self._pending_seek = None
        if self._pending_play:
            self._pending_play = False
            self._player.play()

    def _on_duration(self, ms: int) -> None:
        if ms > 0:
            self._duration = ms / 1000.0
            self.duration_did_change.emit(self._duration)

    def _on_state(self, state: object) -> None:
        self.playing_did_change.emit(state == self._states.PlayingState)

    def _on_error(self, error: object, message: str) -> None:
        if error != self._player.Error.NoError:
            self.failed.emit(message or str(error))


MISSING = "missing"          # the call names a recording that is not on disk
UNAVAILABLE = "unavailable"  # QtMultimedia cannot load here


def open_playback(audio: str | None, timeline: Timeline, parent: QObject | None = None
                  ) -> tuple[Playback, tuple[str, str] | None]:
    """The recording's player when it can play, else the transcript clock and why not, as
    (MISSING | UNAVAILABLE, detail); None when the call simply has no recording. The view
    words the reason, so it can be translated."""
    if not audio:
        return TranscriptClock(timeline, parent), None
    path = Path(audio)
    if not path.is_file():
        return TranscriptClock(timeline, parent), (MISSING, path.name)
    try:
        return AudioPlayback(path, timeline, parent), None
    except ImportError as exc:
        return TranscriptClock(timeline, parent), (UNAVAILABLE, str(exc))
