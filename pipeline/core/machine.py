"""What the machine lets this process use."""

from __future__ import annotations

import math
import os
from pathlib import Path

# cgroup v2's CPU quota: "max 100000", or "200000 100000" for two cores' worth of time per period
CGROUP_CPU_MAX = Path("/sys/fs/cgroup/cpu.max")


def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity, capped by its container's CPU quota. `os.cpu_count()`
    counts the host's cores, so a container given 2 of 16 would start 16 workers, each with its own memory."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    try:
        quota, period = CGROUP_CPU_MAX.read_text().split()[:2]
        if quota != "max":
            cores = min(cores, math.ceil(int(quota) / int(period)))
    except (OSError, ValueError):  # no cgroup v2 here, or a file this does not know
        pass
    return max(1, cores)


def arrow_on_malloc() -> None:
    """Let pyarrow allocate with the C library's malloc (its "system" pool) in this process and the processes it
    starts, rather than with its bundled mimalloc: a run's command process reads and writes thousands of tables,
    and mimalloc kept the freed pages of each (10,000 real dumps, two workers: peak RSS of the tree 955 -> 894 MB,
    the command's process 327 -> 259 MB, as fast: 56.4 / 54.1 s). Arrow reads the choice once, at its first
    allocation, from ARROW_DEFAULT_MEMORY_POOL, which also reaches the workers it spawns: so call this before
    anything allocates an Arrow buffer. A user's own ARROW_DEFAULT_MEMORY_POOL wins."""
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")


def arrow_without_pandas() -> None:
    """Keep pyarrow from importing pandas in a process that never hands it pandas objects (the command's own, its
    workers'). pyarrow imports pandas the first time it converts Python values (`pa.array`, `Table.from_pylist`),
    only to ask whether they are pandas objects: about 50 MB a process (the memory test's ingest, the command and
    two workers, peaked 82 MB lower without it). Asked once with pandas unimportable, pyarrow remembers that it has
    none; pandas stays importable for everything else. Never call it in a process that gives pyarrow DataFrames
    or calls `to_pandas` (a user's notebook, the tests)."""
    import sys

    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    blocker = _NoPandas()
    sys.meta_path.insert(0, blocker)  # `import pandas` raises ImportError
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(blocker)


class _NoPandas:
    """An import finder that refuses pandas (a None in sys.modules would not do: Cython's import takes it for the
    module)."""

    def find_spec(self, name: str, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError(f"{name} is kept out of pyarrow in this process (arrow_without_pandas)")
        return None


def give_back_memory() -> None:
    """Return the memory freed by a finished batch to the system: glibc keeps freed heap pages for the process's next
    allocations, so a worker's resident memory stays at its largest batch's, summed over every worker at once."""
    import ctypes
    import gc

    import pyarrow as pa

    gc.collect()
    pa.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass
