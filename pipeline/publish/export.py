"""`articlean export DEST OUT`: the articles (optionally filtered with SQL) as training shards, a manifest and a
dataset card, laid out as a Hugging Face dataset folder, so that `datasets.load_dataset(OUT)` reads it as it is:

    OUT/data/<split>-00000.jsonl (or .parquet) the shards of each split, each about --shard-size
    OUT/manifest.json                          each shard's rows, bytes and SHA-256; the filter; the source
    OUT/README.md                              the dataset card: schema, counts by source and language, versions

`--where` is a DuckDB SQL condition over the articles' columns (`language = 'en' AND n_words >= 50 AND
near_duplicate_of IS NULL`). DuckDB reads the rows as Arrow batches from articlean's own storage, so an
`s3://` DEST or OUT needs no DuckDB extension. Files written before a column existed read it as null.
Shards are written under a hidden name and renamed into place; the manifest and card come last, so a folder
with a manifest is complete.

What a training job wants, chosen up front (`Selection`): the columns (by default the text, its identity and
provenance, and the quality signals, not the 30-odd columns of articlean's bookkeeping), a sample (a stable hash
of each article's id and the seed, so the same seed picks the same articles), a limit, and splits drawn by a
stable hash of the near-duplicate cluster and the seed, so that copies of one story never straddle two splits.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.cleaning.signals import SIGNALS
from pipeline.dataset.schema import ARTICLE_SCHEMA
from pipeline.dataset.tables import Dataset, with_partition
from pipeline.io.storage import join, parent_name, store_for
from pipeline.publish.wording import counted

FORMATS = ("jsonl", "parquet")
_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMG]?)B?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "K": 1000, "M": 1000**2, "G": 1000**3}
BATCH_ROWS = 2048
# The columns an export may write: the articles' and their partition, `ingest_date` (a date, as every reader here
# reads it: `pipeline.dataset.tables.PARTITION_SCHEMA`).
EXPORT_SCHEMA = with_partition(ARTICLE_SCHEMA)


# What a training job reads: the text, where it came from, and what it may be filtered or grouped by.
TRAINING_COLUMNS = ("doc_id", "text", "title", "url", "source", "language", "language_score", "published_at", "n_chars",
                    "n_words", *SIGNALS, "near_duplicate_cluster")


class ExportError(ValueError):
    """What the user must fix: a bad size, a bad filter, an empty source."""


@dataclass(frozen=True)
class Selection:
    """Which columns and rows an export writes, and in which splits (see the module's docstring)."""

    columns: tuple[str, ...] = TRAINING_COLUMNS
    sample: float | None = None  # keep this fraction of the articles
    seed: int = 0
    limit: int | None = None  # at most this many articles in all
    splits: tuple[tuple[str, float], ...] = (("train", 1.0),)

    def __post_init__(self) -> None:
        unknown = [c for c in self.columns if c not in EXPORT_SCHEMA.names]
        if unknown:
            raise ExportError(f"--columns: no column {', '.join(unknown)} (columns: {', '.join(EXPORT_SCHEMA.names)})")
        if self.sample is not None and not 0 < self.sample <= 1:
            raise ExportError(f"--sample {self.sample}: give a fraction above 0 and at most 1, e.g. 0.1")
        if self.limit is not None and self.limit < 1:
            raise ExportError(f"--limit {self.limit}: give a number of articles, at least 1")
        if abs(sum(share for _, share in self.splits) - 1) > 1e-9 or any(share <= 0 for _, share in self.splits):
            raise ExportError(f"--split {format_splits(self.splits)}: give shares above 0 that add up to 1, "
                              "e.g. train=0.98,validation=0.02")

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([EXPORT_SCHEMA.field(c) for c in self.columns])

    def describe(self) -> dict:
        return {"columns": list(self.columns), "sample": self.sample, "seed": self.seed, "limit": self.limit,
                "splits": dict(self.splits)}


def parse_columns(text: str | None) -> tuple[str, ...]:
    """'doc_id,text' -> those columns; 'all' -> every column; None -> the training columns."""
    if not text:
        return TRAINING_COLUMNS
    if text.strip() == "all":
        return tuple(EXPORT_SCHEMA.names)
    return tuple(c.strip() for c in text.split(",") if c.strip())


def parse_splits(text: str | None) -> tuple[tuple[str, float], ...]:
    """'train=0.98,validation=0.02' -> (("train", 0.98), ("validation", 0.02)); None -> all in train."""
    if not text:
        return (("train", 1.0),)
    splits = []
    for part in text.split(","):
        name, _, share = part.partition("=")
        try:
            splits.append((name.strip(), float(share)))
        except ValueError:
            raise ExportError(f"--split {text!r}: give name=share pairs, e.g. train=0.98,validation=0.02") from None
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name.strip()):  # datasets' split names; no "-" (shard names)
            raise ExportError(f"--split {text!r}: a split's name is a word of letters, digits and _, such as train, "
                              "validation or test")
    if len({name for name, _ in splits}) < len(splits):
        raise ExportError(f"--split {text!r}: each split is named once")
    return tuple(splits)


