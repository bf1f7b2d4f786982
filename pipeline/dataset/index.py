"""The dataset's index: the key columns of every article and reject row, kept beside the data in Parquet, so
that a run reads what it wrote and what it asks about, not the whole dataset.

    DEST/_index/articles/v2/part-<time>-<id>.parquet   file, file_stamp, doc_id, source_uri, member, ...
    DEST/_index/rejects/v2/part-<time>-<id>.parquet    file, file_stamp, source_uri, member, ...
    DEST/_index/minhash/v2/part-<time>-<id>.parquet    text_sha256, signature, band_00 ... band_15 (`pipeline.dedup.near`)

The index is a cache of the data files, never the truth. Each of its rows names the data file it was read from
and that file's stamp as listed then (size and modification time, or size and ETag). A data file listed with a
stamp no segment names (written or rewritten since) is read from the data itself; index rows of a file that
changed or went are ignored. A lost or unreadable segment costs a read of the data; what it cannot give back
is the old version of a file it alone held, so rows pointing at a rewritten file's articles are always
linked again (`pipeline.dedup.exact.fix_duplicates`).

Segments are written at the end of a run (`pipeline.dedup.exact.fix_duplicates`), for the files the run wrote, once
their duplicates are linked: a file not in the index is a file whose duplicates may not be linked yet. After
`MAX_SEGMENTS` runs the segments are merged into one.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.dataset.schema import TABLES
from pipeline.dataset.tables import Dataset
from pipeline.io.storage import StorageUnavailable, join

log = logging.getLogger(__name__)

# v2 added the near-duplicate columns; v1 segments are left unread (a first run reads the data once).
VERSION = "v2"
KEYS = {
    "articles": ["doc_id", "source_uri", "member", "input_sha256", "input_stamp", "text_sha256", "published_at",
                 "duplicate_of", "near_duplicate_of", "near_duplicate_cluster"],
    "rejects": ["source_uri", "member", "input_sha256", "error_kind"],
}
MAX_SEGMENTS = 16
# Columns holding one value for hundreds of rows (a data file's path and stamp): read as the dictionaries Parquet
# stores them as, every query's `file` filter is a test of a few thousand paths, not of every row's (a filtered
# read of a 1M-row segment: 0.60 s against 1.27 s).
REPEATED = ["file", "file_stamp"]
# Each segment's footer lists the (file, stamp) pairs it holds: a run learns what the index covers from the
# footers alone.
FILES_KEY = b"articlean.index.files"


def schema(table: str) -> pa.Schema:
    data = TABLES[table]
    return pa.schema([("file", pa.string()), ("file_stamp", pa.string()), *(data.field(k) for k in KEYS[table])])


@dataclass
class Snapshot:
    """One table's data files as listed now, and which of them the index holds."""

    dataset: Dataset
    table: str
    listed: dict[str, str]  # data file -> its stamp now
    segments: list[str]  # index segment files, oldest first
    covered: dict[str, str] = field(default_factory=dict)  # data file -> the segment holding its current rows
    changed: set[str] = field(default_factory=set)  # files the index holds an older version of, or that went

    @property
    def uncovered(self) -> list[str]:
        return sorted(f for f in self.listed if f not in self.covered)

    def folder(self) -> str:
        return join(self.dataset.index_folder(self.table), VERSION)

    def index_rows(self, columns: list[str], where: pc.Expression | None = None, files: Iterable[str] | None = None) -> pa.Table:
        """Rows the index holds for the current version of covered files (or, with `files`, every version it
        holds of those files), restricted by `where`."""
        wanted = set(files) if files is not None else None
        parts = []
        for segment in self.segments:
            mine = [f for f, s in self.covered.items() if s == segment] if wanted is None else sorted(wanted)
            if not mine:
                continue
            condition = pc.field("file").isin(mine)  # a segment holds one version of each of its files
            if where is not None:
                condition = condition & where
            try:
                parts.append(self.dataset.store.read_parquet(segment, columns=columns, filters=condition,
                                                             dictionary=REPEATED))
            except (OSError, pa.ArrowException) as err:
                if isinstance(err, StorageUnavailable):
                    raise
                log.warning("index segment %s unreadable (%s): reading its files from the data", segment, err)
                if wanted is None:  # the current version is in the data; older versions are gone with the segment
                    parts.append(self.data_rows(mine, where).select(columns))
        return _concat(parts, schema(self.table), columns)

    def data_rows(self, files: Iterable[str], where: pc.Expression | None = None) -> pa.Table:
        """The key columns of data files, read from the data, with `file` and `file_stamp` set."""
        parts = []
        for path in files:
            table = self.dataset.read_stamped(path, KEYS[self.table])
            if where is not None:
                table = table.filter(where)
            parts.append(table.add_column(0, "file", pa.array([path] * len(table), pa.string()))
                         .add_column(1, "file_stamp", pa.array([self.listed.get(path)] * len(table), pa.string())))
        return _concat(parts, schema(self.table), schema(self.table).names)

    def rows(self, where: pc.Expression | None = None) -> pa.Table:
        """Every current row (restricted by `where`): from the index where it holds the file, else from the data."""
        return pa.concat_tables([self.index_rows(schema(self.table).names, where), self.data_rows(self.uncovered, where)])

    def add_segment(self, rows: pa.Table) -> None:
        """Write rows (of `schema(table)`) as a new segment, whole or not at all."""
        if len(rows) == 0:
            return
        files = rows.group_by(["file", "file_stamp"]).aggregate([])
        held = sorted(zip(files["file"].to_pylist(), files["file_stamp"].to_pylist(), strict=True))
        full = schema(self.table).with_metadata({FILES_KEY: json.dumps(held)})
        path = write_segment(self.dataset, self.folder(), rows.select(full.names).cast(full))
        self.segments.append(path)
        for file, stamp in held:
            if stamp and self.listed.get(file) == stamp:
                self.covered[file] = path

    def compact(self) -> None:
        """Past MAX_SEGMENTS, merge the current rows into one segment and delete the others: the index stays a
        few files, and rows of files that changed or went are dropped. A crash in between leaves both, and
        the newer segment wins."""
        if len(self.segments) <= MAX_SEGMENTS:
            return
        old = list(self.segments)
        self.add_segment(self.index_rows(schema(self.table).names))
        self.dataset.store.check_lease(self.dataset.root)
        for segment in old:
            self.dataset.store.delete(segment)
        self.segments = self.segments[len(old):]
        self.covered = {path: self.segments[0] for path in self.covered} if self.segments else {}


