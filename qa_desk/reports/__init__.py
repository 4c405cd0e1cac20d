"""Documents for HR: per-call evaluation forms (PDF) and period workbooks (Excel).

Pure Python: plain data in, files out. No Qt and no database here; `qa_desk.services.reports`
gathers the data."""

from qa_desk.reports.evaluation_pdf import (
    DEFAULT_ORGANISATION,
    evaluation_pdf_bytes,
    render_evaluation_pdf,
)
from qa_desk.reports.form import (
    EvaluationForm,
    FormItem,
    HistoryEntry,
    Quote,
    document_basis,
    document_id,
)
from qa_desk.reports.masking import mask_text
from qa_desk.reports.period import Period, PeriodError, parse_period
from qa_desk.reports.quotes import build_quotes
from qa_desk.reports.workbook import EvaluationRow, write_workbook

__all__ = [
    "DEFAULT_ORGANISATION",
    "EvaluationForm",
    "EvaluationRow",
    "FormItem",
    "HistoryEntry",
    "Period",
    "PeriodError",
    "Quote",
    "build_quotes",
    "document_basis",
    "document_id",
    "evaluation_pdf_bytes",
    "mask_text",
    "parse_period",
    "render_evaluation_pdf",
    "write_workbook",
]
