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


@dataclass
class LineCounts:
    """In how many documents of each source each short line occurs (each document counted once). Lines are
    kept as 8-byte hashes; their text only once seen twice, for the report of what was learned."""

    documents: Counter = field(default_factory=Counter)  # source -> documents seen
    lines: dict[str, Counter] = field(default_factory=dict)  # source -> line hash -> documents
    texts: dict[int, str] = field(default_factory=dict)  # line hash -> normalised line, for lines seen twice

    def add(self, source: str, text: str, settings: BoilerplateSettings = BoilerplateSettings()) -> None:
        self.documents[source] += 1
        keys = {}
        for raw in text.split("\n"):
            content = line_content(raw)
            if settings.min_chars <= len(content) <= settings.max_chars and not _NEWSROOM_NOTE_RE.search(content):
                key = normalise(content)
                keys[line_hash(key)] = key
        counter = self.lines.setdefault(source, Counter())
        counter.update(keys.keys())
        for digest, key in keys.items():
            if counter[digest] == 2:
                self.texts[digest] = key

    def merge(self, other: LineCounts) -> None:
        self.documents.update(other.documents)
        self.texts.update(other.texts)
        for source, counter in other.lines.items():
            self.lines.setdefault(source, Counter()).update(counter)

    def learned(self, settings: BoilerplateSettings = BoilerplateSettings()) -> dict[str, dict[int, int]]:
        """source -> {line hash: documents it occurs in}, for the lines above the threshold."""
        found = {}
        for source, counter in self.lines.items():
            threshold = max(settings.min_documents, settings.min_share * self.documents[source])
            lines = {digest: n for digest, n in counter.items() if n >= threshold}
            if lines:
                found[source] = dict(sorted(lines.items()))
        return found

    def text_of(self, digest: int) -> str:
        return self.texts.get(digest, f"#{digest:016x}")


def count_lines(documents: Iterable[tuple[str, str]], settings: BoilerplateSettings = BoilerplateSettings()) -> LineCounts:
    """Counts over (source, text) pairs."""
    counts = LineCounts()
    for source, text in documents:
        counts.add(source, text, settings)
    return counts
