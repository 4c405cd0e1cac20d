#!/usr/bin/env python3
"""Generate the labeled evaluation set for the QA Desk auto-scoring engine.

    python tools/evalset/generate.py OUT_DIR [--seed N] [--per-variant N]

Writes OUT_DIR/calls/... (transcripts in every import format of
/work/shared/spec/transcripts.md) and OUT_DIR/labels.jsonl (one line per call), then
prints a distribution summary.  Labels follow the rule table of
/work/shared/spec/scoring.md; they are derived from tags attached to the building
blocks (not from string matching), from the timings and from what the written file
really carries (timestamps, events, channel).  See README.md.

Needs: pypinyin, opencc, openpyxl (python3 -m venv /tmp/eval-venv; pip install ...).
"""
import argparse
import contextlib
import csv
import io
import itertools
import json
import os
import random
import re
import shutil
import sys
import zipfile
from collections import Counter, defaultdict

sys.dont_write_bytecode = True  # keep tools/evalset free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import phrases as P  # noqa: E402

RULES = [
    "opening.greeting", "closing.more_help", "closing.farewell", "hold.notice", "hold.thanks",
    "language.forbidden", "complaint.apology", "speech.rate", "courtesy.no_interrupt", "closing.hangup",
]
VARIANTS = ["clean", "traditional", "asr"]

# share of calls per format (per variant); json gets the remainder
FORMAT_PLAN = [
    ("json", 56), ("jsonl", 16), ("json_array", 12), ("txt", 10), ("txt_ts", 8), ("srt", 10),
    ("vtt", 10), ("csv_zh", 10), ("csv_en", 8), ("xlsx", 10),
]
GROUP_SIZE = {"jsonl": (3, 5), "json_array": (3, 4), "csv_zh": (2, 4), "csv_en": (2, 4), "xlsx": (2, 4)}

TEXT_ENCODINGS = {
    "clean": [("utf-8", 4), ("utf-8-sig", 2), ("gbk", 3), ("gb18030", 1), ("utf-16", 1)],
    "traditional": [("big5", 3), ("utf-8", 3), ("utf-8-sig", 1), ("utf-16", 2), ("gb18030", 1)],
    "asr": [("utf-8", 4), ("gbk", 3), ("gb18030", 1), ("utf-8-sig", 1), ("utf-16", 1)],
}
ENC_LABEL = {"utf-8": "utf-8", "utf-8-sig": "utf-8-bom", "gbk": "gbk", "gb18030": "gb18030",
             "big5": "big5", "utf-16": "utf-16"}

PUNCT = set(",。!?、;:“”‘’()《》…—~·,.!?;:'\"()[]")
HAN_RE = re.compile(r"[\u4e00-\u9fff]")

# spec lexicon (simplified) used for linting the templates and for protecting key phrases
# from ASR noise.  It never decides a label.
LEX = {
    "greeting": ["您好", "你好", "早上好", "上午好", "下午好", "中午好", "晚上好", "春节快乐", "新年好"],
    "selfid": ["工号", "客服代表", "客服专员", "话务员"],
    "offer": ["很高兴为您服务", "有什么可以帮您", "有什么可以帮到您", "有什么需要帮助", "请讲", "为您服务", "能帮您"],
    "convenience": ["方便"],
    "more_help": ["还有其他", "还有什么", "还有别的", "其他问题", "其他需要", "其他不清楚"],
    "fw_thanks": ["感谢您的来电", "谢谢您的来电", "感谢您的支持", "谢谢您的支持", "感谢您的配合", "支持和配合"],
    "fw_bye": ["再见", "拜拜"],
    "wait": ["请您稍等", "稍等", "请稍候", "稍候", "为您查询", "帮您查询", "查一下", "耐心等待一下", "核实一下"],
    "thanks": ["感谢您的耐心等待", "感谢您的耐心等候", "谢谢您的等待", "让您久等了", "久等"],
    "apology": ["非常抱歉", "抱歉", "对不起", "给您带来不便", "不便", "深表歉意", "歉意", "请您谅解", "谅解", "不好意思"],
    "complaint": ["投诉", "太差", "不满意", "生气", "等了半天", "很差", "差劲", "失望", "气死"],
    "taboo": list(P.TABOO_PHRASES),
    "near": ["不知道您", "我知道", "公司的规定", "搞错", "清楚", "尽可能", "有可能", "喂"],
}
ALL_LEX = sorted({w for ws in LEX.values() for w in ws}, key=len, reverse=True)


class Retry(Exception):
    pass


# --------------------------------------------------------------------------- model
class Turn:
    def __init__(self, speaker, text="", tags=(), gap=None):
        self.speaker = speaker
        self.parts = []
        self.gap = gap  # special gap kind before this turn
        self.start = self.end = None
        if text:
            self.add(text, tags)

    def add(self, text, tags=(), front=False):
        part = [text, set(tags)]
        if front:
            self.parts.insert(0, part)
        else:
            self.parts.append(part)
        return self

    @property
    def text(self):
        return "".join(p[0] for p in self.parts)

    @property
    def tags(self):
        out = set()
        for p in self.parts:
            out |= p[1]
        return out


def A(text="", *tags, gap=None):
    return Turn("agent", text, tags, gap)


def C(text="", *tags, gap=None):
    return Turn("customer", text, tags, gap)


def wchoice(rng, items):
    total = sum(w for _, w in items)
    x = rng.uniform(0, total)
    for v, w in items:
        x -= w
        if x <= 0:
            return v
    return items[-1][0]


def pick(rng, probs):
    """probs: dict value -> weight"""
    return wchoice(rng, list(probs.items()))


class Slots(dict):
    def __missing__(self, key):
        raise KeyError(key)


def make_slots(rng, company):
    sur = rng.choice(P.SURNAMES)
    title = rng.choice(["先生", "女士"])
    item, symptom = rng.choice(P.ITEMS)
    item2 = {"星网宽带": "宽带", "暖居热水器": "热水器", "清源净水": "净水器"}.get(company, rng.choice(P.ITEMS2))
    no = str(rng.randint(1001, 9899)) if rng.random() < 0.85 else str(rng.randint(101, 999))
    return Slots(
        company=company, cname=sur + title, fullname=sur + rng.choice(P.GIVEN) + rng.choice(P.GIVEN),
        aname=rng.choice(P.AGENT_NAMES), no=no, item=item, symptom=symptom, item2=item2,
        phone="1" + str(rng.choice([3, 5, 7, 8, 9])) + "".join(str(rng.randint(0, 9)) for _ in range(9)),
        order="".join(str(rng.randint(0, 9)) for _ in range(rng.choice([10, 12]))),
        waybill="SD" + "".join(str(rng.randint(0, 9)) for _ in range(10)),
        contract="HT" + "".join(str(rng.randint(0, 9)) for _ in range(8)),
        acct="".join(str(rng.randint(0, 9)) for _ in range(9)), id4="".join(str(rng.randint(0, 9)) for _ in range(4)),
        day=rng.choice(P.DAYS), day2=rng.choice(P.DAYS2), month=rng.choice(P.MONTHS), addr=rng.choice(P.ADDRS),
        model=rng.choice(["KFR-35GW", "XQG100", "BCD-452", "JSQ25", "55E3"]), city=rng.choice(P.CITIES),
        bill=P.BILLS.get(company, "话费"), reason=rng.choice(P.REASONS), amt=str(rng.choice([12, 18, 25, 30, 46, 58])),
        amt2=str(rng.choice([1260, 856, 2033, 530])), amt3=rng.choice(["两万", "五万", "八千", "三万"]),
        dd=str(rng.choice([5, 10, 15, 20, 25])), noun="",
        issue=rng.choice(P.ISSUES_BY_COMPANY.get(company, P.ISSUES)),
    )


