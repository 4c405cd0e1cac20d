"""SQLAlchemy models: the store behind every service. No Qt here."""

from qa_desk.models.accounts import User
from qa_desk.models.audit import AuditEntry
from qa_desk.models.base import Base
from qa_desk.models.calls import Agent, Call, CallEvent, Turn
from qa_desk.models.disputes import Dispute
from qa_desk.models.evaluations import Evaluation, EvaluationItem
from qa_desk.models.exams import Exam, ExamAnswer, ExamAttempt
from qa_desk.models.rewards import RewardEntry, RewardPolicyVersion
from qa_desk.models.training import Question, QuestionBank

__all__ = [
    "Agent", "AuditEntry", "Base", "Call", "CallEvent", "Dispute", "Evaluation", "EvaluationItem", "Exam",
    "ExamAnswer", "ExamAttempt", "Question",
    "QuestionBank", "RewardEntry", "RewardPolicyVersion", "Turn", "User",
]
