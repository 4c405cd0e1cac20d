"""Where QA Desk keeps its data, decided in one place."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "qa-desk"
DATABASE_ENV = "QA_DESK_DATABASE_URL"


def data_dir() -> Path:
    path = user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url(explicit: str | None = None) -> str:
    """An explicit URL wins, then QA_DESK_DATABASE_URL, then SQLite in the user data folder."""
    url = explicit or os.environ.get(DATABASE_ENV)
    if url:
        return normalise_url(url)
    return f"sqlite:///{data_dir() / 'qa-desk.sqlite3'}"


def normalise_url(url: str) -> str:
    """Accept plain postgresql:// URLs and route them to psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def resources_dir() -> Path:
    """`resources/` of a source checkout, or the copy an installed wheel carries."""
    return _bundled("resources")


def exams_dir() -> Path:
    return _bundled("exams")


def _bundled(name: str) -> Path:
    package = Path(__file__).resolve().parent
    inside = package / name
    return inside if inside.is_dir() else package.parent / name