# --------------------------------------------------------------------------- decisions
def decide(rng, channel, caps):
    d = {}
    if channel == "inbound":
        d["customer_first"] = rng.random() < 0.25
        d["opening"] = "pass" if rng.random() < 0.6 else rng.choice(
            ["no_greeting", "no_selfid", "no_offer", "split", "wei"] + (["minimal"] if d["customer_first"] else []))
    else:
        d["customer_first"] = rng.random() < 0.7
        d["opening"] = "pass" if rng.random() < 0.6 else rng.choice(["no_conv", "no_conv", "no_selfid", "wei", "no_greeting"])
    d["more_help"] = rng.random() < 0.65
    d["farewell"] = pick(rng, {"pass": 55, "mid_then_pass": 7, "no_thanks": 10, "no_bye": 10, "absent": 10, "mid_only": 8})
    d["taboo"] = rng.random() < 0.27
    d["exchange"] = "taboo" if d["taboo"] else pick(rng, {"near": 40, "plain": 30, "none": 30})
    if caps["times"] == "full" and caps["events"]:
        d["hold"] = pick(rng, {"none": 38, "request": 20, "event": 22, "event_short": 7, "silence": 13})
    elif caps["times"] == "full":
        d["hold"] = pick(rng, {"none": 40, "request": 22, "silence": 38})
    else:
        d["hold"] = pick(rng, {"none": 50, "request": 50})
    d["notice"] = True if d["hold"] == "request" else (rng.random() < 0.45)
    d["thanks"] = pick(rng, {"pass": 58, "fail": 30, "late": 12})
    d["complaint"] = pick(rng, {"none": 45, "slot1": 22, "slot2": 10, "none_apology": 15, "late": 8})
    d["complaint_pos"] = "early" if (channel == "outbound" or rng.random() < 0.65) else "late"
    d["rate"] = pick(rng, {"pass": 60, "fast": 20, "slow": 20}) if caps["times"] == "full" else "pass"
    full = caps["times"] == "full"
    d["interrupt"] = full and rng.random() < 0.3
    d["small_overlap"] = full and rng.random() < 0.3
    d["cust_interrupt"] = full and rng.random() < 0.25
    if full and caps["events"]:
        d["hangup"] = pick(rng, {"none": 12, "customer": 45, "agent_late": 13, "agent_early": 30})
    else:
        d["hangup"] = "none"
    d["c_taboo_mild"] = rng.random() < 0.2
    d["c_taboo_strong"] = rng.random() < 0.3  # only used inside a complaint turn
    d["c_wait"] = channel == "inbound" and rng.random() < 0.12
    d["c_sorry"] = channel == "inbound" and rng.random() < 0.1
    d["c_more_help"] = rng.random() < 0.4
    d["apology_no_complaint"] = channel == "inbound" and d["complaint"] == "none" and rng.random() < 0.15
    d["agent_complaint_word"] = channel == "outbound" and rng.random() < 0.3
    d["extras"] = rng.choice([0, 1, 1, 2])
    return d


# --------------------------------------------------------------------------- dialogue
def F(s, slots):
    return s.format_map(slots)


def opening_inbound(rng, d, s, turns, traps):
    g = wchoice(rng, P.GREETINGS)
    intro = F(rng.choice(P.INBOUND_INTRO), s) if rng.random() < 0.5 else None
    sid = F(rng.choice(P.SELFID_IN), s)
    offer = rng.choice(P.OFFER_IN)
    end = "?" if ("吗" in offer or "什么" in offer) else rng.choice(["!", "。"])
    mode = d["opening"]
    t = A()
    if mode == "wei":
        if rng.random() < 0.6:
            t.add("喂,", {"wei"})
            t.add(g + ",", {"greeting"})
            t.add(sid + ",", {"selfid"})
            t.add(offer + end, {"offer"})
        else:
            t.add("喂,", {"wei"}).add("你好,", {"greeting"}).add("哪位?")
        turns.append(t)
        return
    if mode == "minimal":
        turns.append(A(rng.choice(P.AGENT_MINIMAL_OPEN)))
        return
    if mode != "no_greeting":
        t.add(g + ",", {"greeting"})
    elif intro and intro.startswith("欢迎"):
        # "欢迎致电…" could pass for a greeting; keep "no greeting" unambiguous
        intro = F(rng.choice([x for x in P.INBOUND_INTRO if not x.startswith("欢迎")]), s)
    if intro:
        t.add(intro + ",")
    if mode != "no_selfid":
        if sid.startswith("工号") and mode != "no_offer" and mode != "split" and rng.random() < 0.5:
            t.add(sid, {"selfid"}).add("为您服务" + rng.choice(["!", "。"]), {"offer"})
            turns.append(t)
            return
        t.add(sid + ("。" if mode in ("no_offer", "split") else ","), {"selfid"})
    if mode in ("no_offer", "split"):
        turns.append(t)
        if mode == "split":
            traps.append("split_opening")
            turns.append(C(rng.choice(P.CUSTOMER_SPLIT_PROMPT)))
            turns.append(A(offer + "?" if end == "?" else offer + "。", "offer"))
        return
    t.add(offer + end, {"offer"})
    turns.append(t)


def opening_outbound(rng, d, s, turns, traps, ctraps):
    g = wchoice(rng, P.GREETINGS)
    sid = F(rng.choice(P.SELFID_OUT), s)
    conv, near = rng.choice(P.CONVENIENCE_OUT)
    purpose = rng.choice(P.PURPOSE_OUT)
    namecheck = F(rng.choice(P.NAMECHECK_OUT), s) if rng.random() < 0.4 else None
    mode = d["opening"]
    t = A()
    if mode == "wei":
        t.add("喂,", {"wei"})
        if rng.random() < 0.5:
            t.add(s["cname"] + "吗?")
        else:
            t.add(g + ",", {"greeting"})
    elif mode == "no_greeting":
        t.add(s["cname"] + ",")
    else:
        t.add(g + ",", {"greeting"})
        if namecheck:
            t.add(namecheck + "?")
    if mode == "no_selfid":
        t.add(F(rng.choice(P.NO_SELFID_OUT_INTRO), s) + ",")
    else:
        t.add(sid + ",", {"selfid"})
    if mode == "no_conv":
        t.add(purpose + "。")
        turns.append(t)
        if rng.random() < 0.3:
            turns.append(C(rng.choice(P.CUSTOMER_AFTER_NOCONV_TRAP)))
            ctraps.append("customer_says_convenience")
        else:
            turns.append(C(rng.choice(P.CUSTOMER_AFTER_NOCONV)))
        return
    if rng.random() < 0.6:
        t.add(purpose + ",")
    t.add(conv + "?", {"convenience"})
    if near:
        traps.append("near_miss_convenience")
    turns.append(t)
    turns.append(C(rng.choice(P.CUSTOMER_CONV_OK)))


def hold_block(rng, d, s, turns, result_text, result_tags=()):
    """wait request / silent pre-hold turn, optional customer ok, agent comes back."""
    kind = d["hold"]
    if kind == "none":
        turns.append(A(result_text, *result_tags))
        return
    if d["notice"]:
        turns.append(A(rng.choice(P.WAIT_REQUEST), "wait"))
        turns.append(C(rng.choice(P.CUSTOMER_HOLD_OK)))
    else:
        turns.append(A(rng.choice(P.PRE_HOLD_SILENT)))
        if rng.random() < 0.5:
            turns.append(C(rng.choice(P.CUSTOMER_HOLD_OK)))
    gap = "hold_" + kind
    thanks_bank = [x for x in P.HOLD_THANKS if not (d.get("no_buhaoyisi") and "不好意思" in x)]
    if d["thanks"] == "pass":
        t = A(gap=gap).add(F(rng.choice(thanks_bank), s), {"thanks"}).add(result_text, set(result_tags))
        turns.append(t)
    elif d["thanks"] == "fail":
        turns.append(A(gap=gap).add(F(rng.choice(P.BACK_NO_THANKS), s)).add(result_text, set(result_tags)))
    else:  # late thanks: first agent turn after the hold has none
        turns.append(A(rng.choice(P.BACK_CHECK_LINE), gap=gap))
        turns.append(C(rng.choice(P.CUSTOMER_BACK_CHECK)))
        turns.append(A().add(F(rng.choice(thanks_bank), s), {"thanks"}).add(result_text, set(result_tags)))
        d.setdefault("_traps", []).append("late_thanks")


def complaint_turn(rng, d, s, topic_lines, ctraps):
    line = F(rng.choice(topic_lines + P.GENERIC_COMPLAINT), s)
    t = C()
    if d["c_taboo_strong"]:
        t.add(rng.choice(P.CUSTOMER_TABOO_STRONG_PREFIX))
        ctraps.append("customer_taboo")
    t.add(line, {"complaint"})
    ctraps.append("customer_complaint_words")
    return t


