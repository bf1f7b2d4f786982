"""Lines learned as boilerplate across a source's documents, in every run alike.

A line that recurs, word for word (case and punctuation aside), in many articles of the same source is
furniture even when no rule names it: "Please let us know if you're having issues with commenting.",
"CLICK HERE TO GET THE FOX NEWS APP", a site's newsletter pitch.

What is counted is kept beside the dataset, so that a site is cleaned the same way whether its dumps arrive
together or one at a time (a scheduled run, an edited file, a backfill of one day):

    DEST/_index/boilerplate/v1/part-<time>-<id>.parquet    source, source_uri, seen, lines

one row per document counted: its source, its input, when it was counted (`seen`, the run's start in ns) and
the hashes of its countable lines. A run counts the inputs it reads, writes their rows as a new segment
before it cleans anything (a run killed after that has its inputs read and counted again by the next run,
and the newer rows win), and learns from the stored rows and its own together. An input counted again
replaces its earlier rows (the newest segment holding an input wins), so re-reading never counts twice.

A line is learned for a source when it occurs in at least `min_documents` of its documents and in at least
`min_share` of the source's documents counted since the line was first seen (at least `min_window` of them,
when the source has that many). Counting from its first sighting lets a site's new header be learned after a
few dumps however many older ones the dataset holds; the documents of one run count as seen together, so
within a run the result does not depend on the order its files arrive in. The store is a cache of what the
inputs hold: lost, or written with other settings, it is rebuilt by counting every input of the next run.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.core.text import line_content, line_hash, normalise
from pipeline.dataset.index import MAX_SEGMENTS, write_segment
from pipeline.io.storage import StorageUnavailable, join

log = logging.getLogger(__name__)

# Newsroom notes recur across a desk's articles and are still the article's own text (gold guidelines):
# "The Associated Press contributed to this report.", "The AP is solely responsible for all content."
_NEWSROOM_NOTE_RE = re.compile(
    r"\bcontributed (?:to )?(?:this|the) (?:report|story|article)\b|\bsolely responsible for all content\b"
    r"|^editor[’']?s note\b|\breceives (?:financial )?support from\b",
    re.IGNORECASE,
)

VERSION = "v1"
SETTINGS_KEY = b"articlean.boilerplate"
LINES_SCHEMA = pa.schema([("source", pa.string()), ("source_uri", pa.string()), ("seen", pa.int64()),
                          ("lines", pa.list_(pa.uint64()))])


@dataclass(frozen=True)
class BoilerplateSettings:
    # A line must recur in at least this many documents of a source: two could be a quote repeated by
    # two stories on the same event.
    min_documents: int = 3
    # ... and in at least this share of the source's documents since it first appeared, so that a big
    # source's recurring quote is not taken for furniture while its real furniture (in nearly every
    # article) is.
    min_share: float = 0.2
    # The share is taken over at least this many documents (or all the source has): three stories in a row
    # on one event, quoting one line, are not a new header.
    min_window: int = 20
    # Furniture is short; a long recurring line is a syndicated paragraph, which deduplication handles.
    max_chars: int = 200
    min_chars: int = 12

    def counted_alike(self) -> bytes:
        """What decides which lines are counted: a store counted otherwise is not used."""
        return json.dumps({"min_chars": self.min_chars, "max_chars": self.max_chars, "version": VERSION}).encode()


@dataclass(frozen=True, slots=True)
class Support:
    """Why a line is learned: it occurs in `documents` of the `out_of` documents of its source counted since
    it was first seen."""

    documents: int
    out_of: int


def _countable_keys(text: str, settings: BoilerplateSettings) -> dict[int, str]:
    """The hashes of a text's countable lines (short, not a newsroom note), each with its normalised text."""
    keys = {}
    for raw in text.split("\n"):
        content = line_content(raw)
        if settings.min_chars <= len(content) <= settings.max_chars and not _NEWSROOM_NOTE_RE.search(content):
            key = normalise(content)
            keys[line_hash(key)] = key
    return keys


