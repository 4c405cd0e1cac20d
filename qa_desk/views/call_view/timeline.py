"""When each turn is spoken, as plain numbers: which turn is on at a moment, where the next one
starts, and which silences "skip silence" jumps over.

Qt-free on purpose: the transcript clock and the audio player both ask these questions, and
the answers are easy to get wrong at the edges (overlaps, holds, files without timestamps),
so they are unit-tested without a widget.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from qa_desk.transcripts.model import Turn

CHARS_PER_SECOND = 4.0   # reading pace used when a transcript carries no timestamps
SYNTHETIC_GAP = 0.5      # pause put between synthesized turns, so they do not run together
MIN_TURN_SECONDS = 1.0   # an estimated turn never flashes by faster than this
SKIPPABLE_SILENCE = 2.0  # "skip silence" jumps silences longer than this


@dataclass(frozen=True, slots=True)
class Slot:
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class Silence:
    start: float
    end: float

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Timeline:
    """Turn i is spoken during slots[i]; `synthetic` means the times are estimates."""

    slots: tuple[Slot, ...]
    duration: float
    synthetic: bool = False

    @classmethod
    def from_turns(cls, turns: Sequence[Turn], *, duration: float | None = None) -> Timeline:
        timed = bool(turns) and all(t.start is not None for t in turns)
        slots = _timed_slots(turns) if timed else _synthetic_slots(turns)
        last = max((s.end for s in slots), default=0.0)
        return cls(tuple(slots), max(last, duration or 0.0), synthetic=not timed)

    @cached_property
    def _starts(self) -> list[float]:
        # Kept apart for bisect; transcripts list turns in the order they were spoken.
        return [s.start for s in self.slots]

    def turn_at(self, seconds: float) -> int | None:
        """The turn being spoken at `seconds`: the latest one started. It stays current through
        the silence after it, so the highlight does not blink off between turns."""
        index = bisect_right(self._starts, seconds + 1e-6) - 1
        return index if index >= 0 else None

    def start_of(self, index: int) -> float:
        return self.slots[index].start

    def next_start(self, seconds: float) -> float | None:
        index = bisect_right(self._starts, seconds + 1e-6)
        return self._starts[index] if index < len(self._starts) else None

    def silences(self, longer_than: float = SKIPPABLE_SILENCE) -> list[Silence]:
        """Stretches where nobody speaks, including before the first turn and after the last.
        A turn that overlaps the previous one leaves no silence behind it."""
        found: list[Silence] = []
        spoken_until = 0.0
        for slot in self.slots:
            if slot.start - spoken_until > longer_than:
                found.append(Silence(spoken_until, slot.start))
            spoken_until = max(spoken_until, slot.end)
        if self.duration - spoken_until > longer_than:
            found.append(Silence(spoken_until, self.duration))
        return found

    def silence_end(self, seconds: float, longer_than: float = SKIPPABLE_SILENCE) -> float | None:
        """Where speech resumes if `seconds` falls inside a long silence, else None."""
        for silence in self.silences(longer_than):
            if silence.start <= seconds < silence.end:
                return silence.end
        return None

    def skip_silence(self, seconds: float, longer_than: float = SKIPPABLE_SILENCE) -> float:
        resume = self.silence_end(seconds, longer_than)
        return seconds if resume is None else resume


def _timed_slots(turns: Sequence[Turn]) -> list[Slot]:
    """A turn without an end (a .txt line keeps only its start) lasts until the next turn
    starts; the last one lasts as long as its text takes to read."""
    slots = []
    for i, turn in enumerate(turns):
        start = float(turn.start or 0.0)
        if turn.end is not None and turn.end >= start:
            end = float(turn.end)
        elif i + 1 < len(turns) and turns[i + 1].start is not None:
            end = max(start, float(turns[i + 1].start))
        else:
            end = start + _reading_time(turn.text)
        slots.append(Slot(start, end))
    return slots


def _synthetic_slots(turns: Sequence[Turn]) -> list[Slot]:
    slots = []
    clock = 0.0
    for turn in turns:
        end = clock + _reading_time(turn.text)
        slots.append(Slot(clock, end))
        clock = end + SYNTHETIC_GAP
    return slots


def _reading_time(text: str) -> float:
    return max(MIN_TURN_SECONDS, len(text.strip()) / CHARS_PER_SECOND)


def format_clock(seconds: float | None) -> str:
    """mm:ss, or h:mm:ss past an hour; a dash when unknown."""
    if seconds is None or seconds < 0:
        return "--:--"
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