def format_splits(splits) -> str:
    return ",".join(f"{name}={share:g}" for name, share in splits)


def _unit(purpose: str, key: str, seed: int) -> float:
    """A stable number in [0, 1) for a key and a seed; `purpose` keeps the sample's and the split's draws apart
    (the same draw for both would put every sampled singleton in the first split)."""
    data = f"{purpose}:{seed}:{key}".encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big") / 2**64


def source_name(source: str | None, source_uri: str) -> str:
    """A row's source for counting: its `source`, else the folder its dump sat in (a text dump has no URL to name
    its site by; scrapers keep one folder per site), as the report counts them."""
    return source or parent_name(source_uri) or "(unknown)"


def parse_size(text: str) -> int:
    """'256MB', '1.5GB', '500KB' or a number of bytes (decimal units, as disk sizes are quoted)."""
    match = _SIZE_RE.match(text)
    if not match or float(match.group(1)) <= 0:
        raise ExportError(f"--shard-size {text!r}: give a size such as 256MB, 1GB or 500KB")
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


@dataclass
class Shard:
    path: str
    rows: int
    bytes: int
    sha256: str
    split: str = "train"


@dataclass
class ExportSummary:
    out: str
    format: str
    where: str | None
    rows: int = 0
    shards: list[Shard] = field(default_factory=list)
    sources: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    versions: Counter = field(default_factory=Counter)
    selection: Selection = field(default_factory=Selection)
    split_rows: Counter = field(default_factory=Counter)  # split -> rows


def export(dest: str, out: str, where: str | None = None, fmt: str = "jsonl", shard_bytes: int = 256 * 1000**2,
           selection: Selection | None = None) -> ExportSummary:
    if fmt not in FORMATS:
        raise ExportError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    dataset = Dataset(dest)
    files = dataset.files("articles")
    if not files:
        raise ExportError(f"{dest}: no articles to export (is it a dataset written by `articlean ingest`?)")
    selection = selection or Selection()
    summary = ExportSummary(out, fmt, where, selection=selection)
    store = store_for(out)
    if _holds_files(store, out):
        raise ExportError(f"{out} already holds files: export into a new or empty folder (shards of an older "
                          "export would be read with the new ones)")
    shards: dict[str, _ShardWriter] = {}
    try:
        for batch in _batches(dataset, where):
            batch = _selected(batch, selection, summary.rows)
            if not batch.num_rows:
                if selection.limit is not None and summary.rows >= selection.limit:
                    break
                continue
            summary.rows += batch.num_rows
            summary.sources.update(map(source_name, batch.column("source").to_pylist(), batch.column("source_uri").to_pylist()))
            for column, counter in (("language", summary.languages), ("pipeline_version", summary.versions)):
                counter.update(v if v is not None else "(unknown)" for v in batch.column(column).to_pylist())
            for split, rows in _by_split(batch, selection):
                summary.split_rows[split] += rows.num_rows
                rows = rows.select(list(selection.columns))
                start = 0
                while start < rows.num_rows:
                    if split not in shards:
                        number = sum(1 for s in summary.shards if s.split == split)
                        shards[split] = _ShardWriter(store, join(out, "data", f"{split}-{number:05d}.{fmt}"), fmt,
                                                     selection.schema, split)
                    start += shards[split].write(rows.slice(start), shard_bytes)
                    if shards[split].full(shard_bytes):
                        summary.shards.append(shards.pop(split).close())
        for split in list(shards):
            summary.shards.append(shards.pop(split).close())
    finally:
        for shard in shards.values():  # failed midway: its hidden file is removed, nothing half-written is in place
            shard.abandon()
    if not summary.rows:
        raise ExportError(f"no article matches --where {where!r}: nothing was written" if where else f"{dest}: no articles")
    _write_text(store, join(out, "manifest.json"), json.dumps(_manifest(summary, dest), indent=2) + "\n")
    _write_text(store, join(out, "README.md"), dataset_card(summary, dest))
    return summary


def _selected(batch: pa.RecordBatch, selection: Selection, so_far: int) -> pa.RecordBatch:
    """The batch's rows in the sample, up to the limit."""
    if selection.sample is not None and selection.sample < 1:
        keep = [_unit("sample", doc, selection.seed) < selection.sample for doc in batch.column("doc_id").to_pylist()]
        batch = batch.filter(pa.array(keep, pa.bool_()))
    if selection.limit is not None:
        batch = batch.slice(0, max(selection.limit - so_far, 0))
    return batch


