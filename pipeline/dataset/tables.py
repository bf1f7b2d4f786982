"""The Parquet dataset: its files, atomic writes, and the one writer at a time (schema in `schema`, what it
holds by input in `ledger`).

    DEST/articles/ingest_date=YYYY-MM-DD/part-<run>-<n>.parquet   one row per article (zstd)
    DEST/rejects/ingest_date=YYYY-MM-DD/part-<run>-<n>.parquet    one row per input that could not be cleaned

Guarantees, for readers that know nothing of articlean (pyarrow, DuckDB, Polars, `datasets`):
- A file becomes visible whole or not at all: it is written under a hidden temporary name in the same
  folder and put in place with one atomic step (a rename locally, a server-side copy on S3).
- All rows of one input file live in one Parquet file. Replacing an input's rows (a changed file, a
  backfill) rewrites that Parquet file in place in one step, so a reader sees, for each input,
  either its old rows or its new ones, never both and never neither; provided it opens each file once
  (`pq.read_table(path)` opens it twice: see `pipeline.io.storage._read_parquet`).
- One writer at a time: a lock (a file lock locally, a lease object on S3) serialises runs on the same DEST.

DEST may be a folder or `s3://bucket/prefix`: `pipeline.io.storage` does the I/O.
"""

from __future__ import annotations

import logging
import os
import sys
import uuid
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.dataset.schema import ARTICLE_SCHEMA, COLUMN_TYPES, TABLES
from pipeline.io.storage import StorageUnavailable, is_s3, join, store_for

log = logging.getLogger(__name__)

# The tables' partition column: the day (UTC) an input was first ingested, `DEST/articles/ingest_date=2026-12-07/`. A
# Parquet file does not hold it; each reader takes it from the folder's name, and types it as it guesses: DuckDB's
# `hive_partitioning` and Polars read a date, pyarrow's `partitioning="hive"` a string (or a dictionary of strings),
# `datasets` leaves it out. Every reader of this project says the type (`Dataset.arrow`): a date, as DuckDB reads it.
# Read with pyarrow yourself: `pyarrow.dataset.dataset("data/articles", partitioning=partitioning())`.
PARTITION_SCHEMA = pa.schema([("ingest_date", pa.date32())])


def partitioning():
    """The `pyarrow.dataset` partitioning of the tables: hive folders `ingest_date=YYYY-MM-DD`, read as a date."""
    import pyarrow.dataset as pads

    return pads.partitioning(PARTITION_SCHEMA, flavor="hive")


def with_partition(schema: pa.Schema) -> pa.Schema:
    """A table's schema as its readers see it: its columns, then `ingest_date`."""
    return pa.schema([*schema.remove_metadata(), *PARTITION_SCHEMA])


class Dataset:
    def __init__(self, dest: str | os.PathLike) -> None:
        self.root = str(dest)
        self.store = store_for(self.root)

    def folder(self, table: str) -> str:
        return join(self.root, table)

    def index_folder(self, table: str) -> str:
        """Where `pipeline.dataset.index` keeps the table's index (hidden from readers of the dataset's tables)."""
        return join(self.root, "_index", table)

    def files(self, table: str) -> list[str]:
        return self.store.parquet_files(self.folder(table))

    def arrow(self, table: str):
        """The table as a `pyarrow.dataset.Dataset` of today's schema (a column newer than a file reads as null) and
        its partition column `ingest_date`, a date (`PARTITIONING`), local or on S3: what DuckDB, the export, the
        report and the review scan, with no DuckDB extension needed."""
        import pyarrow.dataset as pads

        files, folder, filesystem = self.files(table), self.folder(table), None
        if is_s3(self.root):
            files, folder, filesystem = [self.store.key(f) for f in files], self.store.key(folder), self.store.fs
        return pads.dataset(files, schema=with_partition(TABLES[table]), format="parquet", filesystem=filesystem,
                            partitioning=partitioning(), partition_base_dir=folder)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold DEST for one writer (a second run waits until the first is done), and clear what a killed
        run left behind."""
        with self.store.lock(self.root):
            self.remove_leftovers()
            yield

    def remove_leftovers(self) -> None:
        """Temporary files of a run that was killed. Only called under the lock, so no live run owns them."""
        try:
            for folder in [*map(self.folder, TABLES), *map(self.index_folder, [*TABLES, "minhash"])]:
                for tmp in self.store.leftovers(folder):
                    log.info("removing %s, left by an interrupted run", tmp)
                    self.store.delete(tmp)
        except StorageUnavailable as err:  # they are hidden from readers: the next run removes them
            log.warning("could not remove what an interrupted run left in %s (%s): the next run will", self.root, err)


    def read_stamped(self, path: str, columns: list[str]) -> pa.Table:
        """`columns` of a file; a column added after the file was written (`input_stamp` in version 2, the
        near-duplicate columns in version 3) reads as null."""
        try:
            return self.read_columns(path, columns)
        except pa.ArrowInvalid:
            present = set(self.store.parquet_schema(path).names)
            if present >= set(columns):
                raise
            table = self.read_columns(path, [c for c in columns if c in present])
            for n, name in enumerate(columns):
                if name not in present:
                    table = table.add_column(n, name, pa.nulls(len(table), COLUMN_TYPES[name]))
            return table

    def new_part_path(self, table: str, run_id: str, day: str | None = None) -> str:
        day = day or datetime.now(UTC).strftime("%Y-%m-%d")
        return join(self.folder(table), f"ingest_date={day}", f"part-{run_id}-{uuid.uuid4().hex[:12]}.parquet")

    def stage(self, table: str, rows: Iterable[dict], path: str) -> Staged:
        """Write rows under a hidden temporary name beside `path`; `commit` puts them in place. No rows
        stages the removal of `path`. The rows may be a generator: they are written a row group at a time,
        so a batch's rows are never all in memory, however large its inputs are."""
        with self.writer(table, path) as writer:
            for row in rows:
                writer.append(row)
        return writer.staged

    @contextmanager
    def writer(self, table: str, path: str) -> Iterator[RowWriter]:
        """A `RowWriter` for `path`; its `staged` is set when the block ends, and a failed block leaves nothing."""
        writer = RowWriter(self, table, str(path))
        try:
            yield writer
            writer.close()  # its last row group, the footer, the upload: each can fail too
        except BaseException:
            writer.abort()
            raise

    def write(self, table: str, rows: Iterable[dict], path: str) -> None:
        """Write rows to `path` atomically (replacing what is there); no rows removes the file."""
        commit([self.stage(table, rows, path)], self.root)

    def read_columns(self, path: str, columns: list[str]) -> pa.Table:
        return self.store.read_parquet(path, columns=columns)

    def iter_rows(self, path: str) -> Iterator[dict]:
        """An articles file's rows, read a record batch at a time."""
        for batch in self.store.parquet_batches(path, columns=ARTICLE_SCHEMA.names):
            yield from batch.to_pylist()


