"""Rule pack versions kept in the user's data folder: saving an edit creates a new version
file, the active pack is a setting, and evaluations keep the version they were scored with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qa_desk.config import data_dir
from qa_desk.scoring.pack import RulePack, load_pack
from qa_desk.scoring.pack_edit import to_yaml


@dataclass(frozen=True, slots=True)
class PackVersion:
    pack_id: str
    version: str
    path: Path


class RulePackStore:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or data_dir() / "rules"

    def save(self, data: dict, pack: RulePack) -> PackVersion:
        """Write a validated, edited pack as a new version; an unchanged pack writes nothing."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{pack.id}-{pack.version}.yaml"
        if not path.exists():
            temporary = path.with_suffix(".tmp")
            temporary.write_text(to_yaml(data), encoding="utf-8")
            temporary.replace(path)
        return PackVersion(pack.id, pack.version, path)

    def versions(self) -> list[PackVersion]:
        found = []
        for path in sorted(self.folder.glob("*.yaml"), key=lambda p: p.stat().st_mtime):
            pack = load_pack(path)
            found.append(PackVersion(pack.id, pack.version, path))
        return found