def complaint_followers(rng, s, noun, turns):
    s2 = Slots(s)
    s2["noun"] = noun
    turns.append(A(F(rng.choice(P.AGENT_NEUTRAL_AFTER_COMPLAINT), s2)))
    turns.append(C(rng.choice(P.CUSTOMER_NEUTRAL_AFTER_COMPLAINT)))


def build_inbound(rng, d, s, topic_key, traps, ctraps):
    tp = P.INBOUND_TOPICS[topic_key]
    turns = []
    if d["customer_first"]:
        turns.append(C(rng.choice(P.CUSTOMER_FIRST_IN)))
        ctraps.append("customer_greeting")
    opening_inbound(rng, d, s, turns, traps)
    issue = F(rng.choice(tp["c_issue"]), s)
    turns.append(C(issue))
    if issue.startswith("你好"):
        ctraps.append("customer_greeting")
    comp = d["complaint"] != "none"
    if comp and d["complaint_pos"] == "early":
        ct = complaint_turn(rng, d, s, tp["complaint"], ctraps)
        if rng.random() < 0.5:  # said in the same breath as the issue
            for part in ct.parts:
                turns[-1].add(part[0], part[1])
        else:
            turns.append(ct)
        complaint_followers(rng, s, tp["noun"], turns)
    probe, detail = rng.choice(tp["probe"])
    probe, detail = F(probe, s), F(detail, s)
    turns.append(A(probe))
    if d["c_sorry"]:
        turns.append(C(P.CUSTOMER_SORRY_TRAP))
        turns.append(A("好的," + probe))
        ctraps.append("customer_apology")
    if d["c_wait"]:
        turns.append(C(P.CUSTOMER_WAIT_TRAP[0]))
        turns.append(C(P.CUSTOMER_WAIT_TRAP[1] + detail, gap="cust_wait"))
        ctraps.append("customer_wait_phrase")
    else:
        turns.append(C(detail))
    if d["apology_no_complaint"]:
        turns.append(A(P.APOLOGY_NO_COMPLAINT[0], "apology"))
        turns.append(C(detail))
        traps.append("apology_without_complaint")
    hold_block(rng, d, s, turns, F(rng.choice(tp["a_result"]), s))
    ack = C(F(rng.choice(tp["c_ack"]), s))
    turns.append(ack)
    extras = rng.sample(tp["extra"], k=min(d["extras"], len(tp["extra"])))
    for k, (q, a) in enumerate(extras):
        if k == 0 and rng.random() < 0.7:
            ack.add(F(q, s))  # "好的。那上门要收费吗?"
        else:
            turns.append(C(F(q, s)))
        turns.append(A(F(a, s)))
    if comp and d["complaint_pos"] == "late":
        turns.append(complaint_turn(rng, d, s, [F(x, s) for x in tp["late_complaint"]], ctraps))
        complaint_followers(rng, s, tp["noun"], turns)
        turns.append(A("我这边已经给您登记了,会优先安排。"))
        turns.append(C(rng.choice(["好的。", "行吧。", "那好吧。"])))
    return turns, tp


def build_outbound(rng, d, s, topic_key, traps, ctraps):
    tp = P.OUTBOUND_TOPICS[topic_key]
    turns = []
    if d["customer_first"]:
        turns.append(C(rng.choice(P.CUSTOMER_FIRST_OUT)))
        ctraps.append("customer_greeting")
    opening_outbound(rng, d, s, turns, traps, ctraps)
    intro_bank = tp["intro"]
    if d["agent_complaint_word"] and "intro_trap" in tp:
        intro_bank = tp["intro_trap"]
        traps.append("agent_says_complaint_word")
    turns.append(A(F(rng.choice(intro_bank), s)))
    if d["complaint"] != "none":
        turns.append(complaint_turn(rng, d, s, tp["complaint"], ctraps))
        complaint_followers(rng, s, "服务", turns)
    else:
        turns.append(C(rng.choice(tp["a1"])))
    if d["agent_complaint_word"] and "agent_says_complaint_word" not in traps:
        turns.append(A(rng.choice(tp["q2_trap"])))
        turns.append(C(rng.choice(["没有,都挺好的。", "没有。"])))
        traps.append("agent_says_complaint_word")
    else:
        k = rng.randrange(len(tp["q2"]))  # q2 / a2 are aligned
        turns.append(A(tp["q2"][k]))
        turns.append(C(tp["a2"][k]))
    if d["hold"] != "none":
        q, a = tp["lookup"]
        turns.append(C(F(q, s)))
        hold_block(rng, d, s, turns, F(a, s))
    turns.append(A(rng.choice(P.OUT_RATING_Q)))
    turns.append(C(rng.choice(P.OUT_RATING_A)))
    turns.append(A(rng.choice(P.OUT_RATING_END)))
    return turns, tp


GENERIC_FOLLOWUP = [
    ("发票能开吗?", "可以的,在APP的订单页面就能申请电子发票。"),
    ("你们人工服务晚上有人接吗?", "人工服务时间是早上八点到晚上十点。"),
    ("这个能在网上查进度吗?", "可以的,在APP首页的服务进度里就能查到。"),
]


def build_tail(rng, d, s, channel, turns, traps, ctraps):
    # exchange with the taboo / a near-miss / a plain answer
    if d["exchange"] == "taboo":
        q, a = rng.choice(P.TABOO_EXCHANGES)
        turns.append(C(q))
        turns.append(A(a, "taboo"))
    elif d["exchange"] == "near":
        q, a, trap = rng.choice(P.NEAR_MISS_EXCHANGES)
        turns.append(C(q))
        turns.append(A(a))
        traps.append(trap)
    elif d["exchange"] == "plain":
        q, a = rng.choice(P.PLAIN_EXCHANGES)
        turns.append(C(q))
        turns.append(A(a))
    if d["c_taboo_mild"]:
        q, a = rng.choice(P.CUSTOMER_TABOO_MILD)
        turns.append(C(q))
        turns.append(A(a))
        ctraps.append("customer_taboo")
    # closing
    if d["more_help"]:
        text, trap = rng.choice(P.MORE_HELP)
        turns.append(A(F(text, s), "more_help"))
        if trap:
            traps.append(trap)
        turns.append(C(rng.choice(P.CUSTOMER_NO_MORE)))
    elif d["c_more_help"]:
        line = rng.choice(P.CUSTOMER_MORE_HELP_TRAP)
        if turns[-1].speaker == "customer":
            turns[-1].add(line)
        else:
            turns.append(C(line))
        ctraps.append("customer_more_help_phrase")
    fw_ok = P.FAREWELL_IN if channel == "inbound" else P.FAREWELL_OUT
    no_bye = P.FAREWELL_NO_BYE_IN if channel == "inbound" else P.FAREWELL_NO_BYE_OUT
    mode = d["farewell"]
    agent_final_ok = False
    if mode in ("pass", "mid_only", "mid_then_pass"):
        turns.append(A(F(rng.choice(fw_ok), s), "fw_thanks", "fw_bye"))
        agent_final_ok = True
    elif mode == "no_thanks":
        txt = rng.choice(P.FAREWELL_NO_THANKS)
        turns.append(A(txt, *(["fw_bye"] if ("再见" in txt or "拜拜" in txt) else [])))
    elif mode == "no_bye":
        turns.append(A(rng.choice(no_bye), "fw_thanks"))
    if mode in ("mid_only", "mid_then_pass"):
        q, a = rng.choice(GENERIC_FOLLOWUP)
        turns.append(C(rng.choice(P.CUSTOMER_MID_INTERRUPT) + q))
        turns.append(A(a))
        turns.append(C(rng.choice(P.CUSTOMER_FOLLOWUP_ACK)))
        if mode == "mid_only":
            turns.append(A(rng.choice(P.FAREWELL_MID_FINAL_FAIL)))
            agent_final_ok = False
        else:
            turns.append(A(F(rng.choice(fw_ok), s), "fw_thanks", "fw_bye"))
        traps.append("farewell_mid_call")
    p_bye = 0.55 if agent_final_ok else 0.8
    if rng.random() < p_bye:
        turns.append(C(rng.choice(P.CUSTOMER_BYE)))
        if not agent_final_ok:
            ctraps.append("customer_farewell")
    return turns


