"""A strip above the call view for what went wrong (or right): refused review actions,
conflicts with another reviewer (with a Reload button), a recording that cannot play.

Inline rather than a modal box: the supervisor keeps listening while reading it, and a
message never blocks the GUI thread (or a test)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

STYLES = {
    "error": "background:#fde8e8; border:1px solid #f5a3a3; color:#8a1c1c;",
    "warning": "background:#fff4e0; border:1px solid #f3c37a; color:#7a4a00;",
    "info": "background:#e8f1fd; border:1px solid #a9c6ec; color:#1e3a6e;",
}


class MessageBar(QFrame):
    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reload_button = QPushButton(self.tr("Reload"))
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 4, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.reload_button)
        row.addWidget(self.close_button)
        self.reload_button.clicked.connect(self.reload_requested)
        self.close_button.clicked.connect(self.clear)
        self.kind = ""
        self.clear()

    def show_message(self, text: str, *, kind: str = "error", reload: bool = False) -> None:
        self.kind = kind
        self.label.setText(text)
        self.setStyleSheet(f"QFrame#messageBar {{ {STYLES[kind]} border-radius:4px; }}"
                           " QLabel { border:none; background:transparent; }")
        self.reload_button.setVisible(reload)
        self.show()

    def text(self) -> str:
        return self.label.text()

    def clear(self) -> None:
        self.kind = ""
        self.label.clear()
        self.hide()
