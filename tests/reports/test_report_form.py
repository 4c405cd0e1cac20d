"""The pure parts of the forms: document ids, evidence quotes, periods and notes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from qa_desk.reports import (
    EvaluationForm,
    FormItem,
    HistoryEntry,
    PeriodError,
    build_quotes,
    document_basis,
    document_id,
    parse_period,
)
from qa_desk.reports.details import detail_text
from qa_desk.reports.labels import duration_text, score_text
from qa_desk.transcripts.model import Turn


def a_form(**changes) -> EvaluationForm:
    item = FormItem(rule="closing.farewell", name="结束语", section="结束", result="fail",
                    final_result="fail", points=0, final_points=5, max_points=10, fatal=False,
                    review="override", reason="道别不完整")
    form = EvaluationForm(
        call_id="c-1", agent_id="1024", agent_name="李明", channel="inbound",
        started_at=datetime(2026, 11, 21, 9, 15), duration=305.0, pack="default 1",
        auto_score=85.0, reviewed_score=90.0, auto_fatal=False, status="signed",
        signed_by="王主管", signed_at=datetime(2026, 11, 22, 1, 0, tzinfo=UTC), items=(item,),
        history=(HistoryEntry(datetime(2026, 11, 22, 1, 0, tzinfo=UTC), "王主管", "sign"),))
    return replace(form, **changes)


def test_document_id_is_stable_for_the_same_data_and_changes_with_it():
    form = a_form()
    doc_id = document_id(form)
    assert doc_id.startswith("QA-c-1-") and len(doc_id) == len("QA-c-1-") + 10
    assert document_id(a_form()) == doc_id  # a reprint
    item = replace(form.items[0], reason="道别语不完整")
    assert document_id(replace(form, items=(item,))) != doc_id
    assert document_id(replace(form, reviewed_score=91.0)) != doc_id
    assert document_id(replace(form, signed_by="李经理")) != doc_id


def test_document_basis_holds_times_in_utc_whatever_the_zone_they_came_in():
    beijing = timezone(timedelta(hours=8))
    same_moment = datetime(2026, 11, 22, 9, 0, tzinfo=beijing)
    assert document_basis(a_form(signed_at=same_moment)) == document_basis(a_form())
    assert b'"signed_at":"2026-11-22T01:00:00+00:00"' in document_basis(a_form())
    assert "李明".encode() in document_basis(a_form())


def test_fatal_after_review_follows_the_items():
    vetoing = FormItem(rule="language.forbidden", name="服务禁语", section="服务用语",
                       result="fail", final_result="fail", points=0, final_points=0,
                       max_points=20, fatal=True)
    assert a_form(items=(vetoing,), reviewed_score=0.0, auto_fatal=True).fatal
    lifted = replace(vetoing, final_result="pass", final_points=20, review="reject")
    assert not a_form(items=(lifted,), reviewed_score=100.0, auto_fatal=True).fatal
    assert a_form(items=(lifted,), reviewed_score=None, auto_fatal=True).fatal


def test_quotes_group_phrases_by_turn_and_cut_long_turns_around_them():
    long_turn = "前" * 100 + "感谢您的来电" + "后" * 100
    turns = [Turn("agent", "您好，我是1024号客服代表", 0.0), Turn("customer", "你好", 3.0),
             Turn("agent", long_turn, 65.0)]
    evidence = [{"turn": 0, "start": 0, "end": 2, "text": "您好"},
                {"turn": 0, "start": 9, "end": 13, "text": "客服代表"},
                {"turn": 2, "start": 100, "end": 106, "text": "感谢您的来电"}]
    quotes, more = build_quotes(evidence, turns)
    assert more == 0 and [q.at for q in quotes] == [0.0, 65.0]
    assert quotes[0].parts() == [("您好", True), ("，我是1024号", False), ("客服代表", True)]
    cut = quotes[1]
    assert cut.cut_before and cut.cut_after and len("".join(t for t, _ in cut.parts())) <= 72
    assert ("感谢您的来电", True) in cut.parts()


def test_quotes_survive_stale_offsets_and_count_what_is_left_out():
    turns = [Turn("agent", f"第{i}句，请稍等", float(i)) for i in range(6)]
    evidence = [{"turn": i, "start": 0, "end": 2, "text": "稍等"} for i in range(6)]
    quotes, more = build_quotes(evidence, turns)
    assert len(quotes) == 3 and more == 3
    assert all(("稍等", True) in q.parts() for q in quotes)  # found again in the turn
    orphan, _ = build_quotes([{"turn": 99, "start": 0, "end": 2, "text": "您好"}], turns)
    assert orphan[0].parts() == [("您好", True)] and orphan[0].speaker == ""


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2026-11", date(2026, 11, 1), date(2026, 11, 30)),
    ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
    (" 2026-12 ", date(2026, 12, 1), date(2026, 12, 31)),
    ("2026-11-01..2026-11-15", date(2026, 11, 1), date(2026, 11, 15)),
    ("2026-11-03..2026-11-03", date(2026, 11, 3), date(2026, 11, 3)),
])
def test_periods(text, first, last):
    period = parse_period(text)
    assert (period.first, period.last) == (first, last)


@pytest.mark.parametrize(("text", "why"), [
    ("2026-13", "no month 13"), ("november", "use a month like 2026-11"),
    ("2026-11-15..2026-11-01", "ends before it starts"), ("2026-02-30..2026-03-01", "day"),
    ("2026-11-01", "use a month like 2026-11"),
])
def test_bad_periods_say_what_is_expected(text, why):
    with pytest.raises(PeriodError, match=why):
        parse_period(text)


def test_engine_notes_are_translated_and_others_kept():
    assert detail_text("158 characters/minute over 183 s (allowed 120–200)") == \
        "语速 158 字/分钟（坐席讲话 183 秒，标准 120–200 字/分钟）"
    assert detail_text("said taboo; no apology") == "出现禁用语；未说规定用语"
    assert detail_text("坐席未致歉") == "坐席未致歉"


def test_value_formats():
    assert (score_text(81.25), score_text(None), score_text(0)) == ("81.2", "—", "0.0")
    assert duration_text(305.76) == "5分06秒"
