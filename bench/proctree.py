"""Memory of a process and all its descendants, read from /proc (Linux): for the benchmark and the memory tests."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


def _status(pid: str) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)


def _kb(fields: dict[str, str], key: str) -> int:
    return int(fields[key].split()[0]) if key in fields else 0


def _pss_kb(pid: int) -> int:
    """The process's proportional set size: its private pages plus its share of the pages it shares (the shared
    libraries' code, which every worker maps: summing RSS counts those once per process)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree(pid: int) -> dict[int, dict[str, str]]:
    """The /proc status fields of `pid` and of every process below it."""
    children: dict[int, list[int]] = {}
    status: dict[int, dict[str, str]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _status(entry)
            if fields:
                status[int(entry)] = fields
                children.setdefault(int(fields.get("PPid", "0").strip()), []).append(int(entry))
    found, stack = {}, [pid]
    while stack:
        current = stack.pop()
        if current in status:
            found[current] = status[current]
            stack.extend(children.get(current, []))
    return found


@dataclass
class TreeMemory:
    """Peak memory of a process tree, sampled while it runs.

    `peak_kb`: the largest sum of the tree's resident memory seen at one sample (each process's RSS, so the pages
    of shared libraries count once per process). `peak_pss_kb`: the same with each process's proportional share
    (PSS): what the machine had to hold at once, as far as sampling can tell. `bound_kb`: the sum over every
    process ever seen of its own peak (VmHWM), which a sample cannot miss: an upper bound on the tree's peak."""

    peak_kb: int = 0
    peak_pss_kb: int = 0
    hwm_kb: dict[int, int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)

    @property
    def bound_kb(self) -> int:
        return sum(self.hwm_kb.values())

    def sample(self, pid: int) -> None:
        found = tree(pid)
        self.peak_kb = max(self.peak_kb, sum(_kb(f, "VmRSS") for f in found.values()))
        self.peak_pss_kb = max(self.peak_pss_kb, sum(_pss_kb(child) for child in found))
        for child, fields in found.items():
            self.hwm_kb[child] = max(self.hwm_kb.get(child, 0), _kb(fields, "VmHWM"))
            self.names.setdefault(child, fields.get("Name", "?").strip())

    def by_process(self) -> str:
        """Each process's peak, largest first: where `bound_kb` comes from."""
        peaks = sorted(self.hwm_kb.items(), key=lambda item: -item[1])
        return ", ".join(f"{self.names.get(pid, '?')}[{pid}] {kb / 1024:.0f} MB" for pid, kb in peaks)


def run_measured(command: list[str], interval: float = 0.05, **popen) -> tuple[subprocess.CompletedProcess, TreeMemory]:
    """Run a command to its end, sampling its process tree's memory every `interval` seconds."""
    memory = TreeMemory()
    # files, not pipes: a full pipe would stall the command while this samples
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, **popen)
        while process.poll() is None:
            memory.sample(process.pid)
            time.sleep(interval)
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(command, process.returncode, out.read().decode(errors="replace"),
                                             err.read().decode(errors="replace"))
    return result, memory
