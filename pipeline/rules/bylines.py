"""Author and date lines: "By Jane Doe", "Updated on: March 23, 2024 / 8:41 PM EDT", "/ CBS/AP"."""

from __future__ import annotations

from pipeline.rules.base import LineRule
from pipeline.rules.patterns import BYLINE_RES

BYLINE_RULES = tuple(LineRule(name, "byline", (pattern,), max_chars=300) for name, pattern in BYLINE_RES)
