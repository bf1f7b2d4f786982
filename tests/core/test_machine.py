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


ARROW_CONVERTS = "import pyarrow as pa; pa.Table.from_pylist([{'a': 1}]); pa.array(['b'])"


def run_python(code: str) -> str:
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_arrow_converts_without_importing_pandas_and_pandas_stays_importable():
    pytest.importorskip("pandas")  # installed with the test extra (datasets); without it there is nothing to keep out
    assert run_python(f"import sys; {ARROW_CONVERTS}; print('pandas' in sys.modules)") == "True"  # pyarrow's habit
    out = run_python("import sys; from pipeline.core.machine import arrow_without_pandas; arrow_without_pandas(); "
                     f"{ARROW_CONVERTS}; print('pandas' in sys.modules); import pandas; print(pandas.DataFrame().shape)")
    assert out.splitlines() == ["False", "(0, 0)"]


def test_the_command_and_its_workers_keep_pandas_out_of_arrow():
    pytest.importorskip("pandas")
    code = ("import sys, multiprocessing; from concurrent.futures import ProcessPoolExecutor; "
            "from flows.worker import start_worker; import flows.cli; "
            "from tests.core.test_machine import converted_with_pandas; "
            "pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context('spawn'), initializer=start_worker); "
            "print(pool.submit(converted_with_pandas).result()); pool.shutdown()")
    assert run_python(code) == "False"
    command = ("import sys, flows.cli; from tests.core.test_machine import converted_with_pandas; "
               "flows.cli.main = lambda: print(converted_with_pandas()) or 0; flows.cli.command()")
    assert run_python(command) == "False"


def converted_with_pandas() -> bool:
    import sys

    import pyarrow as pa

    pa.Table.from_pylist([{"a": 1}])
    return "pandas" in sys.modules


def test_the_command_and_its_workers_allocate_arrow_with_malloc():
    # mimalloc kept the pages of every freed table in the command's process (docs/throughput.md, 2026-12-08)
    code = ("import multiprocessing, os; from concurrent.futures import ProcessPoolExecutor; "
            "os.environ.pop('ARROW_DEFAULT_MEMORY_POOL', None); "
            "from flows.worker import start_worker; import flows.cli; "
            "from tests.core.test_machine import arrow_pool; "
            "flows.cli.main = lambda: print(arrow_pool()) or 0; flows.cli.command(); "
            "pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context('spawn'), initializer=start_worker); "
            "print(pool.submit(arrow_pool).result()); pool.shutdown()")
    assert run_python(code).splitlines() == ["system", "system"]
    # without it, pyarrow's own choice (mimalloc or jemalloc in its wheels)
    assert run_python("import os; os.environ.pop('ARROW_DEFAULT_MEMORY_POOL', None); "
                      "from tests.core.test_machine import arrow_pool; print(arrow_pool())") != "system"


def test_a_users_own_arrow_pool_wins():
    code = ("import os; os.environ['ARROW_DEFAULT_MEMORY_POOL'] = 'jemalloc'; import flows.cli; "
            "from tests.core.test_machine import arrow_pool; "
            "flows.cli.main = lambda: print(arrow_pool()) or 0; flows.cli.command()")
    assert run_python(code) == "jemalloc"


def arrow_pool() -> str:
    import pyarrow as pa

    pa.array([1])
    return pa.default_memory_pool().backend_name
