"""Review and sign-off on the real SQLite file: overrides need reasons, signed means locked,
and a save based on an old version is refused with who changed it."""

from __future__ import annotations

import pytest

from qa_desk.scoring import Scorer, load_pack
from qa_desk.services.evaluations import EvaluationService, score_stored_calls
from qa_desk.services.importing import ImportService
from qa_desk.services.review import (
    CONFIRM,
    OVERRIDE,
    REJECT,
    ConflictError,
    LockedError,
    ReviewError,
    ReviewService,
)
from tests.helpers import call_dict, write_json


@pytest.fixture
def evaluated(db, tmp_path):
    data = call_dict("r-1")
    data["turns"][0]["text"] = "您好，很高兴为您服务"  # no self-identification: greeting fails
    ImportService(db).import_file(write_json(tmp_path / "c.json", data))
    list(score_stored_calls(db, ["r-1"], Scorer(load_pack())))
    return ReviewService(db).current("r-1")


def test_import_then_score_gives_a_current_auto_evaluation(evaluated):
    assert evaluated.status == "auto" and not evaluated.locked
    assert evaluated.item("opening.greeting").result == "fail"
    assert evaluated.reviewed_score is None and evaluated.version == 1


def test_reject_and_override_need_reasons_and_change_the_reviewed_score(db, evaluated):
    review = ReviewService(db)
    with pytest.raises(ReviewError, match="needs a reason"):
        review.review_item(evaluated.id, "opening.greeting", expected_version=1, reviewer="王主管",
                           decision=REJECT)
    after = review.review_item(evaluated.id, "opening.greeting", expected_version=1,
                               reviewer="王主管", decision=REJECT, reason="工号在录音里报了，转写漏了")
    assert after.item("opening.greeting").effective_result == "pass"
    assert after.status == "in_review" and after.reviewed_by == "王主管"
    assert after.auto_score == evaluated.auto_score  # both kept
    assert after.reviewed_score > evaluated.auto_score
    with pytest.raises(ReviewError, match="between 0 and 10"):
        review.review_item(after.id, "closing.farewell", expected_version=after.version,
                           reviewer="王主管", decision=OVERRIDE, points=12, reason="x")
    overridden = review.review_item(after.id, "closing.farewell", expected_version=after.version,
                                    reviewer="王主管", decision=OVERRIDE, points=5,
                                    reason="道别不完整", comment="缺少再见")
    item = overridden.item("closing.farewell")
    assert (item.effective_points, item.reason, item.comment) == (5.0, "道别不完整", "缺少再见")


def test_signed_evaluation_is_locked_until_reopened_with_a_reason(db, evaluated):
    review = ReviewService(db)
    confirmed = review.review_item(evaluated.id, "opening.greeting", expected_version=1,
                                   reviewer="王主管", decision=CONFIRM)
    signed = review.sign_off(confirmed.id, expected_version=confirmed.version, reviewer="王主管")
    assert signed.locked and signed.signed_by == "王主管"
    with pytest.raises(LockedError, match="signed by 王主管"):
        review.review_item(signed.id, "opening.greeting", expected_version=signed.version,
                           reviewer="李主管", decision=CONFIRM)
    with pytest.raises(ReviewError, match="needs a reason"):
        review.reopen(signed.id, reason=" ", expected_version=signed.version, reviewer="李主管")
    reopened = review.reopen(signed.id, reason="客户申诉", expected_version=signed.version,
                             reviewer="李主管")
    assert not reopened.locked
    assert [h["action"] for h in reopened.history] == ["sign", "reopen"]
    assert reopened.history[1]["reason"] == "客户申诉"


def test_a_save_from_an_old_version_is_refused_with_who_and_when(db, evaluated):
    review = ReviewService(db)
    review.review_item(evaluated.id, "opening.greeting", expected_version=1, reviewer="王主管",
                       decision=CONFIRM)
    with pytest.raises(ConflictError, match=r"changed by 王主管 at .* reload"):
        review.review_item(evaluated.id, "opening.greeting", expected_version=1,
                           reviewer="李主管", decision=REJECT, reason="我觉得合格")
    assert review.get(evaluated.id).item("opening.greeting").review == CONFIRM


def test_a_newer_pack_never_replaces_a_reviewed_evaluation(db, evaluated, tmp_path):
    review = ReviewService(db)
    signed = review.sign_off(evaluated.id, expected_version=1, reviewer="王主管")
    pack = tmp_path / "p.yaml"
    pack.write_text("id: default\nphrases:\n  hi: [您好]\nsections:\n  - id: s\n    rules:\n"
                    "      - {id: opening.greeting, points: 10, check: {phrases: hi}}\n")
    list(score_stored_calls(db, ["r-1"], Scorer(load_pack(pack))))
    assert len(EvaluationService(db).history("r-1")) == 2
    assert review.current("r-1").id == signed.id  # the signed one stays in force
