"""One batch of inputs, from files on disk to rows in the dataset. Plain Python: the flows call these
functions inside their tasks, and tests call them directly."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import socket
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from pipeline.cleaning.decode import DecodeError, decode
from pipeline.cleaning.engine import clean, clean_batch
from pipeline.cleaning.html import clean_html
from pipeline.cleaning.overrides import NO_USER_LINES, UserLines
from pipeline.cleaning.rules.custom import rules_digest
from pipeline.cleaning.signals import quality_signals
from pipeline.core.document import Reject
from pipeline.core.settings import DEFAULT_SETTINGS, CleanSettings, IngestSettings
from pipeline.core.text import line_hash, normalise
from pipeline.dataset.tables import Dataset, Staged, commit
from pipeline.dedup.near import signature_bytes, signature_table
from pipeline.ingest.boilerplate import LineRows, LineStore, Support, holding, learn, newly_learned, texts_of, without
from pipeline.ingest.dates import parse_date
from pipeline.ingest.metadata import article_metadata, doc_id, language_of, sha256, site_of
from pipeline.io.readers import InputFile, Loaded, RawDocument, documents, load
from pipeline.io.storage import parent_name
from pipeline.io.warc import WARC_SUFFIXES

log = logging.getLogger(__name__)


# The packages whose code (and data: the line model) decides what a row holds: reading and decoding the input,
# cleaning, the row's columns and schema, its links. A change to any file in them changes `pipeline_version`, so
# that a backfill's rows can be told from the rows they replace. The other packages are named in
# NOT_ROW_PACKAGES with why; a test fails on a package in neither.
ROW_PACKAGES = ("core", "io", "cleaning", "dataset", "dedup", "ingest")
NOT_ROW_PACKAGES = {
    "publish": "reads rows, writes shards and a page",
    "quality": "evaluation and training; the model they write is in cleaning/models",
}
_HASHED_SUFFIXES = (".py", ".json")


def row_code() -> list[Path]:
    """The files `pipeline_version` hashes: every module and data file of the ROW_PACKAGES."""
    root = Path(__file__).resolve().parents[1]
    return sorted(path for package in ROW_PACKAGES for path in (root / package).rglob("*")
                  if path.suffix in _HASHED_SUFFIXES and "__pycache__" not in path.parts)


@functools.cache
def pipeline_version() -> str:
    """The package version plus a digest of what decides the rows (`row_code`): each file's path inside the
    package and its bytes. It changes whenever any of them does, so that a backfill's rows can be told from the
    rows it replaced."""
    from pipeline.core import __version__

    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in row_code():
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:8]}"


def rows_version(settings: CleanSettings) -> str:
    """The `pipeline_version` of rows cleaned with `settings`: the code's, and with the user's rules (`--rules FILE`)
    a digest of them too (`rules_digest`: the same rules written otherwise, reordered keys or comments, give the same
    digest). Rows cleaned with other rules, or none, say so: a backfill after the file changed can be told apart
    from the rows it replaced."""
    version = pipeline_version()
    return f"{version}.rules-{rules_digest(settings.rules)}" if settings.rules else version


# Signatures a run keeps in memory for its link step (about 330 bytes each: 100 MB).
KEPT_SIGNATURES = 300_000
# Rejects a run's summary names, the first in path order (all of them are rows of DEST/rejects).
NAMED_REJECTS = 10


@dataclass
class BatchResult:
    """What one batch did, for the run's summary."""

    inputs: int = 0
    documents: int = 0  # raw documents read (a .jsonl input holds many)
    written: int = 0  # articles written
    skipped: int = 0  # inputs already ingested with the same content
    rejected: Counter = field(default_factory=Counter)  # reject kind -> count
    named_rejects: list[tuple] = field(default_factory=list)  # (source_uri, member, kind, message): `reject`
    removed: Counter = field(default_factory=Counter)  # removal kind -> lines
    changed: list[InputFile] = field(default_factory=list)  # inputs whose content changed: replaced in place later
    staged: list[Staged] = field(default_factory=list)  # files written but not yet put in place (`commit`)
    bytes_read: int = 0
    with_replaced_bytes: int = 0  # articles written whose raw bytes had bad sequences replaced (`replaced_bytes` > 0)
    processes: set = field(default_factory=set)  # "host:pid" of the processes that did the work
    learned_texts: dict = field(default_factory=dict)  # hash -> normalised text of lines learned as boilerplate
    # `pipeline.dedup.near.signed` tables of the texts written: MinHash is done here, by the workers, so that
    # linking near-duplicates, the run's last step and a single process, only matches them
    signatures: list[pa.Table] = field(default_factory=list)
    pending: dict = field(default_factory=dict)  # text_sha256 -> signature bytes, until `seal` makes a table

    def sign(self, sha: str, text: str) -> None:
        """Sign a text written; the text is not kept (a batch may hold a 1 GiB input's articles)."""
        if sha not in self.pending:
            self.pending[sha] = signature_bytes(text)

    def seal(self) -> None:
        """At the end of a batch: the signatures made since, as one small table."""
        if self.pending:
            self.signatures.append(signature_table(self.pending))
            self.pending = {}

    def keep_signatures(self, tables: list[pa.Table]) -> None:
        """Keep a batch's signatures for the link step, up to KEPT_SIGNATURES texts a run: past that the link
        step reads the texts back and signs them itself, so the run's memory stays bounded."""
        if sum(len(t) for t in self.signatures) + sum(len(t) for t in tables) <= KEPT_SIGNATURES:
            self.signatures.extend(tables)

    def reject(self, reject: Reject) -> None:
        """Count a reject by its kind, and keep it to be named if it is among the first NAMED_REJECTS in path order
        (an order that does not depend on which batch ended first)."""
        self.rejected[reject.kind] += 1
        self.keep_named([(reject.source_uri, reject.member, reject.kind, reject.message)])

    def keep_named(self, named: list[tuple]) -> None:
        def order(reject: tuple) -> tuple:
            return reject[0], -1 if reject[1] is None else reject[1], reject[2]

        self.named_rejects = sorted([*self.named_rejects, *named], key=order)[:NAMED_REJECTS]

    def add(self, other: BatchResult) -> None:
        self.inputs += other.inputs
        self.documents += other.documents
        self.written += other.written
        self.skipped += other.skipped
        self.rejected.update(other.rejected)
        self.keep_named(other.named_rejects)
        self.removed.update(other.removed)
        self.changed.extend(other.changed)
        self.bytes_read += other.bytes_read
        self.with_replaced_bytes += other.with_replaced_bytes
        self.processes |= other.processes
        self.learned_texts.update(other.learned_texts)
        self.keep_signatures(other.signatures)