def place_apology(rng, d, turns):
    """Put the apology into the right agent turn after the complaint turn."""
    if d["complaint"] == "none":
        return
    ci = next(i for i, t in enumerate(turns) if "complaint" in t.tags and t.speaker == "customer")
    agent_after = [i for i in range(ci + 1, len(turns)) if turns[i].speaker == "agent"]
    slot = {"slot1": 0, "slot2": 1, "late": 2}.get(d["complaint"])
    if slot is None:
        return
    if slot >= len(agent_after):
        raise Retry("no agent turn for apology slot")
    ap = rng.choice(P.APOLOGY) + rng.choice(P.APOLOGY_TAIL)
    turns[agent_after[slot]].add(ap, {"apology"}, front=True)


# --------------------------------------------------------------------------- lint
def lint(turns, channel):
    """The spec lexicon must only occur where a tag says so (catches template mistakes)."""
    def has(text, key):
        return [w for w in LEX[key] if w in text]
    first_agent = next(i for i, t in enumerate(turns) if t.speaker == "agent")
    for i, t in enumerate(turns):
        tx, tg = t.text, t.tags
        if t.speaker == "customer":
            if has(tx, "complaint") and "complaint" not in tg:
                raise AssertionError(f"customer complaint word untagged: {tx}")
            if "complaint" in tg and not [w for w in P.COMPLAINT_WORDS if w in tx]:
                raise AssertionError(f"complaint turn without spec word: {tx}")
            continue
        if has(tx, "taboo") and "taboo" not in tg:
            raise AssertionError(f"untagged taboo: {tx}")
        if "taboo" in tg and not has(tx, "taboo"):
            raise AssertionError(f"taboo tag without phrase: {tx}")
        if has(tx, "wait") and "wait" not in tg:
            raise AssertionError(f"untagged wait: {tx}")
        if has(tx, "thanks") and not (tg & {"thanks"}):
            raise AssertionError(f"untagged hold thanks: {tx}")
        if has(tx, "apology") and not (tg & {"apology", "thanks"}):
            raise AssertionError(f"untagged apology: {tx}")
        if has(tx, "more_help") and "more_help" not in tg:
            raise AssertionError(f"untagged more_help: {tx}")
        if has(tx, "fw_bye") and "fw_bye" not in tg:
            raise AssertionError(f"untagged bye: {tx}")
        if has(tx, "fw_thanks") and "fw_thanks" not in tg:
            raise AssertionError(f"untagged farewell thanks: {tx}")
        if i == first_agent:
            for key in ("greeting", "selfid", "offer") + (("convenience",) if channel == "outbound" else ()):
                if key == "selfid":
                    found = bool(has(tx, key)) or bool(re.search(r"\d+号", tx))
                else:
                    found = bool(has(tx, key))
                if found != (key in tg):
                    raise AssertionError(f"opening {key} tag mismatch: {tx} {tg}")
            if tx.startswith("喂") != ("wei" in tg):
                raise AssertionError(f"wei mismatch: {tx}")


# --------------------------------------------------------------------------- timing
def speech_chars(text):
    return sum(1 for ch in text if not ch.isspace() and ch not in PUNCT)


def assign_times(rng, d, turns, events):
    base = {"pass": rng.uniform(138, 172), "fast": rng.uniform(224, 268), "slow": rng.uniform(82, 100)}[d["rate"]]
    crate = rng.uniform(150, 230)
    durs = []
    for t in turns:
        n = speech_chars(t.text)
        r = base * rng.uniform(0.93, 1.07) if t.speaker == "agent" else crate * rng.uniform(0.9, 1.1)
        durs.append(max(0.4, n * 60.0 / r))
    n = len(turns)
    gaps = [rng.uniform(0.25, 1.3) for _ in range(n)]
    gaps[0] = rng.uniform(0.3, 1.5)
    hold_ev = None
    for i, t in enumerate(turns):
        g = t.gap
        if g == "hold_event":
            gaps[i] = rng.uniform(25, 90)
            hold_ev = i
        elif g == "hold_event_short":
            gaps[i] = rng.uniform(9, 17)
            hold_ev = i
        elif g == "hold_silence":
            gaps[i] = rng.uniform(21.5, 70)
        elif g == "hold_request":
            gaps[i] = rng.uniform(2.5, 12)
        elif g == "cust_wait":
            gaps[i] = rng.uniform(5, 12)
    special = {i for i, t in enumerate(turns) if t.gap}
    def free(i):  # no special gap on this turn or the next one
        return i not in special and (i + 1) not in special

    cand_int = [i for i in range(2, n) if turns[i].speaker == "agent" and turns[i - 1].speaker == "customer"
                and free(i) and durs[i - 1] >= 3.0 and durs[i] >= 3.4]
    marks = {}
    if d["interrupt"]:
        if not cand_int:
            raise Retry("no interrupt candidate")
        i = rng.choice(cand_int)
        gaps[i] = -rng.uniform(1.7, min(3.0, durs[i - 1] - 0.6))
        marks[i] = "interrupt"
    if d["small_overlap"]:
        cands = [i for i in range(2, n) if turns[i].speaker == "agent" and turns[i - 1].speaker == "customer"
                 and free(i) and i not in marks and durs[i - 1] >= 1.2 and durs[i] >= 1.0]
        for i in rng.sample(cands, k=min(len(cands), rng.choice([1, 2]))):
            gaps[i] = -rng.uniform(0.1, 0.6)
            marks[i] = "small_overlap"
    if d["cust_interrupt"]:
        cands = [i for i in range(2, n) if turns[i].speaker == "customer" and turns[i - 1].speaker == "agent"
                 and free(i) and i not in marks and durs[i - 1] >= 3.5 and durs[i] >= 3.0 and i + 1 < n]
        if cands:
            i = rng.choice(cands)
            gaps[i] = -rng.uniform(1.5, min(2.6, durs[i - 1] - 1.0))
            marks[i] = "cust_interrupt"
    run_end = 0.0
    prev_start = -1.0
    for i, t in enumerate(turns):
        if i == 0:
            st = gaps[0]
        elif gaps[i] < 0:
            st = turns[i - 1].end + gaps[i]
        else:
            st = run_end + gaps[i]
        st = max(st, prev_start + 0.3)
        t.start = round(st, 2)
        t.end = round(st + durs[i], 2)
        if i == hold_ev:
            events.append({"type": "hold", "start": round(run_end + rng.uniform(0.3, 1.0), 2),
                           "end": round(t.start - rng.uniform(0.3, 1.0), 2)})
        run_end = max(run_end, t.end)
        prev_start = t.start
    # hangup
    last_agent_end = max(t.end for t in turns if t.speaker == "agent")
    last_end = max(t.end for t in turns)
    h = d["hangup"]
    if h == "customer":
        events.append({"type": "hangup", "by": "customer", "at": round(last_end + rng.uniform(0.2, 2.5), 2)})
    elif h == "agent_late":
        at = max(last_end + rng.uniform(0.3, 1.0), last_agent_end + rng.uniform(3.7, 6.5))
        events.append({"type": "hangup", "by": "agent", "at": round(at, 2)})
    elif h == "agent_early":
        at = max(last_end + rng.uniform(0.15, 0.4), last_agent_end + rng.uniform(0.4, 1.8))
        events.append({"type": "hangup", "by": "agent", "at": round(at, 2)})
    return marks


# --------------------------------------------------------------------------- text variants
class Noise:
    def __init__(self):
        from pypinyin import Style, lazy_pinyin
        self.lazy_pinyin, self.Style = lazy_pinyin, Style
        pool = []
        for b1 in range(0xB0, 0xD8):
            for b2 in range(0xA1, 0xFF):
                with contextlib.suppress(UnicodeDecodeError):
                    pool.append(bytes([b1, b2]).decode("gb2312"))
        self.by_plain = defaultdict(list)
        self.by_tone = defaultdict(list)
        for ch in pool:
            if ch in "喂":
                continue
            self.by_plain[lazy_pinyin(ch)[0]].append(ch)
            self.by_tone[lazy_pinyin(ch, style=Style.TONE3)[0]].append(ch)

    def readings(self, text):
        """per-character (toneless, tone3) readings, computed per Han run for context"""
        out = {}
        for m in re.finditer(r"[\u4e00-\u9fff]+", text):
            run = m.group(0)
            plain = self.lazy_pinyin(run)
            tone = self.lazy_pinyin(run, style=self.Style.TONE3)
            if len(plain) != len(run):
                plain = [self.lazy_pinyin(c)[0] for c in run]
                tone = [self.lazy_pinyin(c, style=self.Style.TONE3)[0] for c in run]
            for k in range(len(run)):
                out[m.start() + k] = (plain[k], tone[k])
        return out


