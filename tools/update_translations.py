"""Refresh resources/translations/*.ts from the views' tr() strings (Qt Linguist's lupdate).

Existing translations are kept; new strings arrive as unfinished for a translator to fill in
Qt Linguist (`pyside6-linguist`). `make setup` compiles the .ts files to .qm.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = ("zh_CN",)


def main() -> int:
    sources = sorted(str(p.relative_to(REPO)) for p in (REPO / "qa_desk" / "views").rglob("*.py"))
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    for language in LANGUAGES:
        target = REPO / "resources" / "translations" / f"qa_desk_{language}.ts"
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(lupdate), *sources, "-ts", str(target.relative_to(REPO)),
                        "-no-obsolete", "-locations", "none"], cwd=REPO, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
