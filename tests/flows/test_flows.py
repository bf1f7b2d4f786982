"""The ingest and backfill flows, run in-process against one temporary Prefect API."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import LABELLED, SEED, articles, make_corpus
from test_cli import LINE_26, RULES_TOML

from pipeline.dataset.tables import Dataset
from pipeline.ingest.batch import pipeline_version

pytestmark = pytest.mark.usefixtures("prefect_api")


def snapshot(dest: Path) -> dict[str, tuple]:
    """Each article row by doc_id, without the fields that say when and by which run it was written."""
    return {r["doc_id"]: tuple(v for k, v in sorted(r.items()) if k not in ("ingested_at", "run_id")) for r in articles(dest)}


def test_ingest_writes_every_input_once_and_a_second_run_changes_nothing(tmp_path):
    from flows.ingest import ingest

    src, dest = tmp_path / "src", tmp_path / "dest"
    inputs = make_corpus(src, 60)
    first = ingest(str(src), str(dest), workers=2, batch_size=20)
    assert first.totals.written == 60 and first.totals.skipped == 0
    rows = articles(dest)
    assert sorted(r["source_uri"] for r in rows) == sorted(str(p.resolve()) for p in inputs)
    files_before = sorted(Path(p).name for p in Dataset(dest).files("articles"))
    before = snapshot(dest)

    second = ingest(str(src), str(dest), workers=2, batch_size=20)
    assert second.totals.written == 0 and second.totals.skipped == 60
    assert snapshot(dest) == before
    assert sorted(Path(p).name for p in Dataset(dest).files("articles")) == files_before


def test_a_small_run_cleans_in_the_flow_process_in_several_batches(tmp_path):
    """Without --workers, a run with little to clean starts no worker process: the same rows, from this
    process, over several batches on Prefect's threads; a second run over the same inputs skips them all."""
    from flows.ingest import ingest

    src, dest = tmp_path / "src", tmp_path / "dest"
    inputs = make_corpus(src, 12)
    assert sum(p.stat().st_size for p in inputs) < 1024 * 1024
    first = ingest(str(src), str(dest), batch_size=3)
    assert first.totals.written == 12 and first.totals.processes == {f"{os.uname().nodename}:{os.getpid()}"}
    assert len(Dataset(dest).files("articles")) == 4  # one file per batch
    assert sorted(r["source_uri"] for r in articles(dest)) == sorted(str(p.resolve()) for p in inputs)
    assert ingest(str(src), str(dest), batch_size=3).totals.skipped == 12


def test_a_second_run_reads_no_input_whose_size_and_time_are_unchanged(tmp_path, monkeypatch):
    """The ledger keeps each input's size and modification time: inputs listed as they were are skipped without
    being opened; one touched since is read (and, its content the same, skipped by its hash)."""
    from flows.ingest import ingest
    from pipeline.io.storage import LocalStore

    src, dest = tmp_path / "src", tmp_path / "dest"
    inputs = make_corpus(src, 8)
    assert ingest(str(src), str(dest), batch_size=3).totals.written == 8
    assert all(r["input_stamp"] == f"{Path(r['source_uri']).stat().st_size}:{Path(r['source_uri']).stat().st_mtime_ns}"
               for r in articles(dest))
    opened = []
    for method in ("read", "open"):
        real = getattr(LocalStore, method)
        monkeypatch.setattr(LocalStore, method, lambda self, uri, _real=real: opened.append(uri) or _real(self, uri))
    assert ingest(str(src), str(dest), batch_size=3).totals.skipped == 8
    assert not [uri for uri in opened if uri.startswith(str(src.resolve()))]  # small runs clean in this process

    os.utime(inputs[2], ns=(time.time_ns(), time.time_ns()))
    again = ingest(str(src), str(dest), batch_size=3)
    assert again.totals.skipped == 8 and again.totals.written == 0
    assert [uri for uri in opened if uri.startswith(str(src.resolve()))] == [str(inputs[2].resolve())]