@dataclass(frozen=True)
class RunContext:
    dest: str
    run_id: str
    settings: IngestSettings = IngestSettings()
    clean_settings: CleanSettings = DEFAULT_SETTINGS
    boilerplate: dict = field(default_factory=dict)  # source -> {hash of a line learned as boilerplate: its Support}
    user_lines: dict = field(default_factory=dict)  # source -> its overrides (`pipeline.dataset.overrides`)

    @functools.cached_property
    def rows_version(self) -> str:
        """The `pipeline_version` of this run's rows (`rows_version`), worked out once, not for every row."""
        return rows_version(self.clean_settings)


def prepare() -> None:
    """Load what cleaning needs once per process, ahead of the first document (the language tables, the date
    parser's English)."""
    language_of("a first sentence to load the language tables")
    parse_date("Published 4:12 PM EST, December 5, 2026", "en")


def source_key(doc: RawDocument) -> str:
    """The source a document's boilerplate is learned over, and its row's `source` (`source_of`)."""
    return source_of(doc.fields, doc.source_uri)


def source_of(fields: dict, uri: str) -> str:
    """The JSONL `source`, else the URL's host, else the folder the dump sits in (scrapers commonly keep one
    folder per site)."""
    return fields.get("source") or site_of(fields.get("url")) or parent_name(uri)


def count_batch(files: list[InputFile], settings: IngestSettings) -> pa.Table:
    """The countable lines of each document of these inputs' text dumps, as rows for `pipeline.ingest.boilerplate`."""
    rows = LineRows()
    for input_file in files:
        if input_file.uri.endswith(WARC_SUFFIXES):
            continue  # a crawl holds pages, never text dumps: not read twice for nothing
        loaded = load(input_file, settings)
        if isinstance(loaded, Reject):
            continue
        for doc in documents(loaded, settings):
            if isinstance(doc, RawDocument) and doc.kind == "text":
                try:
                    rows.add(source_key(doc), doc.source_uri, decode(doc.raw).text)
                except DecodeError:
                    continue
    return rows.table()