def protected_spans(text):
    spans = []
    for w in ALL_LEX:
        for m in re.finditer(re.escape(w), text):
            spans.append((m.start(), m.end()))
    for m in re.finditer(r"\d+号", text):
        spans.append((m.start(), m.end()))
    spans = sorted(set(spans), key=lambda x: (x[0], -(x[1] - x[0])))
    keep = []
    for s in spans:
        if any(o[0] <= s[0] and s[1] <= o[1] and o != s for o in spans):
            continue
        keep.append(s)
    return keep


def lex_counts(text):
    return Counter({w: text.count(w) for w in ALL_LEX if w in text})


def asr_transform(rng, turns, noise):
    """drop punctuation, replace 3-8 % of Han chars by toneless-pinyin homophones."""
    info = {"spaces": rng.random() < 0.2}
    rate = rng.uniform(0.03, 0.08)
    # substitutions are planned on the unpunctuated text, part by part
    for t in turns:
        for p in t.parts:
            s = p[0]
            if info["spaces"]:
                s = re.sub(r"[。!?!?]+", " ", s)
            p[0] = "".join(ch for ch in s if ch not in PUNCT).strip() + (" " if info["spaces"] and s.endswith(" ") else "")
    total_han = sum(len(HAN_RE.findall(t.text)) for t in turns)
    want = round(total_han * rate)
    cands = []
    budgets = {}
    prot = {}
    for ti, t in enumerate(turns):
        for pi, p in enumerate(t.parts):
            spans = protected_spans(p[0])
            blocked = set()
            for (a, b) in spans:
                if b - a <= 3 or re.match(r"\d", p[0][a]):
                    blocked.update(range(a, b))
                else:
                    for k in range(a, b):
                        prot[(ti, pi, k)] = (a, b)
            for k, ch in enumerate(p[0]):
                if HAN_RE.match(ch) and k not in blocked:
                    cands.append((ti, pi, k))
    rng.shuffle(cands)
    done = 0
    for (ti, pi, k) in cands:
        if done >= want:
            break
        key = prot.get((ti, pi, k))
        if key and budgets.get((ti, pi, key), 0) >= 1:
            continue
        text = turns[ti].parts[pi][0]
        rd = noise.readings(text).get(k)
        if not rd:
            continue
        plain, tone = rd
        same_tone = [c for c in noise.by_tone.get(tone, []) if c != text[k]]
        any_tone = [c for c in noise.by_plain.get(plain, []) if c != text[k]]
        pool = same_tone if (same_tone and rng.random() < 0.7) else any_tone
        if not pool:
            continue
        new_ch = rng.choice(pool)
        new_text = text[:k] + new_ch + text[k + 1:]
        before, after = lex_counts(text), lex_counts(new_text)
        if any(after[w] > before[w] for w in after):
            continue  # would create a rule phrase that was not there
        turns[ti].parts[pi][0] = new_text
        if key:
            budgets[(ti, pi, key)] = budgets.get((ti, pi, key), 0) + 1
        done += 1
    info["sub_rate"] = round(done / max(1, total_han), 4)
    if info["sub_rate"] < 0.025:
        raise Retry("too few homophones")
    return info


_OPENCC = {}


def opencc(cfg):
    if cfg not in _OPENCC:
        import opencc as oc
        _OPENCC[cfg] = oc.OpenCC(cfg)
    return _OPENCC[cfg]


def trad_transform(rng, turns, cfg, mixed):
    conv = opencc(cfg)
    if mixed:
        idx = [i for i in range(len(turns))]
        keep_simplified = set(rng.sample(idx, k=max(1, int(len(idx) * rng.uniform(0.25, 0.5)))))
    else:
        keep_simplified = set()
    for i, t in enumerate(turns):
        if i in keep_simplified:
            continue
        for p in t.parts:
            p[0] = conv.convert(p[0])
    return {"opencc": cfg, "simplified_turns": sorted(keep_simplified)}


HALF = str.maketrans({",": ",", "。": ".", "!": "!", "?": "?", ":": ":", ";": ";"})
FULLDIGIT = str.maketrans({str(i): chr(0xFF10 + i) for i in range(10)})


def clean_transform(rng, turns):
    info = {"halfwidth_punct": rng.random() < 0.25, "fullwidth_digits": rng.random() < 0.1}
    for t in turns:
        for p in t.parts:
            if info["halfwidth_punct"]:
                p[0] = p[0].translate(HALF)
            if info["fullwidth_digits"]:
                p[0] = p[0].translate(FULLDIGIT)
    return info


# --------------------------------------------------------------------------- truth
def truth(vis):
    """Labels from what the written file holds (tags + visible timings/events/channel)."""
    turns, ch = vis["turns"], vis["channel"]
    timed = vis["times"] == "full"
    out = {}
    agent_idx = [i for i, t in enumerate(turns) if t["speaker"] == "agent"]
    first = turns[agent_idx[0]]["tags"]
    need = {"greeting", "selfid", "offer"} if ch == "inbound" else {"greeting", "selfid", "convenience"}
    out["opening.greeting"] = "pass" if need <= first and "wei" not in first else "fail"
    out["closing.more_help"] = "pass" if any("more_help" in turns[i]["tags"] for i in agent_idx) else "fail"
    last = turns[agent_idx[-1]]["tags"]
    out["closing.farewell"] = "pass" if {"fw_thanks", "fw_bye"} <= last else "fail"
    # holds: (last agent turn before, first agent turn after)
    holds = []
    def around(k_before_end, k_after_start):
        pre = [i for i in agent_idx if turns[i]["end"] is not None and turns[i]["end"] <= k_before_end + 0.01]
        post = [i for i in agent_idx if turns[i]["start"] >= k_after_start - 0.01]
        return (pre[-1] if pre else None, post[0] if post else None)
    if vis["events"]:
        for ev in vis["events"]:
            if ev["type"] == "hold":
                holds.append(around(ev["start"], ev["end"]))
    if timed:
        run_end = turns[0]["end"]
        for i in range(1, len(turns)):
            if (turns[i]["start"] - run_end >= 20.0) != (turns[i]["start"] - turns[i - 1]["end"] >= 20.0):
                raise Retry("silence depends on how overlaps are measured")
            if turns[i]["start"] - run_end >= 20.0:
                pre = [j for j in agent_idx if j < i]
                post = [j for j in agent_idx if j >= i]
                holds.append((pre[-1] if pre else None, post[0] if post else None))
            elif 17.0 <= turns[i]["start"] - run_end < 20.0:
                raise Retry("silence too close to 20 s")
            run_end = max(run_end, turns[i]["end"])
    for k, i in enumerate(agent_idx):
        if "wait" in turns[i]["tags"] and k + 1 < len(agent_idx):
            holds.append((i, agent_idx[k + 1]))
    holds = sorted(set(holds), key=lambda x: (x[0] is None, x))
    vis["_holds"] = holds
    if not holds:
        out["hold.notice"] = out["hold.thanks"] = "na"
    else:
        out["hold.notice"] = "pass" if all(p is not None and "wait" in turns[p]["tags"] for p, _ in holds) else "fail"
        out["hold.thanks"] = "pass" if all(q is not None and "thanks" in turns[q]["tags"] for _, q in holds) else "fail"
    out["language.forbidden"] = "fail" if any("taboo" in turns[i]["tags"] for i in agent_idx) else "pass"
    comps = [i for i, t in enumerate(turns) if t["speaker"] == "customer" and "complaint" in t["tags"]]
    if not comps:
        out["complaint.apology"] = "na"
    else:
        ok = True
        for c in comps:
            nxt = [i for i in agent_idx if i > c][:2]
            ok = ok and any("apology" in turns[i]["tags"] for i in nxt)
        out["complaint.apology"] = "pass" if ok else "fail"
    if not timed:
        out["speech.rate"] = out["courtesy.no_interrupt"] = "na"
    else:
        secs = sum(turns[i]["end"] - turns[i]["start"] for i in agent_idx)
        counts = [
            sum(len(HAN_RE.findall(turns[i]["text"])) for i in agent_idx),
            sum(speech_chars(turns[i]["text"]) for i in agent_idx),
            sum(sum(1 for c in turns[i]["text"] if not c.isspace()) for i in agent_idx),
        ]
        rates = [n * 60.0 / secs for n in counts]
        if all(126 <= r <= 194 for r in rates):
            out["speech.rate"] = "pass"
        elif all(r > 206 for r in rates) or all(r < 114 for r in rates):
            out["speech.rate"] = "fail"
        else:
            raise Retry(f"ambiguous rate {rates}")
        worst = 0.0
        for i in agent_idx:
            for t in turns:
                if t["speaker"] == "customer" and t["start"] < turns[i]["start"]:
                    worst = max(worst, t["end"] - turns[i]["start"])
        if 0.7 < worst < 1.4:
            raise Retry("ambiguous overlap")
        out["courtesy.no_interrupt"] = "fail" if worst > 1.0 else "pass"
        vis["_rate"] = round(rates[1], 1)
    hang = [e for e in (vis["events"] or []) if e["type"] == "hangup"]
    if not hang or not timed:
        out["closing.hangup"] = "na"
    else:
        e = hang[0]
        if e["by"] == "customer":
            out["closing.hangup"] = "pass"
        else:
            gap = e["at"] - max(turns[i]["end"] for i in agent_idx)
            if 2.5 < gap < 3.5:
                raise Retry("ambiguous hangup gap")
            out["closing.hangup"] = "fail" if gap < 3.0 else "pass"
    return out