def test_a_dataset_of_schema_version_1_is_read_and_its_inputs_hashed_as_before(tmp_path):
    """Files written before `input_stamp` existed: the ledger reads them, their inputs are read and skipped by
    their hash, and new files say the current version."""
    import pyarrow.parquet as pq

    from flows.ingest import ingest
    from pipeline.cleaning.signals import SIGNALS
    from pipeline.dataset.schema import SCHEMA_VERSION

    src, dest = tmp_path / "src", tmp_path / "dest"
    make_corpus(src, 6)
    ingest(str(src), str(dest), batch_size=3)
    for path in Dataset(dest).files("articles"):
        table = pq.read_table(path)
        assert table.schema.metadata[b"articlean.schema_version"] == str(SCHEMA_VERSION).encode()
        pq.write_table(table.drop_columns(["input_stamp", *SIGNALS]).replace_schema_metadata(None), path)
    again = ingest(str(src), str(dest), batch_size=3)
    assert again.totals.skipped == 6 and again.totals.written == 0 and again.replaced == 0


def test_summary_counts_rejects_and_removals(tmp_path):
    from flows.ingest import ingest

    src, dest = tmp_path / "src", tmp_path / "dest"
    src.mkdir()
    shutil.copy(SEED, src / "seed.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "notes.md").write_text("not a dump")
    summary = ingest(str(src), str(dest), workers=1)
    table = {row["what"]: row["count"] for row in summary.table()}
    assert table["articles written"] == 1
    assert table["rejected"] == 1 and table["  rejected: empty"] == 1
    assert table["files of an unsupported format (not read)"] == 1
    # the seed's captions as its gold has them, but for L26 (tests/cleaning/test_golden.py: SEED_MISSES)
    assert table["lines removed: caption"] == 4 and table["lines removed: footer"] == 2


def test_a_changed_file_is_ingested_again_and_replaces_its_rows(tmp_path):
    from flows.ingest import ingest

    src, dest = tmp_path / "src", tmp_path / "dest"
    inputs = make_corpus(src, 10)
    ingest(str(src), str(dest), workers=1)
    inputs[3].write_text("The dump was rewritten: this paragraph is all it holds now.\n", encoding="utf-8")
    summary = ingest(str(src), str(dest), workers=1)
    assert summary.replaced == 1 and summary.totals.skipped == 9
    rows = articles(dest)
    assert len(rows) == 10 and len({r["source_uri"] for r in rows}) == 10
    (changed,) = [r for r in rows if r["source_uri"] == str(inputs[3].resolve())]
    assert changed["text"] == "The dump was rewritten: this paragraph is all it holds now."


def test_exact_duplicates_point_to_the_same_article_whatever_the_order(tmp_path):
    from flows.ingest import ingest

    def run(order: list[str], name: str) -> dict[str, str | None]:
        src, dest = tmp_path / name / "src", tmp_path / name / "dest"
        src.mkdir(parents=True)
        for stem in order:  # files arrive one run at a time, in this order
            shutil.copy(SEED, src / f"{stem}.txt")
            ingest(str(src), str(dest), workers=1)
        return {Path(r["source_uri"]).stem: r["duplicate_of"] for r in articles(dest)}, {
            r["doc_id"]: Path(r["source_uri"]).stem for r in articles(dest)}

    links_a, ids_a = run(["a", "b", "c"], "forward")
    links_b, ids_b = run(["c", "b", "a"], "backward")
    assert list(links_a.values()).count(None) == 1  # one original, two duplicates of it
    assert {k: ids_a.get(v) for k, v in links_a.items()} == {k: ids_b.get(v) for k, v in links_b.items()}


def test_backfill_replaces_rows_with_the_current_pipeline_version(tmp_path):
    from flows.ingest import backfill, ingest

    src, dest = tmp_path / "src", tmp_path / "dest"
    make_corpus(src, 30)
    ingest(str(src), str(dest), workers=2, batch_size=10)
    mark_old_version(dest)
    assert {r["pipeline_version"] for r in articles(dest)} == {"old"}

    summary = backfill(str(src), str(dest), workers=2, batch_size=10)
    rows = articles(dest)
    assert summary.replaced == 30
    assert len(rows) == 30 and len({r["source_uri"] for r in rows}) == 30
    assert {r["pipeline_version"] for r in rows} == {pipeline_version()}


def test_backfill_selects_by_when_the_dump_landed(tmp_path):
    from datetime import UTC, datetime

    from flows.ingest import backfill, ingest

    src, dest = tmp_path / "src", tmp_path / "dest"
    inputs = make_corpus(src, 4)
    ingest(str(src), str(dest), workers=1)
    mark_old_version(dest)
    old = datetime(2020, 1, 1, tzinfo=UTC).timestamp()
    for path in inputs[:2]:
        os.utime(path, (old, old))
    backfill(str(src), str(dest), since=datetime(2021, 1, 1, tzinfo=UTC), workers=1)
    versions = {Path(r["source_uri"]).name: r["pipeline_version"] for r in articles(dest)}
    assert sorted(versions.values()) == sorted(["old", "old", pipeline_version(), pipeline_version()])
    assert all(versions[p.name] == "old" for p in inputs[:2])


def test_only_transient_io_errors_are_retried(tmp_path):
    import errno
    from concurrent.futures import Future

    from prefect import flow

    import flows.ingest as ingest_module
    from pipeline.ingest.batch import RunContext

    calls = []

    class FlakyPool:
        """Fails the first call with `error`, then runs the batch in this process."""

        def __init__(self, error):
            self.error = error

        def submit(self, fn, *args):
            calls.append(fn.__name__)
            future = Future()
            if len(calls) == 1:
                future.set_exception(self.error)
            else:
                future.set_result(fn(*args))
            return future

    src = tmp_path / "src"
    make_corpus(src, 2)
    from pipeline.io.readers import discover

    files, _ = discover(str(src))
    ctx = RunContext(dest=str(tmp_path / "dest"), run_id="retry")

    @flow
    def one_batch():
        return ingest_module.clean_batch(files, {}, set(), ctx, False)

    ingest_module._pool = FlakyPool(OSError(errno.EIO, "Input/output error"))
    try:
        assert one_batch().written == 2
        assert len(calls) == 2  # failed once, retried once

        calls.clear()
        ingest_module._pool = FlakyPool(ValueError("a bug, not the disk"))
        with pytest.raises(ValueError):
            one_batch()
        assert len(calls) == 1  # not retried
    finally:
        ingest_module._pool = None


def mark_old_version(dest: Path) -> None:
    """Pretend the rows were written by an earlier release of the rules."""
    dataset = Dataset(dest)
    for path in dataset.files("articles"):
        rows = [{**row, "pipeline_version": "old"} for row in dataset.iter_rows(path)]
        dataset.write("articles", rows, path)
    time.sleep(0.01)


def test_the_summary_is_a_table_artifact_and_files_are_zstd(tmp_path):
    import asyncio

    import pyarrow.parquet as pq
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.ingest import ingest

    src, dest = tmp_path / "src", tmp_path / "dest"
    make_corpus(src / "a", 3)
    make_corpus(src / "b", 2)
    summary = ingest(str(src / "*" / "*" / "*.txt"), str(dest), workers=1)  # a glob, not a folder
    assert summary.totals.written == 5

    async def latest_summary():
        async with get_client() as client:
            found = await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["articlean-ingest-summary"])))
            return max(found, key=lambda a: a.created)

    artifact = asyncio.run(latest_summary())
    assert artifact.type == "table" and summary.run_id in artifact.description
    assert '"articles written"' in str(artifact.data) or "articles written" in str(artifact.data)
    for path in Dataset(dest).files("articles"):
        assert pq.read_metadata(path).row_group(0).column(0).compression == "ZSTD"


