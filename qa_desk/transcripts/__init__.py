"""Reading call transcripts into one canonical form. Pure Python: no Qt, no database."""

from qa_desk.transcripts.errors import TranscriptError
from qa_desk.transcripts.model import AGENT, CUSTOMER, Agent, Call, Event, Turn
from qa_desk.transcripts.reader import (
    SUPPORTED_SUFFIXES,
    ReadResult,
    iter_transcript_files,
    read_file,
)

__all__ = [
    "AGENT",
    "CUSTOMER",
    "SUPPORTED_SUFFIXES",
    "Agent",
    "Call",
    "Event",
    "ReadResult",
    "TranscriptError",
    "Turn",
    "iter_transcript_files",
    "read_file",
]
