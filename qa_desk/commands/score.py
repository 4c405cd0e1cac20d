"""`qa-desk score`: the contract of shared/spec/scoring.md."""

from __future__ import annotations

import argparse
import functools
import gc
import os
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import orjson

from qa_desk.scoring import CallScore, PackError, RulePack, Scorer, load_pack
from qa_desk.scoring.report import JsonLines, score_to_json
from qa_desk.transcripts import Call, TranscriptError, iter_transcript_files, read_file
from qa_desk.transcripts.model import EncodedTextError

# Calls scored together: one fold and one phrase search for all of them. Measured on the bench
# corpus (2026-12-02, after the per-set hit rows): 300 calls 8 % faster than 100 on one core
# and 5 % with two, about as fast as 500 or 1,000, whose arrays no longer stay in the cache.
BATCH_CALLS = 300


def register(commands) -> None:
    score = commands.add_parser(
        "score", help="score calls against a rule pack",
        description="Score every call in the files and folders given. JSON lines or a table on "
                    "standard output, progress on standard error.",
    )
    score.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    score.add_argument("--rules", metavar="PACK", help="rule pack file or folder (default: built in)")
    score.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    score.add_argument("--store", action="store_true", help="save the evaluations in the database")
    score.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                       help="worker processes (default: all cores)")


def run(args: argparse.Namespace) -> int:
    try:
        pack = load_pack(args.rules)
    except PackError as exc:
        print(f"qa-desk score: {exc}", file=sys.stderr)
        return 2
    for warning in pack.warnings:
        print(f"warning: {pack.source}: {warning}", file=sys.stderr)
    files = list(iter_transcript_files(args.paths))
    keep_freed_memory()
    store = _store(args) if args.store else None
    printer = TablePrinter(pack) if args.format == "table" else None
    failed = False
    as_json = printer is None and store is None
    out = sys.stdout.buffer
    batches = score_files(files, args.rules, args.jobs, as_json=as_json, pack=pack)
    for number, (path, scores, error) in enumerate(batches, 1):
        print(f"[{number}/{len(files)}] {path}", file=sys.stderr)
        if error is not None:
            failed = True
            _emit_error(str(path), error, printer)
            continue
        if as_json:
            out.write(b"".join(scores))  # a file's lines in one write, not one per line
            continue
        for score in scores:
            if store is not None and not store(score):
                failed = True
            if printer:
                printer.row(score)
            else:
                out.write(_json_line(score_to_json(score, str(path))))
    out.flush()
    if printer:
        printer.footer()
    return 1 if failed else 0


