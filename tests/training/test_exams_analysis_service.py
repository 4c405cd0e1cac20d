"""Item analysis from the attempts stored in the database: the same figures as the hand-built
matrix, option counts, random draws, who may read it, and `qa-desk exam analysis`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from qa_desk.db import open_database
from qa_desk.services.access import Identity, PermissionDenied
from qa_desk.training.exam import Draw
from qa_desk.training.item_analysis import NO_GRADED, PAPERS_DIFFER, analyse
from qa_desk.training.review_policy import ReviewPolicy
from tests.training.test_exams_fixtures import Clock, setup_exam

HIDE_ALL = ReviewPolicy.from_dict({phase: [] for phase in
                                   ("during", "immediately_after", "later_while_open", "after_close")})
# tf1 (1), s1 (1), m1 (2, all or nothing), s2 (1): responses and the points they earn.
SITTINGS = {
    "c1": (["对", "B", "BC", "A"], [1, 1, 2, 1]),
    "c2": (["对", "B", "B", "B"], [1, 1, 0, 0]),
    "c3": (["对", "A", None, "B"], [1, 0, 0, 0]),
    "c4": (["错", None, "CB", "A"], [0, 0, 2, 1]),
}
SUPERVISOR = Identity("wang", "supervisor", display_name="王主管")
HR = Identity("zhao", "hr")
TRAINEE = Identity("li", "agent", agent_id="1024")


def sit(service, exam_id, candidate, responses):
    attempt = service.start(exam_id, candidate)
    for position, response in enumerate(responses, start=1):
        if response is not None:
            service.answer(attempt.id, position, response)
    return service.submit(attempt.id)


def objective_exam(database, **changes):
    return setup_exam(database, questions=("tf1", "s1", "m1", "s2"), mc_policy="all_or_nothing",
                      review=HIDE_ALL, **changes)


def test_figures_come_from_the_stored_points_whatever_candidates_may_see(any_db):
    service, exam = objective_exam(any_db)
    for candidate, (responses, points) in SITTINGS.items():
        assert sit(service, exam.id, candidate, responses).score == sum(points)
    service.start(exam.id, "still-sitting")  # an open attempt is not analysed

    stats = service.item_analysis(exam.id, actor=SUPERVISOR)
    expected = analyse([points for _, points in SITTINGS.values()], [1, 1, 2, 1])
    assert (stats.exam, stats.attempts, stats.note) == ("closing-check", 4, "")
    assert stats.mean == expected.mean and stats.alpha == pytest.approx(expected.alpha)
    assert stats.sem == pytest.approx(expected.sem)
    assert [i.code for i in stats.items] == ["tf1", "s1", "m1", "s2"]  # the exam's order
    for got, want in zip(stats.items, expected.items, strict=True):
        assert got.facility == pytest.approx(want.facility)
        assert got.discrimination == pytest.approx(want.discrimination)
        assert got.efficiency == pytest.approx(want.efficiency)
        assert got.flags == want.flags and got.attempts == 4
    tf1, s1, m1, s2 = stats.items
    assert tf1.option_counts == {"F": 1, "T": 3} and tf1.right_answer is True
    assert s1.option_counts == {"": 1, "A": 1, "B": 2} and s1.right_answer == "B"
    assert m1.option_counts == {"": 1, "B": 3, "C": 2} and m1.max_points == 2
    assert s2.option_counts == {"A": 2, "B": 2} and s2.stem == "保持通话前应当？"
    assert s2.category == "hold" and s2.type == "single"


def test_short_answers_count_once_graded(db):
    service, exam = setup_exam(db)
    attempt = service.start(exam.id, "张三")
    service.answer(attempt.id, 1, "对")
    service.answer(attempt.id, 4, "感谢您的来电，再见")
    service.submit(attempt.id)
    waiting = service.item_analysis(exam.id)
    assert (waiting.attempts, waiting.items, waiting.note) == (0, [], NO_GRADED)

    [pending] = service.pending_short_answers(exam.id)
    service.grade_short(pending.answer_id, 7, actor=SUPERVISOR)
    stats = service.item_analysis(exam.id)
    assert stats.attempts == 1 and stats.items[3].option_counts == {}
    assert stats.items[3].facility == pytest.approx(0.7)


def test_random_draws_count_each_question_over_the_attempts_that_drew_it(db):
    service, exam = setup_exam(db, questions=(), draws=(Draw(1, "hold", 1),), attempts_allowed=1)
    drawn = set()
    for number in range(30):
        result = sit(service, exam.id, f"c{number}", ["A"])
        drawn.add(result.score)
        if drawn == {0.0, 1.0}:  # s2 (A right) and s3 (A wrong) have both been drawn
            break
    stats = service.item_analysis(exam.id)
    assert stats.note == PAPERS_DIFFER and stats.alpha is None and stats.sem is None
    by_code = {i.code: i for i in stats.items}
    assert set(by_code) == {"s2", "s3"}
    assert by_code["s2"].attempts + by_code["s3"].attempts == stats.attempts == number + 1
    assert (by_code["s2"].facility, by_code["s3"].facility) == (1.0, 0.0)
    assert by_code["s3"].option_counts == {"A": by_code["s3"].attempts}


def test_who_may_read_the_analysis(db):
    service, exam = objective_exam(db)
    sit(service, exam.id, "1024", SITTINGS["c1"][0])
    with pytest.raises(PermissionDenied, match=r"li \(agent\) may not read every candidate's exam"):
        service.item_analysis(exam.id, actor=TRAINEE)
    assert service.item_analysis(exam.id, actor=HR).attempts == 1


def test_the_command_prints_a_table_or_json(tmp_path):
    db_path = tmp_path / "cli.sqlite3"
    database = open_database(f"sqlite:///{db_path}")
    service, exam = objective_exam(database, clock=Clock())
    for candidate, (responses, _) in SITTINGS.items():
        sit(service, exam.id, candidate, responses)
    database.dispose()
    env = dict(os.environ, QA_DESK_DATABASE_URL=f"sqlite:///{db_path}")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "qa_desk", "exam", "analysis", *args],
                              capture_output=True, text=True, env=env, timeout=120)

    table = run("closing-check")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].startswith("exam closing-check: 4 graded attempts, mean 2.75, SD 1.71")
    assert lines[2].split("\t") == ["1", "tf1", "4", "0.75", "-0.37", "-0.50", "F:1 T:3",
                                     "negative_discrimination"]  # worked by hand: −1/√7.5, −1/2
    dumped = run("closing-check", "--format", "json")
    data = json.loads(dumped.stdout)
    assert data["attempts"] == 4 and data["items"][2]["right_answer"] == ["B", "C"]
    assert data["items"][1]["option_counts"] == {"": 1, "A": 1, "B": 2}
    missing = run("no-such-exam")
    assert missing.returncode == 1
    assert "no exam named 'no-such-exam' (exams: closing-check)" in missing.stderr
