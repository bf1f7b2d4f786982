"""Find or start a Prefect server for the commands that need one (`serve`; later, Dask clusters).

Prefect's embedded API cannot run schedules, and must not be shared by worker processes: with
`PREFECT_API_URL` set we use that server, otherwise we start `prefect server start` as a child
process on 127.0.0.1, wait until it answers, and stop it when we are done.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)


class ServerError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def prefect_executable() -> str:
    beside = Path(sys.executable).with_name("prefect")
    found = str(beside) if beside.exists() else shutil.which("prefect")
    if not found:
        raise ServerError("the `prefect` command is not installed: reinstall articlean (pip install -e .)")
    return found


@contextmanager
def prefect_server(timeout: float = 120.0) -> Iterator[str]:
    """Yield the API URL of a running Prefect server, starting one when PREFECT_API_URL is not set.

    Call this before Prefect is imported: the URL is put in the environment for Prefect to find.
    """
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        if not healthy(configured):
            raise ServerError(f"PREFECT_API_URL={configured} does not answer: start that server or unset the variable")
        yield configured
        return
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false"}
    log.info("starting a Prefect server on 127.0.0.1:%d", port)
    child = subprocess.Popen(
        [prefect_executable(), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while not healthy(api_url):
            if child.poll() is not None:
                err = child.stderr.read().decode(errors="replace")[-2000:] if child.stderr else ""
                raise ServerError(f"`prefect server start` exited with status {child.returncode}:\n{err}")
            if time.monotonic() > deadline:
                raise ServerError(f"the Prefect server did not answer on {api_url} within {timeout:.0f}s")
            time.sleep(0.5)
        os.environ["PREFECT_API_URL"] = api_url
        yield api_url
    finally:
        os.environ.pop("PREFECT_API_URL", None) if os.environ.get("PREFECT_API_URL") == api_url else None
        stop(child)


def stop(child: subprocess.Popen, grace: float = 20.0) -> None:
    """Stop the server and everything it started (it runs in its own process group)."""
    if child.poll() is not None:
        return
    try:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    except ProcessLookupError:
        pass
