"""A pytest plugin: SIGTERM stops the test run, as Ctrl-C does, even while a Prefect flow runs.

`timeout 900 pytest` or a CI runner that cancels a job sends SIGTERM. Without this, pytest has no handler for it, so
a Prefect flow running in a test took it: Prefect's engine turns SIGTERM into a crashed flow run ("Crash detected!")
and re-sends it to the handler that was there before, and where a test had left the CLI's own handler (SIGTERM ->
KeyboardInterrupt) the interrupt ended only that test: pytest went on to the next ones, whose servers were gone.

So: SIGTERM raises KeyboardInterrupt (pytest stops, prints its summary and runs the fixtures' teardown, which
stops the servers the tests started); should the interrupt be swallowed, no further test starts; should the run
still be alive GRACE_SECONDS later, the process's children are terminated and it exits at once. The exit status
is 128 + 15, as a process killed by SIGTERM reports to a shell.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

import pytest

GRACE_SECONDS = 15.0
EXIT_STATUS = 128 + signal.SIGTERM

_stopping = threading.Event()


def _exit_now() -> None:
    try:  # the servers and workers the tests started (psutil comes with prefect-dask's distributed)
        import psutil

        for child in psutil.Process().children(recursive=True):
            child.terminate()
    except Exception:  # noqa: BLE001 - exiting anyway
        pass
    sys.stderr.write("pytest: stopped by SIGTERM\n")
    sys.stderr.flush()
    os._exit(EXIT_STATUS)


def _note_sigterm() -> None:
    """The run is to stop: no test starts after this one, and the process exits GRACE_SECONDS from now at most."""
    if _stopping.is_set():  # the same signal again: Prefect hands on what it took
        return
    _stopping.set()
    timer = threading.Timer(GRACE_SECONDS, _exit_now)
    timer.daemon = True
    timer.start()


def _on_sigterm(signum, frame) -> None:
    _note_sigterm()
    raise KeyboardInterrupt("SIGTERM")


def _install() -> None:
    signal.signal(signal.SIGTERM, _on_sigterm)


def _see_prefects_sigterm() -> None:
    """While a flow runs, Prefect's engine holds SIGTERM and hands it on to the handler before it only when the
    crash it then reports goes through: when `timeout` signals the whole process group, the Prefect server the
    tests started dies with it, the report fails (httpx.ConnectError) and the signal ends at that one test. So the
    handler Prefect installs notes the signal too (a private name of Prefect's: if it goes, the test of this
    plugin fails)."""
    from prefect.utilities import engine

    prefects = engine._prefect_sigterm_handler
    if getattr(prefects, "notes_sigterm", False):
        return

    def noting(signum: int, *args: object):
        _note_sigterm()
        return prefects(signum, *args)

    noting.notes_sigterm = True
    engine._prefect_sigterm_handler = noting


def pytest_configure(config) -> None:
    _install()
    _see_prefects_sigterm()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    # A test may install its own SIGTERM handler (the CLI's run in-process does): put ours back before each test.
    if not _stopping.is_set():
        _install()
    yield
    if _stopping.is_set():
        item.session.shouldstop = "SIGTERM"
    else:
        _install()


def pytest_sessionfinish(session, exitstatus) -> None:
    if _stopping.is_set():
        session.exitstatus = EXIT_STATUS
