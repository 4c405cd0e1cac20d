"""The default pack's rules, one behaviour at a time, on calls a supervisor would recognise."""

from __future__ import annotations

import pytest

from tests.scoring.conftest import GOOD_FAREWELL, GOOD_MORE_HELP, GOOD_OPENING, make_call


def verdicts(scorer, call):
    return scorer.score(call).verdicts()


def test_a_model_inbound_call_passes_everything_that_applies(scorer):
    call = make_call(GOOD_OPENING, ("c", "你好，我想查一下我的快递到哪了"),
                     ("a", "好的，麻烦您提供一下单号"), ("c", "单号是123456"),
                     GOOD_MORE_HELP, ("c", "没有了"), GOOD_FAREWELL)
    result = scorer.score(call)
    assert result.verdicts() == {
        "opening.greeting": "pass", "hold.notice": "na", "hold.thanks": "na",
        "complaint.apology": "na", "language.forbidden": "pass",
        "courtesy.no_interrupt": "pass", "speech.rate": "pass", "closing.more_help": "pass",
        "closing.farewell": "pass", "closing.hangup": "na",
    }
    assert result.score == 100.0 and not result.fatal


@pytest.mark.parametrize("opening", [
    "您好，很高兴为您服务",            # no self-identification
    "我是1024号客服代表，很高兴为您服务",  # no greeting
    "您好，我是1024号客服代表",          # no offer of service
    "喂，您好，我是1024号客服代表，很高兴为您服务",  # opens with 喂
])
def test_incomplete_openings_fail(scorer, opening):
    call = make_call(("a", opening), ("c", "你好"), GOOD_FAREWELL)
    assert verdicts(scorer, call)["opening.greeting"] == "fail"


@pytest.mark.parametrize("opening", [
    "您好，我是1024号客服代表，很高兴为您服务",
    "您好，工号1024为您服务",
    "早上好，客服专员小王，请问有什么可以帮您？",
    "您好,我是客服代表李明,有什么可以帮到您",
    "您好我是1024号客服代表很高性为您服务",  # ASR: no punctuation, a homophone
    "您好，我是1024號客服代表，很高興為您服務",  # Traditional
    "您好 工好1024 有什么可以帮您",  # ASR: 工号 heard as 工好
])
def test_complete_openings_pass(scorer, opening):
    call = make_call(("a", opening), ("c", "你好"), GOOD_FAREWELL)
    assert verdicts(scorer, call)["opening.greeting"] == "pass"


def test_outbound_opening_needs_the_can_you_talk_check(scorer):
    good = make_call(("a", "您好，我是1024号回访专员，请问您现在方便接听电话吗？"), ("c", "方便"),
                     channel="outbound")
    near_miss = make_call(("a", "您好，我是1024号客服代表，不知道您现在方便吗？"), ("c", "方便"),
                          channel="outbound")
    missing = make_call(("a", "您好，我是1024号客服代表，给您做个回访"), ("c", "好"),
                        channel="outbound")
    assert verdicts(scorer, good)["opening.greeting"] == "pass"
    assert verdicts(scorer, near_miss)["opening.greeting"] == "pass"
    assert verdicts(scorer, near_miss)["language.forbidden"] == "pass"
    assert verdicts(scorer, missing)["opening.greeting"] == "fail"


@pytest.mark.parametrize("taboo", ["这是公司的规定", "这是我们公司的規定", "我不知道", "不可能",
                                   "你搞错了", "怎么搞的", "我绝没有说过那种话", "我不大清楚"])
def test_taboo_phrases_are_fatal(scorer, taboo):
    call = make_call(GOOD_OPENING, ("c", "能不能给我退款"), ("a", f"{taboo}。"), GOOD_FAREWELL)
    result = scorer.score(call)
    item = result.item("language.forbidden")
    assert item.result == "fail" and result.fatal and result.score == 0.0
    [span] = item.evidence
    assert span.turn == 2
    assert call.turns[2].text[span.start:span.end].rstrip("。") == taboo


