"""What the command line refuses before anything starts, in one line with exit status 2 and no traceback: a
schedule Prefect would refuse (or one that never fires), a count of workers or a batch size below 1, an option
a subcommand does not take (named with the one meant)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEED

from flows.arguments import cron_schedule, interval_seconds
from flows.cli import _parser, main

ARTICLEAN = str(Path(sys.executable).with_name("articlean"))


def one_line_error(capsys, argv: list[str]) -> str:
    """The line `articlean ARGV` says on stderr, checked to be one line, exit status 2, nothing on stdout."""
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    assert exit_.value.code == 2 and out == "", (exit_.value.code, out)
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err.rstrip("\n")


@pytest.fixture(autouse=True)
def no_server(monkeypatch):
    """Every mistake here is said before anything starts: a Prefect server started fails the test."""
    from flows.server import PrefectAPI

    def start(*args, **kwargs):
        raise AssertionError("a Prefect server was started for arguments that should have been refused")

    monkeypatch.setattr(PrefectAPI, "start", start)


@pytest.fixture
def src_dest(tmp_path) -> tuple[str, str]:
    (tmp_path / "dumps").mkdir()
    (tmp_path / "dumps" / "a.txt").write_bytes(SEED.read_bytes())
    return str(tmp_path / "dumps"), str(tmp_path / "data")


# Each bad schedule the issue met (and a few more), and what its line must say beside the value and an example.
BAD_SCHEDULES = {
    ("--cron", "every 5 min"): "is not a cron schedule (croniter: Exactly 5, 6 or 7 columns",
    ("--cron", "61 * * * *"): "is not a cron schedule (croniter: [61 * * * *] is not acceptable, out of range)",
    ("--cron", "* * * *"): "is not a cron schedule",
    ("--cron", "H * * * *"): "is not a cron schedule",
    ("--cron", "R * * * *"): "Prefect takes no random (R) or hashed (H) fields",
    ("--cron", "0 0 31 2 *"): "never comes",  # valid to Prefect, and serve would wait for February 31st forever
    ("--interval", "0"): "a number above 0, not '0'",
    ("--interval", "-5"): "a number above 0, not '-5'",
    ("--interval", "nan"): "a number above 0, not 'nan'",
    ("--interval", "inf"): "a number above 0, not 'inf'",
    ("--interval", "1e-9"): "a number above 0, not '1e-9'",  # a timedelta of 0: Prefect refuses it
    ("--interval", "1e300"): "past the year 9999",
    ("--interval", "five"): "a number above 0, not 'five'",
}


def test_a_bad_schedule_is_one_line_before_any_server_starts(capsys, src_dest):
    for (option, value), wanted in BAD_SCHEDULES.items():
        started = time.monotonic()
        line = one_line_error(capsys, ["serve", *src_dest, option, value])
        assert time.monotonic() - started < 0.5, "said at once"
        assert line.startswith(f"articlean serve: {option}: ") and value in line and wanted in line, line
        example = '--cron "*/15 * * * *"' if option == "--cron" else "--interval 900"
        assert example in line, line


def test_serve_with_a_bad_schedule_exits_2_in_under_a_second_of_work_and_touches_no_prefect_home(tmp_path, src_dest):
    """The command as a user runs it: nothing of Prefect starts (before, a server came up and its 40-line pydantic
    traceback followed, exit 1, about 10 s)."""
    home = tmp_path / "prefect-home"
    env = {**os.environ, "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)
    for option, value in (("--cron", "every 5 min"), ("--interval", "0")):
        started = time.monotonic()
        done = subprocess.run([ARTICLEAN, "serve", *src_dest, option, value], env=env, capture_output=True, text=True,
                              timeout=60)
        seconds = time.monotonic() - started
        assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr, done.stderr[-2000:]
        assert done.stderr.startswith(f"articlean serve: {option}: ") and len(done.stderr.splitlines()) == 1, done.stderr
        assert seconds < 5, f"{seconds:.1f} s: a server was started"  # Python and the CLI's imports: about 0.4 s here
    assert not home.exists()  # no server ever ran with this Prefect home


GOOD_CRONS = ["*/15 * * * *", "0 6 * * 1-5", "@hourly", "0 0 29 2 *", "0 0 * * MON#2", "30 2 L * *", "0 0 * * * 30"]
BAD_CRONS = ["every 5 min", "61 * * * *", "* * * *", "1-70 * * * *", "*/0 * * * *", "0 0 * jan-foo *", "H * * * *",
             "R * * * *", "", "* * * * * * * *"]
NEVER = ["0 0 31 2 *", "0 0 30 2 *", "0 0 1 1 * * 2020"]  # valid, and no such date comes


def _accepts(check, value) -> bool:
    import argparse

    try:
        check(value)
    except argparse.ArgumentTypeError:
        return False
    return True


def _prefect_accepts(**schedule) -> bool:
    from prefect.client.schemas.schedules import construct_schedule

    try:
        construct_schedule(**schedule)
    except Exception:  # noqa: BLE001 - pydantic's ValidationError, ValueError, OverflowError: all a refusal
        return False
    return True


def test_schedules_are_judged_as_prefect_judges_them_and_one_that_never_fires_is_refused():
    for cron in GOOD_CRONS + BAD_CRONS:
        assert _accepts(cron_schedule, cron) == _prefect_accepts(cron=cron) == (cron in GOOD_CRONS), cron
    for cron in NEVER:
        assert _prefect_accepts(cron=cron) and not _accepts(cron_schedule, cron), cron
    for seconds in ["0", "-5", "1e-9", "nan", "inf", "1e300", "0.5", "1e-6", "60", "900", "86400", "1e10"]:
        assert _accepts(interval_seconds, seconds) == _prefect_accepts(interval=float(seconds)), seconds


def test_cron_is_checked_with_prefects_own_croniter_without_importing_prefect():
    """Prefect's vendored croniter, loaded from its file: importing Prefect first would fix its settings before
    `serve` sets PREFECT_API_URL (and cost 1.4 s). Checked in a fresh interpreter."""
    code = ("import sys; from flows.arguments import _croniter, cron_schedule; cron_schedule('*/15 * * * *'); "
            "print(sys.modules[_croniter().__module__].__file__, 'prefect' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    path, imported = done.stdout.split()
    assert Path(path).parts[-4:] == ("prefect", "_vendor", "croniter", "croniter.py") and imported == "False"


@pytest.mark.parametrize("command", ["ingest", "backfill", "serve"])
@pytest.mark.parametrize("option", ["--workers", "--batch-size"])
def test_workers_and_batch_size_are_whole_numbers_of_at_least_one(capsys, command, option, src_dest):
    schedule = ["--interval", "60"] if command == "serve" else []
    for value in ("0", "-2", "two", "1.5", ""):
        line = one_line_error(capsys, [command, *src_dest, option, value, *schedule])
        assert line == f"articlean {command}: {option}: give a whole number of at least 1, not {value!r}"
    parsed = _parser().parse_args([command, *src_dest, option, "3", *schedule])
    assert getattr(parsed, option[2:].replace("-", "_")) == 3


def test_an_unknown_option_is_named_with_the_close_one_and_the_positionals_are_not_blamed(capsys):
    # before: "unrecognized arguments: --worker data/" (argparse took 2 as SOURCE, and blamed DEST)
    assert one_line_error(capsys, ["ingest", "--worker", "2", "dumps/", "data/"]) == \
        "articlean ingest: unknown option --worker; did you mean --workers?"
    assert one_line_error(capsys, ["ingest", "dumps/", "data/", "--wrokers", "2"]) == \
        "articlean ingest: unknown option --wrokers; did you mean --workers?"
    assert one_line_error(capsys, ["serve", "dumps/", "data/", "--intervl=60"]) == \
        "articlean serve: unknown option --intervl; did you mean --interval?"
    assert one_line_error(capsys, ["ingest", "dumps/", "data/", "--frobnicate"]) == \
        "articlean ingest: unknown option --frobnicate; `articlean ingest --help` lists its options"
    # a required argument still missing is said in one line too
    assert one_line_error(capsys, ["ingest", "dumps/"]) == "articlean ingest: the following arguments are required: DEST"


def test_every_subcommand_suggests_each_of_its_options_misspelled(capsys):
    """One place does it for all: each long option of each subcommand, its last letter dropped."""
    parser = _parser()
    checked = 0
    for command, sub in parser.commands.items():
        for option in sub._option_string_actions:
            if not option.startswith("--") or option == "--help":
                continue
            line = one_line_error(capsys, [command, option[:-1]])
            assert line == f"articlean {command}: unknown option {option[:-1]}; did you mean {option}?"
            checked += 1
    assert checked > 40


def test_values_that_start_with_a_dash_are_not_taken_for_options(capsys, tmp_path):
    # a line to remove that starts with a dash (argparse takes a value with a space as a value), and a
    # negative number, which the option's own check refuses
    assert main(["override", str(tmp_path / "none"), "--source", "a.com", "--remove", "- Advertisement -"]) == 2
    assert "no articles there" in capsys.readouterr().err  # got past the arguments
    line = one_line_error(capsys, ["export", "d", "o", "--limit", "-1", "--nonsense"])
    assert "unknown option --nonsense" in line
