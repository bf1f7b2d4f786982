"""Ingest on a real Dask cluster (a scheduler and two workers on 127.0.0.1) through a real Prefect server."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import articles, make_corpus

from flows.server import free_port, prefect_server

BIN = Path(sys.executable).parent


def start(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def comparable(dest: Path) -> dict:
    """Rows by source, without what says when or by which run or process they were written."""
    skip = {"ingested_at", "run_id"}
    return {r["source_uri"]: {k: v for k, v in r.items() if k not in skip} for r in articles(dest)}


@pytest.fixture
def cluster(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect-home"))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with prefect_server() as api_url:
        port = free_port()
        env = {**os.environ, "PREFECT_API_URL": api_url, "PREFECT_LOGGING_LEVEL": "WARNING"}
        scheduler = start([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                           "--dashboard-address", "127.0.0.1:0", "--no-show"], env)
        workers = [start([str(BIN / "dask"), "worker", f"tcp://127.0.0.1:{port}", "--host", "127.0.0.1",
                          "--nworkers", "1", "--nthreads", "1", "--dashboard-address", "127.0.0.1:0",
                          "--local-directory", str(tmp_path / f"worker{n}")], env) for n in range(2)]
        try:
            wait_for_workers(port, 2)
            yield f"tcp://127.0.0.1:{port}", env
        finally:
            for process in [*workers, scheduler]:
                stop(process)


def wait_for_workers(port: int, n: int, timeout: float = 120) -> None:
    from distributed import Client

    with Client(f"tcp://127.0.0.1:{port}", timeout=60) as client:
        client.wait_for_workers(n, timeout=timeout)


def test_ingest_on_a_dask_cluster_equals_a_local_run(tmp_path, cluster):
    address, env = cluster
    src = tmp_path / "src"
    make_corpus(src, 2000)
    on_dask = subprocess.run([str(BIN / "articlean"), "ingest", str(src), str(tmp_path / "dask"), "--dask-address", address,
                              "--batch-size", "100"], env=env, capture_output=True, text=True, timeout=900)
    assert on_dask.returncode == 0, on_dask.stderr[-3000:]
    workers_used = int(re.search(r"worker processes that cleaned\s+(\d+)", on_dask.stdout).group(1))
    assert workers_used == 2  # both Dask workers cleaned batches

    local_env = {k: v for k, v in env.items() if k != "PREFECT_API_URL"}
    local = subprocess.run([str(BIN / "articlean"), "ingest", str(src), str(tmp_path / "local"), "--batch-size", "100"],
                           env=local_env, capture_output=True, text=True, timeout=900)
    assert local.returncode == 0, local.stderr[-3000:]
    dask_rows, local_rows = comparable(tmp_path / "dask"), comparable(tmp_path / "local")
    assert len(dask_rows) == 2000
    assert dask_rows == local_rows
