"""`timeout 900 pytest` must stop the run: SIGTERM while a Prefect flow runs in a test ends pytest, not that test
(tests/stop_on_sigterm.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from s3_fixtures import FlakyProxy

TESTS = Path(__file__).parent

CHILD_TESTS = '''
import os, time
from pathlib import Path


def test_the_cli_in_process():
    from flows.cli import _stop_on_signals

    _stop_on_signals()  # what `main(["ingest", ...])` in a test leaves behind: SIGTERM -> KeyboardInterrupt


def test_a_flow_is_running():
    from prefect import flow

    @flow
    def sleeps():
        Path(os.environ["FLOW_STARTED"]).write_text("started")
        time.sleep(300)

    sleeps(return_state=True)  # as the S3 tests call a flow: a crashed run comes back as a state


def test_a_later_test():
    Path(os.environ["LATER_TEST_RAN"]).write_text("ran")
'''


@pytest.mark.usefixtures("prefect_api")
def test_sigterm_while_a_flow_runs_stops_the_whole_run(tmp_path):
    """`timeout` signals pytest's whole process group, so the Prefect server the tests started dies with it:
    Prefect's engine, which holds SIGTERM while a flow runs, then fails to report the crash, and the signal ended
    at that one test while pytest went on (seen: later tests failed on a dead S3 endpoint). Here the child
    pytest reaches the session's Prefect API through a proxy that goes down with the signal."""
    from prefect.settings import get_current_settings

    api = urlsplit(str(get_current_settings().api.url))
    proxy = FlakyProxy(api.port)
    (tmp_path / "test_child.py").write_text(textwrap.dedent(CHILD_TESTS))
    started, later = tmp_path / "flow-started", tmp_path / "later-test-ran"
    env = {**os.environ, "PYTHONPATH": str(TESTS), "FLOW_STARTED": str(started), "LATER_TEST_RAN": str(later),
           "PREFECT_API_URL": f"http://127.0.0.1:{proxy.port}{api.path}"}
    child = subprocess.Popen([sys.executable, "-m", "pytest", "-p", "stop_on_sigterm", "-p", "no:cacheprovider", "-q",
                              "--rootdir", str(tmp_path), str(tmp_path / "test_child.py")],
                             cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not started.exists():
            assert child.poll() is None, child.stdout.read().decode()[-3000:]
            assert time.monotonic() < deadline, "the child's flow never started"
            time.sleep(0.2)
        child.send_signal(signal.SIGTERM)
        proxy.fail_now(600)  # the server dies with the group
        sent = time.monotonic()
        out, _ = child.communicate(timeout=120)
    finally:
        proxy.close()
        if child.poll() is None:
            child.kill()
    said = out.decode()
    assert not later.exists(), f"the run went on after SIGTERM:\n{said[-3000:]}"
    assert child.returncode == 128 + signal.SIGTERM, said[-3000:]
    assert time.monotonic() - sent < 60, said[-3000:]
