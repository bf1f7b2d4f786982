"""Ingest from and into S3-compatible object storage, against a real S3 HTTP endpoint on 127.0.0.1 (moto's
standalone server) reached through a proxy that can fail like a network does."""

from __future__ import annotations

import contextvars
import os
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from conftest import articles, make_corpus
from s3_fixtures import FlakyProxy, start_moto

pytestmark = pytest.mark.usefixtures("prefect_api")

# How long an outage may last at most: ended by the test once the failure it waits for has come (a task retried,
# a call failed), so that no timing decides what the test sees; the bound only stops a test that would hang.
LONGEST_OUTAGE = 300.0


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """A moto server, a proxy in front of it, and the standard AWS variables pointing at the proxy. Worker
    processes inherit the variables."""
    moto, port = start_moto(tmp_path_factory.mktemp("moto") / "moto.log")
    proxy = FlakyProxy(port)
    saved = {k: os.environ.get(k) for k in ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                                            "AWS_DEFAULT_REGION", "ARTICLEAN_S3_LEASE_SECONDS")}
    os.environ.update(AWS_ENDPOINT_URL=f"http://127.0.0.1:{proxy.port}", AWS_ACCESS_KEY_ID="test",
                      AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="us-east-1")
    from pipeline.io.storage import s3_store

    s3_store.cache_clear()
    store = s3_store()
    try:
        yield store, proxy
    finally:
        s3_store.cache_clear()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        proxy.close()
        moto.terminate()
        moto.wait(timeout=30)


def upload(store, folder, bucket_prefix: str, paths=None) -> list[str]:
    """Put `paths` (default: every file under `folder`) at s3://bucket_prefix/<path relative to folder>;
    return the URIs."""
    uris = []
    for path in paths if paths is not None else sorted(p for p in folder.rglob("*") if p.is_file()):
        uri = f"{bucket_prefix}/{path.relative_to(folder).as_posix()}"
        store.fs.pipe_file(store.key(uri), path.read_bytes())
        uris.append(uri)
    return uris


def make_bucket(store, name: str) -> None:
    if not store.fs.exists(name):
        store.fs.mkdir(name)


def s3_rows(store, dest: str) -> list[dict]:
    import pyarrow.dataset as pads

    return pads.dataset(store.key(f"{dest}/articles"), filesystem=store.fs, partitioning="hive").to_table().to_pylist()


def content(rows: list[dict], prefix: str) -> dict[tuple, tuple]:
    """The rows keyed by (input path relative to its root, member), without what names the location or the run."""
    skip = {"doc_id", "source_uri", "input_stamp", "duplicate_of", "near_duplicate_of", "near_duplicate_cluster",
            "ingested_at", "run_id", "ingest_date"}
    return {(r["source_uri"].removeprefix(prefix).lstrip("/"), r["member"]):
            tuple(v for k, v in sorted(r.items()) if k not in skip) for r in rows}


def local_baseline(src, tmp_path) -> dict:
    from flows.ingest import ingest

    dest = tmp_path / "local-dest"
    ingest(str(src), str(dest), workers=2, batch_size=10)
    return content(articles(dest), str(src.resolve()))


def test_ingest_from_a_bucket_into_a_bucket_equals_a_local_run(s3, tmp_path):
    from flows.ingest import ingest

    store, _ = s3
    src = tmp_path / "src"
    make_corpus(src, 30)
    make_bucket(store, "dumps")
    make_bucket(store, "lake")
    uris = upload(store, src, "s3://dumps/site-a")
    summary = ingest("s3://dumps/site-a", "s3://lake/corpus", workers=2, batch_size=10)
    assert summary.totals.written == 30 and summary.discovered == 30
    rows = s3_rows(store, "s3://lake/corpus")
    assert sorted(r["source_uri"] for r in rows) == sorted(uris)
    assert content(rows, "s3://dumps/site-a") == local_baseline(src, tmp_path)
    # nothing but whole Parquet files and the released lock's absence is left behind
    keys = store.fs.find("lake/corpus")
    assert keys and all(k.endswith(".parquet") for k in keys), keys


