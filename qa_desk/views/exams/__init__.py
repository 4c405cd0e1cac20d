"""The exams page: take an exam, grade short answers, results and item analysis."""

from qa_desk.views.exams.page import ExamsPage

__all__ = ["ExamsPage"]
