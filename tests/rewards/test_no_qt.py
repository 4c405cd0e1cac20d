"""The rewards domain and its service run without Qt."""

from __future__ import annotations

import subprocess
import sys


def test_rewards_import_no_qt():
    code = ("import sys, qa_desk.rewards, qa_desk.services.rewards, qa_desk.commands.rewards; "
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
