"""The reward/penalty policy (奖惩制度) as data: rules that turn evaluation outcomes and exam
results into amounts, and the categories of entries a supervisor records by hand.

A policy is written in YAML. Loading it checks every rule and reports every problem with the
key and the line, so an author fixes them all in one pass. Amounts are yuan as `Decimal`;
a negative amount is a penalty (扣款), a positive one a reward (奖励)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from qa_desk.scoring.yaml_lines import LineDict, line_of, load_yaml

SCORE_BELOW = "score_below"            # one line per evaluation whose effective score is below
FATAL = "fatal"                        # one line per evaluation with a failed fatal item (一票否决)
REPEATED_FAILURE = "repeated_failure"  # the nth failure of one scoring rule in a calendar month
EXAM_FAILED = "exam_failed"            # one line per exam attempt that did not pass
KINDS = (SCORE_BELOW, FATAL, REPEATED_FAILURE, EXAM_FAILED)
MANUAL = "manual"

DEFAULT_POLICY = Path(__file__).resolve().parents[2] / "resources" / "policy" / "default.yaml"
_CENT = Decimal("0.01")
_MAX_AMOUNT = Decimal("1000000")


class PolicyError(ValueError):
    """A policy that cannot be used; `problems` lists each one with its line and key."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


@dataclass(frozen=True, slots=True)
class Step:
    """From the `count`-th failure in a calendar month on, each failure costs `amount`."""

    count: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class PolicyRule:
    id: str
    kind: str
    label: str
    amount: Decimal | None = None      # score_below, fatal, exam_failed
    threshold: float | None = None     # score_below: scores strictly below it
    rule: str | None = None            # repeated_failure: the scoring rule id
    steps: tuple[Step, ...] = ()       # repeated_failure: escalating amounts
    skip_if_fatal: bool = False        # score_below: leave 一票否决 calls to the fatal rule
    exam: str | None = None            # exam_failed: only this exam (by name); all when None
    note: str = ""

    def amount_for(self, failure_number: int) -> Decimal | None:
        """repeated_failure: the amount of the n-th failure (None before the first step)."""
        best = None
        for step in self.steps:
            if step.count <= failure_number:
                best = step.amount
        return best


@dataclass(frozen=True, slots=True)
class ManualCategory:
    id: str
    label: str
    amount: Decimal
    note: str = ""


@dataclass(frozen=True, slots=True)
class Policy:
    id: str
    name: str
    rules: tuple[PolicyRule, ...]
    manual: tuple[ManualCategory, ...] = ()
    source: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def category(self, label_or_id: str) -> ManualCategory | None:
        for category in self.manual:
            if label_or_id in (category.id, category.label):
                return category
        return None


def load_policy(path: str | Path | None = None) -> Policy:
    file = Path(path) if path else DEFAULT_POLICY
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PolicyError(str(file), [f"cannot read the policy file ({exc.strerror or exc})"]) from None
    return parse_policy(text, source=str(file))


def parse_policy(text: str, *, source: str = "policy") -> Policy:
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PolicyError(source, [f"{where}not valid YAML ({problem})"]) from None
    return build_policy(data, source=source)


def build_policy(data: Any, *, source: str = "policy") -> Policy:
    problems: list[str] = []
    if not isinstance(data, dict):
        raise PolicyError(source, ["the policy must be a mapping with id, rules and manual"])
    _check_keys(problems, data, {"id", "name", "description", "rules", "manual"}, "policy", "")
    policy_id = data.get("id")
    if not isinstance(policy_id, str) or not policy_id.strip():
        _problem(problems, data, "id", "", "required: a short name for the policy")
        policy_id = ""
    seen: dict[str, int] = {}
    rules = _items(problems, data, "rules", lambda node: _rule(problems, node, seen))
    manual = _items(problems, data, "manual", lambda node: _category(problems, node, seen))
    if problems:
        raise PolicyError(source, problems)
    return Policy(id=policy_id, name=str(data.get("name") or policy_id), rules=tuple(rules),
                  manual=tuple(manual), source=source, raw=dict(data))


def _items(problems: list[str], data: dict, key: str, build) -> list:
    raw = data.get(key)
    if raw is None:
        return []
    if not isinstance(raw, list):
        _problem(problems, data, key, "", "must be a list")
        return []
    out = []
    for node in raw:
        if not isinstance(node, dict):
            problems.append(f"line {line_of(raw, line_of(data))}: {key}: each entry must be a mapping")
            continue
        item = build(node)
        if item is not None:
            out.append(item)
    return out


