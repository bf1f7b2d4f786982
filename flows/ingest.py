"""Prefect flows: ingest a folder of dumps into the Parquet dataset, and backfill it after the rules change.

The flows only wire library calls together: discover -> batches -> clean on every core -> write ->
report. Each task body is one library call, run in a pool of processes because cleaning is CPU-bound;
Prefect's tasks run on threads, so the API (embedded or a server) is only ever talked to from this
process.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NONE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from flows.worker import cleans_inline, start_worker, then_give_back_memory, worker_ready
from pipeline.cleaning.rules.rule_file import read_rules
from pipeline.core.machine import give_back_memory, usable_cores
from pipeline.core.settings import DEFAULT_SETTINGS, CleanSettings, IngestSettings
from pipeline.dataset import ledger as dataset_ledger
from pipeline.dataset.ledger import Ledger
from pipeline.dataset.overrides import read_overrides
from pipeline.dataset.tables import Dataset, Staged, commit
from pipeline.dedup.exact import fix_duplicates
from pipeline.ingest.batch import (
    BatchResult,
    Learned,
    RunContext,
    count_batch,
    learn_boilerplate,
    learned_everywhere,
    plan_batches,
    process_batch,
    replace_inputs,
    store_is_empty,
)
from pipeline.io.readers import InputFile, discover, formats, is_transient
from pipeline.publish.wording import counted

_pool: Executor | None = None  # the run's worker processes, set by `_worker_pool`; None on a Dask worker


def _run(fn, *args):
    """Call a batch function in the run's process pool; on a Dask worker (no pool), call it right here."""
    return _pool.submit(then_give_back_memory, fn, *args).result() if _pool is not None else fn(*args)


def retry_on_transient_io(task, task_run, state) -> bool:
    """Retry a batch only when the storage failed (a timeout, a reset, EIO): a bug fails at once."""
    try:
        state.result()
    except Exception as err:  # noqa: BLE001 - we only classify it
        return is_transient(err)
    return False


# Storage outages (a store restarting, a network blip) are ridden out by retrying the task that hit them:
# about 20 s in all, beyond the S3 client's own few quick retries.
RETRY = {"retries": 3, "retry_delay_seconds": [2, 5, 15], "retry_condition_fn": retry_on_transient_io, "cache_policy": NONE}


@task(**RETRY)
def list_inputs(source: str) -> tuple[list[InputFile], list[str]]:
    return discover(source)


@task(**RETRY)
def read_ledger(dest: str, uris: list[str]) -> Ledger:
    return dataset_ledger.read_ledger(Dataset(dest), uris)


@task(**RETRY)
def publish(staged: list[Staged], dest: str) -> None:
    """Make a batch's staged files visible: only this process, which holds the lock, does it. Safe to
    retry: a file already in place is not published twice."""
    commit(staged, dest)


@task(**RETRY)
def clean_batch(files: list[InputFile], known: dict, rejected: set, ctx: RunContext, force: bool) -> BatchResult:
    return _run(process_batch, files, known, rejected, ctx, force, False)


@task(**RETRY)
def replace_in_part(part: str, files: list[InputFile], ctx: RunContext, rejected: set) -> BatchResult:
    return _run(replace_inputs, part, files, ctx, rejected, False)


@task(**RETRY)
def count_lines_in(files: list[InputFile], settings: IngestSettings) -> pa.Table:
    return _run(count_batch, files, settings)


@task(**RETRY)
def learn_lines(dest: str, counted: list[pa.Table], seen: int) -> Learned:
    return learn_boilerplate(dest, counted, seen)


@task(**RETRY)
def link_duplicates(dest: str, signatures: list[pa.Table]) -> int:
    # in the command's process, after the workers have stopped: what the run's cleaning freed there goes back
    # first, so that the link's own peak is not added to it
    give_back_memory()
    return fix_duplicates(dest, signatures)


