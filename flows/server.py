"""The Prefect API a command talks to: `PREFECT_API_URL` when it is set, otherwise a server of our own on
127.0.0.1, started as the command starts and stopped when it ends.

For `ingest` and `backfill` that server is Prefect's embedded API (the same uvicorn app, in the same light
mode, that Prefect starts on its own when no API is configured). We start it ourselves rather than let the
flow start it, for three reasons measured on this project's 2-core machine:
- it starts while the command imports Prefect and lists its inputs, instead of after (Prefect imports its
  server code in the calling process first: 5.4 s to an answer, against 3.4 s for the same command started
  directly);
- a first run in a new PREFECT_HOME creates and migrates Prefect's database before the API answers: 33 s on
  2 busy cores, past Prefect's default wait of 20 s, so a new user's first run failed. We wait longer and say
  on stderr what we are waiting for;
- when it does fail, the user gets one line that says what to do, not a traceback.

`serve` needs schedules, which only the full `prefect server start` runs.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flows.worker import die_with_parent

log = logging.getLogger(__name__)

# Long enough for a first migration of Prefect's database on a slow, busy machine (33 s measured on 2 busy
# cores). Prefect's own PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, when set, wins.
STARTUP_TIMEOUT = 300.0
# A warm start takes about 3.5 s; after this long, say what the command is waiting for: at once (4 s) when the
# database is new, later (15 s) when it is not, since then only a busy machine makes it slow.
NOTICE_AFTER = 4.0
SLOW_NOTICE_AFTER = 15.0
TIMEOUT_SETTING = "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"


class ServerError(RuntimeError):
    """The Prefect API could not be reached or started; the message says what to do."""


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


class PrefectAPI:
    """A Prefect API for this command. `start` returns at once; `wait` blocks until the API answers."""

    def __init__(self, api_url: str, child: subprocess.Popen | None = None, log_file=None, what: str = "",
                 new_database: bool = False) -> None:
        self.api_url, self.child, self.log_file, self.what = api_url, child, log_file, what
        self.new_database = new_database  # whether the server creates Prefect's database first: a slow start
        self.started = time.monotonic()

    @classmethod
    def start(cls, schedules: bool = False) -> PrefectAPI:
        """Use PREFECT_API_URL, or start a server on a free port of 127.0.0.1 and put its URL in the
        environment (so call this before Prefect is imported: Prefect reads its settings at import).
        `schedules`: the full `prefect server start`, which runs schedules; else the embedded API."""
        configured = os.environ.get("PREFECT_API_URL")
        if configured:
            return cls(configured)
        port = free_port()
        api_url = f"http://127.0.0.1:{port}/api"
        env = {**os.environ, "PREFECT_UI_ENABLED": "false", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        if schedules:
            command = [prefect_executable(), "server", "start", "--host", "127.0.0.1", "--port", str(port)]
            what = "a Prefect server"
        else:
            import importlib.util

            # Prefect's embedded API, started as Prefect starts it (prefect.server.api.server.SubprocessASGIServer)
            prefect_dir = Path(importlib.util.find_spec("prefect").origin).parent
            command = [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect_dir.parent), "--factory",
                       "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
                       "--log-level", "error", "--lifespan", "on"]
            env.update({"PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"})
            what = "Prefect's embedded API"
        new_database = not os.environ.get("PREFECT_API_DATABASE_CONNECTION_URL") and not database_file().exists()
        # the server's own messages go to a file, not a pipe nobody reads (a full pipe would stall the server)
        log_file = tempfile.TemporaryFile()
        log.info("starting %s on 127.0.0.1:%d", what, port)
        # its own session, so that stopping it stops all it started; and it dies with this process, however
        # this process ends (a SIGKILL gives no chance to stop it)
        child = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT,
                                 start_new_session=True, preexec_fn=functools.partial(die_with_parent, signal.SIGTERM))
        os.environ["PREFECT_API_URL"] = api_url
        return cls(api_url, child, log_file, what, new_database)

    def wait(self, timeout: float | None = None) -> str:
        """Block until the API answers; return its URL. Raises `ServerError` with one line saying what to do."""
        if self.child is None:
            if not healthy(self.api_url):
                raise ServerError(f"PREFECT_API_URL={self.api_url} does not answer: start that server or unset the variable")
            return self.api_url
        timeout = timeout or startup_timeout()
        noticed = False
        while not healthy(self.api_url):
            waited = time.monotonic() - self.started
            if self.child.poll() is not None:
                if "address already in use" in self._last_words().lower():  # taken between our check and its bind
                    raise ServerError(f"{self.what} could not listen on {self.api_url}: another program took the port "
                                      "while it started; run again")
                raise ServerError(f"{self.what} stopped while starting (exit status {self.child.returncode}): "
                                  f"{self._last_words()}; check PREFECT_HOME ({prefect_home()}) or set PREFECT_API_URL "
                                  "to a running Prefect server")
            if waited > timeout:
                raise ServerError(f"{self.what} did not answer within {timeout:.0f} s (PREFECT_HOME={prefect_home()}): "
                                  f"the machine may be overloaded; run again, set {TIMEOUT_SETTING} higher, or set "
                                  "PREFECT_API_URL to a running Prefect server")
            if self.new_database and waited > NOTICE_AFTER and not noticed:
                print(f"articlean: starting {self.what}; this first run in {prefect_home()} sets up Prefect's database, "
                      f"which can take a minute (waiting up to {timeout:.0f} s)", file=sys.stderr, flush=True)
                noticed = True
            elif waited > SLOW_NOTICE_AFTER and not noticed:
                print(f"articlean: still waiting for {self.what} to answer (up to {timeout:.0f} s): the machine is busy",
                      file=sys.stderr, flush=True)
                noticed = True
            time.sleep(0.1)
        if noticed:
            print(f"articlean: {self.what} answered after {time.monotonic() - self.started:.0f} s", file=sys.stderr, flush=True)
        return self.api_url

    def _last_words(self) -> str:
        self.log_file.seek(0)
        lines = [line.strip() for line in self.log_file.read().decode(errors="replace").splitlines() if line.strip()]
        return lines[-1][:300] if lines else "it printed nothing"

    def stop(self) -> None:
        if self.child is None:
            return
        handlers = sys.modules.get("prefect.logging.handlers")
        if handlers is not None:  # the run's logs go to the API before it stops, not to a dead one at exit
            try:
                handlers.APILogWorker.drain_all(timeout=5)
            except Exception as err:  # noqa: BLE001 - logs lost are not worth a failed command
                log.debug("could not send the last logs to the Prefect API: %s", err)
        if os.environ.get("PREFECT_API_URL") == self.api_url:
            os.environ.pop("PREFECT_API_URL")
        stop(self.child)
        self.log_file.close()


def startup_timeout() -> float:
    """Ours, unless Prefect's own setting was set (in the environment or the Prefect profile)."""
    if os.environ.get(TIMEOUT_SETTING):
        return float(os.environ[TIMEOUT_SETTING])
    try:
        from prefect.settings import get_current_settings

        ephemeral = get_current_settings().server.ephemeral
        if "startup_timeout_seconds" in ephemeral.model_fields_set:
            return float(ephemeral.startup_timeout_seconds)
    except (ImportError, AttributeError):  # a Prefect whose settings are shaped otherwise: ours
        pass
    return STARTUP_TIMEOUT


def prefect_home() -> str:
    return os.environ.get("PREFECT_HOME") or str(Path.home() / ".prefect")


def database_file() -> Path:
    """Prefect's SQLite database when no other is configured (PREFECT_API_DATABASE_CONNECTION_URL)."""
    return Path(prefect_home()) / "prefect.db"


@contextmanager
def prefect_api(schedules: bool = False) -> Iterator[PrefectAPI]:
    """A started (not yet answering) Prefect API for the block: do the command's own start-up work, then
    `wait()`. The server we started stops when the block ends."""
    api = PrefectAPI.start(schedules)
    try:
        yield api
    finally:
        api.stop()


@contextmanager
def prefect_server(timeout: float | None = None) -> Iterator[str]:
    """Yield the URL of a running Prefect server (PREFECT_API_URL, or `prefect server start` on 127.0.0.1)."""
    with prefect_api(schedules=True) as api:
        yield api.wait(timeout)


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