def _rule(problems: list[str], node: dict, seen: dict[str, int]) -> PolicyRule | None:
    before = len(problems)
    rule_id = _identifier(problems, node, seen)
    kind = node.get("kind")
    allowed = {"id", "kind", "label", "note", "amount"}
    if kind not in KINDS:
        _problem(problems, node, "kind", rule_id,
                 f"expected one of {', '.join(KINDS)}, got {kind!r}" if "kind" in node
                 else f"missing: one of {', '.join(KINDS)}")
        return None
    label = _label(problems, node, rule_id)
    amount = threshold = rule = exam = None
    steps: tuple[Step, ...] = ()
    skip_if_fatal = False
    if kind == REPEATED_FAILURE:
        allowed = (allowed - {"amount"}) | {"rule", "steps"}
        rule = node.get("rule")
        if not isinstance(rule, str) or not rule.strip():
            _problem(problems, node, "rule", rule_id, "required: the scoring rule id that is counted "
                                                      "(e.g. opening.greeting)")
        steps = _steps(problems, node, rule_id)
    else:
        amount = _amount(problems, node, "amount", rule_id)
    if kind == SCORE_BELOW:
        allowed |= {"threshold", "skip_if_fatal"}
        threshold = _threshold(problems, node, rule_id)
        skip_if_fatal = _flag(problems, node, "skip_if_fatal", rule_id)
    if kind == EXAM_FAILED:
        allowed |= {"exam"}
        exam = node.get("exam")
        if exam is not None and not isinstance(exam, str):
            _problem(problems, node, "exam", rule_id, f"expected an exam name, got {exam!r}")
    _check_keys(problems, node, allowed, f"a {kind} rule", rule_id)
    if len(problems) > before:
        return None
    return PolicyRule(id=rule_id, kind=kind, label=label, amount=amount, threshold=threshold,
                      rule=rule.strip() if isinstance(rule, str) else None, steps=steps,
                      skip_if_fatal=skip_if_fatal, exam=exam, note=str(node.get("note") or ""))


def _category(problems: list[str], node: dict, seen: dict[str, int]) -> ManualCategory | None:
    before = len(problems)
    category_id = _identifier(problems, node, seen)
    _check_keys(problems, node, {"id", "label", "amount", "note"}, "a manual category", category_id)
    label = _label(problems, node, category_id)
    amount = _amount(problems, node, "amount", category_id)
    if len(problems) > before or amount is None:
        return None
    return ManualCategory(id=category_id, label=label, amount=amount,
                          note=str(node.get("note") or ""))


def _identifier(problems: list[str], node: dict, seen: dict[str, int]) -> str:
    value = node.get("id")
    if not isinstance(value, str) or not value.strip():
        _problem(problems, node, "id", "", "required: a short id for the rule")
        return ""
    value = value.strip()
    line = node.line_of("id") if isinstance(node, LineDict) else 0
    if value in seen:
        _problem(problems, node, "id", value, f"duplicate id (first defined on line {seen[value]})")
    else:
        seen[value] = line
    return value


def _label(problems: list[str], node: dict, rule_id: str) -> str:
    label = node.get("label")
    if not isinstance(label, str) or not label.strip():
        _problem(problems, node, "label", rule_id, "required: the words printed on the ledger line")
        return ""
    return label.strip()


