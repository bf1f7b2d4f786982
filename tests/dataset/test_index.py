"""The dataset's index (`pipeline.dataset.index`): runs read what they wrote, not the dataset, and the answers are the
ones a full read gives, whatever happened to the index. Plain functions, no Prefect."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from conftest import articles, make_corpus
from runs import assert_consistent, run

from pipeline.dataset import index
from pipeline.dataset.ledger import read_ledger
from pipeline.dataset.tables import Dataset
from pipeline.ingest.batch import RunContext, process_batch
from pipeline.io.readers import discover


def copies(folder: Path, sources: list[Path], names: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for src, name in zip(sources, names, strict=True):
        shutil.copy(src, folder / name)


def test_duplicates_across_runs_are_linked_as_a_full_read_links_them(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 6)
    src, dest = tmp_path / "src", tmp_path / "dest"
    copies(src / "b", corpus[:3], ["x1.txt", "x2.txt", "x3.txt"])
    run(src, dest)
    assert_consistent(dest)
    # the same texts again, under names that sort first: the earlier-sorting copies become the canonical ones
    copies(src / "a", corpus[:2], ["y1.txt", "y2.txt"])
    run(src, dest)
    assert_consistent(dest)
    assert sum(r["duplicate_of"] is not None for r in articles(dest)) == 2
    # a canonical copy changes its text: its old partner is relinked to the remaining copy, or to none
    (src / "a" / "y1.txt").write_text(corpus[4].read_text(encoding="utf-8"), encoding="utf-8")
    run(src, dest)
    assert_consistent(dest)
    assert sum(r["duplicate_of"] is not None for r in articles(dest)) == 1


def test_a_run_reads_only_the_files_it_wrote(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "corpus", 12)
    src, dest = tmp_path / "src", tmp_path / "dest"
    for n in range(3):
        copies(src / f"day{n}", corpus[4 * n:4 * n + 4], [p.name for p in corpus[4 * n:4 * n + 4]])
        run(src, dest)
    before = {e.uri: e.stamp for e in Dataset(dest).store.parquet_entries(str(dest / "articles"))}
    read = []
    real = Dataset.read_stamped
    monkeypatch.setattr(Dataset, "read_stamped", lambda self, path, columns: read.append(path) or real(self, path, columns))
    copies(src / "day3", corpus[:2], ["late-copy-1.txt", "late-copy-2.txt"])  # copies of older articles
    run(src, dest)
    after = {e.uri: e.stamp for e in Dataset(dest).store.parquet_entries(str(dest / "articles"))}
    written = set(after) - set(before)
    assert len(written) == 1 and all(after[p] == before[p] for p in before)  # the older files stay as they were
    # the new file is read to link it and again once rewritten with its links; the older files not at all
    assert read == sorted(written) * 2, read
    assert sorted(r["source_uri"].rsplit("/", 1)[-1] for r in articles(dest) if r["duplicate_of"]) == [
        "late-copy-1.txt", "late-copy-2.txt"]
    assert_consistent(dest)


def test_a_lost_or_broken_index_costs_a_read_not_a_wrong_answer(tmp_path, caplog):
    corpus = make_corpus(tmp_path / "corpus", 8)
    src, dest = tmp_path / "src", tmp_path / "dest"
    copies(src / "a", corpus[:4], [p.name for p in corpus[:4]])
    run(src, dest)
    shutil.rmtree(dest / "_index")
    copies(src / "b", corpus[:2], ["copy-1.txt", "copy-2.txt"])
    run(src, dest)
    assert_consistent(dest)
    segments = sorted((dest / "_index" / "articles").rglob("*.parquet"))
    segments[-1].write_bytes(b"not parquet at all")
    ledger = read_ledger(Dataset(dest))
    assert len(ledger.inputs) == 6 and "unreadable" in caplog.text
    copies(src / "c", corpus[4:6], [p.name for p in corpus[4:6]])
    run(src, dest)
    assert_consistent(dest)


def test_an_article_whose_old_version_the_index_lost_is_unlinked_when_its_text_changes(tmp_path):
    """The segment holding a canonical article's file is gone; the article's text then changes. The copy that
    pointed at it is linked again all the same: rows pointing at a rewritten file's articles are rechecked."""
    corpus = make_corpus(tmp_path / "corpus", 3)
    src, dest = tmp_path / "src", tmp_path / "dest"
    copies(src / "a", corpus[:2], ["a.txt", "x.txt"])
    run(src, dest)
    copies(src / "b", corpus[:1], ["c.txt"])
    run(src, dest)
    assert [r["source_uri"].rsplit("/", 1)[-1] for r in articles(dest) if r["duplicate_of"]] == ["c.txt"]
    first_segment = sorted((dest / "_index" / "articles").rglob("*.parquet"))[0]
    first_segment.unlink()
    (src / "a" / "a.txt").write_text(corpus[2].read_text(encoding="utf-8"), encoding="utf-8")
    run(src, dest)
    assert_consistent(dest)
    assert all(r["duplicate_of"] is None for r in articles(dest))


def test_an_input_with_reject_rows_alone_is_read_again(tmp_path):
    """Stamps come from article rows: an input whose articles are not in (a run killed between publishing its
    rejects and its articles, or a reason since fixed) is read by the next run."""
    src, dest = tmp_path / "src", tmp_path / "dest"
    src.mkdir()
    (src / "feed.jsonl").write_text('{"text": "' + "A real paragraph of the story, long enough to keep. " * 4 + '"}\n'
                                    "not json\n", encoding="utf-8")
    files, _ = discover(str(src))
    result = process_batch(files, {}, set(), RunContext(dest=str(dest), run_id="killed"), commit_now=False)
    from pipeline.dataset.tables import commit

    commit(result.staged[:1], str(dest))  # the rejects only: killed before the articles
    ledger = read_ledger(Dataset(dest), [f.uri for f in files])
    assert ledger.rejected and not ledger.unchanged(files[0])
    run(src, dest)
    assert len(articles(dest)) == 1