class LineRows:
    """Documents' countable lines as rows of `LINES_SCHEMA` (`seen` set when the run stores them)."""

    def __init__(self) -> None:
        self.sources: list[str] = []
        self.uris: list[str] = []
        self.lines: list[np.ndarray] = []

    def add(self, source: str, uri: str, text: str, settings: BoilerplateSettings = BoilerplateSettings()) -> None:
        self.sources.append(source)
        self.uris.append(uri)
        self.lines.append(np.fromiter(_countable_keys(text, settings), np.uint64))

    def table(self, seen: int = 0) -> pa.Table:
        offsets = np.concatenate([[0], np.cumsum([len(lines) for lines in self.lines])]).astype(np.int32)
        flat = np.concatenate(self.lines) if self.lines else np.zeros(0, np.uint64)
        lines = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), pa.array(flat, pa.uint64()))
        return pa.Table.from_arrays([pa.array(self.sources, pa.string()), pa.array(self.uris, pa.string()),
                                     pa.array(np.full(len(self.uris), seen, np.int64)), lines], schema=LINES_SCHEMA)


def learn(rows: pa.Table, settings: BoilerplateSettings = BoilerplateSettings()) -> dict[str, dict[int, Support]]:
    """source -> {line hash: its support}, for the lines above the threshold, from rows of `LINES_SCHEMA`."""
    if not len(rows):
        return {}
    encoded = rows["source"].combine_chunks().dictionary_encode()
    doc_source = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    doc_seen = rows["seen"].to_numpy()
    column = rows["lines"].combine_chunks()
    hashes = pc.list_flatten(column).to_numpy(zero_copy_only=False)
    parent = pc.list_parent_indices(column).to_numpy(zero_copy_only=False)
    found: dict[str, dict[int, Support]] = {}
    for code, source in enumerate(encoded.dictionary.to_pylist()):
        mine = doc_source[parent] == code
        seen_sorted = np.sort(doc_seen[doc_source == code])
        total = len(seen_sorted)
        h, s = hashes[mine], doc_seen[parent[mine]]
        if not len(h):
            continue
        order = np.lexsort((s, h))  # by line, then by when its documents were seen
        h, s = h[order], s[order]
        starts = np.flatnonzero(np.concatenate([[True], h[1:] != h[:-1]]))
        documents = np.diff(np.concatenate([starts, [len(h)]]))
        since = total - np.searchsorted(seen_sorted, s[starts], side="left")  # documents counted since first seen
        out_of = np.maximum(since, min(total, settings.min_window))
        above = (documents >= settings.min_documents) & (documents >= settings.min_share * out_of)
        if above.any():
            found[source] = {int(k): Support(int(d), int(n)) for k, d, n
                             in zip(h[starts][above], documents[above], out_of[above], strict=True)}
    return dict(sorted(found.items()))


def newly_learned(before: dict[str, dict[int, Support]], after: dict[str, dict[int, Support]]) -> dict[str, set[int]]:
    """source -> the lines `after` learns that `before` did not."""
    new = {source: set(lines) - set(before.get(source, ())) for source, lines in after.items()}
    return {source: lines for source, lines in new.items() if lines}


def texts_of(text: str, wanted: Iterable[int], settings: BoilerplateSettings = BoilerplateSettings()) -> dict[int, str]:
    """The normalised text of those `wanted` line hashes that occur in `text` (for the report of what a run
    learned, found while cleaning rather than kept for every line counted)."""
    wanted = set(wanted)
    return {digest: key for digest, key in _countable_keys(text, settings).items() if digest in wanted}


def count_lines(documents: Iterable[tuple[str, str]], settings: BoilerplateSettings = BoilerplateSettings()) -> pa.Table:
    """Rows over (source, text) pairs, each its own input, seen together."""
    rows = LineRows()
    for n, (source, text) in enumerate(documents):
        rows.add(source, f"#{n}", text, settings)
    return rows.table()


