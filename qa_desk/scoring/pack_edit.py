"""Editing a rule pack as data: change phrases, points, the fatal flag or scope of a rule,
then write it back as YAML. The edited pack is validated like any other before it is used."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from qa_desk.scoring.pack import RulePack, parse_pack


def editable(pack: RulePack) -> dict[str, Any]:
    """A plain, deep copy of the pack's data to edit."""
    return _plain(copy.deepcopy(pack.raw))


def find_rule(data: dict[str, Any], rule_id: str) -> dict[str, Any]:
    for section in data.get("sections") or []:
        for rule in section.get("rules") or []:
            if rule.get("id") == rule_id:
                return rule
    raise KeyError(f"no rule {rule_id} in this pack")


def set_rule(data: dict[str, Any], rule_id: str, *, points: float | None = None,
             fatal: bool | None = None, scope: dict[str, Any] | None = None) -> None:
    rule = find_rule(data, rule_id)
    if points is not None:
        rule["points"] = points
    if fatal is not None:
        rule["fatal"] = fatal
    if scope is not None:
        rule["scope"] = scope


def set_phrases(data: dict[str, Any], set_name: str, phrases: list[str],
                exclude: list[str] | None = None) -> None:
    sets = data.setdefault("phrases", {})
    spec = sets.get(set_name)
    if not isinstance(spec, dict):
        spec = {}
    spec["phrases"] = [p.strip() for p in phrases if p.strip()]
    if exclude is not None:
        spec["exclude"] = [p.strip() for p in exclude if p.strip()]
    sets[set_name] = spec


def to_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def rebuild(data: dict[str, Any], *, source: str) -> RulePack:
    """The edited data as a validated pack (PackError if the edit broke it)."""
    return parse_pack(to_yaml(data), source=source)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