def test_a_scheduled_run_ingests_only_the_new_objects(s3, tmp_path):
    from flows.ingest import ingest

    store, _ = s3
    src = tmp_path / "src"
    inputs = make_corpus(src, 14)
    make_bucket(store, "incoming")
    make_bucket(store, "lake")
    upload(store, src, "s3://incoming/feed", inputs[:10])
    first = ingest("s3://incoming/feed", "s3://lake/scheduled", workers=2)
    assert first.totals.written == 10
    parts_before = etags(store, "lake/scheduled")

    again = ingest("s3://incoming/feed", "s3://lake/scheduled", workers=2)
    assert again.totals.written == 0 and again.totals.skipped == 10
    assert etags(store, "lake/scheduled") == parts_before

    new_uris = upload(store, src, "s3://incoming/feed", inputs[10:])
    third = ingest("s3://incoming/feed", "s3://lake/scheduled", workers=2)
    # the new objects, and the earlier ones holding a line of their source learned only now (a third copy of a
    # site's furniture), cleaned again: nothing else
    assert third.totals.written == 4 + third.relearned and third.totals.skipped == 10
    rows = s3_rows(store, "s3://lake/scheduled")
    assert len(rows) == 14 and len({r["doc_id"] for r in rows}) == 14
    written_now = {r["source_uri"] for r in rows if r["run_id"] == third.run_id}
    assert written_now >= set(new_uris) and len(written_now) == 4 + third.relearned
    after = etags(store, "lake/scheduled")
    rewritten = [key for key in parts_before if after.get(key) != parts_before[key]]
    assert len(rewritten) <= third.relearned  # only the files of the inputs cleaned again


def test_a_scheduled_run_over_an_unchanged_bucket_downloads_no_input(s3, tmp_path):
    """The ledger keeps each input's size and ETag: a run whose listing shows the same ones reads nothing;
    an object put again with other content is read and replaced."""
    from flows.ingest import ingest

    store, proxy = s3
    src = tmp_path / "src"
    inputs = make_corpus(src, 12)
    make_bucket(store, "stamped")
    make_bucket(store, "lake")
    upload(store, src, "s3://stamped/feed", inputs)
    assert ingest("s3://stamped/feed", "s3://lake/stamped", workers=2).totals.written == 12

    seen = len(proxy.request_lines)
    again = ingest("s3://stamped/feed", "s3://lake/stamped", workers=2)
    reads = [line for line in proxy.request_lines[seen:] if line.startswith(("GET /stamped/", "HEAD /stamped/"))]
    assert again.totals.skipped == 12 and again.totals.written == 0
    assert reads == [], reads  # listing the bucket is a GET of /stamped?list-type=2..., never of an object

    changed = inputs[3]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more paragraph, added after the first run.\n",
                       encoding="utf-8")
    upload(store, src, "s3://stamped/feed", [changed])
    seen = len(proxy.request_lines)
    third = ingest("s3://stamped/feed", "s3://lake/stamped", workers=2)
    reads = [line for line in proxy.request_lines[seen:] if line.startswith("GET /stamped/feed/")]
    assert third.replaced == 1 and third.totals.skipped == 11
    assert all(changed.name in line for line in reads) and reads, reads
    rows = s3_rows(store, "s3://lake/stamped")
    assert len(rows) == 12 and all(r["input_stamp"] for r in rows)


def etags(store, prefix: str) -> dict[str, str]:
    return {key: store.fs.info(key)["ETag"] for key in store.fs.find(prefix)}