def citable_customer_turns(vis):
    """Customer turns a correct verdict may legitimately point at (the complaint an apology
    answers, the turns around a hold, an interrupted turn, turns after the agent's last
    turn before a hangup).  Evidence at any other customer turn is a customer-caused flag."""
    turns = vis["turns"]
    cust = [i for i, t in enumerate(turns) if t["speaker"] == "customer"]
    agent_idx = [i for i, t in enumerate(turns) if t["speaker"] == "agent"]
    out = {}
    comp = [i for i in cust if "complaint" in turns[i]["tags"]]
    if comp:
        out["complaint.apology"] = comp
    around = sorted({i for p, q in vis.get("_holds", []) for i in cust
                     if (p is None or i > p) and (q is None or i < q)})
    if around:
        out["hold.notice"] = out["hold.thanks"] = around
    if vis["times"] == "full":
        hit = sorted({j for i in agent_idx for j in cust
                      if turns[j]["start"] < turns[i]["start"] < turns[j]["end"]})
        if hit:
            out["courtesy.no_interrupt"] = hit
        tail = [i for i in cust if i > agent_idx[-1]]
        if tail and vis["events"]:
            out["closing.hangup"] = tail
    return out


# --------------------------------------------------------------------------- one call
def make_call(seed, idx, attempt, call_id, variant, fmt, caps, channel, file_enc, noise):
    rng = random.Random(f"{seed}:{idx}:{attempt}")
    d = decide(rng, channel, caps)
    if d["complaint"] == "none_apology" or d["complaint"] == "late":
        d["no_buhaoyisi"] = True
    traps, ctraps = [], []
    if channel == "inbound":
        topic = rng.choice(sorted(P.INBOUND_TOPICS))
        company = rng.choice(P.INBOUND_TOPICS[topic]["company"])
        s = make_slots(rng, company)
        turns, _ = build_inbound(rng, d, s, topic, traps, ctraps)
    else:
        topic = rng.choice(sorted(P.OUTBOUND_TOPICS))
        company = rng.choice(P.OUTBOUND_TOPICS[topic]["company"])
        s = make_slots(rng, company)
        turns, _ = build_outbound(rng, d, s, topic, traps, ctraps)
    build_tail(rng, d, s, channel, turns, traps, ctraps)
    place_apology(rng, d, turns)
    traps.extend(d.pop("_traps", []))
    lint(turns, channel)
    events = []
    marks = assign_times(rng, d, turns, events)
    if d["hold"] in ("event", "event_short"):
        traps.append("short_hold_event" if d["hold"] == "event_short" else "hold_event")
    for m in sorted(set(marks.values())):
        if m == "small_overlap":
            traps.append("small_overlap")
        elif m == "cust_interrupt":
            ctraps.append("customer_interrupts_agent")
    # variant transform
    vinfo = {}
    if variant == "clean":
        vinfo = clean_transform(rng, turns)
        first_agent = next(t for t in turns if t.speaker == "agent")
        if vinfo["fullwidth_digits"] and re.search("[\uff10-\uff19]", first_agent.text):
            traps.append("fullwidth_digits_in_opening")
    elif variant == "traditional":
        big5 = file_enc == "big5"
        mixed = (not big5) and rng.random() < 0.3
        cfg = "s2tw" if big5 or rng.random() < 0.25 else "s2t"
        vinfo = trad_transform(rng, turns, cfg, mixed)
        vinfo["mixed"] = mixed
    else:
        vinfo = asr_transform(rng, turns, noise)
    # visible model
    vis_channel = channel if caps["channel"] else "inbound"
    vturns = []
    for t in turns:
        vturns.append({"speaker": t.speaker, "text": t.text.strip(), "tags": t.tags,
                       "start": t.start if caps["times"] != "none" else None,
                       "end": t.end if caps["times"] == "full" else None})
    if any(not v["text"] for v in vturns):
        raise Retry("empty turn")
    vis = {"channel": vis_channel, "times": caps["times"], "turns": vturns,
           "events": events if (caps["events"] and caps["times"] == "full") else []}
    if caps["times"] == "start":
        for a, b in itertools.pairwise(turns):
            if b.start - a.start >= 19.0:
                raise Retry("start gap too long for txt_ts")
    expected = truth(vis)
    uncertain = ["speech.rate", "courtesy.no_interrupt"] if caps["times"] == "start" else []
    citable = citable_customer_turns(vis)
    label = {
        "call_id": call_id, "variant": variant, "channel": vis_channel, "built_channel": channel,
        "format": fmt, "encoding": None, "source": None, "timestamps": caps["times"],
        "has_events": bool(vis["events"]), "topic": topic, "expected": expected, "uncertain": uncertain,
        "customer_traps": sorted(set(ctraps)), "traps": sorted(set(traps)),
        "turn_speakers": [t.speaker for t in turns], "citable_customer_turns": citable, "variant_info": vinfo,
        "agent_rate": vis.get("_rate"), "decisions": {k: d[k] for k in ("opening", "farewell", "hold", "notice", "thanks", "complaint", "rate", "hangup")},
    }
    rec = {"call_id": call_id, "channel": channel, "vis_channel": vis_channel, "turns": vturns, "events": vis["events"],
           "agent": {"id": s["no"], "name": s["aname"]}, "rng": rng, "caps": caps}
    return rec, label


# --------------------------------------------------------------------------- writers
def ts_clock(x, sep="."):
    h, rem = divmod(x, 3600)
    m, sec = divmod(rem, 60)
    ms = round((sec - int(sec)) * 1000)
    s_int = int(sec)
    if ms == 1000:
        s_int, ms = s_int + 1, 0
    return f"{int(h):02d}:{int(m):02d}:{s_int:02d}{sep}{ms:03d}"


def json_call(rec, rng, fmt):
    caps = rec["caps"]
    obj = {"call_id": rec["call_id"]}
    if rng.random() < 0.8:
        obj["agent"] = rec["agent"]
    if rec["channel"] == "outbound" or rng.random() < 0.75:
        obj["channel"] = rec["channel"]
    day = 1 + int(rec["call_id"][-3:]) % 28
    obj["started_at"] = f"2026-11-{day:02d}T{9 + int(rec['call_id'][-2:]) % 9:02d}:{int(rec['call_id'][-2:]) % 60:02d}:05+08:00"
    if rng.random() < 0.6:
        obj["audio"] = rec["call_id"] + ".wav"
    if rng.random() < 0.4:
        obj["queue"] = rng.choice(["售后", "账务", "回访组", "物流"])  # unknown key, must be ignored
    turns = []
    for t in rec["turns"]:
        o = {"speaker": t["speaker"]}
        if caps["times"] == "full":
            o["start"], o["end"] = t["start"], t["end"]
        o["text"] = t["text"]
        turns.append(o)
    obj["turns"] = turns
    if rec["events"]:
        obj["events"] = rec["events"]
    return obj


