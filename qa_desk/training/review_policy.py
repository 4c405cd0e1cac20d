"""What a candidate may see of an attempt, when: Moodle's review options matrix.

Four phases (Moodle's “during the attempt”, “immediately after”, “later, while still open”,
“after the quiz is closed”) × three things (marks, right answers, explanations). The phase
is a function of the attempt's state, its submission time, the exam's close time and now;
the service strips what the phase does not allow before anything leaves it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

DURING = "during"
IMMEDIATELY_AFTER = "immediately_after"
LATER_WHILE_OPEN = "later_while_open"
AFTER_CLOSE = "after_close"
PHASES = (DURING, IMMEDIATELY_AFTER, LATER_WHILE_OPEN, AFTER_CLOSE)

MARKS = "marks"
RIGHT_ANSWERS = "right_answers"
EXPLANATIONS = "explanations"
SHOWABLE = (MARKS, RIGHT_ANSWERS, EXPLANATIONS)

# Moodle's definition of “immediately after”: the first two minutes after submission.
IMMEDIATELY = timedelta(minutes=2)

# A cautious default for a certification exam: nothing while answering, marks afterwards,
# the key and explanations only once nobody can still be sitting the exam.
_DEFAULT: dict[str, frozenset[str]] = {
    DURING: frozenset(),
    IMMEDIATELY_AFTER: frozenset({MARKS}),
    LATER_WHILE_OPEN: frozenset({MARKS}),
    AFTER_CLOSE: frozenset(SHOWABLE),
}


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    allowed: Mapping[str, frozenset[str]] = field(default_factory=lambda: dict(_DEFAULT))

    def allows(self, phase: str, what: str) -> bool:
        return what in self.allowed.get(phase, frozenset())

    def shown(self, phase: str) -> frozenset[str]:
        return frozenset(self.allowed.get(phase, frozenset()))

    def to_dict(self) -> dict[str, list[str]]:
        return {phase: sorted(self.allowed.get(phase, ())) for phase in PHASES}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> ReviewPolicy:
        """Phases left out keep the default; a phase given as [] shows nothing."""
        if data is None:
            return cls()
        if unknown := sorted(set(data) - set(PHASES)):
            raise ValueError(f"review: unknown phase {', '.join(unknown)}: expected "
                             f"{', '.join(PHASES)}")
        allowed = dict(_DEFAULT)
        for phase, items in data.items():
            items = [items] if isinstance(items, str) else list(items or ())
            if bad := sorted(set(items) - set(SHOWABLE)):
                raise ValueError(f"review.{phase}: unknown {', '.join(bad)}: expected "
                                 f"{', '.join(SHOWABLE)}")
            allowed[phase] = frozenset(items)
        return cls(allowed)


def phase_at(now: datetime, submitted_at: datetime | None, closes_at: datetime | None) -> str:
    """The review phase of an attempt at `now` (all times aware UTC)."""
    if submitted_at is None:
        return DURING
    if closes_at is not None and now >= closes_at:
        return AFTER_CLOSE
    # A clock set back after submission still counts as immediately after, never as during.
    if now - submitted_at < IMMEDIATELY:
        return IMMEDIATELY_AFTER
    return LATER_WHILE_OPEN
