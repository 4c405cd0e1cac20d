"""Role names as people read them in the interface's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def role_label(role: str) -> str:
    labels = {
        "admin": QCoreApplication.translate("Roles", "Administrator"),
        "supervisor": QCoreApplication.translate("Roles", "QA supervisor"),
        "agent": QCoreApplication.translate("Roles", "Agent"),
        "hr": QCoreApplication.translate("Roles", "HR"),
    }
    return labels.get(role, role)