AGENT_ROLES = ["坐席", "客服", "客服代表", "话务员", "座席", "Agent", "A"]
CUST_ROLES = ["客户", "用户", "来电人", "Customer", "C"]
ROLE_PAIRS = [("坐席", "客户"), ("客服", "用户"), ("客服代表", "来电人"), ("话务员", "客户"), ("座席", "客户"),
              ("Agent", "Customer"), ("A", "C")]
ALL_ROLE_WORDS = AGENT_ROLES + CUST_ROLES


def split_for_continuation(turn_parts_text, rng):
    """split a long agent turn at a sentence boundary (or a space) for a continuation line"""
    text = turn_parts_text
    cuts = [m.end() for m in re.finditer(r"[。!?.!?]|(?<=\S) ", text) if 6 <= m.end() <= len(text) - 6]
    if not cuts:
        return None
    k = rng.choice(cuts)
    a, b = text[:k].rstrip(), text[k:].strip()
    if not b or any(b.startswith(w) for w in ALL_ROLE_WORDS) or b.startswith("["):
        return None
    return a, b


BIG5_ROLE_PAIRS = [("Agent", "Customer"), ("A", "C")]  # the spec's Chinese customer roles need simplified 户/电


def write_txt(recs, rng, with_ts, big5=False):
    rec = recs[0]
    ar, cr = rng.choice(BIG5_ROLE_PAIRS if big5 else ROLE_PAIRS)
    sep = rng.choice([":", ":"])
    style = rng.choice(["mm:ss.ff", "mm:ss", "hh:mm:ss"])
    lines = []
    cont_budget = rng.choice([0, 0, 1, 2])
    for t in rec["turns"]:
        role = ar if t["speaker"] == "agent" else cr
        prefix = ""
        if with_ts:
            x = t["start"]
            if style == "mm:ss.ff":
                m, s_ = divmod(x, 60)
                prefix = f"[{int(m):02d}:{s_:05.2f}] "
            elif style == "mm:ss":
                m, s_ = divmod(int(x), 60)
                prefix = f"[{m:02d}:{s_:02d}] "
            else:
                h, r = divmod(int(x), 3600)
                m, s_ = divmod(r, 60)
                prefix = f"[{h:02d}:{m:02d}:{s_:02d}] "
        text = t["text"]
        if cont_budget and t["speaker"] == "agent" and len(text) > 24:
            sp = split_for_continuation(text, rng)
            if sp:
                lines.append(f"{prefix}{role}{sep}{sp[0]}")
                lines.append(sp[1])
                cont_budget -= 1
                continue
        lines.append(f"{prefix}{role}{sep}{text}")
    return "\n".join(lines) + "\n"


def write_srt(recs, rng, big5=False):
    rec = recs[0]
    ar, cr = rng.choice(BIG5_ROLE_PAIRS if big5 else [("坐席", "客户"), ("客服", "用户"), ("Agent", "Customer")])
    sep = rng.choice([":", ":"])
    out = []
    for k, t in enumerate(rec["turns"], 1):
        role = ar if t["speaker"] == "agent" else cr
        out.append(f"{k}\n{ts_clock(t['start'], ',')} --> {ts_clock(t['end'], ',')}\n{role}{sep}{t['text']}\n")
    return "\n".join(out)


def write_vtt(recs, rng):
    rec = recs[0]
    ar, cr = rng.choice([("坐席", "客户"), ("客服", "客户"), ("Agent", "Customer")])
    mode = rng.choice(["voice", "voice_close", "prefix"])
    out = ["WEBVTT", ""]
    for k, t in enumerate(rec["turns"], 1):
        role = ar if t["speaker"] == "agent" else cr
        if rng.random() < 0.3:
            out.append(f"c{k}")
        out.append(f"{ts_clock(t['start'])} --> {ts_clock(t['end'])}")
        if mode == "voice":
            out.append(f"<v {role}>{t['text']}")
        elif mode == "voice_close":
            out.append(f"<v {role}>{t['text']}</v>")
        else:
            out.append(f"{role}:{t['text']}")
        out.append("")
    return "\n".join(out)


def table_rows(recs, rng, lang, timed, with_channel):
    clock = rng.random() < 0.4
    if lang == "zh":
        hdr = [rng.choice(["通话ID", "通话编号"]), "角色"]
        if timed:
            hdr += ["开始时间", "结束时间"]
        hdr += [rng.choice(["内容", "文本"]), "工号"]
        if with_channel:
            hdr.append("呼叫类型")
        spk = rng.choice([{"agent": "坐席", "customer": "客户"}, {"agent": "客服", "customer": "客户"}])
        chv = {"inbound": "呼入", "outbound": rng.choice(["呼出", "外呼", "回访"])}
    else:
        hdr = ["call_id", "speaker"] + (["start", "end"] if timed else []) + ["text", "agent_id"]
        if with_channel:
            hdr.append("channel")
        spk = {"agent": "agent", "customer": "customer"}
        chv = {"inbound": "inbound", "outbound": "outbound"}
    rows = [hdr]
    for rec in recs:
        for t in rec["turns"]:
            r = [rec["call_id"], spk[t["speaker"]]]
            if timed:
                if clock:
                    r += [ts_clock(t["start"])[:-1], ts_clock(t["end"])[:-1]]
                else:
                    r += [t["start"], t["end"]]
            r += [t["text"], rec["agent"]["id"]]
            if with_channel:
                r.append(chv[rec["channel"]])
            rows.append(r)
    return rows


def write_csv(rows, rng):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=rng.choice(["\r\n", "\n"]))
    for r in rows:
        w.writerow([f"{x:.2f}" if isinstance(x, float) else x for x in r])
    return buf.getvalue()


def write_xlsx(rows, path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "通话记录"
    for r in rows:
        ws.append(r)
    import datetime
    wb.properties.created = wb.properties.modified = datetime.datetime(2026, 11, 21, 9, 0, 0)
    tmp = path + ".tmp"
    wb.save(tmp)
    # re-zip with fixed timestamps so the bytes are deterministic
    with zipfile.ZipFile(tmp) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the wall clock
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>2026-11-21T09:00:00Z\g<2>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 21, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)
    os.remove(tmp)


def encode(text, enc):
    return text.encode(enc)  # 'utf-16' writes a BOM, 'utf-8-sig' writes the UTF-8 BOM


# --------------------------------------------------------------------------- plan
FMT_CAPS = {
    "json": {"times": "full", "events": True, "channel": True},
    "jsonl": {"times": "full", "events": True, "channel": True},
    "json_array": {"times": "full", "events": True, "channel": True},
    "txt": {"times": "none", "events": False, "channel": False},
    "txt_ts": {"times": "start", "events": False, "channel": False},
    "srt": {"times": "full", "events": False, "channel": False},
    "vtt": {"times": "full", "events": False, "channel": False},
    "csv_zh": {"times": "full", "events": False, "channel": True},
    "csv_en": {"times": "full", "events": False, "channel": True},
    "xlsx": {"times": "full", "events": False, "channel": True},
}
EXT = {"json": "json", "jsonl": "jsonl", "json_array": "json", "txt": "txt", "txt_ts": "txt", "srt": "srt",
       "vtt": "vtt", "csv_zh": "csv", "csv_en": "csv", "xlsx": "xlsx"}