def test_taboo_words_said_by_the_customer_never_count(scorer):
    call = make_call(GOOD_OPENING, ("c", "我不知道，这不可能，你搞错了吧，怎么搞的"),
                     ("a", "您别着急，我帮您核实"), GOOD_MORE_HELP, GOOD_FAREWELL)
    assert verdicts(scorer, call)["language.forbidden"] == "pass"


@pytest.mark.parametrize("innocent", [
    "不知道您现在方便吗", "我不知道您是否还有其他问题", "我们会尽可能帮您处理",
    "这种情况不可能再发生，请您放心", "根据公司规定，我们可以为您办理退款", "这不是您的错",
])
def test_near_misses_are_not_taboo(scorer, innocent):
    call = make_call(GOOD_OPENING, ("c", "嗯"), ("a", innocent), GOOD_FAREWELL)
    assert verdicts(scorer, call)["language.forbidden"] == "pass"


def test_noisy_asr_taboo_is_still_caught(scorer):
    call = make_call(("a", "您好我是1024号客服代表很高兴为您服务"), ("c", "我要退款"),
                     ("a", "这是公司的规定我也没办法"), GOOD_FAREWELL)
    assert verdicts(scorer, call)["language.forbidden"] == "fail"


def test_complaint_needs_an_apology_within_two_agent_turns(scorer):
    apologised = make_call(GOOD_OPENING, ("c", "我要投诉，你们师傅等了半天都没来"),
                           ("a", "非常抱歉给您带来不便，我马上帮您催"), GOOD_FAREWELL)
    late = make_call(GOOD_OPENING, ("c", "我要投诉，你们师傅等了半天都没来"),
                     ("a", "您的地址是哪里"), ("c", "朝阳区"), ("a", "好的我记下了"), ("c", "嗯"),
                     ("a", "实在抱歉"), GOOD_FAREWELL)
    assert verdicts(scorer, apologised)["complaint.apology"] == "pass"
    late_result = scorer.score(late).item("complaint.apology")
    assert late_result.result == "fail"
    assert late_result.evidence[0].turn == 1  # the complaint itself is shown


def test_agent_saying_complaint_words_is_not_a_complaint(scorer):
    call = make_call(GOOD_OPENING, ("c", "你好"),
                     ("a", "您对我们的服务有没有不满意的地方？如需投诉可以拨打热线"), GOOD_FAREWELL)
    assert verdicts(scorer, call)["complaint.apology"] == "na"


def test_hold_needs_notice_before_and_thanks_after(scorer):
    events = [{"type": "hold", "start": 20.0, "end": 50.0}]
    good = make_call(GOOD_OPENING, ("c", "查一下话费", 5, 8), ("a", "请您稍等，我马上为您查询", 9, 13),
                     ("c", "好", 13.5, 14), ("a", "感谢您的耐心等待，您本月话费58元", 50.5, 56),
                     events=events)
    no_notice = make_call(GOOD_OPENING, ("c", "查一下话费", 5, 8), ("a", "好的", 9, 10),
                          ("a", "感谢您的耐心等待，您本月话费58元", 50.5, 56), events=events)
    no_thanks = make_call(GOOD_OPENING, ("c", "查一下话费", 5, 8), ("a", "请您稍等", 9, 10),
                          ("a", "您本月话费58元", 50.5, 56), events=events)
    assert (verdicts(scorer, good)["hold.notice"], verdicts(scorer, good)["hold.thanks"]) == (
        "pass", "pass")
    assert verdicts(scorer, no_notice)["hold.notice"] == "fail"
    assert verdicts(scorer, no_thanks)["hold.thanks"] == "fail"


def test_a_long_silence_is_a_hold(scorer):
    call = make_call(GOOD_OPENING, ("c", "查一下话费", 5, 8), ("a", "好的", 9, 10),
                     ("a", "您本月话费58元", 40, 44))
    result = verdicts(scorer, call)
    assert result["hold.notice"] == "fail" and result["hold.thanks"] == "fail"


