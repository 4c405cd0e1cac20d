"""The `qa-desk score` JSON shape of scoring.md, extended but never changed."""

from __future__ import annotations

from typing import Any

import orjson

from qa_desk.scoring.engine import CallScore, Scorer
from qa_desk.scoring.outcome import FAIL, NA, PASS, Outcome
from qa_desk.scoring.pack import Rule
from qa_desk.transcripts.model import Call


def score_to_json(score: CallScore, source: str | None) -> dict[str, Any]:
    call = score.call
    turns = call.turns
    return {
        "call_id": call.call_id,
        "source": source,
        "score": score.score,
        "fatal": score.fatal,
        "items": [
            {
                "rule": item.rule,
                "result": item.result,
                "points": _number(item.points),
                "max_points": _number(item.max_points),
                "evidence": [
                    {"turn": s.turn, "start": s.start, "end": s.end,
                     "text": turns[s.turn].text[s.start:s.end]}
                    for s in item.evidence
                ],
                "section": item.section,
                "name": item.name,
                "detail": item.detail,
                "fatal": item.fatal,
            }
            for item in score.items
        ],
        "pack": {"id": score.pack_id, "version": score.pack_version},
        "channel": call.channel,
        "agent": call.agent.id if call.agent else None,
    }


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


# Items without evidence kept as finished JSON; details with numbers in them (speech rate,
# hang-up delay) vary per call, so the cache stops growing at this many.
_READY_ITEMS = 4096


class JsonLines:
    """The JSON lines `score_to_json` gives, byte for byte, written straight from the rules'
    outcomes: each item is a copy of its rule's ready-made dict for the result, with the
    evidence and detail filled in, so no CallScore or ItemScore is made."""

    def __init__(self, scorer: Scorer) -> None:
        self.scorer = scorer
        rules = scorer.pack.rules
        self._items = [{result: _item_template(rule, result) for result in (PASS, FAIL, NA)}
                       for rule in rules]
        self._rules = rules
        self._numbers = range(len(rules))
        self._pack = {"id": scorer.pack.id, "version": scorer.pack.version}
        self._totals: dict[tuple[str, ...], tuple[bool, float]] = {}
        self._ready: dict[tuple[int, str, str], orjson.Fragment] = {}

    def lines(self, calls: list[Call], source: str | None) -> list[bytes]:
        outcomes, texts = self.scorer.judge_many(calls)
        line, text, starts, firsts = self._line, texts.text, texts.starts.tolist(), texts.first_turn
        return [line(call, call_outcomes, source, text, starts, firsts[position])
                for position, (call, call_outcomes) in enumerate(zip(calls, outcomes, strict=True))]

    def _line(self, call: Call, outcomes: tuple[Outcome, ...], source: str | None, text: str,
              starts: list[int], first: int) -> bytes:
        """Evidence texts are slices of `text`, the batch's turn texts: each turn's starts at
        `starts[first + turn]`, `first` being the call's first turn in the batch."""
        items = []
        append = items.append
        ready = self._ready
        for number, templates, outcome in zip(self._numbers, self._items, outcomes, strict=True):
            result, evidence, detail = outcome.result, outcome.evidence, outcome.detail
            if evidence and result != NA:
                item = templates[result].copy()
                item["evidence"] = [{"turn": t, "start": s, "end": e,
                                     "text": text[(at := starts[first + t]) + s:at + e]}
                                    for t, s, e in evidence]
                item["detail"] = detail
                append(item)
                continue
            # Without evidence an item depends on (rule, result, detail) alone: its JSON is
            # made once and embedded as it is (most items; a few hundred distinct ones).
            key = (number, result, detail)
            fragment = ready.get(key)
            if fragment is not None:
                append(fragment)
                continue
            item = templates[result].copy()
            item["detail"] = detail
            if len(ready) < _READY_ITEMS:
                ready[key] = orjson.Fragment(orjson.dumps(item))
            append(item)  # serialised with the line: once, not twice
        totals = self._totals.get(results := tuple([o.result for o in outcomes]))
        if totals is None:  # the score depends on the results alone: a few dozen patterns
            totals = self._totals[results] = _total(self._rules, results)
        fatal, score = totals
        agent = call.agent
        return orjson.dumps({
            "call_id": call.call_id,
            "source": source,
            "score": score,
            "fatal": fatal,
            "items": items,
            "pack": self._pack,
            "channel": call.channel,
            "agent": agent.id if agent else None,
        }, option=orjson.OPT_APPEND_NEWLINE)


def _item_template(rule: Rule, result: str) -> dict[str, Any]:
    earned = rule.points if result == PASS else 0.0
    return {"rule": rule.id, "result": result, "points": _number(earned),
            "max_points": _number(rule.points), "evidence": [], "section": rule.section,
            "name": rule.name, "detail": "", "fatal": rule.fatal}


def _total(rules: list[Rule], results: tuple[str, ...]) -> tuple[bool, float]:
    """(fatal, score) as `engine.total` works them out from the items, in the same order."""
    if any(r.fatal and result == FAIL for r, result in zip(rules, results, strict=True)):
        return True, 0.0
    judged = [r for r, result in zip(rules, results, strict=True) if result != NA and not r.bonus]
    possible = sum(r.points for r in judged)
    earned = sum(r.points if result == PASS else 0.0
                 for r, result in zip(rules, results, strict=True) if result != NA and not r.bonus)
    bonus = sum(r.points for r, result in zip(rules, results, strict=True)
                if r.bonus and result == PASS)
    if possible <= 0:
        return False, 100.0 if not judged else 0.0
    return False, round(min(100.0, 100.0 * earned / possible + bonus), 1)