def _by_split(batch: pa.RecordBatch, selection: Selection) -> Iterator[tuple[str, pa.RecordBatch]]:
    """The batch's rows of each split: a row goes where the hash of its near-duplicate cluster (its own id when it
    has none) falls among the splits' shares, so that a cluster's rows all go to one split."""
    if len(selection.splits) == 1:
        yield selection.splits[0][0], batch
        return
    clusters = [c or d for c, d in zip(batch.column("near_duplicate_cluster").to_pylist(), batch.column("doc_id").to_pylist(),
                                      strict=True)]
    bounds, total = [], 0.0
    for _, share in selection.splits:
        total += share
        bounds.append(total)
    picks = []
    for cluster in clusters:
        u = _unit("split", cluster, selection.seed)
        picks.append(next((i for i, bound in enumerate(bounds) if u < bound), len(bounds) - 1))
    for i, (name, _) in enumerate(selection.splits):
        rows = batch.filter(pa.array([p == i for p in picks], pa.bool_()))
        if rows.num_rows:
            yield name, rows


def _holds_files(store, out: str) -> bool:
    try:
        return bool(store.find(out))
    except FileNotFoundError:
        return False


def _batches(dataset: Dataset, where: str | None) -> Iterator[pa.RecordBatch]:
    """The articles as record batches of EXPORT_SCHEMA (the partition column last), filtered by `where`."""
    schema = EXPORT_SCHEMA
    source = dataset.arrow("articles")
    if not where:
        yield from source.to_batches(batch_size=BATCH_ROWS)
        return
    import duckdb

    connection = duckdb.connect()
    connection.register("articles", source)
    try:
        reader = connection.sql(f"SELECT * FROM articles WHERE {where}").to_arrow_reader(BATCH_ROWS)
    except duckdb.Error as err:
        raise ExportError(f"--where {where!r}: {str(err).splitlines()[0]} (columns: {', '.join(schema.names)})") from err
    try:
        for batch in reader:
            yield batch.cast(schema) if batch.schema != schema else batch
    except (duckdb.Error, pa.ArrowException, OSError) as err:  # a condition that fails on some row, not on all
        raise ExportError(f"--where {where!r} failed on the data: {str(err).splitlines()[0]} (shards written before "
                          "it are left in OUT/data without a manifest: remove OUT before trying again)") from err


class _Sink:
    """A write-only file that counts and hashes what passes through it (a shard is streamed, never held)."""

    def __init__(self, raw) -> None:
        self.raw, self.size, self.digest, self.closed = raw, 0, hashlib.sha256(), False

    def write(self, data) -> int:
        data = bytes(data)
        self.raw.write(data)
        self.size += len(data)
        self.digest.update(data)
        return len(data)

    def tell(self) -> int:
        return self.size

    def flush(self) -> None:
        self.raw.flush()

    def close(self) -> None:
        self.closed = True


class _ShardWriter:
    """One shard, streamed to a hidden name beside its path and put in place by `close`."""

    def __init__(self, store, path: str, fmt: str, schema: pa.Schema, split: str) -> None:
        self.store, self.path, self.rows, self.split = store, path, 0, split
        self._hidden = store.hidden_sink(path)
        self.tmp, raw = self._hidden.__enter__()
        self.sink = _Sink(raw)
        self.parquet = pq.ParquetWriter(self.sink, schema, compression="zstd") if fmt == "parquet" else None

    def write(self, batch: pa.RecordBatch, limit: int) -> int:
        """Write rows of `batch` until the shard reaches `limit` bytes (Parquet: as encoded so far, which lags by
        up to a row group); returns how many rows were taken."""
        taken, step = 0, 16 if self.parquet is None else 256  # a Parquet write is a row group: not too small
        while taken < batch.num_rows and not self.full(limit):
            part = batch.slice(taken, step)
            if self.parquet is not None:
                self.parquet.write_batch(part)
            else:
                self.sink.write(b"".join(json.dumps(row, default=_json_value, ensure_ascii=False).encode("utf-8") + b"\n"
                                         for row in part.to_pylist()))
            taken += part.num_rows
            self.rows += part.num_rows
        return taken

    def full(self, limit: int) -> bool:
        return self.sink.size >= limit

    def close(self) -> Shard:
        try:
            if self.parquet is not None:
                self.parquet.close()
        except BaseException as err:
            self._hidden.__exit__(type(err), err, err.__traceback__)
            raise
        self._hidden.__exit__(None, None, None)
        self.store.publish(self.tmp, self.path)
        return Shard(self.path, self.rows, self.sink.size, self.sink.digest.hexdigest(), self.split)

    def abandon(self) -> None:
        error = RuntimeError("export failed")
        try:
            self._hidden.__exit__(RuntimeError, error, None)
        except RuntimeError:
            pass


