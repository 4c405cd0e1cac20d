"""Which turns a condition looks at: by speaker, and by position in turns or seconds."""

from __future__ import annotations

from dataclasses import dataclass

from qa_desk.scoring.view import CallView
from qa_desk.transcripts.model import AGENT, CUSTOMER

ANY = "any"


@dataclass(frozen=True, slots=True)
class Scope:
    speaker: str = AGENT
    turns: str = "all"  # all | opening | first | last
    count: int = 0  # for first / last
    first_seconds: float | None = None
    last_seconds: float | None = None

    def select(self, view: CallView) -> list[int]:
        """The turns in scope, worked out once per call (several conditions share a scope)."""
        cached = view.scopes.get(id(self))
        if cached is not None and cached[0] is self:
            return cached[1]
        indices = self._select(view)
        view.scopes[id(self)] = (self, indices)
        return indices

    def members(self, view: CallView) -> set[int] | frozenset[int]:
        """The turns in scope as a set, made once per call."""
        cached = view.scope_sets.get(id(self))
        if cached is not None and cached[0] is self:
            return cached[1]
        members = frozenset(self.select(view))
        view.scope_sets[id(self)] = (self, members)
        return members

    def _select(self, view: CallView) -> list[int]:
        indices = self._by_speaker(view)
        if self.turns == "opening":
            indices = _opening(view, indices)
        elif self.turns == "first":
            indices = indices[: self.count]
        elif self.turns == "last":
            indices = indices[-self.count:] if self.count else []
        if self.first_seconds is not None or self.last_seconds is not None:
            indices = self._by_time(view, indices)
        return indices

    def _by_speaker(self, view: CallView) -> list[int]:
        if self.speaker == AGENT:
            return view.agent_turns
        if self.speaker == CUSTOMER:
            return view.customer_turns
        return list(range(len(view.turns)))

    def _by_time(self, view: CallView, indices: list[int]) -> list[int]:
        if not view.timed:
            return []
        kept = indices
        if self.first_seconds is not None:
            kept = [i for i in kept if view.turns[i].start <= self.first_seconds]
        if self.last_seconds is not None:
            cutoff = (view.duration or 0.0) - self.last_seconds
            kept = [i for i in kept if view.end_of(i) >= cutoff]
        return kept


def _opening(view: CallView, indices: list[int]) -> list[int]:
    """The agent's first turn and any agent turns that follow it before the customer speaks."""
    if not indices:
        return []
    opening = [indices[0]]
    for index in range(indices[0] + 1, len(view.turns)):
        if view.turns[index].speaker != view.turns[indices[0]].speaker:
            break
        opening.append(index)
    return opening
