"""Who the command line acts as: the machine owner's trusted path, recorded in the audit trail
under the operating-system user."""

from __future__ import annotations

import getpass


def cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name in some containers and services
        return "cli"