def keep_freed_memory() -> None:
    """Ask glibc's allocator to keep the memory a batch frees for the next batch instead of
    handing it back to the system: otherwise every batch's arrays and parsed calls are paged
    in afresh (measured on 30,000 calls: 90,000 page faults fewer, about 8 % less CPU time).
    For this command's process and the workers it forks; without glibc nothing changes."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return
    mallopt(_M_TRIM_THRESHOLD, 256 << 20)  # keep up to 256 MB freed at the top of the heap
    mallopt(_M_TOP_PAD, 64 << 20)  # and grow the heap 64 MB at a time
    mallopt(_M_MMAP_THRESHOLD, 32 << 20)  # blocks under 32 MB (a batch's arrays) on the heap


_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3


def score_files(files: list[Path], rules: str | None, jobs: int, *, as_json: bool = False,
                pack: RulePack | None = None) -> Iterator[tuple[Path, list, str | None]]:
    """Scores per file, in file order; spread over worker processes for large batches.

    With `as_json` each score comes as its finished JSON line (bytes), so that workers do the
    formatting and send back little."""
    if pack is None:
        pack = load_pack(rules)
    if jobs <= 1 or len(files) < 2:
        scorer = Scorer(pack)
        for path in files:
            yield path, *_score_file(scorer, path, as_json)
        return
    import multiprocessing

    global _worker_scorer
    forking = sys.platform.startswith("linux")
    if forking:
        # Workers inherit the compiled pack and the folding tables instead of rebuilding them.
        from qa_desk.transcripts.normalize import lookup_tables

        lookup_tables()
        _worker_scorer = Scorer(pack)
        if not pack.index.empty:
            pack.index.matcher  # noqa: B018 (built here once, not in every worker)
    context = multiprocessing.get_context("fork" if forking else "spawn")
    initializer = None if forking else _init_worker
    with context.Pool(min(jobs, len(files)), initializer=initializer, initargs=(rules,)) as pool:
        tasks = [(path, as_json) for path in files]
        for path, result in zip(files, pool.imap(_worker_score, tasks, chunksize=1), strict=True):
            yield path, *result


_worker_scorer: Scorer | None = None


def _init_worker(rules: str | None) -> None:
    global _worker_scorer
    _worker_scorer = Scorer(load_pack(rules))


def _worker_score(task: tuple[Path, bool]) -> tuple[list, str | None]:
    assert _worker_scorer is not None
    return _score_file(_worker_scorer, *task)


def _score_file(scorer: Scorer, path: Path, as_json: bool = False) -> tuple[list, str | None]:
    # Reading and scoring make many short-lived objects and no garbage cycles: the cyclic
    # collector's passes over them would only cost time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if as_json:  # the lines straight from the outcomes (same bytes as score_to_json's)
            try:
                return _json_lines_of_file(scorer, path, encoded_texts=True), None
            except EncodedTextError:  # read again for the message that names the line
                return _json_lines_of_file(scorer, path, encoded_texts=False), None
        scores = []
        for calls in _batches(read_file(path)):
            scores += scorer.score_many(calls)
        return scores, None
    except TranscriptError as exc:
        return [], exc.describe()
    finally:
        if collecting:
            gc.enable()


def _json_lines_of_file(scorer: Scorer, path: Path, encoded_texts: bool) -> list[bytes]:
    """The file's JSON lines. Read with `encoded_texts`, each batch decodes its turns' texts
    in one piece (see EncodedTurn)."""
    lines = _json_lines(scorer).lines
    scores = []
    for calls in _batches(read_file(path, encoded_texts=encoded_texts)):
        scores += lines(calls, str(path))
    return scores


@functools.cache
def _json_lines(scorer: Scorer) -> JsonLines:
    """One writer per scorer for all its files: its ready-made items outlive a file."""
    return JsonLines(scorer)


def _batches(calls: Iterator[Call], size: int = BATCH_CALLS) -> Iterator[list[Call]]:
    while batch := list(islice(calls, size)):
        yield batch


def _json_line(data: dict) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE)


def _emit_error(source: str, error: str, printer: TablePrinter | None) -> None:
    if printer:
        print(f"error: {error}", file=sys.stderr)
        printer.errors += 1
    else:
        sys.stdout.buffer.write(_json_line({"source": source, "error": error}))


def _store(args: argparse.Namespace):
    from qa_desk.db import open_database
    from qa_desk.services.evaluations import EvaluationService

    service = EvaluationService(open_database(args.database))

    def store(score: CallScore) -> bool:
        try:
            service.store(score)
            return True
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return False

    return store


class TablePrinter:
    MARKS = {"pass": "✓", "fail": "✗", "na": "–"}

    def __init__(self, pack) -> None:
        self.rules = [r.id for r in pack.rules]
        self.errors = 0
        self.count = 0
        self.total = 0.0
        print("  ".join(["score ", "fatal", *[f"{i + 1:>2}" for i in range(len(self.rules))],
                         "call id"]))

    def row(self, score: CallScore) -> None:
        marks = [f"{self.MARKS[score.item(r).result]:>2}" for r in self.rules]
        print("  ".join([f"{score.score:6.1f}", " yes " if score.fatal else "  -  ", *marks,
                         score.call.call_id]))
        self.count += 1
        self.total += score.score

    def footer(self) -> None:
        average = self.total / self.count if self.count else 0.0
        print(f"{self.count} calls, average {average:.1f}, {self.errors} files failed")
        print("rules: " + ", ".join(f"{i + 1}={r}" for i, r in enumerate(self.rules)))
