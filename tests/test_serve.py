"""`articlean serve` against a real `prefect server`: it fires on its interval and stops cleanly."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import SEED, articles, make_corpus

from flows.server import healthy

ARTICLEAN = str(Path(sys.executable).with_name("articlean"))


def wait_until(condition, timeout: float, what: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"serve exited early: {process.stderr.read().decode()[-3000:]}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.5)


def test_serve_starts_a_server_fires_on_its_interval_and_stops_it(tmp_path):
    src, dest = tmp_path / "src", tmp_path / "dest"
    make_corpus(src, 3)
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_LOGGING_LEVEL": "WARNING"}
    env.pop("PREFECT_API_URL", None)  # no server configured: serve starts its own
    serve = subprocess.Popen([ARTICLEAN, "serve", str(src), str(dest), "--interval", "5", "--workers", "1"],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        banner = serve.stdout.readline().decode()
        api_url = re.search(r"via (http://127\.0\.0\.1:\d+/api)", banner).group(1)
        assert healthy(api_url)

        wait_until(lambda: len(articles(dest)) == 3, 240, "the first scheduled run", serve)
        first_runs = {r["run_id"] for r in articles(dest)}
        shutil.copy(SEED, src / "new-dump.txt")  # a dump lands between two runs
        wait_until(lambda: len(articles(dest)) == 4, 120, "a later scheduled run to pick up the new dump", serve)
        rows = articles(dest)
        new = next(r for r in rows if r["source_uri"].endswith("new-dump.txt"))
        assert new["run_id"] not in first_runs  # written by a later run of the schedule
        assert len({r["source_uri"] for r in rows}) == 4
    finally:
        os.killpg(serve.pid, signal.SIGINT)  # Ctrl-C
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            raise
    assert serve.returncode == 0, serve.stderr.read().decode()[-3000:]
    assert not healthy(api_url)  # the server it started is gone too
