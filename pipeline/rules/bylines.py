"""Author and date lines: "By Jane Doe", "Updated on: March 23, 2024 / 8:41 PM EDT", "/ CBS/AP"."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.rules.base import Page, Rule, Verdict
from pipeline.rules.patterns import BYLINE_RES


class BylineLine(Rule):
    kind = "byline"

    def __init__(self, name: str, pattern) -> None:
        self.name = name
        self.pattern = pattern

    def find(self, page: Page) -> Iterator[Verdict]:
        for i, line in enumerate(page.lines):
            if page.is_free(i) and len(line.text) <= 300 and self.pattern.match(line.text):
                yield self.whole(i)


BYLINE_RULES = tuple(BylineLine(name, pattern) for name, pattern in BYLINE_RES)