@dataclass
class Learned:
    """What a run learns as boilerplate: every line of each source (`lines`, for cleaning), those it learned
    that the stored counts alone did not (`new`), and the inputs of earlier runs holding one of those (`stale`:
    cleaned before the line was learned, so cleaned again by this run)."""

    lines: dict[str, dict[int, Support]] = field(default_factory=dict)
    new: dict[str, set[int]] = field(default_factory=dict)
    stale: set[str] = field(default_factory=set)


def learn_boilerplate(dest: str, counted: list[pa.Table], seen: int, rebuild_all: bool = False) -> Learned:
    """Learn each source's boilerplate from the dataset's stored line counts and this run's (`counted`, rows
    of `boilerplate.LINES_SCHEMA`, stamped `seen`), and store this run's before anything is cleaned."""
    store = LineStore(Dataset(dest))
    run_rows = pa.concat_tables(counted).cast(counted[0].schema) if counted else LineRows().table()
    sources = set(run_rows["source"].to_pylist())
    stored = store.read(sources) if sources else LineRows().table()
    # an input counted before (a backfill, an edit) keeps when it was first counted: a line's first sighting
    # does not move, so re-counting teaches what counting once did
    first_seen: dict[str, int] = {}
    for uri, when in zip(stored["source_uri"].to_pylist(), stored["seen"].to_pylist(), strict=True):
        first_seen[uri] = min(when, first_seen.get(uri, when))
    run_rows = run_rows.set_column(2, "seen", pa.array([first_seen.get(uri, seen) for uri in run_rows["source_uri"].to_pylist()],
                                                       pa.int64()))
    stored = without(stored, run_rows["source_uri"].to_pylist())
    store.add(run_rows)
    learned = learn(pa.concat_tables([stored, run_rows]))
    new = newly_learned(learn(stored), learned)
    return Learned(learned, new, holding(stored, new))


def learned_support(removed, learned: dict[int, Support]) -> list[dict]:
    """For each line removed as learned boilerplate, how it was learned: in how many of how many documents of
    its source it occurs (`boilerplate.Support`)."""
    found = []
    for removal in removed:
        if removal.rule == "repeated_across_source":
            support = learned.get(line_hash(normalise(removal.text)))
            if support is not None:
                found.append({"line": removal.line, "documents": support.documents, "out_of": support.out_of})
    return found


def learned_everywhere(dest: str) -> dict[str, dict[int, Support]]:
    """What the stored counts teach for every source: for inputs a run replaces without having counted them
    (edited since), whose sources the run's own counts may not cover."""
    return learn(LineStore(Dataset(dest)).read())


def store_is_empty(dest: str) -> bool:
    """Whether the dataset keeps no line counts (new, lost, or counted with other settings)."""
    return LineStore(Dataset(dest)).empty


# Text documents cleaned together (`clean_batch`): the rules' patterns are asked of a whole batch's lines at once
# once it holds enough of them (`pipeline.cleaning.columns.MIN_LINES`). Rows come out in input order all the same.
# A group closes at this many documents, or when their text and raw bytes (which wait with them) reach
# CLEAN_TOGETHER_CHARS: 500 documents took 4 s less than 100 on 10,000 real dumps and 67 MB more memory.
CLEAN_TOGETHER_DOCUMENTS = 100
CLEAN_TOGETHER_CHARS = 1_000_000


@dataclass(frozen=True)
class _Input:
    """What a queued document's rows need of its input: not the `Loaded` itself, whose bytes (up to 64 MiB) would
    stay in memory while its documents wait."""

    uri: str
    sha256: str
    stamp: str

    @classmethod
    def of(cls, loaded: Loaded | None) -> _Input:
        return cls("", "", "") if loaded is None else cls(loaded.file.uri, loaded.sha256, loaded.file.stamp)


@dataclass
class _Queued:
    """A document read and decoded, waiting for its batch to be cleaned: its article once it has one (an HTML page
    has it at once), else the text, source and learned lines to clean it with."""

    source_input: _Input
    doc: RawDocument
    replaced_bytes: int = 0
    text: str = ""
    source: str = ""
    learned: dict = field(default_factory=dict)
    fields: dict = field(default_factory=dict)
    article: object = None  # an Article, or a Reject when the document has none


