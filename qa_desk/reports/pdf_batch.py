"""Many evaluation forms at once: shared out over worker processes, one per CPU core.

Each form is independent, so a batch (an agent's month, HR's folder of forms) runs in
parallel; a few forms are rendered right here, where starting workers would cost more than
it saves. Workers come from a fork server that has the PDF modules and the font loaded
already, which is safe to use from a program with threads (the app's export runs off the GUI
thread). As with any worker processes, a script that calls this needs the usual
`if __name__ == "__main__":` guard (the workers import the main script, not `python -m`'s)."""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from qa_desk.reports.form import EvaluationForm

IN_PROCESS_BELOW = 24  # forms: fewer than this are rendered without workers
CHUNK = 16  # forms sent to a worker at a time
MAX_WORKERS = 8
_PRELOAD = ["qa_desk.reports.evaluation_pdf", "qa_desk.reports.pdf_batch"]

Job = tuple[EvaluationForm, Path]


def render_evaluation_pdfs(jobs: Sequence[Job], *, organisation: str, mask: bool = True,
                           workers: int | None = None,
                           progress: Callable[[int, int], bool | None] | None = None) -> list[str]:
    """Write each form to its path; returns the document ids in the order given.

    `progress(done, total)` is called after every chunk; returning False stops the batch:
    the ids returned are then those of the first forms, every one of them written (a chunk
    already being rendered is finished), and no file is left half-written."""
    total = len(jobs)
    workers = _workers(total, workers)
    if workers <= 1:
        ids = []
        for number, job in enumerate(jobs, 1):
            ids.append(_render_one(job, organisation, mask))
            if progress is not None and progress(number, total) is False:
                break
        return ids
    chunks = [list(jobs[start:start + CHUNK]) for start in range(0, total, CHUNK)]
    ids = []
    waiting = iter(chunks)
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        # A few chunks in flight at a time (one spare per pool), handed out as others finish:
        # stopping then leaves little to finish, and results come back in order.
        in_flight: deque[Future] = deque(
            pool.submit(_render_chunk, chunk, organisation, mask)
            for chunk in itertools.islice(waiting, workers + 1))
        try:
            while in_flight:
                ids += in_flight.popleft().result()
                if progress is not None and progress(len(ids), total) is False:
                    _stop(list(in_flight), ids)
                    break
                for chunk in itertools.islice(waiting, 1):
                    in_flight.append(pool.submit(_render_chunk, chunk, organisation, mask))
        except BaseException:
            for future in in_flight:
                future.cancel()
            raise
    return ids


def _stop(rest: list[Future], ids: list[str]) -> None:
    """Cancel the chunks not started (the last first, so none starts meanwhile); those already
    handed to a worker finish, and their forms are counted as written."""
    for future in reversed(rest):
        future.cancel()
    for future in rest:
        if future.cancelled():
            break
        ids += future.result()


def _workers(total: int, asked: int | None) -> int:
    if asked is not None:
        return max(1, min(asked, total))
    if total < IN_PROCESS_BELOW:
        return 1
    return max(1, min(_cores(), MAX_WORKERS, total // CHUNK))


def _cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


def _render_chunk(jobs: list[Job], organisation: str, mask: bool) -> list[str]:
    return [_render_one(job, organisation, mask) for job in jobs]


def _render_one(job: Job, organisation: str, mask: bool) -> str:
    """Written beside the target and moved into place: never a half-written form."""
    from qa_desk.reports.evaluation_pdf import render_evaluation_pdf

    form, path = job
    partial = path.with_name(path.name + ".part")
    try:
        doc_id = render_evaluation_pdf(form, partial, organisation=organisation, mask=mask)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return doc_id