def test_ingest_learns_a_sources_boilerplate_and_reports_it(tmp_path):
    from flows.ingest import ingest

    src, dest = tmp_path / "src", tmp_path / "dest"
    inputs = make_corpus(src / "bugle.example", 8)
    pitch = "Daily Bugle readers can find more stories like this one in the weekend edition"
    for path in inputs:
        path.write_text(path.read_text(encoding="utf-8").replace("This closing paragraph", f"{pitch}\n\nThis closing paragraph"),
                        encoding="utf-8")
    summary = ingest(str(src), str(dest), workers=1)
    learned = {line for lines in summary.learned.values() for line in lines}
    assert "daily bugle readers can find more stories like this one in the weekend edition" in learned
    rows = articles(dest)
    assert all(pitch not in r["text"] for r in rows)
    # where no end-of-article rule took it first, the learned line is what removed it
    assert any(x["rule"] == "repeated_across_source" and x["text"] == pitch for r in rows for x in r["removed"])


HEADER = "Bugle Daily: sign up for our morning briefing today"


def bugle_dumps(folder: Path, first: int, count: int, header: str = HEADER) -> list[Path]:
    """Dumps of one site whose every page opens with the same header line, which no rule names."""
    from conftest import dump_paths

    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(first, first + count):
        text = dump_paths()[n % len(dump_paths())].read_text(encoding="utf-8")
        made.append(folder / f"page-{n:03d}.txt")
        made[-1].write_text(f"{header}\n\n{text}\n\nThis closing paragraph number {n} makes the copy a distinct article.\n",
                            encoding="utf-8")
    return made


