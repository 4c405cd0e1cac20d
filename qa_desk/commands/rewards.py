"""Rewards and penalties (奖惩) from the command line.

    qa-desk policy show | history | export --out FILE | import FILE [--note TEXT]
    qa-desk reward add AGENT_ID --label 表扬信 --reason "..." [--amount 100] [--date YYYY-MM-DD]
    qa-desk reward void ID --reason "..."
    qa-desk ledger --period 2026-11 [--agent ID] [--format table|json]
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from qa_desk.commands.actor import cli_actor
from qa_desk.reports import PeriodError, parse_period


def register(commands) -> None:
    # One module serves three commands, and the plugin loop calls this once for each.
    if "policy" in commands.choices:
        return
    policy = commands.add_parser("policy", help="the reward/penalty policy (奖惩制度)",
                                 description="Show, export or import the reward/penalty policy. "
                                             "Every import is a new version; the newest is in force.")
    actions = policy.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    actions.add_parser("show", help="the policy in force, rule by rule")
    actions.add_parser("history", help="every saved version, newest first")
    export = actions.add_parser("export", help="write the policy in force as YAML")
    export.add_argument("--out", type=Path, required=True, metavar="FILE.yaml")
    importing = actions.add_parser("import", help="check a YAML policy and save it as a new version")
    importing.add_argument("file", type=Path, metavar="FILE.yaml")
    importing.add_argument("--note", help="why the policy changed (kept with the version)")

    reward = commands.add_parser("reward", help="record or void a reward/penalty entry by hand")
    entries = reward.add_subparsers(dest="reward_command", metavar="ACTION", required=True)
    add = entries.add_parser("add", help="record an entry (a reward, or a penalty if negative)")
    add.add_argument("agent_id", metavar="AGENT_ID")
    add.add_argument("--amount", metavar="YUAN",
                     help="yuan, negative for a penalty; optional when --label is a policy category")
    add.add_argument("--label", required=True, help="e.g. 表扬信, 服务态度投诉")
    add.add_argument("--reason", required=True, help="what happened (required)")
    add.add_argument("--date", type=_date, default=None, metavar="YYYY-MM-DD",
                     help="the day it counts for (default: today)")
    void = entries.add_parser("void", help="take an entry out of the ledger (kept, audited)")
    void.add_argument("entry_id", type=int, metavar="ID")
    void.add_argument("--reason", required=True)

    ledger = commands.add_parser("ledger", help="the reward/penalty ledger of a period")
    ledger.add_argument("--period", type=_period, required=True, metavar="PERIOD",
                        help="a month (2026-11) or dates FROM..TO (2026-11-01..2026-11-15)")
    ledger.add_argument("--agent", metavar="ID", help="only this agent id (工号)")
    ledger.add_argument("--format", choices=("table", "json"), default="table")


def run(args: argparse.Namespace) -> int:
    from qa_desk.db import open_database
    from qa_desk.rewards import PolicyError
    from qa_desk.services.rewards import RewardError, RewardService

    service = RewardService(open_database(args.database))
    try:
        if args.command == "policy":
            return _policy(service, args)
        if args.command == "reward":
            return _reward(service, args)
        return _ledger(service, args)
    except PolicyError as exc:
        print(f"qa-desk {args.command}: {exc.source}: the policy has {len(exc.problems)} "
              "problem(s), nothing saved:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except (RewardError, PermissionError, OSError) as exc:
        print(f"qa-desk {args.command}: {exc}", file=sys.stderr)
        return 1


def _policy(service, args: argparse.Namespace) -> int:
    if args.policy_command == "show":
        version = service.active_version()
        print(f"policy {version.policy.id} ({version.policy.name}), version {version.version}, "
              f"saved by {version.created_by} at {version.created_at:%Y-%m-%d %H:%M} UTC")
        rows = [("rule", "kind", "applies to", "amount (yuan)", "label")]
        for rule in version.policy.rules:
            rows.append((rule.id, rule.kind, _applies(rule), _amounts(rule), rule.label))
        for category in version.policy.manual:
            rows.append((category.id, "manual", "", f"{category.amount:+}", category.label))
        _print_table(rows)
    elif args.policy_command == "history":
        rows = [("version", "saved at (UTC)", "by", "hash", "note")]
        for version in service.policy_versions():
            rows.append((str(version.version), f"{version.created_at:%Y-%m-%d %H:%M}",
                         version.created_by, version.content_hash[:12], version.note or ""))
        _print_table(rows)
    elif args.policy_command == "export":
        version = service.active_version()
        args.out.write_text(version.content, encoding="utf-8")
        print(f"wrote {args.out}: policy version {version.version}")
    else:
        from qa_desk.rewards import parse_policy

        text = args.file.read_text(encoding="utf-8-sig")
        parse_policy(text, source=str(args.file))  # problems named with the file's lines
        version = service.save_policy(text, actor=cli_actor(), note=args.note)
        print(f"saved policy version {version.version} ({len(version.policy.rules)} rules, "
              f"{len(version.policy.manual)} manual categories)")
    return 0


def _reward(service, args: argparse.Namespace) -> int:
    if args.reward_command == "add":
        entry = service.add_entry(args.agent_id, args.date or date.today(), args.amount,
                                  args.label, args.reason, actor=cli_actor())
        print(f"entry {entry.id}: {entry.agent_id} {entry.on.isoformat()} {entry.amount:+} "
              f"{entry.label}")
    else:
        service.void_entry(args.entry_id, args.reason, actor=cli_actor())
        print(f"entry {args.entry_id} voided")
    return 0


def _ledger(service, args: argparse.Namespace) -> int:
    from qa_desk.services.rewards import total

    lines = service.ledger(args.period, args.agent, actor=cli_actor())
    if args.format == "json":
        print(json.dumps({
            "period": args.period.label, "agent": args.agent, "total": str(total(lines)),
            "lines": [{"agent_id": x.agent_id, "agent_name": x.agent_name, "date": x.on.isoformat(),
                       "amount": str(x.amount), "label": x.label, "rule": x.rule,
                       "sources": list(x.sources), "policy_version": x.policy_version,
                       "reason": x.reason} for x in lines],
        }, ensure_ascii=False, indent=1))
        return 0
    rows = [("date", "agent", "name", "amount", "label", "rule", "sources", "reason")]
    for x in lines:
        rows.append((x.on.isoformat(), x.agent_id, x.agent_name or "", f"{x.amount:+}", x.label,
                     x.rule, " / ".join(x.sources), x.reason or ""))
    _print_table(rows)
    agents: dict[str, list] = {}
    for x in lines:
        agents.setdefault(x.agent_id, []).append(x)
    if len(agents) > 1:
        print()
        _print_table([("agent", "name", "lines", "total")] + [
            (agent, group[0].agent_name or "", str(len(group)), f"{total(group):+}")
            for agent, group in agents.items()])
    versions = sorted({x.policy_version for x in lines if x.policy_version is not None})
    policy = f", policy version {', '.join(map(str, versions))}" if versions else ""
    print(f"{len(lines)} lines, total {total(lines):+} yuan ({args.period.label}{policy})")
    return 0


def _applies(rule) -> str:
    if rule.kind == "score_below":
        return f"score < {rule.threshold:g}" + (" (not 一票否决)" if rule.skip_if_fatal else "")
    if rule.kind == "repeated_failure":
        return rule.rule or ""
    if rule.kind == "exam_failed":
        return rule.exam or "any exam"
    return ""


def _amounts(rule) -> str:
    if rule.steps:
        return ", ".join(f"#{s.count}+: {s.amount:+}" for s in rule.steps)
    return f"{rule.amount:+}"


def _print_table(rows: list[tuple[str, ...]]) -> None:
    from qa_desk.commands.calls import _width

    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True))
              .rstrip())


def _period(text: str):
    try:
        return parse_period(text)
    except PeriodError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-11-05, got {text!r}") from None