def _json_value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):  # ingest_date: "2026-12-07"
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def _write_text(store, path: str, text: str) -> None:
    with store.hidden_sink(path) as (tmp, sink):
        sink.write(text.encode("utf-8"))
    store.publish(tmp, path)


def _manifest(summary: ExportSummary, dest: str) -> dict:
    from pipeline.core import __version__
    return {
        "exported_by": f"articlean {__version__}",
        "exported_at": datetime.now(UTC).isoformat(),
        "source": dest,
        "format": summary.format,
        "where": summary.where,
        **summary.selection.describe(),
        "rows": summary.rows,
        "rows_by_split": dict(summary.split_rows),
        "shards": [{"path": "data/" + s.path.rsplit("/", 1)[-1], "split": s.split, "rows": s.rows, "bytes": s.bytes,
                    "sha256": s.sha256} for s in summary.shards],
        "pipeline_versions": dict(summary.versions.most_common()),
    }


_DTYPES = {pa.float32(): "float32", pa.float64(): "float64", pa.date32(): "date32"}  # where Arrow's name is not datasets' dtype


def _features_yaml(fields, indent: str) -> list[str]:
    """The schema in the YAML of a dataset card's `dataset_info.features` (Hugging Face datasets' own form)."""
    lines = []
    for f in fields:
        lines.append(f"{indent}- name: {f.name}")
        if pa.types.is_list(f.type) and pa.types.is_struct(f.type.value_type):
            lines += [f"{indent}  list:", *_features_yaml(list(f.type.value_type), indent + "  ")]
        elif pa.types.is_list(f.type):
            lines.append(f"{indent}  list: {f.type.value_type}")
        else:
            lines.append(f"{indent}  dtype: {_DTYPES.get(f.type, str(f.type))}")
    return lines


def dataset_card(summary: ExportSummary, dest: str) -> str:
    """README.md with the YAML header `datasets.load_dataset` reads (its data files), then what a reader of the
    data needs: where it came from, the filter, counts, the schema."""
    from pipeline.core import __version__
    languages = [lang for lang, _ in summary.languages.most_common() if re.fullmatch(r"[a-z]{2,3}", lang)]
    selection = summary.selection
    written = [name for name, _ in selection.splits if summary.split_rows[name]]
    header = ["---", "configs:", "- config_name: default", "  data_files:",
              *(line for name in written for line in (f"  - split: {name}", f"    path: data/{name}-*.{summary.format}")),
              # the column types, so that a shard where a column is all null does not read as another type
              "dataset_info:", "  features:", *_features_yaml(selection.schema, "  ")]
    if languages:
        header += ["language:", *(f"- {lang}" for lang in languages)]
    header += ["---", ""]
    lines = [
        "# Articles cleaned by articlean", "",
        f"Exported by articlean {__version__} on {datetime.now(UTC):%Y-%m-%d} from `{dest}`: {counted(summary.rows, 'article')} "
        f"in {counted(len(summary.shards), summary.format + ' shard')}. The texts belong to their publishers.", "",
        f"Filter applied: `{summary.where}`" if summary.where else "Filter applied: none (every article).", "",
        f"Sample: {selection.sample:g} of the articles (seed {selection.seed})." if selection.sample else "Sample: none.",
        f"Limit: {counted(selection.limit, 'article')}." if selection.limit else "Limit: none.", "",
        f"Splits (by a hash of the near-duplicate cluster, seed {selection.seed}: copies never straddle two splits): "
        + ", ".join(f"{name} {share:g} ({counted(summary.split_rows[name], 'article')})" for name, share in selection.splits), "",
        "Load it with `datasets.load_dataset(\"<this folder>\", split=\"train\")`; `manifest.json` lists each shard "
        "with its split, rows, bytes and SHA-256.", "",
        "## Articles by source", "", "| source | articles |", "|---|---|",
        *(f"| {source} | {n:,} |" for source, n in summary.sources.most_common()), "",
        "## Articles by language", "", "| language | articles |", "|---|---|",
        *(f"| {lang} | {n:,} |" for lang, n in summary.languages.most_common()), "",
        "## Pipeline versions", "",
        "`pipeline_version` names the rules, settings and model that cleaned each row:", "",
        "| pipeline_version | articles |", "|---|---|",
        *(f"| {v} | {n:,} |" for v, n in summary.versions.most_common()), "",
        "## Schema", "",
        "Each row is one article. The columns exported are defined in articlean's README (its `articles` table); "
        "the others were left out (`--columns` chose).", "",
        "| column | type |", "|---|---|",
        *(f"| `{f.name}` | {f.type} |" for f in selection.schema), "",
    ]
    return "\n".join(header + lines)