def test_a_sources_boilerplate_is_learned_across_runs_and_re_learned_when_it_changes(tmp_path):
    """Four dumps of a site in one run, a fifth alone in the next: both runs remove the header the site's
    dumps share, which only the counts kept beside the dataset can teach the second run. When the site's header
    changes, the new one is learned from its first dumps, and the earlier rows holding it are cleaned again."""
    import pyarrow.parquet as pq

    from flows.ingest import ingest

    src, dest = tmp_path / "src" / "bugle", tmp_path / "dest"
    bugle_dumps(src, 0, 4)
    first = ingest(str(src.parent), str(dest), workers=1)
    assert sum(len(lines) for lines in first.learned.values()) >= 1
    bugle_dumps(src, 4, 1)
    second = ingest(str(src.parent), str(dest), workers=1)
    assert second.totals.written == 1 and second.known_lines >= 1
    rows = articles(dest)
    assert len(rows) == 5 and all(HEADER not in r["text"] for r in rows)
    for row in rows:
        (line,) = [x["line"] for x in row["removed"] if x["text"] == HEADER]
        assert row["source"] == "bugle"  # the dumps' folder: one name for the source everywhere
        assert {"line": line, "documents": row["learned_lines"][0]["documents"], "out_of": row["learned_lines"][0]["out_of"]} \
            in row["learned_lines"]
    assert max(x["documents"] for r in rows for x in r["learned_lines"]) == 5

    # the site changes its header: two dumps, one run each, then a third; the new header is learned then
    changed = "Bugle Daily: our new weekend magazine is out now"
    for n in (5, 6, 7):
        bugle_dumps(src, n, 1, header=changed)
        last = ingest(str(src.parent), str(dest), workers=1)
    assert last.relearned == 2  # the two dumps cleaned before it was learned are cleaned again
    rows = articles(dest)
    assert len(rows) == 8 and all(changed not in r["text"] and HEADER not in r["text"] for r in rows)

    # the counts are a cache: lost, the next run counts every input again and learns the same
    shutil.rmtree(dest / "_index" / "boilerplate")
    bugle_dumps(src, 8, 1, header=changed)
    rebuilt = ingest(str(src.parent), str(dest), workers=1)
    assert rebuilt.totals.written == 1 and rebuilt.known_lines == last.known_lines
    assert all(changed not in r["text"] for r in articles(dest))
    segments = list((dest / "_index" / "boilerplate" / "v1").glob("*.parquet"))
    assert sum(pq.read_metadata(s).num_rows for s in segments) >= 9