@contextmanager
def _outage_until_a_task_retries(proxy):
    """End the proxy's outage once a task run of the session's Prefect API waits for a retry or retries."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import TaskRunFilter, TaskRunFilterState, TaskRunFilterStateName

    since = datetime.now(UTC)
    done = threading.Event()
    waiting = TaskRunFilter(state=TaskRunFilterState(name=TaskRunFilterStateName(any_=["AwaitingRetry", "Retrying"])))

    def watch() -> None:
        with get_client(sync_client=True) as client:
            while not done.wait(0.5):
                if any(run.created and run.created >= since for run in client.read_task_runs(task_run_filter=waiting)):
                    proxy.end_outage()
                    return

    # the thread asks the session's API: it runs in this context, where the test harness set Prefect's settings
    watcher = threading.Thread(target=contextvars.copy_context().run, args=(watch,), daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join(timeout=30)
        proxy.end_outage()


@pytest.mark.parametrize("when", ["reading", "staging"])
def test_an_outage_mid_run_is_ridden_out_by_retries_with_nothing_lost_or_duplicated(s3, tmp_path, when):
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from flows.ingest import ingest

    store, proxy = s3
    src = tmp_path / "src"
    make_corpus(src, 40)
    make_bucket(store, "flaky")
    upload(store, src, f"s3://flaky/{when}")
    expected = local_baseline(src, tmp_path)

    # The outage starts at a request a task makes ("reading": the first read of an input; "staging": the first
    # upload of a staged Parquet file, so that workers' uploads and the commits fail) and lasts until Prefect has
    # put a task up for a retry: however busy the machine, the S3 client's own retries cannot outlast it. (An
    # outage of a fixed 6 s that started after 25 requests missed every task on a busy machine now and then: it
    # fell between the workers' reads, or the client's retries outlasted it.)
    proxy.fail_at(b"GET /flaky/reading/" if when == "reading" else b"/.tmp-", seconds=LONGEST_OUTAGE)
    with _outage_until_a_task_retries(proxy):
        state = ingest(f"s3://flaky/{when}", f"s3://flaky/out-{when}", workers=2, batch_size=5, return_state=True)
    summary = state.result()
    assert proxy.refused + proxy.cut > 0, "the outage never happened"

    rows = s3_rows(store, f"s3://flaky/out-{when}")
    assert len(rows) == 40 and len({r["doc_id"] for r in rows}) == 40  # nothing lost, nothing twice
    assert content(rows, f"s3://flaky/{when}") == expected
    assert summary.totals.written == 40 and sum(summary.totals.rejected.values()) == 0

    async def retried_tasks() -> list[str]:
        async with get_client() as client:
            runs = await client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id])))
            return [r.name for r in runs if r.run_count > 1]

    retried = asyncio.run(retried_tasks())
    print(f"outage: {proxy.refused} connections refused, {proxy.cut} cut; retried tasks: {retried}")
    assert retried, "no task needed Prefect's retries: the outage did not reach them"
    # a failed attempt's staged uploads stay hidden; the next run's lock clears them away
    assert all(k.endswith(".parquet") or "/.tmp-" in k for k in store.fs.find(f"flaky/out-{when}"))
    from pipeline.dataset.tables import Dataset

    with Dataset(f"s3://flaky/out-{when}").lock():
        pass
    assert all(k.endswith(".parquet") for k in store.fs.find(f"flaky/out-{when}"))


def test_a_lock_left_by_a_dead_run_is_taken_over_once_its_lease_runs_out(s3, monkeypatch):
    from pipeline.io.storage import LOCK_NAME, S3Store

    store, _ = s3
    make_bucket(store, "leases")
    short = S3Store(lease_seconds=2.0)
    dead = f"leases/ds/{LOCK_NAME}"
    short.fs.pipe_file(dead, b'{"owner": "a run that was killed"}')  # never renewed
    started = time.monotonic()
    with short.lock("s3://leases/ds"):
        waited = time.monotonic() - started
        assert store.fs.cat_file(dead) != b'{"owner": "a run that was killed"}'
        # a second writer waits while the lease is renewed
        other = S3Store(lease_seconds=2.0)
        from pipeline.io.storage import _Lease

        rival = _Lease(other, dead)
        assert rival._try_create() is False
    assert 1.5 < waited < 30
    assert not store.fs.exists(dead)  # released


def test_a_run_whose_lease_ran_out_commits_nothing(s3, tmp_path):
    """A run that could not renew its lease in time (the store unreachable, the machine paused) may have
    been overtaken by another run: it must not make rows visible any more."""
    from pipeline.dataset.tables import Dataset, commit
    from pipeline.io.storage import LOCK_NAME, LockLost, S3Store, _Lease

    store, _ = s3
    make_bucket(store, "leases")
    dataset = Dataset("s3://leases/stalled")
    lease = _Lease(S3Store(lease_seconds=2.0), f"leases/stalled/{LOCK_NAME}")
    lease.acquire()
    try:
        staged = dataset.stage("rejects", [], dataset.new_part_path("rejects", "r"))
        commit([staged], dataset.root)  # while the lease is fresh: fine
        lease.stop.set()  # renewals stop, as when the store is unreachable
        lease.thread.join()
        time.sleep(2.0)
        with pytest.raises(LockLost, match="lease"):
            commit([staged], dataset.root)
    finally:
        lease.release()


def test_an_error_the_store_will_repeat_is_not_retried(s3):
    """s3fs reports S3 error codes it does not know as EIO, which would read as transient."""
    import errno

    from botocore.exceptions import ClientError

    from pipeline.io.readers import is_transient
    from pipeline.io.storage import _s3_errors

    @_s3_errors
    def read_with_a_disabled_key():
        refused = ClientError({"Error": {"Code": "KMS.DisabledException", "Message": "key disabled"},
                               "ResponseMetadata": {"HTTPStatusCode": 400}}, "GetObject")
        raise OSError(errno.EIO, "key disabled") from refused

    @_s3_errors
    def read_while_the_store_is_busy():
        busy = ClientError({"Error": {"Code": "SlowDown", "Message": "slow down"},
                            "ResponseMetadata": {"HTTPStatusCode": 503}}, "GetObject")
        raise OSError(errno.EIO, "slow down") from busy

    with pytest.raises(OSError) as refused:
        read_with_a_disabled_key()
    assert not is_transient(refused.value)
    with pytest.raises(OSError) as busy:
        read_while_the_store_is_busy()
    assert is_transient(busy.value)


def test_an_outage_while_a_staged_file_uploads_its_parts_is_retryable(s3):
    """Rows are written to S3 as they are made, in 8 MiB parts: a part's upload that fails mid-write is a storage
    outage like any other (retried by the flow), and the failed upload leaves nothing visible."""
    import random
    import string

    from pipeline.dataset.schema import TABLES
    from pipeline.dataset.tables import Dataset
    from pipeline.io.readers import is_transient
    from pipeline.io.storage import StorageUnavailable

    store, proxy = s3
    make_bucket(store, "parts")
    rng = random.Random(1)

    def rows():
        for n in range(24):  # about 24 MB of incompressible text: several parts
            row = dict.fromkeys(TABLES["articles"].names)
            row.update(doc_id=f"d{n}", text="".join(rng.choices(string.ascii_letters, k=1_000_000)), removed=[])
            yield row

    proxy.fail_at(b"uploads", LONGEST_OUTAGE)  # until the call fails: then the store is back
    try:
        with pytest.raises(StorageUnavailable) as failed:
            Dataset("s3://parts/dest").stage("articles", rows(), "s3://parts/dest/articles/part.parquet")
    finally:
        proxy.end_outage()
    assert is_transient(failed.value)
    assert store.parquet_files("s3://parts/dest/articles") == []


def test_export_reads_an_s3_dataset_and_writes_to_s3(s3, tmp_path):
    import json

    from conftest import make_corpus
    from runs import run

    from pipeline.publish.export import export

    store, _ = s3
    make_bucket(store, "exports")
    make_corpus(tmp_path / "src", 12)
    run(tmp_path / "src", "s3://exports/dataset")
    summary = export("s3://exports/dataset", "s3://exports/out", where="n_words > 100", fmt="parquet")
    manifest = json.loads(store.fs.cat_file(store.key("s3://exports/out/manifest.json")))
    assert manifest["rows"] == summary.rows == len(s3_rows(store, "s3://exports/dataset")) == 12
    shard = manifest["shards"][0]
    assert len(store.fs.cat_file(store.key(f"s3://exports/out/{shard['path']}"))) == shard["bytes"]
    assert store.fs.cat_file(store.key("s3://exports/out/README.md")).startswith(b"---\nconfigs:")