# Rows are written in row groups of about this much Arrow data: the memory a write holds, whatever the file's size.
GROUP_BYTES = 32 * 1024 * 1024
# Appended rows wait as Python dicts until this many (or this many bytes of text and raw bytes, `_row_bytes`), then
# become an Arrow record batch. As dicts a row took 18 times its text (500 articles with their removed lines: 48 MB
# of dicts, 2.7 MB of text), so a group of 32 MB of text was held as half a gigabyte.
CONVERT_ROWS = 64
CONVERT_BYTES = 4 * 1024 * 1024


class RowWriter:
    """Rows appended one at a time, written to a hidden temporary file a row group at a time. The file is
    only created with the first row; `staged` (after `close`) is what `commit` puts in place."""

    def __init__(self, dataset: Dataset, table: str, path: str) -> None:
        self.dataset, self.table, self.path = dataset, table, path
        self.schema = TABLES[table]
        self.pending: list[dict] = []  # rows not yet in Arrow
        self.pending_bytes = 0
        self.batches: list[pa.RecordBatch] = []  # the row group being gathered
        self.size = 0  # its Arrow bytes
        self._files = ExitStack()
        self._writer: pq.ParquetWriter | None = None
        self._tmp: str | None = None
        self.staged: Staged | None = None

    def append(self, row: dict) -> None:
        self.pending.append(row)
        self.pending_bytes += _row_bytes(row)
        if len(self.pending) >= CONVERT_ROWS or self.pending_bytes >= CONVERT_BYTES:
            self._convert()
            if self.size >= GROUP_BYTES:
                self._flush()

    def _convert(self) -> None:
        if self.pending:
            batch = pa.RecordBatch.from_pylist(self.pending, schema=self.schema)
            self.batches.append(batch)
            self.size += batch.nbytes
            self.pending, self.pending_bytes = [], 0

    def _flush(self) -> None:
        self._convert()
        if not self.batches:
            return
        if self._writer is None:
            self._tmp, sink = self._files.enter_context(self.dataset.store.hidden_sink(self.path))
            self._writer = self._files.enter_context(pq.ParquetWriter(sink, self.schema, compression="zstd"))
        self._writer.write_table(pa.Table.from_batches(self.batches, schema=self.schema), row_group_size=None)
        self.batches, self.size = [], 0

    def close(self) -> None:
        self._flush()
        self._files.close()  # the Parquet footer, then the file: synced to disk, or uploaded
        self.staged = Staged(self._tmp, self.path)

    def abort(self) -> None:
        """Called while an exception is handled: the sink removes what it wrote (or abandons the upload)."""
        self.pending, self.batches = [], []
        self._files.__exit__(*sys.exc_info())


def _row_bytes(row: dict) -> int:
    """About how much memory a row's text and raw bytes take (a reject's raw bytes can be a whole input)."""
    return len(row.get("text") or "") + len(row.get("raw") or b"") + 512


@dataclass(frozen=True)
class Staged:
    """A Parquet file written under a temporary name (`tmp`), to be renamed to `final` by `commit`; with no
    `tmp`, the removal of `final`. Workers stage, the process holding the dataset's lock commits: a worker
    that outlives a killed run, or a batch that fails and is retried, can never make rows visible."""

    tmp: str | None
    final: str


def commit(staged: list[Staged], dest: str) -> None:
    """Put staged files in place, in order, each with one atomic rename, copy or removal. Only the process
    holding DEST's lock calls this; it first checks that the lock is still its own (an S3 lease can run out)."""
    store = store_for(dest)
    store.check_lease(dest)
    for item in staged:
        if item.tmp is None:
            store.delete(item.final)
        else:
            store.publish(item.tmp, item.final)