class BatchCleaner:
    """The article rows of a batch's inputs, as a stream, their text documents cleaned together: `add` an input and
    take the rows it lets out (those of the documents queued before it, once enough are queued), then `flush` at
    the end. Reject rows are appended to `rejects` (a list or a `RowWriter`) as they are found; a reject already
    recorded for the same content (`rejected`, from the ledger) is not recorded again, so backfills do not repeat
    them."""

    def __init__(self, ctx: RunContext, result: BatchResult, rejects, rejected: set[tuple] = frozenset()) -> None:
        self.ctx, self.result, self.rejects, self.rejected = ctx, result, rejects, rejected
        self.now = datetime.now(UTC)
        self.queue: list[_Queued] = []
        self.chars = 0

    def add(self, loaded: Loaded) -> Iterator[dict]:
        source_input = _Input.of(loaded)
        for item in documents(loaded, self.ctx.settings):
            if isinstance(item, Reject):
                self._reject(source_input, item)
                continue
            self.result.documents += 1
            try:
                queued = _read(source_input, item, self.ctx)
            except Exception as err:  # noqa: BLE001 - one document must not sink its batch; it becomes a reject
                self._reject(source_input, _internal_error(item, err))
                continue
            if isinstance(queued, Reject):
                self._reject(source_input, queued)
                continue
            self.queue.append(queued)
            self.chars += len(queued.text) + len(item.raw)  # the raw bytes wait too (a reject would keep them)
            if len(self.queue) >= CLEAN_TOGETHER_DOCUMENTS or self.chars >= CLEAN_TOGETHER_CHARS:
                yield from self.flush()

    def flush(self) -> Iterator[dict]:
        """The rows of every queued document, in order."""
        queue, self.queue, self.chars = self.queue, [], 0
        _clean_queued([q for q in queue if q.article is None], self.ctx)
        for queued in queue:
            try:
                row = _row(queued, self.ctx, self.now, self.result.learned_texts)
            except Exception as err:  # noqa: BLE001 - as in `add`
                row = _internal_error(queued.doc, err)
            if isinstance(row, Reject):
                self._reject(queued.source_input, row)
                continue
            row["input_stamp"] = queued.source_input.stamp or None
            result = self.result
            result.written += 1
            result.with_replaced_bytes += row["replaced_bytes"] > 0
            result.sign(row["text_sha256"], row["text"])
            for removal in row["removed"]:
                result.removed[removal["kind"]] += 1
            yield row

    def _reject(self, source_input: _Input, reject: Reject) -> None:
        if (source_input.uri, source_input.sha256, reject.member, reject.kind) not in self.rejected:
            self.rejects.append(reject_row(reject, source_input.sha256, self.ctx, self.now, source_input.stamp))
            self.result.reject(reject)


def _internal_error(doc: RawDocument, err: Exception) -> Reject:
    log.error("cleaning %s#%s failed", doc.source_uri, doc.member, exc_info=err)
    return Reject(doc.source_uri, doc.member, "internal_error",
                  f"cleaning failed ({type(err).__name__}: {err}): a bug in articlean; please report it "
                  "with this row's raw bytes", doc.raw)


def _read(source_input: _Input, doc: RawDocument, ctx: RunContext) -> _Queued | Reject:
    """The document decoded; an HTML page also cleaned (its article is what trafilatura and the rules make of it)."""
    try:
        decoded = decode(doc.raw)
    except DecodeError as err:
        return Reject(doc.source_uri, doc.member, err.kind, str(err), doc.raw)
    queued = _Queued(source_input, doc, decoded.replaced_bytes, decoded.text, fields=doc.fields)
    if doc.kind == "html":
        fields = doc.fields

        def user_of(page: dict) -> UserLines:
            return ctx.user_lines.get(source_of({"url": page.get("url"), **fields}, doc.source_uri), NO_USER_LINES)

        article = clean_html(decoded.text, url=fields.get("url"), user_of=user_of, rules=ctx.clean_settings.rules)
        page = article.metadata
        queued.fields = {"url": page.get("url"), "title": page.get("title"), "authors": page.get("author"),
                         "published": page.get("date"), **fields}
        queued.article = article if article.body else Reject(
            doc.source_uri, doc.member, "no_body", "trafilatura found no main text in the page: is it an article? (an "
            "index page, a login wall or a script-only page has none)", doc.raw)
        queued.text = ""
    else:
        queued.source = source_key(doc)
        queued.learned = ctx.boilerplate.get(queued.source, {})
    return queued


