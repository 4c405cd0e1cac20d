"""The transport bar: play/pause, seek slider, time, speed and "skip silence".

Pure view: it shows what it is told and announces what the user asked for; the call view
passes the requests on to whichever playback engine is in use.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QStyle,
    QWidget,
)

from qa_desk.views.call_view.timeline import format_clock

SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


class TransportBar(QWidget):
    play_toggle_requested = Signal()
    seek_requested = Signal(float)
    rate_requested = Signal(float)
    skip_silence_requested = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._duration = 0.0
        self.play_button = QPushButton()
        self.play_button.setShortcut(Qt.Key.Key_Space)  # the key every media player uses
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setSingleStep(1000)  # arrow keys: 1 s; page keys and groove clicks: 10 s
        self.slider.setPageStep(10_000)
        self.time_label = QLabel()
        self.speed = QComboBox()
        for rate in SPEEDS:
            self.speed.addItem(f"{rate:g}×", rate)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.skip_silence = QCheckBox(self.tr("Skip silence"))
        self.skip_silence.setToolTip(self.tr("Jump over silences longer than 2 seconds"))
        self.source_label = QLabel()
        self.source_label.setObjectName("playbackSource")
        self._lay_out()
        self.set_playing(False)
        self.set_duration(0.0)
        self._connect_callbacks()

    def _lay_out(self) -> None:
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.play_button)
        row.addWidget(self.slider, 1)
        row.addWidget(self.time_label)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("Speed")))
        row.addWidget(self.speed)
        row.addWidget(self.skip_silence)
        row.addSpacing(12)
        row.addWidget(self.source_label)

    def _connect_callbacks(self) -> None:
        self.play_button.clicked.connect(self.play_toggle_requested)
        self.slider.sliderReleased.connect(self._on_slider_released)
        self.slider.actionTriggered.connect(self._on_slider_action)
        self.speed.currentIndexChanged.connect(
            lambda index: self.rate_requested.emit(float(self.speed.itemData(index))))
        self.skip_silence.toggled.connect(self.skip_silence_requested)

    # ------------------------------------------------------------------ shown state

    def set_playing(self, playing: bool) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))

    def set_duration(self, seconds: float) -> None:
        self._duration = seconds
        self.slider.setRange(0, int(seconds * 1000))
        self._show_time(self.slider.value() / 1000.0)

    def set_position(self, seconds: float) -> None:
        if not self.slider.isSliderDown():  # never yank the handle out of the user's hand
            self.slider.setValue(int(seconds * 1000))
        self._show_time(seconds)

    def set_source(self, text: str, *, warning: bool = False) -> None:
        self.source_label.setText(text)
        self.source_label.setStyleSheet("color:#a14a00;" if warning else "color:#4b5563;")

    def rate(self) -> float:
        return float(self.speed.currentData())

    def _show_time(self, seconds: float) -> None:
        self.time_label.setText(f"{format_clock(seconds)} / {format_clock(self._duration)}")

    # ------------------------------------------------------------------ user input

    def _on_slider_released(self) -> None:
        self.seek_requested.emit(self.slider.value() / 1000.0)

    def _on_slider_action(self, action: int) -> None:
        # Clicks on the groove and arrow keys move the slider without a press/release pair.
        if action != QSlider.SliderAction.SliderMove.value and not self.slider.isSliderDown():
            self.seek_requested.emit(self.slider.sliderPosition() / 1000.0)
