"""Style sheet states set from code."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def set_style_state(widget: QWidget, name: str, value: object) -> None:
    """Set a dynamic property the style sheet selects on (`[error="true"]`), and restyle the
    widget now: Qt does not re-read the style sheet when a property changes."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
