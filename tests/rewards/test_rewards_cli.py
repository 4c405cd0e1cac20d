"""qa-desk policy / reward / ledger against a real SQLite file."""

from __future__ import annotations

import json

from qa_desk.cli import main
from qa_desk.db import open_database
from qa_desk.services import audit
from tests.rewards.rewards_helpers import add_evaluation, nov


def test_policy_reward_and_ledger_commands(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'qa.sqlite3'}"
    db = open_database(url)
    evaluation = add_evaluation(db, "demo-005", "1024", nov(5), 40, name="李明")
    run = lambda *argv: main(["--database", url, *argv])  # noqa: E731

    assert run("policy", "show") == 0
    shown = capsys.readouterr().out
    assert "version 1" in shown and "表扬信" in shown and "#2+: -50.00, #3+: -100.00" in shown

    assert run("reward", "add", "1024", "--label", "表扬信", "--reason", "客户来信", "--date",
               "2026-11-07") == 0
    assert "entry 1: 1024 2026-11-07 +100.00 表扬信" in capsys.readouterr().out
    assert run("reward", "add", "1024", "--amount", "-20", "--label", "迟到", "--reason", "晨会",
               "--date", "2026-11-08") == 0
    assert run("reward", "add", "1024", "--label", "迟到", "--reason", "晨会") == 1
    assert "an amount is required" in capsys.readouterr().err
    assert run("reward", "void", "2", "--reason", "记错了") == 0
    capsys.readouterr()

    assert run("ledger", "--period", "2026-11") == 0
    table = capsys.readouterr().out
    assert f"evaluation:{evaluation} / call:demo-005" in table
    assert "entry:1" in table and "entry:2" not in table
    assert "2 lines, total +50.00 yuan (2026-11-01..2026-11-30, policy version 1)" in table

    assert run("ledger", "--period", "2026-11", "--agent", "1024", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == "50.00"
    assert [(x["amount"], x["sources"]) for x in data["lines"]] == [
        ("-50.00", [f"evaluation:{evaluation}", "call:demo-005"]), ("100.00", ["entry:1"])]

    out = tmp_path / "policy.yaml"
    assert run("policy", "export", "--out", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert "# Seed:" in text  # the stored version is the file as written
    out.write_text(text.replace("threshold: 60", "threshold: 300"), encoding="utf-8")
    capsys.readouterr()
    assert run("policy", "import", str(out)) == 1
    err = capsys.readouterr().err
    assert f"{out}: the policy has 1 problem(s), nothing saved" in err
    assert "rule score.low: threshold: expected a score above 0 and up to 100, got 300" in err
    out.write_text(text.replace("threshold: 60", "threshold: 30"), encoding="utf-8")
    assert run("policy", "import", str(out), "--note", "放宽") == 0
    assert "saved policy version 2" in capsys.readouterr().out
    assert run("policy", "history") == 0
    assert "放宽" in capsys.readouterr().out
    assert run("ledger", "--period", "2026-11", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["total"] == "100.00"  # 40 is not below 30
    assert audit.verify(db).ok
