"""The score matrix for item analysis, built from what the exam service exposes.

The service has no score-matrix method, so this reads each graded attempt's per-question
points through `candidate_view` (read-only for a submitted attempt) and lines the questions
up by their stem. It works when every graded attempt sat the same questions and the review
policy shows marks after submission; otherwise `note` says why there is no analysis."""

from __future__ import annotations

from dataclasses import dataclass, field

from qa_desk.models.exams import GRADED
from qa_desk.services.exams import AttemptResult, ExamService
from qa_desk.training.item_analysis import TestStats, analyse


@dataclass(frozen=True, slots=True)
class ExamFigures:
    results: list[AttemptResult]
    questions: list[str] = field(default_factory=list)  # stems, in paper order
    stats: TestStats | None = None
    note: str = ""  # why there is no analysis (English; the view translates known cases)


NO_GRADED, NO_MARKS, PAPERS_DIFFER = "no_graded", "no_marks", "papers_differ"


def exam_figures(service: ExamService, exam_id: int) -> ExamFigures:
    results = service.results(exam_id)
    graded = [r for r in results if r.status == GRADED]
    if not graded:
        return ExamFigures(results, note=NO_GRADED)
    rows: list[dict[str, float]] = []
    order: list[str] = []
    most: dict[str, float] = {}
    for result in graded:
        view = service.candidate_view(result.attempt_id)
        if any(q.points is None for q in view.questions):
            return ExamFigures(results, note=NO_MARKS)
        row = {}
        for question in view.questions:
            row[question.stem] = question.points or 0.0
            most[question.stem] = question.max_points
            if question.stem not in order:
                order.append(question.stem)
        rows.append(row)
    if any(set(row) != set(order) for row in rows):
        return ExamFigures(results, note=PAPERS_DIFFER)
    matrix = [[row[stem] for stem in order] for row in rows]
    return ExamFigures(results, order, analyse(matrix, [most[s] for s in order]))