def test_backfills_do_not_repeat_reject_rows(tmp_path):
    from conftest import articles as read

    from flows.ingest import backfill, ingest

    src, dest = tmp_path / "src", tmp_path / "dest"
    make_corpus(src, 3)
    (src / "feed.jsonl").write_text('{"text": "A paragraph that stands for a whole article here."}\n{not json\n')
    ingest(str(src), str(dest), workers=1)
    backfill(str(src), str(dest), workers=1)
    backfill(str(src), str(dest), workers=1)
    import pyarrow.dataset as pads

    rejects = pads.dataset(dest / "rejects", partitioning="hive").to_table().to_pylist()
    assert [(r["member"], r["error_kind"]) for r in rejects] == [(2, "bad_json")]
    assert len(read(dest)) == 4


def test_pipeline_version_covers_every_package_that_decides_a_row(tmp_path, monkeypatch):
    """Each package is either hashed whole into pipeline_version or named as not deciding rows, so a new module
    or package cannot be left out by accident (decode, html, readers and boilerplate once were); and a change to
    any hashed file, the model's included, changes the version."""
    import shutil

    import pipeline
    from pipeline.ingest import batch

    root = Path(pipeline.__file__).parent
    packages = {p.parent.name for p in root.glob("*/__init__.py")}
    assert not set(batch.ROW_PACKAGES) & set(batch.NOT_ROW_PACKAGES)
    assert packages == set(batch.ROW_PACKAGES) | set(batch.NOT_ROW_PACKAGES), packages
    hashed = set(batch.row_code())
    for name in ("cleaning/decode.py", "cleaning/html.py", "io/readers.py", "ingest/boilerplate.py",
                 "cleaning/rules/captions.py", "cleaning/models/line_model.json", "dataset/schema.py"):
        assert root / name in hashed, name

    # the version of a copy of the package, before and after one byte of a hashed file changes
    copy = tmp_path / "pipeline"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(batch, "__file__", str(copy / "ingest" / "batch.py"))
    versions = []
    for edit in (None, "cleaning/decode.py", "cleaning/models/line_model.json", "publish/export.py"):
        if edit:
            (copy / edit).write_bytes((copy / edit).read_bytes() + b"\n")
        batch.pipeline_version.cache_clear()
        versions.append(batch.pipeline_version())
    batch.pipeline_version.cache_clear()
    assert versions[0] != versions[1] != versions[2] and versions[3] == versions[2]


def test_an_edited_input_is_cleaned_once_with_what_its_source_taught(tmp_path):
    """An edited dump is cleaned with the lines its source taught earlier runs (it is not counted again), and
    once even when it also holds a line the same run learns."""
    from flows.ingest import ingest

    src, dest = tmp_path / "src" / "bugle", tmp_path / "dest"
    first = bugle_dumps(src, 0, 2)  # two dumps: too few to learn the header
    ingest(str(src.parent), str(dest), workers=1)
    # (the first dump's opening line is taken for its title; the other keeps the header)
    assert [HEADER in r["text"] for r in sorted(articles(dest), key=lambda r: r["source_uri"])] == [False, True]
    first[0].write_text(first[0].read_text(encoding="utf-8") + "\nA paragraph added in an edit of this article.\n",
                        encoding="utf-8")
    bugle_dumps(src, 2, 1)  # the third: the header is learned now; the edited first dump holds it too
    second = ingest(str(src.parent), str(dest), workers=1)
    rows = articles(dest)
    assert len(rows) == 3 and len({r["source_uri"] for r in rows}) == 3 and second.relearned == 2
    assert all(HEADER not in r["text"] for r in rows)

    update = "In an update on Tuesday, the council said the final vote on the plan would now take place next month."
    first[1].write_text(first[1].read_text(encoding="utf-8") + f"\n{update}\n", encoding="utf-8")
    third = ingest(str(src.parent), str(dest), workers=1)  # nothing new to count: the edit alone
    assert third.replaced == 1 and third.totals.written == 1
    rows = articles(dest)
    assert all(HEADER not in r["text"] for r in rows) and len(rows) == 3
    assert any(update in r["text"] for r in rows)


