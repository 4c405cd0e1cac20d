"""The command line as a user runs it: a real process, a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import call_dict, write_json


def qa_desk(*args, db_path, env_extra=None):
    env = dict(os.environ, QA_DESK_DATABASE_URL=f"sqlite:///{db_path}")
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "qa_desk", *args], capture_output=True, text=True, env=env,
        timeout=120,
    )


def test_import_then_list(tmp_path):
    db_path = tmp_path / "cli.sqlite3"
    write_json(tmp_path / "in" / "a.json", call_dict("call-a"))
    (tmp_path / "in" / "bad.json").write_text('{"call_id": "x"}', encoding="utf-8")
    result = qa_desk("import", str(tmp_path / "in"), db_path=db_path)
    assert result.returncode == 1
    assert "imported 1 calls" in result.stdout
    assert "bad.json" in result.stdout and "missing turns" in result.stdout
    assert "[2/2]" in result.stderr
    listing = qa_desk("calls", "list", "--format", "jsonl", db_path=db_path)
    rows = [json.loads(line) for line in listing.stdout.splitlines()]
    assert [r["call_id"] for r in rows] == ["call-a"] and rows[0]["agent_name"] == "李明"
    table = qa_desk("calls", "list", "--agent", "1024", db_path=db_path)
    assert "call-a" in table.stdout and "1 calls" in table.stdout


def test_reimport_succeeds_and_reports_unchanged(tmp_path):
    db_path = tmp_path / "cli.sqlite3"
    path = write_json(tmp_path / "a.json", call_dict())
    qa_desk("import", str(path), db_path=db_path)
    again = qa_desk("import", str(path), db_path=db_path)
    assert again.returncode == 0 and "imported 0 calls, skipped 1 unchanged" in again.stdout


def test_db_upgrade_reports_the_revision(tmp_path):
    result = qa_desk("db", "upgrade", db_path=tmp_path / "new.sqlite3")
    assert result.returncode == 0 and "schema revision 00" in result.stdout


def test_gui_without_a_display_explains_how_to_run_headless(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    result = subprocess.run([sys.executable, "-m", "qa_desk", "gui", "--demo"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2
    assert "no display" in result.stderr and "qa-desk --help" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("4", "4")])
def test_the_command_line_keeps_numpy_to_one_blas_thread_unless_told(given, expected):
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    code = "import os, qa_desk.cli; print(os.environ['OPENBLAS_NUM_THREADS'])"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == expected
