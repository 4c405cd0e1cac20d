"""Documents for HR: per-call evaluation forms (PDF, one at a time or in batches over worker
processes), the period report of one agent (PDF) and period workbooks (Excel).

Pure Python: plain data in, files out. No Qt and no database here; `qa_desk.services.reports`
gathers the data."""

from qa_desk.reports.agent_report import AgentReport, report_id
from qa_desk.reports.agent_report_pdf import agent_pdf_bytes, render_agent_pdf
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
    RewardLine,
    document_basis,
    document_id,
)
from qa_desk.reports.masking import mask_text
from qa_desk.reports.pdf_batch import render_evaluation_pdfs
from qa_desk.reports.period import Period, PeriodError, parse_period
from qa_desk.reports.quotes import build_quotes
from qa_desk.reports.workbook import EvaluationRow, write_workbook

__all__ = [
    "DEFAULT_ORGANISATION",
    "AgentReport",
    "EvaluationForm",
    "EvaluationRow",
    "FormItem",
    "HistoryEntry",
    "Period",
    "PeriodError",
    "Quote",
    "RewardLine",
    "agent_pdf_bytes",
    "build_quotes",
    "document_basis",
    "document_id",
    "evaluation_pdf_bytes",
    "mask_text",
    "parse_period",
    "render_agent_pdf",
    "render_evaluation_pdf",
    "render_evaluation_pdfs",
    "report_id",
    "write_workbook",
]
