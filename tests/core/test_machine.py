"""How many workers a run starts by default: the cores this process may use, not the host's."""

from __future__ import annotations

import pytest

from pipeline.core import machine


@pytest.mark.parametrize("cpu_max, expected", [
    ("200000 100000\n", 2),  # a container given two cores' time on a 16-core host
    ("150000 100000\n", 2),  # one and a half: the half core still runs a worker
    ("50000 100000\n", 1),
    ("max 100000\n", 16),  # no quota
    ("", 16),  # a file this does not know
])
def test_a_containers_cpu_quota_caps_the_cores(tmp_path, monkeypatch, cpu_max, expected):
    (tmp_path / "cpu.max").write_text(cpu_max)
    monkeypatch.setattr(machine, "CGROUP_CPU_MAX", tmp_path / "cpu.max")
    monkeypatch.setattr(machine.os, "sched_getaffinity", lambda pid: set(range(16)), raising=False)
    assert machine.usable_cores() == expected


def test_cpu_affinity_caps_the_cores_without_a_cgroup(tmp_path, monkeypatch):
    monkeypatch.setattr(machine, "CGROUP_CPU_MAX", tmp_path / "missing")
    monkeypatch.setattr(machine.os, "sched_getaffinity", lambda pid: {0, 3, 5}, raising=False)
    monkeypatch.setattr(machine.os, "cpu_count", lambda: 64)
    assert machine.usable_cores() == 3