def test_a_wait_request_without_timestamps_is_a_hold(scorer):
    call = make_call(GOOD_OPENING, ("c", "查一下话费"), ("a", "请您稍等，我帮您查一下"), ("c", "好"),
                     ("a", "让您久等了，本月话费58元"), timed=False)
    result = verdicts(scorer, call)
    assert result["hold.notice"] == "pass" and result["hold.thanks"] == "pass"
    assert result["speech.rate"] == "na" and result["courtesy.no_interrupt"] == "na"


def test_speech_rate_bounds(scorer):
    text = "您好我是客服代表" * 5  # 40 characters
    fast = make_call(("a", text, 0, 10), ("c", "嗯", 10.5, 11))  # 240 a minute
    slow = make_call(("a", text, 0, 30), ("c", "嗯", 30.5, 31))  # 80 a minute
    fine = make_call(("a", text, 0, 15), ("c", "嗯", 15.5, 16))  # 160 a minute
    assert verdicts(scorer, fast)["speech.rate"] == "fail"
    assert verdicts(scorer, slow)["speech.rate"] == "fail"
    assert verdicts(scorer, fine)["speech.rate"] == "pass"
    assert "240 characters/minute" in scorer.score(fast).item("speech.rate").detail


def test_interrupting_the_customer(scorer):
    interrupt = make_call(GOOD_OPENING, ("c", "我家宽带从昨天开始就一直断断续续的", 5, 12),
                          ("a", "您重启一下光猫", 9, 12))
    overlap_small = make_call(GOOD_OPENING, ("c", "我家宽带从昨天开始就一直断断续续的", 5, 12),
                              ("a", "您重启一下光猫", 11.5, 14))
    assert verdicts(scorer, interrupt)["courtesy.no_interrupt"] == "fail"
    assert verdicts(scorer, overlap_small)["courtesy.no_interrupt"] == "pass"


def test_hangup_order_and_delay(scorer):
    def call(by, at):
        return make_call(GOOD_OPENING, ("c", "好的", 5, 6), ("a", "感谢您的来电，再见", 7, 10),
                         events=[{"type": "hangup", "by": by, "at": at}])

    assert verdicts(scorer, call("customer", 10.5))["closing.hangup"] == "pass"
    assert verdicts(scorer, call("agent", 14.0))["closing.hangup"] == "pass"
    assert verdicts(scorer, call("agent", 11.0))["closing.hangup"] == "fail"
    assert verdicts(scorer, make_call(GOOD_OPENING))["closing.hangup"] == "na"


def test_farewell_must_come_at_the_end(scorer):
    middle = make_call(GOOD_OPENING, ("c", "好"), ("a", "感谢您的来电，再见"), ("c", "等等，还有一个问题"),
                       ("a", "您说"), ("c", "宽带多少钱"), ("a", "一百元一个月"), ("c", "好的"),
                       ("a", "嗯好的"))
    outbound = make_call(("a", "您好"), ("c", "嗯"), ("a", "感谢您的支持与配合，再见"),
                         channel="outbound")
    assert verdicts(scorer, middle)["closing.farewell"] == "fail"
    assert verdicts(scorer, outbound)["closing.farewell"] == "pass"


def test_score_leaves_na_out_of_both_sides(scorer):
    call = make_call(("a", "您好，很高兴为您服务"), ("c", "你好"), GOOD_MORE_HELP, GOOD_FAREWELL,
                     timed=False)
    result = scorer.score(call)
    # applicable: greeting(10, fail) taboo(20) more_help(10) farewell(10) → 40 / 50
    assert result.score == 80.0


def test_checking_something_in_passing_is_not_a_hold(scorer):
    call = make_call(GOOD_OPENING, ("c", "我的快递到哪了"),
                     ("a", "我帮您查一下，您的包裹已经到了北京分拣中心，预计明天下午送达"),
                     ("c", "好的谢谢"), GOOD_MORE_HELP, ("c", "没有了"), GOOD_FAREWELL,
                     timed=False)
    result = verdicts(scorer, call)
    assert result["hold.notice"] == "na" and result["hold.thanks"] == "na"
