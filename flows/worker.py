"""Set-up of the ingest's worker processes. Kept apart from `flows.ingest` on purpose: a worker imports the
module of its initializer, and importing Prefect would cost each worker about 60 MB for nothing."""

from __future__ import annotations


def die_with_parent(signum: int | None = None) -> None:
    """A worker left running after its run was killed holds memory and CPU for nothing (it cannot commit); so
    does a Prefect server started for the run (which is asked with SIGTERM, to shut down cleanly)."""
    import ctypes
    import signal

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signum or signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: the worker ends when the pool does


def start_worker() -> None:
    """The pool's initializer: dies with the run, and keeps pandas out of its pyarrow (`arrow_without_pandas`)."""
    from pipeline.core.machine import arrow_without_pandas

    die_with_parent()
    arrow_without_pandas()


def then_give_back_memory(fn, *args):
    """`fn(*args)` in a worker, then the memory its batch freed goes back to the system (`give_back_memory`)."""
    from pipeline.core.machine import give_back_memory

    try:
        return fn(*args)
    finally:
        give_back_memory()


def worker_ready() -> int:
    """What every worker must do before its first document: import the cleaning library, load its models."""
    import os

    from pipeline.ingest.batch import prepare

    prepare()
    return os.getpid()


def cleans_inline(files: list, workers: int | None, settings) -> bool:
    """Whether a run cleans `files` (the inputs it will read) in its own process: a small run (a scheduled run
    that finds a few new dumps), where starting worker processes would cost more than the cleaning. A
    compressed input counts 10 times its size. `--workers N` always starts N."""
    size = sum(f.size * (10 if f.uri.endswith(".gz") else 1) for f in files)
    return workers is None and size <= settings.inline_bytes
