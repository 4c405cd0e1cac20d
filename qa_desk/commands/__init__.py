"""Command handlers behind the CLI parser; each calls a service and prints plain results."""

from __future__ import annotations

import argparse
import importlib

# Commands that live in their own module: each has `register(commands)` adding its
# sub-parser and `run(args) -> int`. The key is the command name on the command line.
PLUGINS = {
    "score": "qa_desk.commands.score",
    "bank": "qa_desk.commands.bank",
    "report": "qa_desk.commands.report",
    "audit": "qa_desk.commands.audit",
    "exam": "qa_desk.commands.exam",
    "user": "qa_desk.commands.user",
    # One module, two commands: its `run` looks at args.command.
    "backup": "qa_desk.commands.backup",
    "restore": "qa_desk.commands.backup",
    # Rewards and penalties: one module, three commands.
    "policy": "qa_desk.commands.rewards",
    "reward": "qa_desk.commands.rewards",
    "ledger": "qa_desk.commands.rewards",
}


def register_plugins(commands, only: str | None = None) -> None:
    """Add the plugin commands; with `only` (the command about to run) just that one, so the
    others' imports do not slow its start (`qa-desk score` is timed end to end)."""
    for name, module_name in PLUGINS.items():
        if only is not None and name != only:
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.register(commands)


def dispatch(command: str, args: argparse.Namespace) -> int:
    if command == "import":
        from qa_desk.commands.importing import run_import

        return run_import(args)
    if command == "calls":
        from qa_desk.commands.calls import run_calls

        return run_calls(args)
    if command == "db":
        from qa_desk.commands.database import run_db

        return run_db(args)
    if command in PLUGINS:
        return importlib.import_module(PLUGINS[command]).run(args)
    raise SystemExit(f"unknown command {command}")