def _clean_queued(queue: list[_Queued], ctx: RunContext) -> None:
    """Clean the queued text documents together; when that fails, one by one, so that only the document that fails
    becomes a reject."""
    if not queue:
        return
    users = [ctx.user_lines.get(q.source, NO_USER_LINES) for q in queue]
    try:
        articles = clean_batch([q.text for q in queue], ctx.clean_settings, sources=[q.source for q in queue],
                               boilerplate=[q.learned for q in queue], users=users)
    except Exception as err:  # noqa: BLE001 - a bug in cleaning one of them: find which
        log.warning("cleaning %d documents together failed (%s: %s): cleaning them one by one", len(queue),
                    type(err).__name__, err)
        articles = []
        for q, user in zip(queue, users, strict=True):
            try:
                articles.append(clean(q.text, ctx.clean_settings, boilerplate=q.learned, user=user, source=q.source))
            except Exception as err:  # noqa: BLE001 - this one becomes an internal_error reject
                articles.append(_internal_error(q.doc, err))
    for q, article in zip(queue, articles, strict=True):
        q.article = article


def article_row(doc: RawDocument, ctx: RunContext, now: datetime, learned_texts: dict | None = None) -> dict | Reject:
    """An article row, or the reason the document has none (one document; `BatchCleaner` cleans many together). The
    text of lines learned as boilerplate that this document holds and `learned_texts` lacks is added to it (for the
    run's report)."""
    queued = _read(_Input.of(None), doc, ctx)
    if isinstance(queued, Reject):
        return queued
    _clean_queued([queued] if queued.article is None else [], ctx)
    return _row(queued, ctx, now, learned_texts)


def _row(queued: _Queued, ctx: RunContext, now: datetime, learned_texts: dict | None) -> dict | Reject:
    doc, article, learned = queued.doc, queued.article, queued.learned
    if isinstance(article, Reject):
        return article
    if learned_texts is not None and not learned.keys() <= learned_texts.keys():
        learned_texts.update(texts_of(queued.text, learned.keys() - learned_texts.keys()))
    if not article.body:
        return Reject(doc.source_uri, doc.member, "no_body",
                      f"every one of its {len(article.removed)} lines was removed as noise: check `articlean explain`", doc.raw)
    identity = doc_id(doc.source_uri, doc.member)
    fields = queued.fields
    return {
        "doc_id": identity,
        "source_uri": doc.source_uri,
        "member": doc.member,
        **article_metadata(article, fields),
        # one name for where an article comes from, the key its boilerplate is learned over: JSONL `source`,
        # else the URL's host, else the dump's folder
        "source": source_of(fields, doc.source_uri),
        **quality_signals(article),
        "text": article.body,
        "removed": [r.to_dict() for r in article.removed],
        "learned_lines": learned_support(article.removed, learned),
        "raw_sha256": sha256(doc.raw),
        "replaced_bytes": queued.replaced_bytes,
        "input_sha256": doc.input_sha256,
        "text_sha256": sha256(article.body),
        "duplicate_of": None,  # set across the whole dataset by `fix_duplicates`, as are the next two
        "near_duplicate_of": None,
        "near_duplicate_cluster": identity,  # an article alone is its own cluster
        "pipeline_version": ctx.rows_version,
        "ingested_at": now,
        "run_id": ctx.run_id,
    }


def reject_row(reject: Reject, input_sha256: str, ctx: RunContext, now: datetime, stamp: str = "") -> dict:
    return {
        "source_uri": reject.source_uri,
        "member": reject.member,
        "error_kind": reject.kind,
        "message": reject.message,
        "raw": reject.raw,
        "raw_sha256": sha256(reject.raw) if reject.raw else None,
        "input_sha256": input_sha256,
        "input_stamp": stamp or None,
        "pipeline_version": ctx.rows_version,
        "rejected_at": now,
        "run_id": ctx.run_id,
    }


def _readable(files: list[InputFile], ctx: RunContext, result: BatchResult, rejects: list[dict], now: datetime,
              already_rejected: set[tuple] = frozenset()) -> Iterator[Loaded]:
    """Each input that can be read; a reject row for each that can't, unless the same input was rejected for
    the same reason before (an unreadable file is not re-reported every run)."""
    for input_file in files:
        result.inputs += 1
        loaded = load(input_file, ctx.settings)
        if isinstance(loaded, Reject):
            if (loaded.source_uri, "", None, loaded.kind) not in already_rejected:
                rejects.append(reject_row(loaded, "", ctx, now, input_file.stamp))
                result.reject(loaded)
            continue
        result.bytes_read += input_file.size
        yield loaded


