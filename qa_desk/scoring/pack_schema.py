"""Validate a loaded YAML rule pack and build its rules. Every problem is collected with the
rule id, the key and the line, so an author fixes them all in one pass."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import regex

from qa_desk.scoring.conditions import After, AllOf, AnyOf, Condition, Not, Phrases, Regex
from qa_desk.scoring.pack import CHANNELS, PackError, Rule, RulePack, Section
from qa_desk.scoring.phrases import EXACT, SOUND, PhraseSet, expand
from qa_desk.scoring.scope import ANY, Scope
from qa_desk.scoring.timing import Hangup, HoldDetector, Holds, Overtalk, SpeechRate
from qa_desk.scoring.yaml_lines import LineDict, line_of
from qa_desk.transcripts.model import AGENT, CUSTOMER
from qa_desk.transcripts.normalize import is_traditional

CONDITION_TYPES = (
    "phrases", "regex", "all", "any", "not", "after", "holds", "speech_rate", "overtalk", "hangup",
)
_ADVERSARIAL = ("a" * 28 + "!", "我" * 28 + "!", "1" * 28 + "x", "您好" * 14 + "!")


@dataclass
class _Context:
    source: str
    problems: list[str]
    warnings: list[str]
    phrase_sets: dict[str, PhraseSet]
    detector: HoldDetector
    rule: str = ""
    scope: Scope = field(default_factory=Scope)

    def problem(self, node: Any, key: str, message: str) -> None:
        line = node.line_of(key) if isinstance(node, LineDict) else line_of(node)
        where = f"line {line}: " if line else ""
        rule = f"rule {self.rule}: " if self.rule else ""
        self.problems.append(f"{where}{rule}{key}: {message}")


def build_pack(data: Any, *, source: str, version: str) -> RulePack:
    problems: list[str] = []
    warnings: list[str] = []
    if not isinstance(data, dict):
        raise PackError(source, ["the rule pack must be a mapping with id, phrases and sections"])
    ctx = _Context(source, problems, warnings, {}, HoldDetector())
    _check_keys(ctx, data, {"id", "name", "description", "settings", "phrases", "sections"}, "pack")
    pack_id = data.get("id")
    if not isinstance(pack_id, str) or not pack_id:
        ctx.problem(data, "id", "required: a short name for the pack")
    ctx.phrase_sets = _phrase_sets(ctx, data.get("phrases") or {})
    ctx.detector = _detector(ctx, data.get("settings") or {})
    sections = _sections(ctx, data.get("sections"))
    if problems:
        raise PackError(source, problems)
    return RulePack(
        id=pack_id, name=str(data.get("name") or pack_id), version=version,
        sections=tuple(sections), phrase_sets=ctx.phrase_sets, source=source,
        warnings=warnings, raw=dict(data),
    )


def _check_keys(ctx: _Context, node: dict, allowed: set[str], what: str) -> None:
    for key in node:
        if key not in allowed:
            ctx.problem(node, str(key), f"unknown key in {what} (expected one of "
                                        f"{', '.join(sorted(allowed))})")


def _phrase_sets(ctx: _Context, raw: Any) -> dict[str, PhraseSet]:
    if not isinstance(raw, dict):
        ctx.problem(raw, "phrases", "must map set names to lists of phrases")
        return {}
    sets = {}
    for name, spec in raw.items():
        if isinstance(spec, list):
            spec = {"phrases": spec}
        if not isinstance(spec, dict) or not isinstance(spec.get("phrases"), list):
            ctx.problem(raw, str(name), "a phrase set needs a list under 'phrases'")
            continue
        _check_keys(ctx, spec, {"phrases", "exclude", "tolerance", "description"}, f"set {name}")
        tolerance = spec.get("tolerance", SOUND)
        if tolerance not in (SOUND, EXACT):
            ctx.problem(spec, "tolerance", f"expected {SOUND} or {EXACT}, got {tolerance!r}")
        phrases = tuple(str(p) for p in spec["phrases"])
        exclude = tuple(str(p) for p in spec.get("exclude") or ())
        if not phrases:
            ctx.problem(spec, "phrases", f"set {name} is empty")
        _warn_traditional(ctx, name, spec, phrases)
        sets[str(name)] = PhraseSet(str(name), phrases, exclude, tolerance)
    return sets


def _warn_traditional(ctx: _Context, name: str, spec: dict, phrases: tuple[str, ...]) -> None:
    traditional = [p for p in phrases if any(is_traditional(ch) for ch in p)]
    if traditional:
        ctx.warnings.append(
            f"line {spec.line_of('phrases') if isinstance(spec, LineDict) else '?'}: phrase set "
            f"{name}: phrases: {len(traditional)} written in Traditional characters (e.g. "
            f"{traditional[0]}); they match Simplified and Traditional calls alike"
        )


def _detector(ctx: _Context, settings: Any) -> HoldDetector:
    holds = settings.get("holds", {}) if isinstance(settings, dict) else {}
    if not isinstance(holds, dict):
        ctx.problem(settings, "holds", "must be a mapping")
        return HoldDetector()
    wait = holds.get("wait_request")
    if wait is not None and wait not in ctx.phrase_sets:
        ctx.problem(holds, "wait_request", f"unknown phrase set {wait!r}")
        wait = None
    return HoldDetector(
        min_silence=_number(ctx, holds, "min_silence", 20.0),
        wait_set=wait,
        return_window=int(_number(ctx, holds, "return_window", 3)),
    )


def _sections(ctx: _Context, raw: Any) -> list[Section]:
    if not isinstance(raw, list) or not raw:
        ctx.problem(raw if raw is not None else {}, "sections", "required: a list of sections")
        return []
    seen: dict[str, int] = {}
    sections = []
    for node in raw:
        if not isinstance(node, dict):
            ctx.problem(raw, "sections", "each section must be a mapping with id and rules")
            continue
        _check_keys(ctx, node, {"id", "name", "bonus", "rules"}, "section")
        section_id = str(node.get("id") or "")
        if not section_id:
            ctx.problem(node, "id", "a section needs an id")
        bonus = bool(node.get("bonus", False))
        rules = [r for r in (_rule(ctx, r, section_id, bonus, seen) for r in node.get("rules") or [])
                 if r is not None]
        sections.append(Section(section_id, str(node.get("name") or section_id), bonus, tuple(rules)))
    return sections


def _rule(ctx: _Context, node: Any, section: str, bonus: bool, seen: dict[str, int]) -> Rule | None:
    if not isinstance(node, dict):
        ctx.problem({}, "rules", f"section {section}: each rule must be a mapping")
        return None
    rule_id = str(node.get("id") or "")
    ctx.rule = rule_id
    _check_keys(ctx, node, {"id", "name", "description", "points", "fatal", "channels", "scope",
                            "check", "variants"}, "rule")
    if not rule_id:
        ctx.problem(node, "id", "every rule needs an id")
    elif rule_id in seen:
        ctx.problem(node, "id", f"duplicate rule id (first defined on line {seen[rule_id]})")
    else:
        seen[rule_id] = node.line_of("id") if isinstance(node, LineDict) else 0
    points = node.get("points")
    if "points" not in node:
        ctx.problem(node, "points", "missing: how many points the rule is worth")
    elif not isinstance(points, int | float) or isinstance(points, bool) or points < 0:
        ctx.problem(node, "points", f"expected a number of 0 or more, got {points!r}")
    fatal = bool(node.get("fatal", False))
    if fatal and bonus:
        ctx.problem(node, "fatal", f"a fatal item cannot sit in bonus section {section}")
    channels = tuple(node.get("channels") or CHANNELS)
    for channel in channels:
        if channel not in CHANNELS:
            ctx.problem(node, "channels", f"unknown channel {channel!r} (inbound/outbound)")
    ctx.scope = _scope(ctx, node.get("scope"), node, Scope())
    check = _required_condition(ctx, node)
    variants = _variants(ctx, node.get("variants"), node)
    ctx.rule = ""
    if check is None or not isinstance(points, int | float):
        return None
    return Rule(id=rule_id, name=str(node.get("name") or rule_id), section=section,
                points=float(points), check=check, fatal=fatal, bonus=bonus, channels=channels,
                variants=variants, description=str(node.get("description") or ""))


def _required_condition(ctx: _Context, node: dict) -> Condition | None:
    if "check" not in node:
        ctx.problem(node, "check", "missing: the condition the call must meet")
        return None
    return _condition(ctx, node["check"], node, "check")


def _variants(ctx: _Context, raw: Any, rule: dict) -> dict[str, Condition]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        ctx.problem(rule, "variants", "must map a channel to {check, scope}")
        return {}
    base_scope = ctx.scope
    variants = {}
    for channel, spec in raw.items():
        if channel not in CHANNELS:
            ctx.problem(raw, str(channel), "unknown channel (inbound/outbound)")
            continue
        if not isinstance(spec, dict) or "check" not in spec:
            ctx.problem(raw, str(channel), "a variant needs a check")
            continue
        ctx.scope = _scope(ctx, spec.get("scope"), spec, base_scope)
        condition = _condition(ctx, spec["check"], spec, "check")
        if condition is not None:
            variants[channel] = condition
        ctx.scope = base_scope
    return variants


def _scope(ctx: _Context, raw: Any, parent: Any, base: Scope) -> Scope:
    if raw is None:
        return base
    if not isinstance(raw, dict):
        ctx.problem(parent, "scope", "must be a mapping (speaker, turns, first/last, seconds)")
        return base
    _check_keys(ctx, raw, {"speaker", "turns", "first", "last", "first_seconds", "last_seconds"},
                "scope")
    speaker = raw.get("speaker", base.speaker)
    if speaker not in (AGENT, CUSTOMER, ANY):
        ctx.problem(raw, "speaker", f"expected agent, customer or any, got {speaker!r}")
    scope = replace(base, speaker=speaker)
    turns = raw.get("turns")
    if turns not in (None, "all", "opening"):
        ctx.problem(raw, "turns", f"expected all or opening, got {turns!r}")
    elif turns:
        scope = replace(scope, turns=turns, count=0)
    for key in ("first", "last"):
        if key in raw:
            count = raw[key]
            if not isinstance(count, int) or count < 1:
                ctx.problem(raw, key, f"expected a number of turns of 1 or more, got {count!r}")
            else:
                scope = replace(scope, turns=key, count=count)
    for key in ("first_seconds", "last_seconds"):
        if key in raw:
            scope = replace(scope, **{key: _number(ctx, raw, key, 0.0)})
    return scope


def _condition(ctx: _Context, raw: Any, parent: Any, key: str) -> Condition | None:
    if not isinstance(raw, dict) or len(raw) != 1:
        ctx.problem(parent, key, f"a condition is a mapping with one of: {', '.join(CONDITION_TYPES)}")
        return None
    kind, spec = next(iter(raw.items()))
    builder = _BUILDERS.get(kind)
    if builder is None:
        ctx.problem(raw, str(kind), f"unknown condition type (expected one of "
                                    f"{', '.join(CONDITION_TYPES)})")
        return None
    return builder(ctx, spec, raw, str(kind))


def _phrases(ctx: _Context, spec: Any, parent: Any, key: str) -> Phrases | None:
    if isinstance(spec, str):
        spec = _shorthand(parent, key, "set", spec)
    if not isinstance(spec, dict):
        ctx.problem(parent, key, "expected a set name or {set, match, n, at_start, scope}")
        return None
    _check_keys(ctx, spec, {"set", "match", "n", "at_start", "scope"}, "phrases")
    name = spec.get("set")
    if name not in ctx.phrase_sets:
        ctx.problem(spec, "set", f"unknown phrase set {name!r} (defined: "
                                 f"{', '.join(ctx.phrase_sets) or 'none'})")
        return None
    match = spec.get("match", "any")
    if match not in ("any", "all", "none", "at_least"):
        ctx.problem(spec, "match", f"expected any, all, none or at_least, got {match!r}")
    count = spec.get("n", 1)
    if match == "at_least" and (not isinstance(count, int) or count < 1):
        ctx.problem(spec, "n", "at_least needs n, a whole number of 1 or more")
    scope = _scope(ctx, spec.get("scope"), spec, ctx.scope)
    return Phrases(name, scope, match, count if isinstance(count, int) else 1,
                   bool(spec.get("at_start", False)))


def _regex(ctx: _Context, spec: Any, parent: Any, key: str) -> Regex | None:
    if isinstance(spec, str):
        spec = _shorthand(parent, key, "pattern", spec)
    if not isinstance(spec, dict) or "pattern" not in spec:
        ctx.problem(parent, key, "expected a pattern or {pattern, exclude, scope}")
        return None
    _check_keys(ctx, spec, {"pattern", "exclude", "scope"}, "regex")
    pattern = _compile(ctx, spec, "pattern")
    exclude = _compile(ctx, spec, "exclude") if spec.get("exclude") else None
    if pattern is None:
        return None
    return Regex(pattern, _scope(ctx, spec.get("scope"), spec, ctx.scope), exclude)


def _compile(ctx: _Context, spec: dict, key: str) -> regex.Pattern | None:
    try:
        pattern = regex.compile(str(spec[key]))
    except regex.error as exc:
        ctx.problem(spec, key, f"the regular expression does not compile ({exc})")
        return None
    for probe in _probes(str(spec[key])):
        try:
            pattern.search(probe, timeout=0.05)
        except TimeoutError:
            ctx.problem(spec, key, "the regular expression backtracks catastrophically "
                                   f"(it took too long on {probe[:6]}…); simplify nested repeats")
            return None
    return pattern


def _shorthand(parent: Any, key: str, field_name: str, value: str) -> LineDict:
    """`regex: '...'` read as `regex: {pattern: '...'}`, keeping the line for messages."""
    node = LineDict({field_name: value})
    node.line = parent.line_of(key) if isinstance(parent, LineDict) else line_of(parent)
    node.key_lines = {field_name: node.line}
    return node


def _probes(pattern: str) -> list[str]:
    """Inputs that make nested repeats backtrack: runs of the pattern's own characters."""
    own = list(dict.fromkeys(ch for ch in pattern if ch.isalnum()))[:6]
    return [*_ADVERSARIAL, *(ch * 30 + "!" for ch in own)]


