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
