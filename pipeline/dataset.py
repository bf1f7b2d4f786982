"""The Parquet dataset: its schema, atomic writes, and what it already holds.

    DEST/articles/ingest_date=YYYY-MM-DD/part-<run>-<n>.parquet   one row per article (zstd)
    DEST/rejects/ingest_date=YYYY-MM-DD/part-<run>-<n>.parquet    one row per input that could not be cleaned

Guarantees, for readers that know nothing of articlean (pyarrow, DuckDB, Polars, `datasets`):
- A file becomes visible whole or not at all: it is written under a hidden temporary name in the same
  folder and renamed into place (`os.replace` is atomic on POSIX).
- All rows of one input file live in one Parquet file. Replacing an input's rows (a changed file, a
  backfill) rewrites that Parquet file in place with one rename, so a reader sees, for each input,
  either its old rows or its new ones, never both and never neither.
- One writer at a time: a lock file serialises runs on the same DEST.
"""

from __future__ import annotations

import fcntl
import logging
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

log = logging.getLogger(__name__)

REMOVAL = pa.struct([("line", pa.int32()), ("kind", pa.string()), ("rule", pa.string()), ("text", pa.string())])
UTC_TIME = pa.timestamp("us", tz="UTC")

ARTICLE_SCHEMA = pa.schema([
    ("doc_id", pa.string()),
    ("source_uri", pa.string()),
    ("member", pa.int32()),
    ("source", pa.string()),
    ("url", pa.string()),
    ("title", pa.string()),
    ("authors", pa.list_(pa.string())),
    ("published_at", UTC_TIME),
    ("text", pa.string()),
    ("language", pa.string()),
    ("language_score", pa.float32()),
    ("n_chars", pa.int64()),
    ("n_words", pa.int64()),
    ("removed", pa.list_(REMOVAL)),
    ("raw_sha256", pa.string()),
    ("input_sha256", pa.string()),
    ("text_sha256", pa.string()),
    ("duplicate_of", pa.string()),
    ("pipeline_version", pa.string()),
    ("ingested_at", UTC_TIME),
    ("run_id", pa.string()),
])

REJECT_SCHEMA = pa.schema([
    ("source_uri", pa.string()),
    ("member", pa.int32()),
    ("error_kind", pa.string()),
    ("message", pa.string()),
    ("raw", pa.large_binary()),
    ("raw_sha256", pa.string()),
    ("input_sha256", pa.string()),
    ("pipeline_version", pa.string()),
    ("rejected_at", UTC_TIME),
    ("run_id", pa.string()),
])

TABLES = {"articles": ARTICLE_SCHEMA, "rejects": REJECT_SCHEMA}
TMP_PREFIX = ".tmp-"


@dataclass
class Ledger:
    """What DEST already holds, by input: the content hash it was made from and the files holding it."""

    inputs: dict[str, str] = field(default_factory=dict)  # source_uri -> input_sha256 (articles)
    files: dict[str, set[str]] = field(default_factory=dict)  # source_uri -> article files holding its rows
    # (source_uri, input_sha256, member, error_kind) of every reject row: the same failure is recorded once
    rejected: set[tuple] = field(default_factory=set)

    def rejects_of(self, uris: set[str]) -> set[tuple]:
        return {r for r in self.rejected if r[0] in uris}


class Dataset:
    def __init__(self, dest: str | Path) -> None:
        self.root = Path(dest)

    def folder(self, table: str) -> Path:
        return self.root / table

    def files(self, table: str) -> list[Path]:
        folder = self.folder(table)
        return sorted(folder.glob("*/*.parquet")) if folder.exists() else []

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold DEST for one writer; a second run waits here until the first is done."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "_articlean.lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.warning("another articlean run is writing to %s: waiting for it to finish", self.root)
                fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                self.remove_leftovers()
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def remove_leftovers(self) -> None:
        """Temporary files of a run that was killed. Only called under the lock, so no live run owns them."""
        for table in TABLES:
            folder = self.folder(table)
            if folder.exists():
                for tmp in folder.glob(f"*/{TMP_PREFIX}*"):
                    log.info("removing %s, left by an interrupted run", tmp)
                    tmp.unlink(missing_ok=True)

    def ledger(self) -> Ledger:
        ledger = Ledger()
        for path in self.files("articles"):
            table = pq.read_table(path, columns=["source_uri", "input_sha256"])
            for uri, digest in zip(*(table[c].to_pylist() for c in table.column_names), strict=True):
                ledger.inputs[uri] = digest
                ledger.files.setdefault(uri, set()).add(str(path))
        for path in self.files("rejects"):
            table = pq.read_table(path, columns=["source_uri", "input_sha256", "member", "error_kind"])
            for uri, digest, member, kind in zip(*(table[c].to_pylist() for c in table.column_names), strict=True):
                ledger.rejected.add((uri, digest or "", member, kind))
        return ledger

    def new_part_path(self, table: str, run_id: str, day: str | None = None) -> Path:
        day = day or datetime.now(UTC).strftime("%Y-%m-%d")
        return self.folder(table) / f"ingest_date={day}" / f"part-{run_id}-{uuid.uuid4().hex[:12]}.parquet"

    def stage(self, table: str, rows: list[dict], path: Path) -> Staged:
        """Write rows under a hidden temporary name beside `path`; `commit` puts them in place. No rows
        stages the removal of `path`."""
        if not rows:
            return Staged(None, str(path))
        return Staged(str(write_hidden(pa.Table.from_pylist(rows, schema=TABLES[table]), path)), str(path))

    def write(self, table: str, rows: list[dict], path: Path) -> None:
        """Write rows to `path` atomically (replacing what is there); no rows removes the file."""
        commit([self.stage(table, rows, path)])

    def read_rows(self, path: Path) -> list[dict]:
        return pq.read_table(path).select(ARTICLE_SCHEMA.names).to_pylist()


@dataclass(frozen=True)
class Staged:
    """A Parquet file written under a temporary name (`tmp`), to be renamed to `final` by `commit`; with no
    `tmp`, the removal of `final`. Workers stage, the process holding the dataset's lock commits: a worker
    that outlives a killed run, or a batch that fails and is retried, can never make rows visible."""

    tmp: str | None
    final: str


def commit(staged: list[Staged]) -> None:
    """Put staged files in place, in order, each with one atomic rename (or removal)."""
    for item in staged:
        final = Path(item.final)
        if item.tmp is None:
            final.unlink(missing_ok=True)
        else:
            os.replace(item.tmp, final)
        if final.parent.exists():
            _fsync_dir(final.parent)


def write_hidden(table: pa.Table, path: Path) -> Path:
    """Write `table` (zstd) to a hidden temporary file beside `path`, synced to disk; return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{TMP_PREFIX}{uuid.uuid4().hex[:8]}-{path.name}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