def _combination(kind):
    def build(ctx: _Context, spec: Any, parent: Any, key: str) -> Condition | None:
        if not isinstance(spec, list) or not spec:
            ctx.problem(parent, key, f"{key} needs a list of conditions")
            return None
        children = [_condition(ctx, child, spec, key) for child in spec]
        if any(c is None for c in children):
            return None
        return kind(tuple(children))
    return build


def _not(ctx: _Context, spec: Any, parent: Any, key: str) -> Condition | None:
    child = _condition(ctx, spec, parent, key)
    return Not(child) if child is not None else None


def _after(ctx: _Context, spec: Any, parent: Any, key: str) -> Condition | None:
    if not isinstance(spec, dict):
        ctx.problem(parent, key, "expected {anchor, expect, within_turns}")
        return None
    _check_keys(ctx, spec, {"anchor", "expect", "within_turns", "every"}, "after")
    anchor = _condition(ctx, spec.get("anchor"), spec, "anchor")
    expect = _condition(ctx, spec.get("expect"), spec, "expect")
    if anchor is not None and not isinstance(anchor, Phrases):
        ctx.problem(spec, "anchor", "an anchor must be a phrases condition")
        return None
    if anchor is None or expect is None:
        return None
    within = int(_number(ctx, spec, "within_turns", 2))
    return After(anchor, expect, within, first_only=not spec.get("every", False))


