"""Read any supported transcript file into canonical Calls, naming the file in every error."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from qa_desk.transcripts.encoding import NotTextError, decode_bytes
from qa_desk.transcripts.errors import TranscriptError
from qa_desk.transcripts.formats.canonical import iter_jsonl_bytes, iter_jsonl_lines, parse_json_text
from qa_desk.transcripts.formats.plaintext import parse_txt
from qa_desk.transcripts.formats.subtitles import parse_subtitles
from qa_desk.transcripts.formats.tables import parse_csv, parse_xlsx
from qa_desk.transcripts.model import Call

SUPPORTED_SUFFIXES = (".json", ".jsonl", ".txt", ".srt", ".vtt", ".csv", ".xlsx")

# One call-center export file is far smaller; anything bigger is read as a stream (JSONL)
# or refused, so a stray huge file can never exhaust memory.
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(slots=True)
class ReadResult:
    source: str
    calls: list[Call]


def iter_transcript_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Files given directly, and supported files found recursively in folders, in stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and found.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield found
        else:
            yield path


def read_file(path: Path | str, *, max_bytes: int = MAX_FILE_BYTES,
              encoded_texts: bool = False) -> Iterator[Call]:
    """Yield the calls of one file. Raises TranscriptError naming the file and the place.

    With `encoded_texts` the clean lines of a UTF-8 JSON lines file give calls whose turns
    are EncodedTurns, their texts not yet checked: for scoring, whose batches decode and
    check them all at once (an EncodedTextError there names no line: read the file again
    without it for the message)."""
    path = Path(path)
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise TranscriptError(
            source, f"unsupported file type {suffix or '(none)'}: expected {', '.join(SUPPORTED_SUFFIXES)}"
        )
    size = _size(path, source)
    if size == 0:
        raise TranscriptError(source, "the file is empty")
    if suffix == ".jsonl":
        yield from _checked(_read_jsonl(path, source, encoded_texts), path)
        return
    if size > max_bytes:
        raise TranscriptError(
            source, f"the file is {size / 2**20:.0f} MB, over the {max_bytes / 2**20:.0f} MB limit "
            "for one transcript file; split it, or export it as JSON lines (.jsonl), which is streamed",
        )
    yield from _checked(_parse_whole(path, source, suffix), path)


def _size(path: Path, source: str) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        raise TranscriptError(source, "no such file") from None
    except OSError as exc:
        raise TranscriptError(source, f"cannot read the file ({exc.strerror})") from None


def _parse_whole(path: Path, source: str, suffix: str) -> list[Call]:
    if suffix == ".xlsx":
        return parse_xlsx(path, source)
    text = _decode(path.read_bytes(), source)
    if suffix == ".json":
        return parse_json_text(text, source)
    if suffix == ".csv":
        return parse_csv(text, source)
    if suffix == ".txt":
        return [parse_txt(text, call_id=path.stem, source=source)]
    return [parse_subtitles(text, call_id=path.stem, source=source)]


def _read_jsonl(path: Path, source: str, encoded_texts: bool = False) -> Iterator[Call]:
    """Streamed line by line in the encoding its head shows, so its size does not matter."""
    with path.open("rb") as raw:
        head = raw.read(65536)
        raw.seek(0)
        try:
            _, encoding = decode_bytes(head, partial=True)
        except (NotTextError, UnicodeDecodeError) as exc:
            raise TranscriptError(source, str(exc)) from None
        if encoding == "utf-8":
            # orjson reads UTF-8 bytes itself: no decoding to str and encoding back per line.
            yield from iter_jsonl_bytes(_byte_lines(raw), source, encoded_texts=encoded_texts)
            return
        try:
            lines = io.TextIOWrapper(raw, encoding=encoding, newline="")
            yield from iter_jsonl_lines(lines, source)
        except UnicodeDecodeError as exc:
            raise TranscriptError(
                source, f"bytes that are not {encoding} at byte {exc.start} of a line") from None


def _byte_lines(raw: io.BufferedIOBase, block: int = 1 << 18) -> Iterator[bytes]:
    """The file's lines (without their LF), read 256 KB at a time; line ends are found
    with bytes.find (memchr), far cheaper than readline or split, which step byte by byte.
    Blocks that stay in the CPU cache make this four times cheaper than blocks of a few MB;
    a line longer than a block doubles the block, so joining its pieces stays linear."""
    rest = b""
    while data := raw.read(block):
        data = rest + data if rest else data
        find = data.find
        start = 0
        while (end := find(b"\n", start)) >= 0:
            yield data[start:end]
            start = end + 1
        if start == 0:
            block *= 2
        rest = data[start:]
    if rest:
        yield rest


def _decode(data: bytes, source: str) -> str:
    try:
        text, _ = decode_bytes(data)
    except NotTextError as exc:
        raise TranscriptError(source, str(exc)) from None
    except UnicodeDecodeError as exc:
        raise TranscriptError(source, f"cannot decode the text ({exc.reason})") from None
    if not text.strip():
        raise TranscriptError(source, "the file holds no text")
    return text


def _checked(calls: Iterable[Call], path: Path) -> Iterator[Call]:
    for call in calls:
        _resolve_audio(call, path)
        yield call


def _resolve_audio(call: Call, path: Path) -> None:
    """Keep a recording only when it lies inside the transcript's folder."""
    if not call.audio:
        return
    folder = path.parent.resolve()
    target = (folder / call.audio).resolve()
    if not target.is_relative_to(folder):
        call.warnings.append(
            f"{path}: call {call.call_id}: audio {call.audio!r} points outside the transcript's "
            "folder and was ignored"
        )
        call.audio = None
        return
    call.audio = str(target)