def _worth_a_dictionary(schema: pa.Schema) -> list[str]:
    """The columns Parquet should dictionary-encode: the text ones (sources, paths repeat). Not the hashes: random
    numbers never fit a dictionary, and trying held 80 MB for a run's 1.6 million line hashes before giving up."""
    return [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
            or pa.types.is_binary(f.type) or pa.types.is_dictionary(f.type)]


def write_segment(dataset: Dataset, folder: str, table: pa.Table) -> str:
    """A new segment file under `folder` (this index's or the near-duplicate store's), whole or not at all:
    written under a hidden name, put in place once the writer's lease is checked. Returns its path."""
    path = join(folder, f"part-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.parquet")
    store = dataset.store
    with store.hidden_sink(path) as (tmp, sink):
        pq.write_table(table, sink, compression="zstd", use_dictionary=_worth_a_dictionary(table.schema))
    store.check_lease(dataset.root)
    store.publish(tmp, path)
    return path


def snapshot(dataset: Dataset, table: str) -> Snapshot:
    """List the table's data files and the index's segments, and read which file versions each segment holds
    (from the segments' footers: small whatever the dataset's size)."""
    listed = {entry.uri: entry.stamp for entry in dataset.store.parquet_entries(dataset.folder(table))}
    segments = dataset.store.parquet_files(dataset.index_folder(table))
    snap = Snapshot(dataset, table, listed, [s for s in segments if f"/{VERSION}/" in s.replace("\\", "/")])
    seen: set[str] = set()
    for segment in snap.segments:  # oldest first: a later segment's copy of a file wins
        try:
            held = json.loads(dataset.store.parquet_schema(segment).metadata[FILES_KEY])
        except (OSError, pa.ArrowException, KeyError, TypeError, ValueError) as err:
            if isinstance(err, StorageUnavailable):
                raise
            log.warning("index segment %s unreadable (%s): reading its files from the data", segment, err)
            continue
        for path, stamp in held:
            seen.add(path)
            if stamp and listed.get(path) == stamp:  # no stamp (a store without ETags): always read from the data
                snap.covered[path] = segment
    snap.changed = {f for f in seen if f not in snap.covered}
    return snap


def update(dataset: Dataset, table: str, known: pa.Table | None = None) -> None:
    """Add the table's files the index does not hold to it (`known`: rows already read of some of them, each
    with the stamp its file had then; used where the file is unchanged since), then merge the segments when
    there are many."""
    snap = snapshot(dataset, table)
    todo = {(path, snap.listed[path]) for path in snap.uncovered}
    parts = []
    if known is not None and len(known):
        # a row is kept when its file is one to add and its stamp the file's now (in Arrow: `known` is a run's rows)
        paths = sorted(path for path, _ in todo)
        stamps = pa.array([snap.listed[path] for path in paths], pa.string())
        at = pc.index_in(known["file"], value_set=pa.array(paths, pa.string()))
        now, stamp = stamps.take(at), known["file_stamp"]
        same = pc.or_(pc.fill_null(pc.equal(stamp, now), False), pc.and_(pc.is_null(stamp), pc.is_null(now)))  # no stamp: equal
        parts.append(known.filter(pc.and_(pc.is_valid(at), same)))
        todo -= {(path, snap.listed[path]) for path in pc.unique(parts[0]["file"]).to_pylist()}
    parts.append(snap.data_rows(sorted(path for path, _ in todo)))
    snap.add_segment(pa.concat_tables(parts))
    snap.compact()


def _concat(parts: list[pa.Table], full: pa.Schema, columns: list[str]) -> pa.Table:
    target = pa.schema([full.field(c) for c in columns])
    return pa.concat_tables([p.select(columns).cast(target) for p in parts]) if parts else target.empty_table()
