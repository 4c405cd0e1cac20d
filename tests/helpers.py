"""Small builders for transcript files used across tests."""

from __future__ import annotations

import json
from pathlib import Path


def call_dict(call_id: str = "c-1", **extra) -> dict:
    data = {
        "call_id": call_id,
        "agent": {"id": "1024", "name": "李明"},
        "channel": "inbound",
        "started_at": "2026-11-21T09:15:02+08:00",
        "turns": [
            {"speaker": "agent", "start": 0.0, "end": 4.2, "text": "您好,我是1024号客服代表,很高兴为您服务"},
            {"speaker": "customer", "start": 4.5, "end": 9.0, "text": "你好,我家电视没信号了"},
        ],
        "events": [{"type": "hangup", "by": "customer", "at": 12.0}],
    }
    data.update(extra)
    return data


def write_json(path: Path, data: object, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding=encoding)
    return path


def add_exam_attempt(db, candidate: str, *, submitted, passed: bool | None, score: float = 40,
                     exam: str = "基础考试", minutes: float = 0) -> int:
    """A graded attempt straight into the store (its exam and an empty bank made when new);
    the next attempt number for the candidate. Returns the attempt id."""
    from datetime import timedelta

    from sqlalchemy import func, select

    from qa_desk.models import Exam, ExamAttempt, QuestionBank

    with db.sessions.begin() as session:
        found = session.scalar(select(Exam).where(Exam.name == exam))
        if found is None:
            bank = QuestionBank(name=f"bank-{exam}", title=exam)
            session.add(bank)
            session.flush()
            found = Exam(name=exam, bank_id=bank.id, definition={})
            session.add(found)
            session.flush()
        number = 1 + session.scalar(select(func.count()).select_from(ExamAttempt).where(
            ExamAttempt.exam_id == found.id, ExamAttempt.candidate == candidate))
        attempt = ExamAttempt(
            exam_id=found.id, candidate=candidate, number=number, seed=1, question_ids=[],
            option_orders=[], status="graded", started_at=submitted - timedelta(minutes=minutes),
            last_seen_at=submitted, submitted_at=submitted, submitted_by="candidate",
            score=score, max_score=100, passed=passed)
        session.add(attempt)
        session.flush()
        return attempt.id