def parse_amount(value: Any) -> Decimal:
    """Yuan with at most two decimals; raises ValueError with what was expected."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"expected an amount in yuan such as -100 or 50.5, got {value!r}")
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"expected an amount in yuan such as -100 or 50.5, got {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"expected a finite amount, got {value!r}")
    if amount != amount.quantize(_CENT):
        raise ValueError(f"at most two decimals (fen), got {value!r}")
    if abs(amount) >= _MAX_AMOUNT:
        raise ValueError(f"an amount under {_MAX_AMOUNT} yuan, got {value!r}")
    return amount.quantize(_CENT)


def _amount(problems: list[str], node: dict, key: str, rule_id: str) -> Decimal | None:
    if key not in node:
        _problem(problems, node, key, rule_id, "missing: yuan, negative for a penalty (e.g. -100)")
        return None
    try:
        amount = parse_amount(node[key])
    except ValueError as exc:
        _problem(problems, node, key, rule_id, str(exc))
        return None
    if amount == 0:
        _problem(problems, node, key, rule_id, "an amount of 0 makes no ledger line; remove the rule")
        return None
    return amount


def _threshold(problems: list[str], node: dict, rule_id: str) -> float | None:
    value = node.get("threshold")
    if "threshold" not in node:
        _problem(problems, node, "threshold", rule_id, "missing: the score (0-100) calls must reach")
    elif isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100:
        _problem(problems, node, "threshold", rule_id, f"expected a score above 0 and up to 100, "
                                                       f"got {value!r}")
    else:
        return float(value)
    return None


def _flag(problems: list[str], node: dict, key: str, rule_id: str) -> bool:
    value = node.get(key, False)
    if not isinstance(value, bool):
        _problem(problems, node, key, rule_id, f"expected true or false, got {value!r}")
        return False
    return value


def _steps(problems: list[str], node: dict, rule_id: str) -> tuple[Step, ...]:
    raw = node.get("steps")
    if not isinstance(raw, dict) or not raw:
        _problem(problems, node, "steps", rule_id,
                 "required: failure number → amount, e.g. {2: -50, 3: -100} "
                 "(the 2nd failure -50, the 3rd and later -100)")
        return ()
    steps = []
    for count, value in raw.items():
        key = str(count)
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            _problem(problems, raw, key, rule_id, f"expected a failure number of 1 or more, got {count!r}")
            continue
        try:
            amount = parse_amount(value)
        except ValueError as exc:
            _problem(problems, raw, key, rule_id, str(exc))
            continue
        steps.append(Step(count, amount))
    return tuple(sorted(steps, key=lambda s: s.count))


def _check_keys(problems: list[str], node: dict, allowed: set[str], what: str, rule_id: str) -> None:
    for key in node:
        if key not in allowed:
            _problem(problems, node, str(key), rule_id,
                     f"unknown key in {what} (expected one of {', '.join(sorted(allowed))})")


def _problem(problems: list[str], node: Any, key: str, rule_id: str, message: str) -> None:
    line = node.line_of(key) if isinstance(node, LineDict) else line_of(node)
    where = f"line {line}: " if line else ""
    rule = f"rule {rule_id}: " if rule_id else ""
    problems.append(f"{where}{rule}{key}: {message}")


def policy_to_data(policy: Policy) -> dict[str, Any]:
    """The policy as plain data, ready for YAML (amounts as numbers)."""
    rules = []
    for rule in policy.rules:
        item: dict[str, Any] = {"id": rule.id, "kind": rule.kind, "label": rule.label}
        if rule.kind == SCORE_BELOW:
            item["threshold"] = _number(Decimal(str(rule.threshold)))
            if rule.skip_if_fatal:
                item["skip_if_fatal"] = True
        if rule.kind == REPEATED_FAILURE:
            item["rule"] = rule.rule
            item["steps"] = {step.count: _number(step.amount) for step in rule.steps}
        else:
            item["amount"] = _number(rule.amount)
        if rule.exam:
            item["exam"] = rule.exam
        if rule.note:
            item["note"] = rule.note
        rules.append(item)
    manual = []
    for category in policy.manual:
        item = {"id": category.id, "label": category.label, "amount": _number(category.amount)}
        if category.note:
            item["note"] = category.note
        manual.append(item)
    return {"id": policy.id, "name": policy.name, "rules": rules, "manual": manual}


def policy_to_yaml(policy: Policy, *, comments_from: str | None = None) -> str:
    """The policy as YAML. With `comments_from` (the YAML of an earlier version), its opening
    comment and the comment above each rule that is still there are kept (the seed quotes)."""
    text = yaml.safe_dump(policy_to_data(policy), allow_unicode=True, sort_keys=False, width=100)
    if not comments_from:
        return text
    header, blocks = _comments(comments_from)
    out = list(header)
    for line in text.splitlines():
        match = _ITEM_ID.match(line)
        if match and match["id"] in blocks:
            out.extend(match["indent"] + comment for comment in blocks[match["id"]])
        out.append(line)
    return "\n".join(out) + "\n"


_ITEM_ID = re.compile(r"^(?P<indent>\s*)- (?:\{\s*)?id:\s*['\"]?(?P<id>[^'\",}\s]+)")


def _comments(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """The comment lines opening the file, and the comment lines right above each `- id:`."""
    lines = text.splitlines()
    header = []
    for line in lines:
        if not line.strip().startswith("#"):
            break
        header.append(line)
    blocks: dict[str, list[str]] = {}
    pending: list[str] = []
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("#"):
            if number >= len(header):
                pending.append(stripped)
            continue
        match = _ITEM_ID.match(line)
        if match and pending:
            blocks[match["id"]] = pending
        pending = [] if stripped or not pending else pending
    return header, blocks


def _number(amount: Decimal | None) -> int | float | None:
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)