def plan_files(rng, per_variant):
    scale = per_variant / 150.0
    files = []  # (variant, fmt, n_calls, file-level options)
    for variant in VARIANTS:
        counts = {f: max(1, round(n * scale)) for f, n in FORMAT_PLAN}
        counts["json"] += per_variant - sum(counts.values())
        for fmt, n in counts.items():
            if fmt in GROUP_SIZE:
                lo, hi = GROUP_SIZE[fmt]
                while n > 0:
                    k = min(n, rng.randint(lo, hi))
                    if 0 < n - k < lo:
                        k = n
                    files.append([variant, fmt, k])
                    n -= k
            else:
                files += [[variant, fmt, 1] for _ in range(n)]
    rng.shuffle(files)
    plans = []
    for variant, fmt, k in files:
        opt = {"variant": variant, "fmt": fmt, "n": k, "caps": dict(FMT_CAPS[fmt])}
        if fmt == "json" and rng.random() < 0.12:
            opt["caps"].update(times="none", events=False)
        if fmt in ("csv_zh", "csv_en", "xlsx"):
            if rng.random() < 0.25:
                opt["caps"]["times"] = "none"
            opt["with_channel"] = rng.random() < 0.75
            opt["caps"]["channel"] = opt["with_channel"]
        if fmt in ("json", "jsonl", "json_array"):
            opt["enc"] = "utf-8" if rng.random() < 0.85 else "utf-8-sig"
        elif fmt == "xlsx":
            opt["enc"] = "xlsx"
        elif fmt == "vtt":
            opt["enc"] = "utf-8" if rng.random() < 0.8 else "utf-8-sig"
        else:
            encs = TEXT_ENCODINGS[variant]
            if fmt == "csv_zh":  # the spec's Chinese headers are simplified: not encodable in Big5
                encs = [e for e in encs if e[0] != "big5"]
            opt["enc"] = wchoice(rng, encs)
        plans.append(opt)
    return plans


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--per-variant", type=int, default=150, help="calls per variant (default 150)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    missing = []
    for mod in ("pypinyin", "opencc", "openpyxl"):
        try:
            __import__(mod)
        except ImportError:
            missing.append(mod)
    if missing:
        raise SystemExit(f"missing packages: {', '.join(missing)}. Use a venv, e.g.\n"
                         "  python3 -m venv /tmp/eval-venv && /tmp/eval-venv/bin/pip install pypinyin opencc openpyxl")

    out = os.path.abspath(args.out_dir)
    calls_dir = os.path.join(out, "calls")
    if os.path.isdir(calls_dir):
        shutil.rmtree(calls_dir)
    os.makedirs(calls_dir)
    rng = random.Random(args.seed)
    plans = plan_files(rng, args.per_variant)
    noise = Noise()
    labels = []
    fallbacks = Counter()
    idx = 0
    for fno, opt in enumerate(plans, 1):
        frng = random.Random(f"{args.seed}:file:{fno}")
        variant, fmt, caps = opt["variant"], opt["fmt"], opt["caps"]
        recs = []
        for _ in range(opt["n"]):
            idx += 1
            call_id = f"ev-{idx:04d}"
            if caps["channel"]:
                channel = "outbound" if random.Random(f"{args.seed}:ch:{idx}").random() < 0.35 else "inbound"
            else:
                channel = "inbound"  # the file cannot say outbound: build it as what it will be read as
            for attempt in range(60):
                try:
                    rec, lab = make_call(args.seed, idx, attempt, call_id, variant, fmt, caps, channel,
                                         opt["enc"], noise)
                    break
                except Retry:
                    continue
            else:
                raise SystemExit(f"could not build {call_id}")
            recs.append(rec)
            labels.append(lab)
        # file name
        if fmt in ("txt", "txt_ts", "srt", "vtt", "json"):
            name = f"{recs[0]['call_id']}.{EXT[fmt]}"
        else:
            name = f"batch-{fno:03d}-{fmt}.{EXT[fmt]}"
        path = os.path.join(calls_dir, name)
        enc = opt["enc"]
        if fmt == "xlsx":
            rows = table_rows(recs, frng, rng_lang(frng), caps["times"] == "full", opt["with_channel"])
            write_xlsx(rows, path)
        else:
            if fmt == "json":
                text = json.dumps(json_call(recs[0], frng, fmt), ensure_ascii=False, indent=frng.choice([None, 2]))
            elif fmt == "jsonl":
                text = "\n".join(json.dumps(json_call(r, frng, fmt), ensure_ascii=False) for r in recs) + "\n"
            elif fmt == "json_array":
                text = json.dumps([json_call(r, frng, fmt) for r in recs], ensure_ascii=False, indent=2)
            elif fmt in ("txt", "txt_ts"):
                text = write_txt(recs, frng, fmt == "txt_ts", big5=enc == "big5")
                if frng.random() < 0.3:
                    text = text.replace("\n", "\r\n")
            elif fmt == "srt":
                text = write_srt(recs, frng, big5=enc == "big5")
            elif fmt == "vtt":
                text = write_vtt(recs, frng)
            else:
                rows = table_rows(recs, frng, "zh" if fmt == "csv_zh" else "en", caps["times"] == "full",
                                  opt["with_channel"])
                text = write_csv(rows, frng)
            try:
                data = encode(text, enc)
            except UnicodeEncodeError:
                fallbacks[(opt["enc"], variant)] += 1
                enc = "gb18030" if enc in ("gbk",) else "utf-8"
                data = encode(text, enc)
            with open(path, "wb") as fh:
                fh.write(data)
        for lab in labels[-len(recs):]:
            lab["source"] = "calls/" + name
            lab["encoding"] = ENC_LABEL.get(enc, enc)
            if fmt in ("csv_zh", "csv_en", "xlsx"):
                lab["table_channel_column"] = opt["with_channel"]
    with open(os.path.join(out, "labels.jsonl"), "w", encoding="utf-8") as fh:
        for lab in labels:
            fh.write(json.dumps(lab, ensure_ascii=False) + "\n")
    summary(labels, out, quiet=args.quiet)
    if fallbacks:
        print("  encoding fallbacks (text not encodable, written as UTF-8/GB18030 instead): "
              + ", ".join(f"{e}/{v}={n}" for (e, v), n in sorted(fallbacks.items())))


def rng_lang(r):
    return "zh" if r.random() < 0.6 else "en"


def summary(labels, out, quiet=False):
    p = print
    p(f"wrote {len(labels)} calls to {out}/calls and {out}/labels.jsonl")
    if quiet:
        return
    for key in ("variant", "format", "encoding", "channel", "timestamps"):
        c = Counter(lab[key] for lab in labels)
        p(f"  {key:10s} " + ", ".join(f"{k}={v}" for k, v in sorted(c.items())))
    by_var_fmt = Counter((lab["variant"], lab["format"]) for lab in labels)
    p("  calls per variant x format:")
    fmts = sorted({lab["format"] for lab in labels})
    p("    " + " " * 12 + "".join(f"{f:>11s}" for f in fmts))
    for v in VARIANTS:
        p(f"    {v:12s}" + "".join(f"{by_var_fmt[(v, f)]:>11d}" for f in fmts))
    p("  label distribution (pass/fail/na) per rule per variant:")
    p(f"    {'rule':24s}" + "".join(f"{v:>16s}" for v in VARIANTS) + f"{'all':>16s}")
    problems = []
    for r in RULES:
        cells = []
        tot = Counter()
        for v in VARIANTS:
            c = Counter(lab["expected"][r] for lab in labels if lab["variant"] == v)
            tot.update(c)
            cells.append(f"{c['pass']:>5d}/{c['fail']:>4d}/{c['na']:>4d}")
            for res in ("pass", "fail") + (("na",) if r not in ("opening.greeting", "closing.more_help",
                                                               "closing.farewell", "language.forbidden") else ()):
                if c[res] == 0:
                    problems.append(f"{r} has no {res} in {v}")
        cells.append(f"{tot['pass']:>5d}/{tot['fail']:>4d}/{tot['na']:>4d}")
        if tot["fail"] < 25:
            problems.append(f"{r} has only {tot['fail']} fails")
        p(f"    {r:24s}" + "".join(f"{c:>16s}" for c in cells))
    ct = Counter(t for lab in labels for t in lab["customer_traps"])
    tr = Counter(t for lab in labels for t in lab["traps"])
    p("  customer traps: " + ", ".join(f"{k}={v}" for k, v in sorted(ct.items())))
    p("  other traps:    " + ", ".join(f"{k}={v}" for k, v in sorted(tr.items())))
    unc = sum(1 for lab in labels if lab["uncertain"])
    p(f"  calls with uncertain rules (txt with start times only): {unc}")
    if problems:
        p("  PROBLEMS: " + "; ".join(problems))
    else:
        p("  balance checks: ok (every rule has pass/fail[/na] in every variant, >= 25 fails per rule)")


if __name__ == "__main__":
    main()
