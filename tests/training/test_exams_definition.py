"""Exam definitions, seeded draws and the review matrix as pure data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from qa_desk.training.exam import Draw, ExamDefinition, ExamError, draw_paper
from qa_desk.training.review_policy import (
    AFTER_CLOSE,
    DURING,
    IMMEDIATELY_AFTER,
    LATER_WHILE_OPEN,
    ReviewPolicy,
    phase_at,
)
from tests.training.test_exams_fixtures import QUESTIONS, definition

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_definition_survives_storage_unchanged():
    original = definition(draws=(Draw(2, "hold", 1),), shuffle_options=True,
                          closes_at=T0, review=ReviewPolicy.from_dict({"during": ["marks"]}))
    assert ExamDefinition.from_dict(original.to_dict()) == original


def test_every_problem_is_reported_at_once():
    with pytest.raises(ExamError) as caught:
        ExamDefinition.from_dict({"name": "x", "bank": "b", "pass_percent": 120,
                                  "mc_policy": "most", "attempts_allowed": -1})
    message = str(caught.value)
    for part in ("give question codes or draws", "pass_percent", "mc_policy 'most'", "attempts_allowed"):
        assert part in message
    with pytest.raises(ExamError, match=r"review\.during: unknown answers"):
        ExamDefinition.from_dict({"name": "x", "bank": "b", "questions": ["a"],
                                  "review": {"during": ["answers"]}})


def test_the_same_seed_draws_the_same_paper():
    exam = definition(questions=("tf1",), draws=(Draw(2, "hold"), Draw(1, "closing", 2)),
                      shuffle_questions=True, shuffle_options=True)
    papers = {draw_paper(exam, QUESTIONS, seed) for seed in range(40)}
    assert draw_paper(exam, QUESTIONS, 7) == draw_paper(exam, QUESTIONS, 7)
    assert len(papers) > 1  # and different seeds really do differ
    for paper in papers:
        assert sorted(paper.questions)[:1] == [0] and {4, 5} <= set(paper.questions)
        for index, order in zip(paper.questions, paper.option_orders, strict=True):
            assert sorted(order) == sorted(QUESTIONS[index].options)


def test_missing_codes_and_short_draws_are_named():
    exam = definition(questions=("tf1", "nope"), draws=(Draw(5, "hold"),))
    with pytest.raises(ExamError, match="no question nope in bank closing; bank closing has 2 "
                                        "unused questions for 5 of category hold"):
        draw_paper(exam, QUESTIONS, 1)


def test_review_phases_follow_moodle():
    closes = T0 + timedelta(days=1)
    assert phase_at(T0, None, closes) == DURING
    assert phase_at(T0 + timedelta(minutes=1), T0, closes) == IMMEDIATELY_AFTER
    assert phase_at(T0 + timedelta(minutes=3), T0, closes) == LATER_WHILE_OPEN
    assert phase_at(closes, T0, closes) == AFTER_CLOSE
    assert phase_at(T0 - timedelta(hours=1), T0, None) == IMMEDIATELY_AFTER  # clock set back
    policy = ReviewPolicy()
    assert policy.shown(DURING) == frozenset() and policy.allows(AFTER_CLOSE, "explanations")


def test_migration_0004_goes_up_and_down_and_matches_the_models(tmp_path):
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect

    from qa_desk.db import alembic_config, current_revision, make_engine, upgrade
    from qa_desk.models import Base

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0003")
    upgrade(engine)
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert current_revision(engine) == head >= "0004"
    assert {"exams", "exam_attempts", "exam_answers"} <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    assert "exams" not in set(inspect(engine).get_table_names())
    engine.dispose()