class Phases:
    """Wall seconds per phase of a run: `with phases("list inputs"): ...`, or `start(name)` ... `stop()` for a
    phase that ends where a block does not."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._open: tuple[str, float] | None = None

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        self.start(name)
        try:
            yield
        finally:
            self.stop()

    def start(self, name: str) -> None:
        self.stop()
        self._open = (name, time.monotonic())

    def stop(self) -> None:
        if self._open:
            name, began = self._open
            self.seconds[name] = self.seconds.get(name, 0.0) + time.monotonic() - began
            self._open = None


@dataclass
class RunSummary:
    run_id: str
    dest: str = ""  # where the run wrote: its rejects are rows of DEST/rejects
    discovered: int = 0
    unsupported: list[str] = field(default_factory=list)
    totals: BatchResult = field(default_factory=BatchResult)
    replaced: int = 0
    duplicates_relinked: int = 0
    learned: dict = field(default_factory=dict)  # source -> {normalised line (or its hash): documents}, learned this run
    known_lines: int = 0  # lines known as boilerplate of the run's sources, learned by this run or before
    relearned: int = 0  # inputs of earlier runs cleaned again because this run learned a line they hold
    overrides: tuple[int, int] = (0, 0)  # the override table the run applied: its version and its lines
    seconds: float = 0.0
    timer: Phases = field(default_factory=Phases)  # seconds per phase of the run, for `ARTICLEAN_TIMINGS`

    def line(self) -> str:
        """The run in one line: when, what it found and what it did."""
        t = self.totals
        return (f"{datetime.now().astimezone():%Y-%m-%d %H:%M:%S} run {self.run_id}: {counted(self.discovered, 'input')} found, "
                f"{counted(t.written, 'article')} written, {counted(t.skipped, 'input')} skipped, {sum(t.rejected.values())} rejected, "
                f"{self.replaced} replaced ({self.seconds:.1f} s)")

    def table(self) -> list[dict]:
        t = self.totals
        rows = [
            {"what": "inputs found", "count": self.discovered},
            {"what": "documents read", "count": t.documents},
            {"what": "articles written", "count": t.written},
            {"what": "  of which read with bad bytes replaced (replaced_bytes)", "count": t.with_replaced_bytes},
            {"what": "inputs skipped (already ingested)", "count": t.skipped},
            {"what": "inputs replaced (changed, backfilled or re-cleaned)", "count": self.replaced},
            {"what": "rejected", "count": sum(t.rejected.values())},
        ]
        rows += [{"what": f"  rejected: {kind}", "count": n} for kind, n in sorted(t.rejected.items())]
        rows += [{"what": "files of an unsupported format (not read)", "count": len(self.unsupported)}]
        rows += [{"what": "boilerplate lines learned (new this run)", "count": sum(len(lines) for lines in self.learned.values())}]
        rows += [{"what": "boilerplate lines known for these sources", "count": self.known_lines}]
        rows += [{"what": "inputs re-cleaned for lines learned since", "count": self.relearned}]
        if self.overrides[0]:  # a dataset with an override table: which one this run's new rows follow
            rows += [{"what": f"lines in the override table (version {self.overrides[0]})", "count": self.overrides[1]}]
        rows += [{"what": "worker processes that cleaned", "count": len(t.processes)}]
        rows += [{"what": f"lines removed: {kind}", "count": n} for kind, n in sorted(t.removed.items())]
        return rows

    def rejects_named(self) -> list[dict]:
        """The run's first rejects in path order, up to `NAMED_REJECTS`, in the rejects table's column names: what
        the summary names (the rest are rows of DEST/rejects, with the run's `run_id`)."""
        return [{"source_uri": uri, "member": member, "error_kind": kind, "message": message}
                for uri, member, kind, message in self.totals.named_rejects]


def _worker_pool(workers: int | None, local: bool):
    """The processes that clean: a local pool (spawn, not fork: this process runs Prefect's threads and event
    loop, which a fork would copy mid-flight), or none when the task runner is a Dask cluster."""
    if not local:
        return nullcontext(None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=start_worker)


def _select(files: list[InputFile], since: datetime | None, until: datetime | None) -> list[InputFile]:
    lo = since.timestamp() if since else float("-inf")
    hi = until.timestamp() if until else float("inf")
    return [f for f in files if lo <= f.mtime < hi]


def run_ingest(source: str, dest: str, *, force: bool = False, since: datetime | None = None, until: datetime | None = None,
               workers: int | None = None, settings: IngestSettings | None = None, local: bool = True,
               clean_settings: CleanSettings = DEFAULT_SETTINGS) -> RunSummary:
    """The body shared by the ingest and backfill flows."""
    global _pool
    logger = get_run_logger()
    started = time.monotonic()
    ctx = RunContext(dest=str(dest), run_id=uuid.uuid4().hex[:12], settings=settings or IngestSettings(),
                     clean_settings=clean_settings)
    summary = RunSummary(ctx.run_id, str(dest))
    dataset = Dataset(dest)
    timed = summary.timer
    timed.start("wait for DEST's lock")
    with dataset.lock():
        # the user's overrides, as they stand when the run starts (`pipeline.dataset.overrides`)
        overrides = read_overrides(str(dest))
        ctx = replace(ctx, user_lines=overrides.user_lines())
        summary.overrides = (overrides.version, len(overrides.lines))
        with timed("list inputs"):
            files, summary.unsupported = list_inputs(source)
            files = listed = _select(files, since, until)
        summary.discovered = len(files)
        for path in summary.unsupported:
            logger.warning("not a supported format (%s), not read: %s", formats(), path)
        with timed("read the dataset's ledger"):
            ledger = read_ledger(str(dest), [f.uri for f in files])
        if not force:  # inputs listed exactly as when their rows were made are not read at all
            changed = [f for f in files if not ledger.unchanged(f)]
            summary.totals.skipped += len(files) - len(changed)
            files = changed
        # the inputs this run will clean: new ones (every input, for a backfill); the others are only hashed
        to_clean = files if force else [f for f in files if f.uri not in ledger.inputs]
        inline = local and cleans_inline(to_clean, workers, ctx.settings)
        workers = 1 if inline else (workers or usable_cores())
        timed.start("start worker processes")
        with _worker_pool(workers, local and not inline) as _pool:
            warm_up(_pool, workers)
            batches = plan_batches(files, ctx.settings, workers)
            # Lines that recur across a source's documents: this run's new inputs counted first, then learned
            # with the counts the dataset keeps from earlier runs (`pipeline.ingest.boilerplate`); every input listed is
            # counted when the dataset has rows but no counts (lost, or counted with other settings). An input
            # whose listing changed is not read for this (an unchanged one, merely touched, would be read twice):
            # its earlier counts stay until a backfill.
            with timed("count boilerplate lines"):
                to_count = listed if ledger.inputs and store_is_empty(str(dest)) else to_clean
                counted = [future.result() for future in [count_lines_in.submit(batch, ctx.settings)
                                                          for batch in plan_batches(to_count, ctx.settings, workers)]]
                learned = learn_lines(str(dest), counted, time.time_ns())
                del counted
            ctx = replace(ctx, boilerplate=learned.lines)
            by_uri = {f.uri: f for f in listed}
            stale = [by_uri[uri] for uri in sorted(learned.stale) if uri in by_uri and uri in ledger.files]
            with timed("clean and publish"):
                futures = []
                for batch in batches:
                    known = {f.uri: ledger.inputs[f.uri] for f in batch if f.uri in ledger.inputs}
                    rejected = ledger.rejects_of({f.uri for f in batch})
                    futures.append(clean_batch.submit(batch, known, rejected, ctx, force))
                with Progress(len(files), "inputs") as progress:
                    for future in as_completed(futures):
                        result = future.result()
                        publish(result.staged, ctx.dest)
                        summary.totals.add(result)
                        result.signatures = []  # held once, by the summary, not again by the future
                        progress.advance(result.inputs, result.documents)
            with timed("replace changed inputs"):
                by_part: dict[str, list[InputFile]] = defaultdict(list)
                # an edited input may also hold a line learned now: cleaned once
                for changed in {f.uri: f for f in [*summary.totals.changed, *stale]}.values():
                    for part in sorted(ledger.files.get(changed.uri, ())):
                        by_part[part].append(changed)
                        break
                if summary.totals.changed:  # edited inputs, not counted by this run: cleaned with all that is known
                    ctx = replace(ctx, boilerplate={**learned_everywhere(str(dest)), **learned.lines})
                replaced = [replace_in_part.submit(part, group, ctx, ledger.rejects_of({f.uri for f in group}))
                            for part, group in sorted(by_part.items())]
                for future in as_completed(replaced):
                    result = future.result()
                    publish(result.staged, ctx.dest)
                    summary.replaced += result.inputs
                    summary.totals.documents += result.documents
                    summary.totals.written += result.written
                    summary.totals.with_replaced_bytes += result.with_replaced_bytes
                    summary.totals.rejected.update(result.rejected)
                    summary.totals.keep_named(result.named_rejects)
                    summary.totals.removed.update(result.removed)
                    summary.totals.learned_texts.update(result.learned_texts)
                    summary.totals.keep_signatures(result.signatures)
                    result.signatures = []
            timed.start("stop worker processes")
        texts = summary.totals.learned_texts
        summary.learned = {source: {texts.get(h, f"#{h:016x}"): learned.lines[source][h].documents for h in sorted(lines)}
                           for source, lines in learned.new.items()}
        summary.known_lines = sum(len(lines) for lines in learned.lines.values())
        summary.relearned = len(stale)
        timed.stop()
        _pool = None
        with timed("link duplicates"):
            summary.duplicates_relinked = link_duplicates(str(dest), summary.totals.signatures)
        summary.totals.signatures = []  # matched and stored: not kept with the summary
    summary.seconds = time.monotonic() - started
    with timed("report"):
        _report(summary, logger)
    return summary


def warm_up(pool: Executor | None, workers: int) -> None:
    """Start every worker process now (the pool starts them one per submit otherwise), so that the time it
    takes is measured as its own phase."""
    if pool is not None:
        for future in [pool.submit(worker_ready) for _ in range(workers)]:
            future.result()


def _report(summary: RunSummary, logger) -> None:
    rows = summary.table()
    create_table_artifact(
        key="articlean-ingest-summary",
        table=rows,
        description=f"articlean run {summary.run_id}: {counted(summary.totals.written, 'article')} written in {summary.seconds:.1f}s",
    )
    learned = [{"source": source, "line": line, "documents": n}
               for source, lines in sorted(summary.learned.items()) for line, n in lines.items()]
    if learned:
        create_table_artifact(key="articlean-learned-boilerplate", table=learned,
                              description=f"lines learned as boilerplate in run {summary.run_id} (normalised)")
    named = summary.rejects_named()
    if named:
        create_table_artifact(key="articlean-rejects", table=named,
                              description=f"run {summary.run_id}: the first {len(named)} of its {sum(summary.totals.rejected.values())}"
                                          f" rejects in path order; all are rows of {summary.dest}/rejects with this run_id")
    for row in rows:
        logger.info("%-45s %8d", row["what"], row["count"])
    for row in learned:
        logger.info("learned boilerplate of %s (%d documents): %s", row["source"], row["documents"], row["line"])
    for row in named:
        logger.info("rejected %s%s: %s: %s", row["source_uri"], "" if row["member"] is None else f"#{row['member']}",
                    row["error_kind"], row["message"])


class Progress:
    """Inputs done / total and the rate, on a terminal; silent when stderr is not one (logs say enough)."""

    def __init__(self, total: int, unit: str) -> None:
        self.total, self.unit = total, unit
        self.done = self.documents = 0
        self.started = time.monotonic()
        self.live = sys.stderr.isatty()

    def __enter__(self) -> Progress:
        return self

    def advance(self, inputs: int, documents: int) -> None:
        self.done += inputs
        self.documents += documents
        if self.live:
            rate = self.documents / max(time.monotonic() - self.started, 1e-9)
            sys.stderr.write(f"\r{self.done}/{self.total} {self.unit}, {counted(self.documents, 'document')}, {rate:,.0f} docs/s ")
            sys.stderr.flush()

    def __exit__(self, *exc) -> None:
        if self.live:
            sys.stderr.write("\n")


@flow(name="articlean-ingest", task_runner=ThreadPoolTaskRunner(max_workers=8))
def ingest(source: str, dest: str, workers: int | None = None, batch_size: int | None = None,
           local_processes: bool = True, announce: bool = False, rules: str | None = None) -> RunSummary:
    """Clean every new or changed dump under `source` into the Parquet dataset at `dest`.
    `local_processes=False` when the flow's task runner is a Dask cluster, whose workers clean; `announce`
    prints the run's one-line summary on stdout (for `articlean serve`, whose runs are otherwise silent); `rules`
    is a TOML file of the user's own rules (`pipeline.cleaning.rules.rule_file`), read when the run starts."""
    summary = run_ingest(source, dest, workers=workers, settings=_settings(batch_size), local=local_processes,
                         clean_settings=_clean_settings(rules))
    if announce:
        print(summary.line(), flush=True)
    return summary


@flow(name="articlean-backfill", task_runner=ThreadPoolTaskRunner(max_workers=8))
def backfill(source: str, dest: str, since: datetime | None = None, until: datetime | None = None,
             workers: int | None = None, batch_size: int | None = None, local_processes: bool = True,
             rules: str | None = None) -> RunSummary:
    """Re-clean the dumps under `source` that landed between `since` and `until` with the current rules (and the
    user's own from the TOML file `rules`), replacing their earlier rows in place; dumps never ingested are
    ingested."""
    return run_ingest(source, dest, force=True, since=since, until=until, workers=workers, settings=_settings(batch_size),
                      local=local_processes, clean_settings=_clean_settings(rules))


def _settings(batch_size: int | None) -> IngestSettings:
    return IngestSettings(batch_documents=batch_size) if batch_size else IngestSettings()


def _clean_settings(rules: str | None) -> CleanSettings:
    """The cleaning settings of a run: the defaults, with the user's rules when a rules file is given. The flows take
    the file's path, not rules, so that their parameters stay plain data (a deployment's, a served run's)."""
    return CleanSettings(rules=read_rules(rules)) if rules else DEFAULT_SETTINGS
