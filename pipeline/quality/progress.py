"""What a long job says while it runs, a stage at a time: "line features: 1,200 of 7,805 dumps". The library only
reports; the command line draws it (a bar with an estimate on a terminal, a line now and then in a log)."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def stage(self, name: str, total: int, unit: str, units: str | None = None) -> None:
        """A stage begins, and the one before it is done: `total` steps to go, each a `unit` ("dump", "tree"; the
        plural `units` when it is not `unit` + "s")."""

    def advance(self, steps: int = 1) -> None:
        """`steps` more of the current stage are done."""


class Silent:
    """No progress shown (the library's default: tests, and callers that say nothing)."""

    def stage(self, name: str, total: int, unit: str, units: str | None = None) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass


class TreesBuilt:
    """CatBoost's training callback: each tree built is a step (CatBoost calls it after every iteration; it changes
    nothing of what is learned)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def after_iteration(self, info) -> bool:
        self.progress.advance()
        return True  # go on
