"""Set-up of the ingest's worker processes. Kept apart from `flows.ingest` on purpose: a worker imports the
module of its initializer, and importing Prefect would cost each worker about 60 MB for nothing."""

from __future__ import annotations


def die_with_parent() -> None:
    """A worker left running after its run was killed holds memory and CPU for nothing (it cannot commit)."""
    import ctypes
    import signal

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: the worker ends when the pool does


def worker_ready() -> int:
    """What every worker must do before its first document: import the cleaning library, load its models."""
    import os

    from pipeline.batch import prepare

    prepare()
    return os.getpid()


def cleans_inline(files: list, workers: int | None, settings) -> bool:
    """Whether a run cleans in its own process: a small run (a scheduled run that finds a few new dumps), where
    starting worker processes would cost more than the cleaning. `--workers N` always starts N."""
    return workers is None and sum(f.size for f in files) <= settings.inline_bytes