def _rejecting_source(src: Path) -> None:
    """The seed, 11 empty dumps and a JSONL input whose second line is not JSON: 12 rejects, in batches of 3."""
    src.mkdir()
    shutil.copy(SEED, src / "seed.txt")
    for n in range(11):
        (src / f"empty-{n:02d}.txt").write_bytes(b"")
    (src / "a-feed.jsonl").write_text('{"text": "' + SEED.read_text(encoding="utf-8")[:2000].replace('"', "'")
                                      .replace("\n", "\\n") + '"}\nnot json\n', encoding="utf-8")


def test_the_summary_names_the_first_ten_rejects_in_path_order_and_the_artifact_carries_them(tmp_path):
    import asyncio

    import pyarrow.dataset as pads
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.ingest import ingest

    src, dest = tmp_path / "src", tmp_path / "dest"
    _rejecting_source(src)
    summary = ingest(str(src), str(dest), workers=2, batch_size=3)  # batches end in any order: the names do not
    rows = pads.dataset(dest / "rejects", partitioning="hive").to_table().to_pylist()
    assert len(rows) == sum(summary.totals.rejected.values()) == 12
    first = sorted(rows, key=lambda r: (r["source_uri"], -1 if r["member"] is None else r["member"]))[:10]
    named = summary.rejects_named()
    assert named == [{k: r[k] for k in ("source_uri", "member", "error_kind", "message")} for r in first]
    assert named[0]["source_uri"].endswith("a-feed.jsonl") and named[0]["member"] == 2
    assert named[0]["error_kind"] == "bad_json" and named[0]["message"].startswith("line 2 is not JSON")

    async def latest_rejects():
        async with get_client() as client:
            found = await client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["articlean-rejects"])))
            return max(found, key=lambda a: a.created)

    artifact = asyncio.run(latest_rejects())
    assert artifact.type == "table" and summary.run_id in artifact.description and f"{dest}/rejects" in artifact.description
    assert "empty-08.txt" in str(artifact.data) and "empty-09.txt" not in str(artifact.data)  # the 10th, not the 11th


