"""The domain never imports Qt: proven on the source and at run time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "qa_desk"
QT_ALLOWED = {"views", "app.py", "__main__.py"}
DOMAIN = ["transcripts", "scoring", "training", "reports", "rewards", "services", "models", "commands"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_outside_views_imports_qt_in_source():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] not in QT_ALLOWED
        and {"PySide6", "shiboken6"} & _imports(path)
    ]
    assert offenders == []


def test_the_check_would_catch_an_offender(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6.QtCore import QObject\n")
    assert "PySide6" in _imports(bad)


def test_importing_every_domain_module_loads_no_qt():
    modules = [
        ".".join(("qa_desk", *path.relative_to(PACKAGE).with_suffix("").parts))
        for package in DOMAIN
        for path in (PACKAGE / package).rglob("*.py")
    ] + ["qa_desk.cli", "qa_desk.db", "qa_desk.config"]
    modules = [m.removesuffix(".__init__") for m in modules]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(k for k in sys.modules if k.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
