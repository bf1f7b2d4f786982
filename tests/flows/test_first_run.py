"""The README's main command on a machine that has never run Prefect: a brand-new PREFECT_HOME, whose database
Prefect creates and migrates before its API answers, while other processes keep both cores busy (as on a
loaded CI machine). And when the API can't start, one line that says what to do, not a traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from conftest import SEED, articles

ARTICLEAN = str(Path(sys.executable).with_name("articlean"))


@contextmanager
def busy_cores(n: int = 2):
    """`n` processes spinning on the CPU for as long as the block lasts."""
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


def seed_source(src: Path) -> None:
    """A source folder holding the seed dump."""
    src.mkdir()
    (src / SEED.name).write_bytes(SEED.read_bytes())


def environment(home: Path, **env) -> dict[str, str]:
    """As on a fresh machine: nothing configured (no PREFECT_API_URL) but what `env` sets."""
    environ = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    return {**environ, "PREFECT_HOME": str(home), **env}


def run(args: list[str], home: Path, timeout: float = 600, **env) -> subprocess.CompletedProcess:
    return subprocess.run([ARTICLEAN, *args], env=environment(home, **env), capture_output=True, text=True,
                          timeout=timeout)


def servers_of(home: Path) -> list[str]:
    """Prefect servers still running with this home (none may outlive the command that started them)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            environ = (entry / "environ").read_bytes()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if f"PREFECT_HOME={home}".encode() in environ and (b"uvicorn" in cmdline or b"server\0start" in cmdline):
            found.append(cmdline.decode(errors="replace"))
    return found


def assert_one_line_error(result: subprocess.CompletedProcess, *wanted: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("articlean: ") and "starting" not in line]
    assert len(lines) == 1, result.stderr
    for text in wanted:
        assert text in lines[0], lines[0]


def test_the_first_ingest_in_a_new_prefect_home_works_on_busy_cores(tmp_path):
    src, dest, home = tmp_path / "src", tmp_path / "dest", tmp_path / "prefect-home"
    seed_source(src)
    with busy_cores(2):
        started = time.monotonic()
        result = run(["ingest", str(src), str(dest)], home)
        seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    # a first run migrates Prefect's database before the API answers: the command says what it waits for
    assert f"starting Prefect's embedded API; this first run in {home} sets up Prefect's database" in result.stderr, (
        f"no notice after {seconds:.0f} s: {result.stderr}")
    (row,) = articles(dest)
    assert Path(row["source_uri"]).name == SEED.name and row["title"].startswith("China Says")
    assert not servers_of(home)
    # the next run finds the database: no such notice, and its summary gives the wall time beside the run's own
    again = run(["ingest", str(src), str(dest)], home)
    assert again.returncode == 0 and "database" not in again.stderr, again.stderr
    assert re.search(r"articlean run \w+: [\d.]+ s wall, of which the run itself [\d.]+ s", again.stdout), again.stdout


def test_when_the_api_cannot_start_in_time_one_line_says_what_to_do_and_the_next_run_works(tmp_path):
    src, dest, home = tmp_path / "src", tmp_path / "dest", tmp_path / "prefect-home"
    seed_source(src)
    # Prefect's own setting overrides articlean's wait: 1 s is too short for a first migration
    for command in (["ingest", str(src), str(dest)], ["backfill", str(src), str(dest)]):
        result = run(command, home, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="1")
        assert_one_line_error(result, "did not answer within 1 s", "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS",
                              "PREFECT_API_URL")
        assert not servers_of(home)
    assert articles(dest) == []
    result = run(["ingest", str(src), str(dest)], home)  # the next run, with articlean's own wait
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(articles(dest)) == 1


def test_serve_says_what_to_do_when_its_server_does_not_start(tmp_path):
    src, home = tmp_path / "src", tmp_path / "prefect-home"
    seed_source(src)
    result = run(["serve", str(src), str(tmp_path / "dest"), "--interval", "60"], home,
                 PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="1")
    assert_one_line_error(result, "a Prefect server did not answer within 1 s")
    assert not servers_of(home)


def test_an_unreachable_prefect_api_url_is_one_line(tmp_path):
    src = tmp_path / "src"
    seed_source(src)
    result = run(["ingest", str(src), str(tmp_path / "dest2")], tmp_path / "home", timeout=120,
                 PREFECT_API_URL="http://127.0.0.1:9/api")
    assert_one_line_error(result, "PREFECT_API_URL=http://127.0.0.1:9/api does not answer")


def test_the_server_a_command_started_does_not_outlive_it(tmp_path):
    """SIGTERM (kill, a service manager) stops the command as Ctrl-C does, and its server with it; a SIGKILL
    gives the command no say, so the server is set to die with its parent."""
    import signal

    src, home = tmp_path / "src", tmp_path / "prefect-home"
    seed_source(src)
    environ = environment(home)
    for signum, status in ((signal.SIGTERM, 130), (signal.SIGKILL, -signal.SIGKILL)):
        command = subprocess.Popen([ARTICLEAN, "ingest", str(src), str(tmp_path / f"dest-{signum}")], env=environ,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not servers_of(home):
            assert command.poll() is None and time.monotonic() < deadline, command.stderr.read()
            time.sleep(0.1)
        command.send_signal(signum)
        command.wait(60)
        assert command.returncode == status, command.stderr.read()
        deadline = time.monotonic() + 30
        while servers_of(home):
            assert time.monotonic() < deadline, f"the server outlived {signal.Signals(signum).name}: {servers_of(home)}"
            time.sleep(0.2)
