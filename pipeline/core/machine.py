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
