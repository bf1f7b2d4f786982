"""What the command line checks before anything starts, each mistake said in one line with exit status 2:
argparse types for counts and schedules, and an unknown option named with the one meant (`--worker` ->
`--workers`), for every subcommand.

Schedules are checked here, not by Prefect, because Prefect checks them only after `serve` has started its
server, and then says so in a 40-line pydantic traceback.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import math
import re
import sys
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import NoReturn

# argparse takes a token like this as a value, not an option, when no option looks like one: `--interval -5`
NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")
CRON_EXAMPLE = '--cron "*/15 * * * *" for every 15 minutes (cron times are UTC)'
INTERVAL_EXAMPLE = "--interval 900 for every 15 minutes"


class Parser(argparse.ArgumentParser):
    """argparse with its mistakes said in one line, `articlean ingest: --workers: ...`, instead of the usage
    and an error line."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message.removeprefix('argument ')}\n")


def unknown_option(commands: dict[str, argparse.ArgumentParser], argv: list[str]) -> str | None:
    """The line that names the first option in `argv` its subcommand does not take, with the close one when
    there is one; None when every option is known. Checked before argparse parses, which would take the
    misspelled option's value as a positional and blame what is left (`--worker 2 dumps/ data/`:
    "unrecognized arguments: --worker data/")."""
    command = next((token for token in argv if not token.startswith("-")), None)
    parser = commands.get(command)
    if parser is None:  # no subcommand, or a wrong one: argparse says so
        return None
    known = parser._option_string_actions  # argparse keeps no public list of a parser's option strings
    for token in argv[argv.index(command) + 1:]:
        if token == "--":  # what follows is positional
            break
        if not token.startswith("-") or token == "-" or NEGATIVE_NUMBER.match(token) or " " in token:
            continue  # a value (argparse's own rules: a negative number, or a string with a space, is one)
        name = token.split("=", 1)[0]
        if name in known or (not token.startswith("--") and token[:2] in known):  # `--workers=2`, `-v`
            continue
        close = difflib.get_close_matches(name, [option for option in known if option.startswith("--")], n=1)
        hint = f"did you mean {close[0]}?" if close else f"`{parser.prog} --help` lists its options"
        return f"{parser.prog}: unknown option {name}; {hint}"
    return None


def positive_int(text: str) -> int:
    """--workers and --batch-size: 0 workers would clean nothing, and a batch of 0 inputs would never end."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"give a whole number of at least 1, not {text!r}")
    return value


def interval_seconds(text: str) -> float:
    """--interval: seconds between runs, as Prefect's IntervalSchedule takes them (a timedelta above 0, so at
    least a microsecond), whose next run is a date Python can hold."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and timedelta(seconds=min(seconds, 1.0)) > timedelta(0)):
        raise argparse.ArgumentTypeError(f"give the seconds between runs, a number above 0, not {text!r}: e.g. "
                                         f"{INTERVAL_EXAMPLE}")
    try:
        datetime.now(UTC) + timedelta(seconds=seconds)
    except OverflowError:
        raise argparse.ArgumentTypeError(f"{text} seconds from now is past the year 9999: e.g. {INTERVAL_EXAMPLE}") from None
    return seconds


def cron_schedule(text: str) -> str:
    """--cron: a schedule Prefect takes (checked with Prefect's own croniter, as Prefect checks it), and one that
    fires at least once ("0 0 31 2 *", February 31st, is valid and never comes: serve would wait forever)."""
    croniter = _croniter()
    if croniter is None:  # neither Prefect's copy nor the package: Prefect says it, later
        return text
    try:
        found = croniter(text, datetime.now(UTC))
    except (ValueError, KeyError, TypeError) as err:  # croniter's errors are ValueErrors; a bad type range a TypeError
        raise argparse.ArgumentTypeError(f'"{text}" is not a cron schedule (croniter: {str(err).rstrip(".")}); give minute '
                                         f"hour day-of-month month day-of-week, e.g. {CRON_EXAMPLE}") from None
    # Prefect refuses croniter's random and hashed fields (prefect._internal.schemas.validators.validate_cron_string)
    if any(field.casefold() in ("r", "h") for field in text.split()):
        raise argparse.ArgumentTypeError(f'"{text}": Prefect takes no random (R) or hashed (H) fields: e.g. {CRON_EXAMPLE}')
    try:
        found.get_next(datetime)
    except ValueError:  # CroniterBadDateError: no such date in the years croniter searches
        raise argparse.ArgumentTypeError(f'"{text}" never comes (no date matches it): e.g. {CRON_EXAMPLE}') from None
    return text


@cache
def _croniter():
    """The croniter class Prefect validates cron schedules with: its vendored copy (Prefect 3.x since it stopped
    depending on the package), loaded from its file so that Prefect itself is not imported (that takes 1.4 s, and
    fixes Prefect's settings before `serve` sets PREFECT_API_URL); else the croniter package, which earlier
    Prefect 3 releases use; else None."""
    prefect = importlib.util.find_spec("prefect")
    vendored = Path(prefect.origin).parent / "_vendor" / "croniter" / "croniter.py" if prefect and prefect.origin else None
    if vendored is not None and vendored.is_file():
        spec = importlib.util.spec_from_file_location("articlean_prefect_croniter", vendored)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # as the import system does (importlib's recipe for a module from a file)
        spec.loader.exec_module(module)
        return module.croniter
    try:
        from croniter import croniter
    except ImportError:
        return None
    return croniter
