from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

CJK_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)


def ensure_cjk_font(app: QApplication) -> str | None:
    """Make Chinese render: keep the system font if it covers CJK, else load one we know."""
    if _has_cjk_family():
        return app.font().family()
    for path in CJK_FONT_FILES:
        if Path(path).exists():
            font_id = QFontDatabase.addApplicationFont(path)
            families = QFontDatabase.applicationFontFamilies(font_id)
            if families:
                font = QFont(families[0], app.font().pointSize())
                app.setFont(font)
                return families[0]
    return None


def _has_cjk_family() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