def _holds(ctx: _Context, spec: Any, parent: Any, key: str) -> Condition | None:
    if not isinstance(spec, dict) or not ({"before", "after"} & set(spec)):
        ctx.problem(parent, key, "expected {before: condition} or {after: condition}")
        return None
    _check_keys(ctx, spec, {"before", "after"}, "holds")
    before = _condition(ctx, spec["before"], spec, "before") if "before" in spec else None
    after = _condition(ctx, spec["after"], spec, "after") if "after" in spec else None
    return Holds(ctx.detector, before, after)


def _speech_rate(ctx: _Context, spec: Any, parent: Any, key: str) -> Condition:
    spec = spec if isinstance(spec, dict) else {}
    return SpeechRate(_number(ctx, spec, "min", 120.0), _number(ctx, spec, "max", 200.0))


def _overtalk(ctx: _Context, spec: Any, parent: Any, key: str) -> Condition:
    spec = spec if isinstance(spec, dict) else {}
    return Overtalk(_number(ctx, spec, "max_lead_seconds", 1.0))


def _hangup(ctx: _Context, spec: Any, parent: Any, key: str) -> Condition:
    spec = spec if isinstance(spec, dict) else {}
    return Hangup(_number(ctx, spec, "min_delay_seconds", 3.0))


def _number(ctx: _Context, node: Any, key: str, default: float) -> float:
    if not isinstance(node, dict) or key not in node:
        return default
    value = node[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        ctx.problem(node, key, f"expected a number, got {value!r}")
        return default
    return float(value)


_BUILDERS = {
    "phrases": _phrases, "regex": _regex, "all": _combination(AllOf), "any": _combination(AnyOf),
    "not": _not, "after": _after, "holds": _holds, "speech_rate": _speech_rate,
    "overtalk": _overtalk, "hangup": _hangup,
}

__all__ = ["build_pack", "expand"]
