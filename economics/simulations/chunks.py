"""Run a simulation's customer chunks in forked worker processes and collect their sums.

Rating is pure CPU work over inputs the parent already holds, so the children are forked
(they inherit the chunks instead of receiving them pickled), touch no database, and send
back only their sums. Progress is one shared counter of customers done, which the parent
reads while it waits. Where processes cannot be forked (no ``fork`` start method, or the
caller is itself a daemonic process) the chunks run one after another in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from typing import Any, TypeVar

T = TypeVar("T")
C = TypeVar("C")
Tick = Callable[[], None]
ChunkFn = Callable[[C, Tick], T]

POLL_SECONDS = 0.25

# What the forked children run: set by the parent just before it forks them.
_job: tuple[Callable[[Any, Tick], Any], Sequence[Any], Any] | None = None


def can_fork() -> bool:
    """Return whether chunks can run in forked processes here."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def _run_chunk(index: int) -> Any:
    assert _job is not None
    fn, chunks, counter = _job

    def tick() -> None:
        with counter.get_lock():
            counter.value += 1

    return fn(chunks[index], tick)


def run_forked(
    fn: ChunkFn[C, T],
    chunks: Sequence[C],
    *,
    workers: int,
    progress: Callable[[int, int], None] | None = None,
    total: int | None = None,
) -> list[T]:
    """Return ``fn(chunk, tick)`` of every chunk, in order, computed by ``workers`` processes.

    ``fn`` calls ``tick()`` once per unit of work done (a customer); ``progress(done,
    total)`` is called with the sum of ticks while the children run. An exception raised
    by ``fn`` is raised here.
    """
    if workers < 2 or len(chunks) < 2 or not can_fork():
        count = [0]

        def tick() -> None:
            count[0] += 1
            if progress is not None:
                progress(count[0], total or count[0])

        return [fn(chunk, tick) for chunk in chunks]

    global _job
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    _job = (fn, chunks, counter)
    # Keep the inherited objects out of the children's collections: a collection writes to
    # every object it visits, which would copy the parent's pages into each child.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=context) as pool:
            futures = [pool.submit(_run_chunk, i) for i in range(len(chunks))]
            pending = set(futures)
            reported = -1
            while pending:
                finished, pending = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_EXCEPTION)
                for f in finished:
                    error = f.exception()
                    if error is not None:
                        pool.shutdown(wait=False, cancel_futures=True)
                        raise error
                done = int(counter.value)
                if progress is not None and done != reported:
                    reported = done
                    progress(done, total or done)
            return [f.result() for f in futures]
    finally:
        gc.unfreeze()
        _job = None
