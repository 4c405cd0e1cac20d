"""Simplified Chinese and English via Qt Linguist: .ts sources in resources/translations,
.qm files built by `make setup` (pyside6-lrelease)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from qa_desk.config import resources_dir

TRANSLATIONS = resources_dir() / "translations"
_installed: list[QTranslator] = []


def language_for(setting: str) -> str:
    """'zh_CN' or 'en' for a settings value, following the system locale for 'system'."""
    if setting in ("zh_CN", "en"):
        return setting
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def install_language(app: QCoreApplication, setting: str) -> str:
    """Install the translators for the chosen language; returns the language in force."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = language_for(setting)
    if language == "en":
        return language
    ours = QTranslator(app)
    if ours.load(str(TRANSLATIONS / f"qa_desk_{language}.qm")):
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(f"qtbase_{language}", qt_folder):
        app.installTranslator(qt)
        _installed.append(qt)
    return language


def ts_sources() -> list[Path]:
    views = Path(__file__).resolve().parent
    return sorted(p for p in views.rglob("*.py") if p.name != "__init__.py")
