"""The Qt application shell: language, fonts, database, main window."""

from __future__ import annotations

import sys
from dataclasses import replace

from qa_desk.config import data_dir
from qa_desk.db import Database, open_database


def run(*, demo: bool = False, database: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from qa_desk.settings import load_settings
    from qa_desk.views.fonts import ensure_cjk_font
    from qa_desk.views.i18n import install_language
    from qa_desk.views.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("QA Desk")
    app.setOrganizationName("qa-desk")
    settings = load_settings()
    install_language(app, settings.language)
    ensure_cjk_font(app)
    db = open_demo_database() if demo else open_database(database)
    identity = sign_in(db, demo=demo)
    if identity is None:
        return 0
    window = MainWindow(db, demo=demo, settings=replace(settings, reviewer=identity.label),
                        identity=identity)
    window.show()
    return app.exec()


def sign_in(db: Database, *, demo: bool):
    """The login screen (or the first administrator's creation); None when cancelled."""
    from qa_desk.services.accounts import AccountService
    from qa_desk.views.login_dialog import LoginDialog

    passwords = AccountService(db).ensure_demo_users() if demo else None
    dialog = LoginDialog(db, demo_passwords=passwords)
    return dialog.identity if dialog.exec() else None


def open_demo_database() -> Database:
    """A SQLite file beside the user's real one, prepared once with the bundled demo calls,
    banks, an exam and a month of review work (see qa_desk.services.demo)."""
    from qa_desk.services.demo import prepare_demo

    db = open_database(f"sqlite:///{data_dir() / 'demo.sqlite3'}")
    prepare_demo(db)
    return db
