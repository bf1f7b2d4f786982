"""How `articlean train` shows its stages (`pipeline.quality.progress.Progress`) on stderr: on a terminal, rich's
bars, one row per stage with its count, time taken and an estimate of the time left
("cross-validation, 5 folds ━━━━━━━━╸━━━━━━━ 912/1500 trees 0:01:10 · 0:00:45 left"); in a log (stderr not a
terminal), a plain line when a stage starts, now and then at a tenth of it, and when it ends:

    articlean train: line features: 781 of 7,805 dumps (10%), 0:00:12 so far, about 0:01:48 left
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from pipeline.publish.wording import counted

# In a log, a line at a tenth of a stage only when this long has passed since the stage's last line: a stage of a
# second says when it starts and ends, one of minutes each tenth.
QUIET_SECONDS = 5.0


def stage_bars(stream: TextIO | None = None, live: bool | None = None):
    """A progress display for `stream` (stderr): bars when it is a terminal (or `live`), else plain lines."""
    stream = stream or sys.stderr
    live = stream.isatty() if live is None else live
    return Bars(stream) if live else Lines(stream)


class Bars:
    """rich's progress display: a row per stage, the finished ones kept with the time they took."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self.bars = Progress(
            # rich aligns the rows' columns; the bar takes what an 80-column terminal leaves
            TextColumn("{task.description}"), BarColumn(bar_width=None), MofNCompleteColumn(), TextColumn("{task.fields[units]}"),
            TimeElapsedColumn(), TextColumn("\u00b7"), TimeRemainingColumn(), TextColumn("left"),
            console=Console(file=stream, force_terminal=True),
            # lines printed on a terminal's stdout meanwhile go above the bars; a piped stdout is left alone
            redirect_stdout=sys.stdout.isatty(), redirect_stderr=False)
        self.task = None

    def __enter__(self) -> Bars:
        self.bars.start()
        return self

    def __exit__(self, *exc) -> None:
        self.bars.stop()

    def stage(self, name: str, total: int, unit: str, units: str | None = None) -> None:
        self._finish()
        self.task = self.bars.add_task(name, total=max(total, 1), units=unit if total == 1 else units or unit + "s")

    def advance(self, steps: int = 1) -> None:
        if self.task is not None:
            self.bars.advance(self.task, steps)

    def _finish(self) -> None:
        if self.task is not None:
            self.bars.update(self.task, completed=self.bars.tasks[self.task].total)


class Lines:
    """Plain lines for a log: each stage's start, its tenths with an estimate of the time left, its end."""

    def __init__(self, stream: TextIO, prefix: str = "articlean train: ") -> None:
        self.stream, self.prefix = stream, prefix
        self.name = self.unit = ""
        self.units: str | None = None
        self.total = self.done = self.tenths = 0
        self.started = self.said = 0.0

    def __enter__(self) -> Lines:
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self._finish()

    def stage(self, name: str, total: int, unit: str, units: str | None = None) -> None:
        self._finish()
        self.name, self.total, self.unit, self.units, self.done, self.tenths = name, total, unit, units, 0, 0
        self.started = time.monotonic()
        self._say(f"{name}: {counted(total, unit, units)}")

    def advance(self, steps: int = 1) -> None:
        if not self.name:
            return
        self.done += steps
        tenths = 10 * self.done // max(self.total, 1)
        now = time.monotonic()
        if tenths > self.tenths and self.done < self.total and now - self.said >= QUIET_SECONDS:
            self.tenths = tenths
            spent = now - self.started
            left = spent / self.done * (self.total - self.done)
            self._say(f"{self.name}: {self.done:,} of {counted(self.total, self.unit, self.units)} "
                      f"({100 * self.done // self.total}%), {_clock(spent)} so far, about {_clock(left)} left")

    def _finish(self) -> None:
        if self.name:
            self._say(f"{self.name}: done in {_clock(time.monotonic() - self.started)}")
            self.name = ""

    def _say(self, line: str) -> None:
        self.said = time.monotonic()
        print(self.prefix + line, file=self.stream, flush=True)


def _clock(seconds: float) -> str:
    """0:01:48, as rich's columns write a time."""
    seconds = round(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
