"""`make bench`: import and scoring speed on a 30,000-call corpus, printed and kept in docs/.

Run as `python tools/bench.py [--calls N]`. Figures are wall-clock on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tools.bench_corpus import write_corpus  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=30_000)
    parser.add_argument("--out", type=Path, default=REPO / "build" / "bench")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()
    corpus = args.out / "corpus"
    shutil.rmtree(args.out, ignore_errors=True)
    started = time.perf_counter()
    files, chars = write_corpus(corpus, args.calls)
    print(f"corpus: {args.calls} calls in {files} files, {chars / args.calls:.0f} characters per "
          f"call on average ({time.perf_counter() - started:.1f} s to generate)")
    figures = {"calls": args.calls, "chars_per_call": round(chars / args.calls)}
    figures.update(bench_import(corpus, args.out / "bench.sqlite3", args.calls))
    figures.update(bench_scoring(corpus, chars))
    from tools.bench_more import bench_bank_import, bench_item_analysis, bench_pdf_forms, bench_workbook

    figures.update(bench_bank_import(args.out))
    figures.update(bench_item_analysis())
    figures.update(bench_pdf_forms(args.out))
    figures.update(bench_workbook(args.out))
    for key, value in figures.items():
        print(f"  {key}: {value}")
    if not args.no_write:
        write_doc(figures)
    return 0


def bench_import(corpus: Path, db_path: Path, calls: int) -> dict:
    env = dict(os.environ, QA_DESK_DATABASE_URL=f"sqlite:///{db_path}")
    subprocess.run([sys.executable, "-m", "qa_desk", "db", "upgrade"], env=env, check=True,
                   capture_output=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "qa_desk", "import", str(corpus)], env=env,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode != 0 or f"imported {calls} calls" not in result.stdout:
        raise SystemExit(f"import failed: {result.stdout[-500:]} {result.stderr[-500:]}")
    print(f"import: {calls / elapsed:,.0f} calls/s ({elapsed:.1f} s), peak RSS "
          f"{max(peak_kb, before) / 1024:.0f} MB")
    return {"import_calls_per_s": round(calls / elapsed), "import_seconds": round(elapsed, 1),
            "import_peak_rss_mb": round(max(peak_kb, before) / 1024)}


def bench_scoring(corpus: Path, chars: int) -> dict:
    timings = {}
    for jobs in (1, 2):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "qa_desk", "score", "--jobs", str(jobs), "--format", "jsonl",
             str(corpus)], capture_output=True)
        timings[jobs] = time.perf_counter() - started
        if result.returncode != 0:
            raise SystemExit(f"scoring failed: {result.stderr[-500:]!r}")
        lines = result.stdout.count(b"\n")
        print(f"score --jobs {jobs}: {chars / timings[jobs] / 1e6:.2f} M characters/s "
              f"({timings[jobs]:.1f} s, {lines} calls)")
    baseline = naive_baseline(corpus)
    ours = chars / timings[1]
    print(f"naive baseline: {baseline / 1e6:.3f} M characters/s; ours is {ours / baseline:.1f}x")
    return {
        "score_chars_per_s_1_core": round(ours),
        "score_chars_per_s_2_jobs": round(chars / timings[2]),
        "jobs2_speedup": round(timings[1] / timings[2], 2),
        "naive_chars_per_s": round(baseline),
        "speedup_vs_naive": round(ours / baseline, 1),
    }


def naive_baseline(corpus: Path, sample_calls: int = 1000) -> float:
    """Read, parse and scan with one compiled regex per phrase per turn (no automaton, no fold)."""
    from qa_desk.scoring import load_pack
    from qa_desk.scoring.phrases import expand

    pack = load_pack()
    patterns = [re.compile(re.escape(p)) for s in pack.phrase_sets.values()
                for phrase in s.phrases for p in expand(phrase)]
    first = sorted(corpus.glob("*.jsonl"))[0]
    started = time.perf_counter()
    chars = 0
    with first.open(encoding="utf-8") as handle:
        for count, line in enumerate(handle):
            if count >= sample_calls:
                break
            call = json.loads(line)
            for turn in call["turns"]:
                chars += len(turn["text"])
                for pattern in patterns:
                    pattern.search(turn["text"])
    return chars / (time.perf_counter() - started)


def write_doc(figures: dict) -> None:
    cpu = platform.processor() or platform.machine()
    model = _cpu_model() or cpu
    lines = [
        "# Benchmarks",
        "",
        f"Latest `make bench` run: {date.today().isoformat()}, on {model}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}.",
        "",
        f"Corpus: {figures['calls']:,} generated calls (`tools/bench_corpus.py`), "
        f"{figures['chars_per_call']:,} characters of transcript per call on average, "
        "as JSON lines files of 1,000 calls.",
        "",
        "| figure | value | target |",
        "|---|---|---|",
        f"| import into SQLite | {figures['import_calls_per_s']:,} calls/s "
        f"({figures['import_seconds']} s) | ≥ 2,000 calls/s |",
        f"| import peak memory (RSS) | {figures['import_peak_rss_mb']} MB | < 300 MB |",
        f"| scoring end to end, 1 process | {figures['score_chars_per_s_1_core'] / 1e6:.1f} M "
        "characters/s | ≥ 10 M/s per core |",
        f"| scoring, `--jobs 2` | {figures['score_chars_per_s_2_jobs'] / 1e6:.1f} M characters/s "
        f"({figures['jobs2_speedup']}× the single process) | |",
        f"| naive baseline (one regex per phrase per turn) | "
        f"{figures['naive_chars_per_s'] / 1e6:.2f} M characters/s | |",
        f"| ours vs naive | {figures['speedup_vs_naive']}× | ≥ 10× |",
        f"| 2,000-question Excel bank import | {figures['bank_import_seconds']} s | < 2 s |",
        f"| item analysis, 10,000 attempts × 100 questions | {figures['item_analysis_seconds']} s "
        "| < 2 s |",
        f"| {figures['pdf_forms']:,} PDF evaluation forms (batch, one process per core) | "
        f"{figures['pdf_seconds']} s ({figures['pdf_one_by_one_seconds']} s one by one) | < 10 s |",
        f"| {figures['workbook_rows']:,}-row HR workbook | {figures['workbook_seconds']} s, "
        f"{figures['workbook_peak_mb']} MB | < 15 s, < 300 MB |",
        "",
        "End to end means the `qa-desk score --format jsonl` process: read, decode, parse, fold "
        "(Traditional→Simplified, width, punctuation, homophones), score all default rules and "
        "write JSON lines, including process start-up.",
        "",
        "## Where scoring time goes",
        "",
        "Profiled per call of about 1,700 characters and 64 turns (in-process, one core): reading "
        "and parsing about 0.23 ms (orjson 0.07 ms, building turns 0.13 ms), folding 0.10 ms, "
        "the Aho-Corasick pass with its hits 0.30 ms, the ten rules 0.30 ms, JSON output "
        "0.05 ms. The scoring target of 10 M characters/s per core (0.17 ms per call) is not "
        "met: Python-level work per turn and per phrase hit dominates, and the next step is "
        "moving the per-call hot path (turn parsing, hit grouping, timing sweeps) into a "
        "compiled extension or a columnar layout. The ratio to the naive engine grows with the "
        "size of the pack, since the naive engine pays for every phrase on every turn.",
        "",
    ]
    (REPO / "docs" / "benchmarks.md").write_text("\n".join(lines), encoding="utf-8")


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


if __name__ == "__main__":
    raise SystemExit(main())
