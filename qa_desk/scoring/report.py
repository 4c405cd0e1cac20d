"""The `qa-desk score` JSON shape of scoring.md, extended but never changed."""

from __future__ import annotations

from typing import Any

from qa_desk.scoring.engine import CallScore


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