def test_a_run_killed_before_linking_is_linked_by_the_next(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 4)
    src, dest = tmp_path / "src", tmp_path / "dest"
    copies(src / "a", corpus[:2], ["b1.txt", "b2.txt"])
    run(src, dest)
    copies(src / "b", corpus[:2], ["a1.txt", "a2.txt"])
    run(src, dest, link=False)  # committed, then killed: not linked, not indexed
    assert all(r["duplicate_of"] is None for r in articles(dest))
    copies(src / "c", corpus[2:4], ["c1.txt", "c2.txt"])
    run(src, dest)
    assert_consistent(dest)
    assert sum(r["duplicate_of"] is not None for r in articles(dest)) == 2


def test_segments_are_merged_past_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(index, "MAX_SEGMENTS", 2)
    corpus = make_corpus(tmp_path / "corpus", 8)
    src, dest = tmp_path / "src", tmp_path / "dest"
    for n in range(4):
        copies(src / f"d{n}", corpus[2 * n:2 * n + 2], [p.name for p in corpus[2 * n:2 * n + 2]])
        run(src, dest)
        assert len(list((dest / "_index" / "articles").rglob("*.parquet"))) <= 2
        assert_consistent(dest)  # the files of the run that merged are in the merged segment


def test_the_ledger_from_the_index_equals_one_from_the_data(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 5)
    src, dest = tmp_path / "src", tmp_path / "dest"
    copies(src, corpus, [p.name for p in corpus])
    (src / "empty.txt").write_bytes(b"")
    run(src, dest)
    dataset = Dataset(dest)
    via_index = read_ledger(dataset)
    shutil.rmtree(dest / "_index")
    from_data = read_ledger(dataset)
    assert via_index == from_data
    assert len(from_data.inputs) == 5 and len(from_data.rejected) == 1
    some = sorted(from_data.inputs)[:2] + [str((src / "empty.txt").resolve())]
    subset = read_ledger(dataset, some)
    assert set(subset.inputs) == set(some[:2]) and len(subset.rejected) == 1


def _stale_links_in_python(rows: list[dict]) -> dict[tuple[str, str], str | None]:
    """The rule, written as plainly as it reads: each row points at the earliest row with its text."""
    def earliest(row):
        published = row["published_at"]
        return (published is None, published or datetime.max.replace(tzinfo=UTC), row["source_uri"],
                row["member"] or 0, row["doc_id"])

    first = {}
    for row in rows:
        if row["text_sha256"] not in first or earliest(row) < earliest(first[row["text_sha256"]]):
            first[row["text_sha256"]] = row
    stale = {}
    for row in rows:
        canonical = first[row["text_sha256"]]["doc_id"]
        wanted = None if canonical == row["doc_id"] else canonical
        if wanted != row["duplicate_of"]:
            stale[(row["file"], row["doc_id"])] = wanted
    return stale


def test_links_computed_in_arrow_follow_the_rule_row_for_row():
    # Ties on the date, undated rows, members and none, rows already linked right, wrong and to nothing.
    import random

    import pyarrow as pa

    from pipeline.dedup.exact import _stale_links

    rng = random.Random(7)
    dates = [None, datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 2, tzinfo=UTC), datetime(2023, 5, 1, 12, tzinfo=UTC)]
    rows = []
    for n in range(3000):
        rows.append({"file": f"part-{rng.randrange(9)}.parquet", "file_stamp": "s", "doc_id": f"d{n:05d}",
                     "text_sha256": f"t{rng.randrange(800)}", "published_at": rng.choice(dates),
                     "source_uri": rng.choice(["s3://b/x.jsonl", "/in/a.txt", "/in/b.txt", "/in/é.txt"]),
                     "member": rng.choice([None, 0, 1, 2, 10]), "duplicate_of": None})
    for row in rows:
        row["duplicate_of"] = rng.choice([None, row["doc_id"], f"d{rng.randrange(3000):05d}"])
    table = pa.Table.from_pylist(rows, schema=index.schema("articles"))
    got = {(r["file"], r["doc_id"]): r["duplicate_of"] for r in _stale_links(table).to_pylist()}
    expected = _stale_links_in_python(table.to_pylist())
    assert len(expected) > 1000
    assert got == expected
    assert _stale_links(table.slice(0, 0)).num_rows == 0


def test_a_segment_dictionary_encodes_its_text_columns_and_never_its_hashes(tmp_path):
    # a dictionary of random hashes is never used (Parquet falls back to plain) but was built first: 80 MB held
    # for one run's 1.6 million line hashes
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    hashes = np.random.default_rng(3).integers(0, 2**63, 50_000, dtype=np.uint64)
    table = pa.table({"source": ["example.com"] * 50_000, "line_hash": pa.array(hashes)})
    segment = index.write_segment(Dataset(tmp_path), str(tmp_path / "_index" / "lines"), table)
    assert pq.read_table(segment).equals(table)
    columns = pq.ParquetFile(segment).metadata.row_group(0)
    encodings = {columns.column(k).path_in_schema: columns.column(k).encodings for k in range(columns.num_columns)}
    assert "RLE_DICTIONARY" in encodings["source"] and "RLE_DICTIONARY" not in encodings["line_hash"]
