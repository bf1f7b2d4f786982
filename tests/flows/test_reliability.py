"""The dataset under real processes: killed mid-write, two runs at once, read by DuckDB."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import articles, make_corpus

from pipeline.dataset.tables import Dataset

ARTICLEAN = str(Path(sys.executable).with_name("articlean"))


def start(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "WARNING"}
    env.pop("PREFECT_API_URL", None)  # each CLI run uses its own embedded API
    return subprocess.Popen([ARTICLEAN, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def kill_tree(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)  # the CLI and its worker processes
    process.wait()


def wait_for(condition, process: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the run ended before the test could kill it: {process.stderr.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            kill_tree(process)
            pytest.fail("timed out waiting for the run to write")
        time.sleep(0.02)


def assert_readable(dest: Path) -> None:
    """Every visible file is a whole Parquet file, and DuckDB reads the dataset as a whole."""
    import duckdb

    for path in Dataset(dest).files("articles"):
        pq.read_metadata(path)  # raises on a partial file
    duckdb.sql(f"select count(*) from read_parquet('{dest}/articles/**/*.parquet', hive_partitioning=true)").fetchall()


def per_input(dest: Path) -> Counter:
    return Counter(r["source_uri"] for r in articles(dest))


def test_ingest_killed_mid_write_leaves_a_readable_dataset_and_the_next_run_completes_it(tmp_path):
    src, dest = tmp_path / "src", tmp_path / "dest"
    inputs = make_corpus(src, 1500)
    run = start("ingest", str(src), str(dest), "--batch-size", "25", "--workers", "2")
    wait_for(lambda: len(Dataset(dest).files("articles")) >= 3, run)
    kill_tree(run)

    assert_readable(dest)
    partial = per_input(dest)
    assert 0 < len(partial) < len(inputs)
    assert max(partial.values()) == 1  # nothing written twice

    finish = start("ingest", str(src), str(dest), "--batch-size", "25", "--workers", "2")
    out, err = finish.communicate(timeout=600)
    assert finish.returncode == 0, err.decode()[-2000:]
    assert per_input(dest) == Counter({str(p.resolve()): 1 for p in inputs})
    assert not list((dest / "articles").glob("*/.tmp-*"))  # the killed run's temporary files are gone


def test_backfill_killed_midway_shows_each_input_old_or_new_never_both(tmp_path):
    src, dest = tmp_path / "src", tmp_path / "dest"
    inputs = make_corpus(src, 600)
    first = start("ingest", str(src), str(dest), "--batch-size", "20", "--workers", "2")
    assert first.wait(timeout=600) == 0
    from test_flows import mark_old_version

    mark_old_version(dest)

    def some_rewritten() -> bool:
        # through the store's reader, one handle per file: pq.read_table(path) opens a file twice and can pair a
        # replaced file's old footer with its new bytes (tests/io/test_storage.py)
        dataset = Dataset(dest)
        return any(dataset.read_columns(p, ["pipeline_version"])["pipeline_version"][0].as_py() != "old"
                   for p in dataset.files("articles"))

    run = start("backfill", str(src), str(dest), "--batch-size", "20", "--workers", "2")
    wait_for(some_rewritten, run)
    kill_tree(run)

    assert_readable(dest)
    rows = articles(dest)
    assert Counter(r["source_uri"] for r in rows) == Counter({str(p.resolve()): 1 for p in inputs})
    versions = Counter(r["pipeline_version"] for r in rows)
    assert versions["old"] > 0 and len(versions) == 2  # stopped midway: some old, some new, each input once

    again = start("backfill", str(src), str(dest), "--batch-size", "20", "--workers", "2")
    assert again.wait(timeout=600) == 0
    rows = articles(dest)
    assert Counter(r["source_uri"] for r in rows) == Counter({str(p.resolve()): 1 for p in inputs})
    assert "old" not in {r["pipeline_version"] for r in rows}


def test_two_ingests_at_once_write_each_input_once(tmp_path):
    src, dest = tmp_path / "src", tmp_path / "dest"
    inputs = make_corpus(src, 300)
    runs = [start("ingest", str(src), str(dest), "--batch-size", "20", "--workers", "1") for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err.decode()[-2000:]
    assert per_input(dest) == Counter({str(p.resolve()): 1 for p in inputs})
    assert_readable(dest)


def test_duckdb_reads_the_dataset_as_documented(tmp_path):
    import duckdb

    src, dest = tmp_path / "src", tmp_path / "dest"
    make_corpus(src, 5)
    (src / "empty.txt").write_bytes(b"")
    run = start("ingest", str(src), str(dest), "--workers", "1")
    out, err = run.communicate(timeout=600)
    assert run.returncode == 0, err.decode()
    assert "articles written" in out.decode()
    got = duckdb.sql(
        f"select count(*), count(distinct doc_id), min(language), max(len(removed)) > 0, min(ingest_date) is not null "
        f"from read_parquet('{dest}/articles/**/*.parquet', hive_partitioning=true)").fetchall()[0]
    assert got == (5, 5, "en", True, True)
    rejects = duckdb.sql(f"select error_kind, octet_length(raw) from read_parquet('{dest}/rejects/**/*.parquet')").fetchall()
    assert rejects == [("empty", 0)]


def test_killing_only_the_main_process_leaves_no_worker_writing(tmp_path):
    # the OOM killer or `kill -9 PID` takes the main process alone: its workers must not commit later
    src, dest = tmp_path / "src", tmp_path / "dest"
    inputs = make_corpus(src, 1500)
    run = start("ingest", str(src), str(dest), "--batch-size", "25", "--workers", "2")
    wait_for(lambda: len(Dataset(dest).files("articles")) >= 2, run)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    finish = start("ingest", str(src), str(dest), "--batch-size", "25", "--workers", "2")
    _, err = finish.communicate(timeout=600)
    assert finish.returncode == 0, err.decode()[-2000:]
    time.sleep(3)  # long enough for an orphaned worker to finish a batch, had it survived
    assert per_input(dest) == Counter({str(p.resolve()): 1 for p in inputs})
    os.killpg(run.pid, signal.SIGKILL) if _group_alive(run.pid) else None


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
