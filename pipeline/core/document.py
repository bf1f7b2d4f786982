"""The data that flows through the library: one cleaned article and the removals that made it."""

from __future__ import annotations

from dataclasses import dataclass, field

# The label set of the gold guidelines (gold/GUIDELINES.md), minus "body".
# The labels file `articlean review` saves and `articlean eval`/`train` read (`pipeline.quality.labels`).
LABELS_FORMAT = "articlean-labels/1"
KINDS = ("title", "byline", "caption", "credit", "duplicate", "related", "ad", "widget", "footer")


@dataclass(frozen=True, slots=True)
class Removal:
    """One piece of the raw text that is not article body, and why.

    `line` is 1-based over the raw text split on "\\n". `text` is the removed text: the line's whole
    stripped content, or, for noise glued to a paragraph, only the cut piece.
    """

    line: int
    kind: str
    rule: str
    text: str
    score: float | None = None  # for rule "model": the learned model's probability that the line is noise

    def to_dict(self) -> dict:
        return {"line": self.line, "kind": self.kind, "rule": self.rule, "text": self.text, "score": self.score}


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A kept body paragraph and the raw line it came from."""

    line: int
    text: str


@dataclass(slots=True)
class Article:
    """The result of cleaning one dump."""

    title: str | None
    paragraphs: list[Paragraph]
    removed: list[Removal]
    byline: str | None = None
    date: str | None = None
    metadata: dict = field(default_factory=dict)

    @property
    def body(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    def removed_by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for removal in self.removed:
            counts[removal.kind] = counts.get(removal.kind, 0) + 1
        return counts


@dataclass(frozen=True, slots=True)
class Reject:
    """An input that could not become an article: where it came from, why, and its raw bytes."""

    source_uri: str
    member: int | None  # the line number inside a .jsonl input, None for a whole file
    kind: str  # empty, binary, undecodable, too_large, truncated_gzip, not_gzip, vanished, unreadable, bad_json, not_an_article
    message: str
    raw: bytes
