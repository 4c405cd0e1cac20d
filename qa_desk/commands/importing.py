from __future__ import annotations

import argparse
import sys

from qa_desk.db import open_database
from qa_desk.services.importing import ImportService, ImportSummary
from qa_desk.transcripts import iter_transcript_files


def run_import(args: argparse.Namespace) -> int:
    database = open_database(args.database)
    files = list(iter_transcript_files(args.paths))
    summary = ImportSummary()
    service = ImportService(database)
    for number, outcome in enumerate(service.import_paths(files), start=1):
        summary.files.append(outcome)
        shown = outcome.describe() if outcome.error is None else outcome.source
        print(f"[{number}/{len(files)}] {shown}", file=sys.stderr)
    print_summary(summary)
    return 1 if summary.failed_files else 0


def print_summary(summary: ImportSummary) -> None:
    failed = summary.failed_files
    print(f"imported {summary.imported} calls, skipped {summary.skipped} unchanged, "
          f"{len(failed)} of {len(summary.files)} files with problems")
    for outcome in summary.files:
        for warning in outcome.warnings:
            print(f"warning: {warning}")
    for outcome in failed:
        if outcome.error:
            print(f"failed: {outcome.error}")
        for conflict in outcome.conflicts:
            print(f"conflict: {conflict}")
