"""The evaluation form as HR gets it: rendered from the real store, read back with pdftotext."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_desk.reports.labels import score_text
from qa_desk.services.reports import ReportError, ReportService
from tests.reports.report_helpers import (
    OVERRIDE_REASON,
    PHONE,
    PHONE_MASKED,
    REASON_PHONE,
    REVIEWED_CALL,
    pdf_text,
)


def test_reviewed_call_form_shows_who_what_scores_reason_and_pages(store, tmp_path):
    out = tmp_path / "form.pdf"
    doc_id = ReportService(store.db).write_evaluation_pdf(REVIEWED_CALL, out,
                                                          organisation="星河宽带客户服务中心")
    text = pdf_text(out)
    assert out.read_bytes().startswith(b"%PDF")
    for expected in (REVIEWED_CALL, "李明", "1024", "星河宽带客户服务中心", "通话质检评估表",
                     "呼入", "王主管", "已签核", "改分", OVERRIDE_REASON, "语速放慢",
                     "质检主管签字", "坐席确认签字", "第1页/共", doc_id):
        assert expected in text, expected
    assert score_text(store.auto_score) in text
    assert score_text(store.reviewed.reviewed_score) in text
    assert store.reviewed.reviewed_score != store.auto_score
    assert PHONE_MASKED in text and PHONE not in text
    assert REASON_PHONE not in text and "139****4321" in text  # reason and comment masked too


def test_unmasked_form_shows_the_full_numbers(store, tmp_path):
    out = tmp_path / "full.pdf"
    ReportService(store.db).write_evaluation_pdf(REVIEWED_CALL, out, mask=False)
    text = pdf_text(out)
    assert PHONE in text and REASON_PHONE in text and PHONE_MASKED not in text
    assert "QADesk" in text  # the default organisation


def test_fatal_call_is_marked(store, tmp_path):
    out = tmp_path / "fatal.pdf"
    ReportService(store.db).write_evaluation_pdf(store.fatal_call, out)
    text = pdf_text(out)
    assert "一票否决：" in text and "本次评估得分为0分" in text and "一票否决项" in text


def test_a_reprint_of_the_same_data_is_the_same_document(store, tmp_path):
    service = ReportService(store.db)
    first = service.write_evaluation_pdf(REVIEWED_CALL, tmp_path / "a.pdf")
    again = service.write_evaluation_pdf(REVIEWED_CALL, tmp_path / "b.pdf")
    assert first == again
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    other = service.write_evaluation_pdf(store.fatal_call, tmp_path / "c.pdf")
    assert other != first and other.startswith(f"QA-{store.fatal_call}-")


def test_chinese_font_is_embedded(store, tmp_path):
    out = tmp_path / "form.pdf"
    ReportService(store.db).write_evaluation_pdf(REVIEWED_CALL, out)
    fonts = _fonts(out)
    assert any("WenQuanYi" in line and " yes yes yes " in line for line in fonts), fonts


def test_unknown_or_unscored_calls_are_refused(store):
    service = ReportService(store.db)
    with pytest.raises(ReportError, match="no call"):
        service.evaluation_form("no-such-call")


def test_every_demo_form_renders_with_its_call_id(store, tmp_path):
    from qa_desk.services.calls import CallService

    service = ReportService(store.db)
    for row in CallService(store.db).list_calls():
        out = tmp_path / f"{row.call_id}.pdf"
        service.write_evaluation_pdf(row.call_id, out)
        assert row.call_id in pdf_text(out)


def _fonts(path) -> list[str]:
    import subprocess

    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def test_without_the_font_file_the_built_in_chinese_font_is_used(store, tmp_path):
    """STSong-Light needs no file; viewers supply it, and the text still extracts."""
    import subprocess
    import sys

    form = ReportService(store.db).evaluation_form(REVIEWED_CALL)
    pickled = tmp_path / "form.pickle"
    pickled.write_bytes(__import__("pickle").dumps(form))
    out = tmp_path / "fallback.pdf"
    code = (
        "import pickle, sys\nfrom pathlib import Path\n"
        "import qa_desk.reports.pdf_fonts as fonts\n"
        "fonts.CJK_FONT_FILE = Path('/no/such/font.ttc')\n"
        "from qa_desk.reports import render_evaluation_pdf\n"
        "render_evaluation_pdf(pickle.loads(Path(sys.argv[1]).read_bytes()), Path(sys.argv[2]))\n"
    )
    subprocess.run([sys.executable, "-c", code, str(pickled), str(out)], check=True, timeout=120)
    data = out.read_bytes()
    assert b"/BaseFont /STSong-Light" in data and b"/Encoding /UniGB-UCS2-H" in data
    assert b"WenQuanYi" not in data
    if Path("/usr/share/poppler/cMap/Adobe-GB1").exists():  # poppler-data: poppler can read it
        text = pdf_text(out)
        assert "李明" in text and PHONE_MASKED in text and "第1页/共" in text
