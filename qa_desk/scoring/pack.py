"""Rule packs: YAML data validated into rules, with errors that name the rule, key and line."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from qa_desk.config import resources_dir
from qa_desk.scoring.conditions import Condition
from qa_desk.scoring.phrases import PhraseIndex, PhraseSet
from qa_desk.scoring.yaml_lines import load_yaml

CHANNELS = ("inbound", "outbound")


class PackError(ValueError):
    """A rule pack that cannot be used. Nothing of it is applied."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    section: str
    points: float
    check: Condition
    fatal: bool = False
    bonus: bool = False
    channels: tuple[str, ...] = CHANNELS
    variants: dict[str, Condition] = field(default_factory=dict)
    description: str = ""

    def check_for(self, channel: str) -> Condition | None:
        if channel not in self.channels:
            return None
        return self.variants.get(channel, self.check)


@dataclass(frozen=True)
class Section:
    id: str
    name: str
    bonus: bool
    rules: tuple[Rule, ...]


@dataclass
class RulePack:
    id: str
    name: str
    version: str
    sections: tuple[Section, ...]
    phrase_sets: dict[str, PhraseSet]
    source: str
    warnings: list[str] = field(default_factory=list)
    raw: dict = field(default_factory=dict, repr=False)
    _index: PhraseIndex | None = field(default=None, repr=False)

    @property
    def rules(self) -> list[Rule]:
        return [rule for section in self.sections for rule in section.rules]

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    @property
    def index(self) -> PhraseIndex:
        if self._index is None:
            self._index = PhraseIndex(self.phrase_sets)
        return self._index


def default_pack_path() -> Path:
    return resources_dir() / "rules" / "default.yaml"


def load_pack(path: Path | str | None = None) -> RulePack:
    path = Path(path) if path else default_pack_path()
    if path.is_dir():
        path = path / "default.yaml" if (path / "default.yaml").exists() else _single_yaml(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(str(path), [f"cannot read the rule pack ({exc})"]) from None
    return parse_pack(text, source=str(path))


def parse_pack(text: str, *, source: str) -> RulePack:
    from qa_desk.scoring.pack_schema import build_pack

    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise PackError(source, [f"{where}not valid YAML ({getattr(exc, 'problem', exc)})"]) from None
    return build_pack(data, source=source, version=content_version(data))


def content_version(data: object) -> str:
    """The same rules give the same version, whatever the file's layout or comments."""
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def _single_yaml(folder: Path) -> Path:
    found = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    if len(found) != 1:
        raise PackError(str(folder), ["expected default.yaml or exactly one .yaml rule pack here"])
    return found[0]