def test_the_commands_summary_names_rejects_and_says_how_to_list_the_rest(tmp_path, capsys, monkeypatch):
    """`articlean ingest` itself (on this session's Prefect API): up to ten rejects named with their kind and
    message, then where the rest are and a command that lists them, which is run here."""
    import subprocess
    import sys

    _rejecting_source(tmp_path / "src")
    assert _command(monkeypatch, tmp_path, ["ingest", "src", "data/", "--batch-size", "3"]) == 0
    out = capsys.readouterr().out
    said = out[out.index("  rejected inputs, the first 10 of 12:\n"):].splitlines()
    assert said[1] == f"    {tmp_path / 'src' / 'a-feed.jsonl'}#2  bad_json: line 2 is not JSON (Expecting value: line 1 " \
                      "column 1 (char 0)): each line must be one JSON object"
    assert said[2].startswith(f"    {tmp_path / 'src' / 'empty-00.txt'}  empty: the file is empty")
    assert said[10].startswith(f"    {tmp_path / 'src' / 'empty-08.txt'}  empty: ")
    assert said[11].startswith("  the other 2 are rows of data/rejects too; list this run's with: python -c ")
    assert len(said) == 12  # the summary's last line

    command = said[11].split("list this run's with: ", 1)[1]
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"  # `python` is the one articlean runs in
    # sent to a file after other output, as a user keeps it: nothing before it is lost
    listed = subprocess.run(f"(echo before; {command}; echo after) > listed.tsv", shell=True, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PATH": path}, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    lines = (tmp_path / "listed.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "before" and lines[-1] == "after"
    lines = lines[1:-1]
    assert lines[0] == "source_uri\tmember\terror_kind\tmessage" and len(lines) == 13
    assert lines[-1].startswith(f"{tmp_path / 'src' / 'empty-10.txt'}\t\tempty\tthe file is empty")




def _command(monkeypatch, tmp_path: Path, argv: list[str]) -> int:
    """`articlean ARGV` in this process, on this session's Prefect API, from tmp_path."""
    import signal

    from prefect.settings import PREFECT_API_URL

    from flows.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PREFECT_API_URL", PREFECT_API_URL.value())
    for variable in ("PREFECT_LOGGING_LEVEL", "PREFECT_SERVER_ANALYTICS_ENABLED"):  # set by the command: undone after
        monkeypatch.setenv(variable, os.environ.get(variable, "WARNING" if variable == "PREFECT_LOGGING_LEVEL" else "false"))
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        return main(argv)
    finally:
        for signum, handler in handlers.items():  # the command makes SIGINT/SIGTERM stop it: not this test process
            signal.signal(signum, handler)


def test_ingest_and_backfill_with_rules_record_them_and_say_so_in_the_rows_version(tmp_path, monkeypatch):
    """`--rules FILE` reaches the rows through the flow's parameter (a path): the seed's line 26 is removed under the
    rule's name, and the rows' pipeline_version carries the rules' digest, unlike a run without them. An ingest with
    changed rules leaves rows already written as they are (inputs are skipped by content, as after a code change);
    a backfill with them re-cleans, and its rows say which rules cleaned them."""
    from flows.ingest import ingest
    from pipeline.cleaning.rules.custom import rules_digest
    from pipeline.cleaning.rules.rule_file import read_rules

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SEED, src / "seed.txt")
    shutil.copy(LABELLED / "dumps" / "apnews_3.txt", src / "apnews.txt")
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES_TOML, encoding="utf-8")

    def rows(dest: str) -> dict[str, dict]:
        return {Path(r["source_uri"]).stem: r for r in articles(tmp_path / dest)}

    def mine(row: dict) -> list[tuple]:
        return [(r["line"], r["kind"], r["text"]) for r in row["removed"] if r["rule"] == "credit_in_brackets"]

    assert _command(monkeypatch, tmp_path, ["ingest", "src", "with-rules", "--rules", "rules.toml"]) == 0
    ingest(str(src), str(tmp_path / "without"))
    with_rules, without = rows("with-rules"), rows("without")
    assert mine(with_rules["seed"]) == [(26, "caption", LINE_26)] and LINE_26 not in with_rules["seed"]["text"]
    assert mine(without["seed"]) == [] and LINE_26 in without["seed"]["text"]
    assert with_rules["apnews"]["text"] == without["apnews"]["text"]  # nothing there for the rule
    version = f"{pipeline_version()}.rules-{rules_digest(read_rules(rules))}"
    assert {r["pipeline_version"] for r in with_rules.values()} == {version}
    assert {r["pipeline_version"] for r in without.values()} == {pipeline_version()}

    # the rule now spares line 26 (73 characters): a new file, a new digest
    rules.write_text(RULES_TOML.replace("max_chars = 200", "max_chars = 60"), encoding="utf-8")
    changed = f"{pipeline_version()}.rules-{rules_digest(read_rules(rules))}"
    assert changed != version
    assert _command(monkeypatch, tmp_path, ["ingest", "src", "with-rules", "--rules", "rules.toml"]) == 0
    assert {r["pipeline_version"] for r in rows("with-rules").values()} == {version}  # skipped, not re-cleaned
    # in worker processes: the rules travel to them in the run's context
    assert _command(monkeypatch, tmp_path, ["backfill", "src", "with-rules", "--rules", str(rules), "--workers", "2"]) == 0
    backfilled = rows("with-rules")
    assert {r["pipeline_version"] for r in backfilled.values()} == {changed}
    assert mine(backfilled["seed"]) == [] and backfilled["seed"]["text"] == without["seed"]["text"]
