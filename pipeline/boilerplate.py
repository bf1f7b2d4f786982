"""Lines learned as boilerplate across a source's documents.

A line that recurs, word for word (case and punctuation aside), in many articles of the same source is
furniture even when no rule names it: "Please let us know if you're having issues with commenting.",
"CLICK HERE TO GET THE FOX NEWS APP", a site's newsletter pitch. Counting is per source (site), over the
documents of one run; the threshold depends only on the counts, so the result is the same whatever
order the files arrive in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from pipeline.clean import line_content
from pipeline.rules.base import line_hash, normalise

# Newsroom notes recur across a desk's articles and are still the article's own text (gold guidelines):
# "The Associated Press contributed to this report.", "The AP is solely responsible for all content."
_NEWSROOM_NOTE_RE = re.compile(
    r"\bcontributed (?:to )?(?:this|the) (?:report|story|article)\b|\bsolely responsible for all content\b"
    r"|^editor[’']?s note\b|\breceives (?:financial )?support from\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class BoilerplateSettings:
    # A line must recur in at least this many documents of a source: two could be a quote repeated by
    # two stories on the same event.
    min_documents: int = 3
    # ... and in at least this share of the source's documents, so that a big source's recurring quote is
    # not taken for furniture while its real furniture (in nearly every article) is.
    min_share: float = 0.2
    # Furniture is short; a long recurring line is a syndicated paragraph, which deduplication handles.
    max_chars: int = 200
    min_chars: int = 12


def _countable_keys(text: str, settings: BoilerplateSettings) -> dict[int, str]:
    """The hashes of a text's countable lines (short, not a newsroom note), each with its normalised text."""
    keys = {}
    for raw in text.split("\n"):
        content = line_content(raw)
        if settings.min_chars <= len(content) <= settings.max_chars and not _NEWSROOM_NOTE_RE.search(content):
            key = normalise(content)
            keys[line_hash(key)] = key
    return keys


@dataclass
class LineCounts:
    """In how many documents of each source each short line occurs (each document counted once). Lines are
    kept as 8-byte hashes in sorted NumPy arrays with their counts, 12 bytes a line: a dict of Python ints
    took ten times that, which a run of 100,000 documents (millions of distinct lines) could not afford.
    Their text is not kept: `texts_of` finds it for the few lines learned."""

    documents: Counter = field(default_factory=Counter)  # source -> documents seen
    lines: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # source -> (hashes, counts)
    _pending: dict[str, list[tuple[np.ndarray, np.ndarray]]] = field(default_factory=dict, repr=False)
    _pending_lines: int = field(default=0, repr=False)

    # Arrays added since the last fold are merged into `lines` once they hold this many lines.
    FOLD_LINES = 1_000_000

    def add(self, source: str, text: str, settings: BoilerplateSettings = BoilerplateSettings()) -> None:
        self.documents[source] += 1
        hashes = np.fromiter(_countable_keys(text, settings), np.uint64)
        self._add(source, hashes, np.ones(len(hashes), np.uint32))

    def merge(self, other: LineCounts) -> None:
        self.documents.update(other.documents)
        other._fold()
        for source, (hashes, counts) in other.lines.items():
            self._add(source, hashes, counts)

    def learned(self, settings: BoilerplateSettings = BoilerplateSettings()) -> dict[str, dict[int, int]]:
        """source -> {line hash: documents it occurs in}, for the lines above the threshold, by hash."""
        self._fold()
        found = {}
        for source, (hashes, counts) in sorted(self.lines.items()):
            threshold = max(settings.min_documents, settings.min_share * self.documents[source])
            above = counts >= threshold
            if above.any():
                found[source] = dict(zip(hashes[above].tolist(), counts[above].tolist(), strict=True))
        return found

    def __getstate__(self) -> dict:
        # sent folded (a worker's batch as one array pair per source, not one small array per document)
        self._fold()
        return self.__dict__.copy()

    def _add(self, source: str, hashes: np.ndarray, counts: np.ndarray) -> None:
        self._pending.setdefault(source, []).append((hashes, counts))
        self._pending_lines += len(hashes)
        if self._pending_lines >= self.FOLD_LINES:
            self._fold()

    def _fold(self) -> None:
        for source, parts in self._pending.items():
            if source in self.lines:
                parts = [self.lines[source], *parts]
            hashes = np.concatenate([h for h, _ in parts])
            counts = np.concatenate([c for _, c in parts])
            order = np.argsort(hashes, kind="stable")
            hashes, counts = hashes[order], counts[order]
            if len(hashes):  # one entry per hash, its counts summed
                starts = np.flatnonzero(np.concatenate([[True], hashes[1:] != hashes[:-1]]))
                hashes, counts = hashes[starts], np.add.reduceat(counts, starts).astype(np.uint32)
            self.lines[source] = (hashes, counts)
        self._pending.clear()
        self._pending_lines = 0


def texts_of(text: str, wanted: Iterable[int], settings: BoilerplateSettings = BoilerplateSettings()) -> dict[int, str]:
    """The normalised text of those `wanted` line hashes that occur in `text` (for the report of what a run
    learned, found while cleaning rather than kept for every line counted)."""
    wanted = set(wanted)
    return {digest: key for digest, key in _countable_keys(text, settings).items() if digest in wanted}


def count_lines(documents: Iterable[tuple[str, str]], settings: BoilerplateSettings = BoilerplateSettings()) -> LineCounts:
    """Counts over (source, text) pairs."""
    counts = LineCounts()
    for source, text in documents:
        counts.add(source, text, settings)
    return counts