class LineStore:
    """The stored rows of a dataset (`DEST/_index/boilerplate/v1/`), those counted with today's settings."""

    def __init__(self, dataset, settings: BoilerplateSettings = BoilerplateSettings()) -> None:
        self.dataset = dataset
        self.folder = join(dataset.index_folder("boilerplate"), VERSION)
        wanted = settings.counted_alike()
        self.segments = []
        for segment in dataset.store.parquet_files(dataset.index_folder("boilerplate")):
            if f"/{VERSION}/" not in segment.replace("\\", "/"):
                continue
            try:
                if (dataset.store.parquet_schema(segment).metadata or {}).get(SETTINGS_KEY) == wanted:
                    self.segments.append(segment)
            except (OSError, pa.ArrowException) as err:
                _unreadable(segment, err)
        self.settings = settings

    @property
    def empty(self) -> bool:
        return not self.segments

    def read(self, sources: Iterable[str] | None = None) -> pa.Table:
        """The current rows (of `sources`): for each input, those of the newest segment holding it."""
        where = None if sources is None else pc.field("source").isin(sorted(set(sources)))
        parts = []
        for number, segment in enumerate(self.segments):
            try:
                part = self.dataset.store.read_parquet(segment, filters=where).select(LINES_SCHEMA.names)
            except (OSError, pa.ArrowException) as err:
                _unreadable(segment, err)
                continue
            parts.append(part.cast(LINES_SCHEMA).append_column("segment", pa.array(np.full(len(part), number), pa.int64())))
        if not parts:
            return LINES_SCHEMA.empty_table()
        table = pa.concat_tables(parts)
        uri = table["source_uri"].combine_chunks().dictionary_encode().indices.to_numpy(zero_copy_only=False)
        segment = table["segment"].to_numpy()
        newest = np.full(uri.max() + 1 if len(uri) else 0, -1, np.int64)
        np.maximum.at(newest, uri, segment)
        return table.filter(pa.array(segment == newest[uri])).select(LINES_SCHEMA.names)

    def add(self, rows: pa.Table) -> None:
        """Store a run's rows as one new segment (whole or not at all); past `MAX_SEGMENTS`, merge them."""
        if not len(rows) and self.segments:
            return  # (an empty first segment is kept: it says the inputs were counted, e.g. pages only)
        full = LINES_SCHEMA.with_metadata({SETTINGS_KEY: self.settings.counted_alike()})
        self.segments.append(write_segment(self.dataset, self.folder, rows.select(full.names).cast(full)))
        if len(self.segments) > MAX_SEGMENTS:
            old = list(self.segments)
            merged = self.read()
            self.segments = []
            self.segments.append(write_segment(self.dataset, self.folder, merged.cast(full)))
            self.dataset.store.check_lease(self.dataset.root)
            for segment in old:
                self.dataset.store.delete(segment)


def _unreadable(segment: str, err: Exception) -> None:
    """A broken segment costs a recount of its inputs; a store that does not answer stops the run (retried)."""
    if isinstance(err, StorageUnavailable):
        raise err
    log.warning("boilerplate segment %s unreadable (%s): its inputs are counted again", segment, err)


def without(rows: pa.Table, uris: Iterable[str]) -> pa.Table:
    """`rows` but those of the inputs `uris` (counted again by this run)."""
    uris = sorted(set(uris))
    if not uris or not len(rows):
        return rows
    return rows.filter(~pc.field("source_uri").isin(uris))


def holding(rows: pa.Table, lines: dict[str, set[int]]) -> set[str]:
    """The inputs whose rows hold one of `lines` of their source."""
    found: set[str] = set()
    for source, wanted in lines.items():
        mine = rows.filter(pc.field("source") == source)
        if not len(mine):
            continue
        column = mine["lines"].combine_chunks()
        hit = pc.is_in(pc.list_flatten(column), value_set=pa.array(sorted(wanted), pa.uint64())).to_numpy(zero_copy_only=False)
        parents = np.unique(pc.list_parent_indices(column).to_numpy(zero_copy_only=False)[hit])
        found.update(mine["source_uri"].take(pa.array(parents, pa.int64())).to_pylist())
    return found
