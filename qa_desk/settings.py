"""User settings in one typed place: a small JSON file in the user's config folder."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from platformdirs import user_config_path

SCHEMA_VERSION = 1
LANGUAGES = ("system", "zh_CN", "en")


@dataclass
class Settings:
    language: str = "system"  # system, zh_CN or en
    organisation: str = ""  # printed on reports
    reviewer: str = ""  # the name evaluations are signed with, until accounts exist
    rule_pack: str = ""  # a rule pack file; empty means the built-in default
    dispute_window_days: int = 7  # how long after sign-off an agent may dispute an item
    # Exports print phone, ID card and bank card numbers masked unless an authorised role
    # (see access "reports.unmask") turns this off.
    mask_personal_data: bool = True

    def save(self, path: Path | None = None) -> None:
        path = path or settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"schema": SCHEMA_VERSION, **asdict(self)},
                                        ensure_ascii=False, indent=2), encoding="utf-8")
        temporary.replace(path)

    def reviewer_name(self) -> str:
        return self.reviewer or os.environ.get("USER") or "supervisor"


def settings_path() -> Path:
    return user_config_path("qa-desk", appauthor=False) / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings; defaults for anything missing, unknown or unreadable."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    known = {f.name for f in fields(Settings)}
    defaults = Settings()
    values = {k: v for k, v in data.items()
              if k in known and type(v) is type(getattr(defaults, k))}
    settings = Settings(**values)
    if settings.language not in LANGUAGES:
        settings.language = "system"
    if settings.dispute_window_days < 1:
        settings.dispute_window_days = Settings.dispute_window_days
    return settings
