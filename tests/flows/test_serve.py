"""`articlean serve` against a real `prefect server`: it fires on its interval and stops cleanly."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import articles

from flows.server import healthy

ARTICLEAN = str(Path(sys.executable).with_name("articlean"))


class Drained:
    """A child's stderr, read as it comes: a pipe nobody reads blocks the child once it holds 64 KB, and serve
    under load writes Prefect's warnings and its flow runs' output there."""

    def __init__(self, stream) -> None:
        self.chunks: list[bytes] = []
        self._reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._reader.start()

    def _read(self, stream) -> None:
        for chunk in iter(lambda: stream.read1(65536), b""):
            self.chunks.append(chunk)

    def tail(self, size: int = 3000) -> str:
        self._reader.join(timeout=5)
        return b"".join(self.chunks).decode(errors="replace")[-size:]


def wait_until(condition, timeout: float, what: str, process: subprocess.Popen, stderr: Drained) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"serve exited early: {stderr.tail()}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.5)


def test_serve_starts_a_server_fires_on_its_interval_and_stops_it(tmp_path):
    """serve runs ingest on its schedule, says each run in one line, learns a site's boilerplate across runs
    (a dump landing alone between runs loses the header its site's earlier dumps taught), and on Ctrl-C
    stops its server and deletes the runs it had scheduled. Its runs clean with the user's rules (--rules)."""
    from test_flows import HEADER, bugle_dumps

    src, dest = tmp_path / "src", tmp_path / "dest"
    bugle_dumps(src / "bugle", 0, 3)
    rules = tmp_path / "rules.toml"  # each dump's last line, "This closing paragraph number 2 makes the copy ..."
    rules.write_text("[[rule]]\nname = 'closing_note'\nkind = 'footer'\npatterns = ['this closing paragraph number \\d+ ']\n",
                     encoding="utf-8")
    # PYTHONFAULTHANDLER: should serve not stop, SIGABRT makes it print where each of its threads is
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_LOGGING_LEVEL": "WARNING",
           "PYTHONFAULTHANDLER": "1"}
    env.pop("PREFECT_API_URL", None)  # no server configured: serve starts its own
    serve = subprocess.Popen([ARTICLEAN, "serve", str(src), str(dest), "--interval", "5", "--workers", "1",
                              "--rules", str(rules)],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    stderr = Drained(serve.stderr)
    try:
        banner = serve.stdout.readline().decode()
        api_url = re.search(r"via (http://127\.0\.0\.1:\d+/api)", banner).group(1)
        assert healthy(api_url)

        wait_until(lambda: len(articles(dest)) == 3, 240, "the first scheduled run", serve, stderr)
        first_runs = {r["run_id"] for r in articles(dest)}
        run_line = serve.stdout.readline().decode()  # the help line, then one line per run
        assert "to run it now as well, run `articlean ingest" in run_line
        assert re.search(r"run \w+: 3 inputs found, 3 articles written", serve.stdout.readline().decode())
        (new_dump,) = bugle_dumps(src / "bugle", 3, 1)  # a dump lands between two runs
        wait_until(lambda: len(articles(dest)) == 4, 120, "a later scheduled run to pick up the new dump", serve, stderr)
        rows = articles(dest)
        new = next(r for r in rows if r["source_uri"] == str(new_dump.resolve()))
        assert new["run_id"] not in first_runs  # written by a later run of the schedule
        assert len({r["source_uri"] for r in rows}) == 4
        assert all(HEADER not in r["text"] for r in rows)  # learned in the first run, still known in the later one
        assert all(".rules-" in r["pipeline_version"] and "closing paragraph" not in r["text"]
                   and [x["rule"] for x in r["removed"]].count("closing_note") == 1 for r in rows)
    finally:
        os.killpg(serve.pid, signal.SIGINT)  # Ctrl-C
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            serve.send_signal(signal.SIGABRT)  # its threads' stacks to stderr
            time.sleep(3)
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()
            raise AssertionError(f"serve did not stop within 60 s of Ctrl-C; its stderr:\n{stderr.tail(12000)}") from None
    assert serve.returncode == 0, stderr.tail()
    said = serve.stdout.read().decode()
    assert "Traceback" not in said and "prefect deployment run" not in said  # Prefect's own banner is not shown
    assert int(re.search(r"stopped serving; (\d+) scheduled run\(s\) that had not started were deleted", said).group(1)) > 0
    assert not healthy(api_url)  # the server it started is gone too


def _ends_soon() -> None:
    time.sleep(0.5)


def _holds_on() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a run that does not let go: only SIGKILL ends it
    time.sleep(600)


def test_a_run_still_going_when_serve_stops_is_given_its_grace_then_stopped():
    """What `serve` does after Ctrl-C with the flow runs Prefect's runner started in child processes: one that ends
    within the grace is left to end; one that does not is stopped, even if it ignores SIGTERM."""
    from flows.cli import stop_runs_in_flight

    fork = multiprocessing.get_context("fork")
    quick, stuck = fork.Process(target=_ends_soon), fork.Process(target=_holds_on)
    quick.start()
    stuck.start()
    time.sleep(0.3)  # the stuck one has set its handler
    started = time.monotonic()
    assert stop_runs_in_flight(grace=2.0) == 1
    assert time.monotonic() - started < 15
    assert not quick.is_alive() and quick.exitcode == 0
    assert not stuck.is_alive() and stuck.exitcode == -signal.SIGKILL
