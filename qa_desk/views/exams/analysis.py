"""What the results tab shows, read off the GUI thread: the results the caller may see and,
for those who analyse exams, the item analysis the service builds from the stored answers."""

from __future__ import annotations

from dataclasses import dataclass

from qa_desk.services.exams import AttemptResult, ExamService
from qa_desk.training.item_analysis import NO_GRADED, PAPERS_DIFFER, TestStats

__all__ = ["NO_GRADED", "PAPERS_DIFFER", "ExamFigures", "exam_figures"]


@dataclass(frozen=True, slots=True)
class ExamFigures:
    results: list[AttemptResult]
    stats: TestStats | None = None  # None when the caller is not shown the analysis

    @property
    def questions(self) -> list[str]:
        """Stems in the analysis's order."""
        return [item.stem for item in self.stats.items] if self.stats else []

    @property
    def note(self) -> str:
        return self.stats.note if self.stats else ""


def exam_figures(service: ExamService, exam_id: int, with_analysis: bool = True) -> ExamFigures:
    results = service.results(exam_id)
    return ExamFigures(results, service.item_analysis(exam_id) if with_analysis else None)
