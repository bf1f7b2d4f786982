"""Counts as people write them: "1 source", "2 sources", "1,204 articles".

Hand-written rather than a library's (inflect): every noun these messages count is regular, or names its plural."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and the noun, singular for exactly one: counted(1, "source") is "1 source", counted(0, "run") "0 runs"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