def process_batch(files: list[InputFile], known: dict[str, str], rejected: set[tuple], ctx: RunContext,
                  force: bool = False, commit_now: bool = True) -> BatchResult:
    """Clean a batch of new inputs and write their rows as one new Parquet file per table.

    `known` maps the batch's already-ingested inputs to the content hash they were ingested from: an
    input with the same hash is skipped; one with another hash (or every known input, with `force`) is
    returned in `changed`, for `replace_inputs` to rewrite where its rows live. With `commit_now=False` the
    files are only staged (`result.staged`), for the process holding the dataset's lock to commit.
    Rows and rejects are written as they are made, so memory does not grow with the batch.
    """
    result = BatchResult(processes={f"{socket.gethostname()}:{os.getpid()}"})
    now = datetime.now(UTC)
    dataset = Dataset(ctx.dest)
    with dataset.writer("rejects", dataset.new_part_path("rejects", ctx.run_id)) as rejects, \
            dataset.writer("articles", dataset.new_part_path("articles", ctx.run_id)) as articles:
        cleaner = BatchCleaner(ctx, result, rejects, rejected)
        for loaded in _readable(files, ctx, result, rejects, now, rejected):
            uri, digest = loaded.file.uri, loaded.sha256
            if uri in known:
                if known[uri] == digest and not force:
                    result.skipped += 1
                else:
                    result.changed.append(loaded.file)
                continue
            if any(u == uri and h == digest and member is None for u, h, member, _ in rejected) and not force:
                result.skipped += 1  # rejected whole before with this very content: the reject row is already there
                continue
            for row in cleaner.add(loaded):
                articles.append(row)
        for row in cleaner.flush():
            articles.append(row)
    result.seal()
    # rejects first: an input whose articles are not in yet is taken up again by the next run
    result.staged = [rejects.staged, articles.staged]
    if commit_now:
        commit(result.staged, ctx.dest)
    return result


def replace_inputs(part: str, files: list[InputFile], ctx: RunContext, rejected: set[tuple] = frozenset(),
                   commit_now: bool = True) -> BatchResult:
    """Re-clean `files`, whose rows live in the Parquet file `part`, and rewrite that file in place:
    one atomic rename swaps their old rows for the new ones. An input that can no longer be read
    keeps its old rows, and a reject row says why. Old and new rows stream through: memory does not
    grow with the file."""
    result = BatchResult()
    dataset = Dataset(ctx.dest)
    now = datetime.now(UTC)
    replaced: set[str] = set()
    with dataset.writer("rejects", dataset.new_part_path("rejects", ctx.run_id)) as rejects, \
            dataset.writer("articles", part) as articles:
        cleaner = BatchCleaner(ctx, result, rejects, rejected)
        for loaded in _readable(files, ctx, result, rejects, now, rejected):
            replaced.add(loaded.file.uri)
            for row in cleaner.add(loaded):
                articles.append(row)
        for row in cleaner.flush():
            articles.append(row)
        # the old rows kept: those of other inputs, and of inputs that could not be read this time
        for row in dataset.iter_rows(part):
            if row["source_uri"] not in replaced:
                articles.append(row)
    result.seal()
    result.staged = [rejects.staged, articles.staged]
    if commit_now:
        commit(result.staged, ctx.dest)
    return result


def plan_batches(files: list[InputFile], settings: IngestSettings, workers: int = 1) -> list[list[InputFile]]:
    """Consecutive inputs grouped so that a batch holds about `batch_documents` files or `batch_bytes`
    bytes, whichever comes first, and so that every worker gets a batch when there are few inputs.
    A .jsonl input counts by its bytes; it is never split, so that all its rows land in one Parquet file."""
    per_batch = max(1, min(settings.batch_documents, -(-len(files) // max(workers, 1))))
    batches, current, size = [], [], 0
    for input_file in files:
        if current and (len(current) >= per_batch or size + input_file.size > settings.batch_bytes):
            batches.append(current)
            current, size = [], 0
        current.append(input_file)
        size += input_file.size
    if current:
        batches.append(current)
    return batches
