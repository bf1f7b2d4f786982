"""No input can exhaust memory: compressed inputs are inflated as streams that stop at the size limits, so one
ingest of a folder of gzip bombs beside good dumps keeps every good dump, rejects each bomb with its reason,
and stays within the memory bound stated in the README."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pyarrow.dataset as pads
import pytest
from bombs import GiB, MiB, gzip_bomb, jsonl_bomb, warc_bomb, warc_line_bomb
from conftest import DATA, LABELLED

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from proctree import run_measured  # noqa: E402

ARTICLEAN = str(Path(sys.executable).with_name("articlean"))
# The README's bound for an ingest with two workers (tests/flows/test_memory.py measures it).
TREE_BOUND_MB = 1000


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("hostile")
    good = ["apnews_3", "npr_1", "cbsnews_1", "breitbart_1"]
    for name in good[2:]:
        (src / f"{name}.txt").write_bytes((LABELLED / "dumps" / f"{name}.txt").read_bytes())
    page = next(iter(sorted((DATA / "wcxb").glob("*/page.html")))).read_text(encoding="utf-8")
    gzip_bomb(src / "bomb.txt.gz", 2 * GiB)  # past max_inflated_bytes (1 GiB): rejected whole
    articles = [(LABELLED / "dumps" / f"{name}.txt").read_text(encoding="utf-8") for name in good[:2]]
    jsonl_bomb(src / "feed.jsonl.gz", articles, GiB - 64 * MiB)  # two articles, then one line of 0.94 GiB
    warc_bomb(src / "crawl.warc.gz", [("https://example.com/good", page)], GiB)  # a page, a member bomb, a body bomb
    warc_line_bomb(src / "line.warc.gz", 256 * MiB)  # a header line that never ends
    return src


def test_bombs_are_rejected_good_dumps_ingested_and_memory_bounded(hostile_folder, tmp_path):
    dest = tmp_path / "dest"
    assert sum(p.stat().st_size for p in hostile_folder.iterdir()) < 8 * MiB  # what sits on disk is small
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home")}
    env.pop("PREFECT_API_URL", None)
    # two workers, as the README's bound says: each worker holds its own ~200 MB
    result, memory = run_measured([ARTICLEAN, "ingest", str(hostile_folder), str(dest), "--workers", "2"], env=env)
    assert result.returncode == 0, result.stderr[-3000:]

    rows = pads.dataset(dest / "articles", partitioning="hive").to_table(columns=["source_uri", "member"]).to_pylist()
    assert sorted((Path(r["source_uri"]).name, r["member"]) for r in rows) == [
        ("breitbart_1.txt", None), ("cbsnews_1.txt", None), ("crawl.warc.gz", 1), ("feed.jsonl.gz", 1), ("feed.jsonl.gz", 2)]
    rejects = pads.dataset(dest / "rejects", partitioning="hive").to_table().to_pylist()
    by_place = {(Path(r["source_uri"]).name, r["member"]): r for r in rejects}
    assert set(by_place) == {("bomb.txt.gz", None), ("feed.jsonl.gz", 3), ("crawl.warc.gz", 2), ("crawl.warc.gz", 3),
                             ("line.warc.gz", None)}
    assert {place: r["error_kind"] for place, r in by_place.items() if r["error_kind"] != "too_large"} == {
        ("line.warc.gz", None): "bad_warc"}
    assert "header line is longer than" in by_place[("line.warc.gz", None)]["message"]
    whole = by_place[("bomb.txt.gz", None)]
    assert "max_inflated_bytes" in whole["message"] and "gzip bomb" in whole["message"]
    assert whole["raw"] == (hostile_folder / "bomb.txt.gz").read_bytes()  # nothing lost: the bytes as stored
    assert "line 3 is 1,0" in by_place[("feed.jsonl.gz", 3)]["message"]
    assert "max_document_bytes" in by_place[("crawl.warc.gz", 2)]["message"]

    peak_mb, bound_mb = memory.peak_kb / 1024, memory.bound_kb / 1024
    print(f"peak RSS of the process tree: {peak_mb:.0f} MB sampled, {bound_mb:.0f} MB summing each process's peak "
          f"({memory.by_process()})")
    assert bound_mb < TREE_BOUND_MB, f"{bound_mb:.0f} MB over the README's {TREE_BOUND_MB} MB: {memory.by_process()}"


def test_a_damaged_gzip_stream_found_while_reading_is_a_reject(tmp_path):
    """`check_inflated` reads the whole stream first, so a .gz cut short never becomes half an input."""
    import gzip

    from pipeline.ingest.batch import RunContext, process_batch
    from pipeline.io.readers import discover

    src = tmp_path / "src"
    src.mkdir()
    data = gzip.compress(b'{"text": "A first article that is long enough to keep as it is."}\n' * 50)
    (src / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    files, _ = discover(str(src))
    result = process_batch(files, {}, set(), RunContext(dest=str(tmp_path / "dest"), run_id="t"))
    assert result.written == 0 and dict(result.rejected) == {"truncated_gzip": 1}


def test_lines_longer_than_the_limit_are_skipped_without_being_held():
    import io

    from pipeline.io.readers import Lines

    stream = io.BytesIO(b"short\n" + b"x" * 5000 + b"\nlast\n" + b"y" * 3000)
    got = [(n, line, size) for n, line, size in Lines(stream, limit=1000)]
    assert got == [(1, b"short", 5), (2, None, 5000), (3, b"last", 4), (4, None, 3000)]


def test_a_large_plain_input_is_streamed_not_held(tmp_path):
    """Above max_buffered_bytes an input is hashed and parsed as a stream: the same rows as when held."""
    import json

    from pipeline.core.settings import IngestSettings
    from pipeline.ingest.batch import RunContext, process_batch
    from pipeline.io.readers import discover

    src = tmp_path / "src"
    src.mkdir()
    text = (LABELLED / "dumps" / "npr_1.txt").read_text(encoding="utf-8")
    (src / "feed.jsonl").write_text("".join(json.dumps({"text": f"{text}\n\nCopy {n}."}) + "\n" for n in range(30)))
    files, _ = discover(str(src))
    streamed = process_batch(files, {}, set(), RunContext(str(tmp_path / "a"), "t", IngestSettings(max_buffered_bytes=1000)))
    held = process_batch(files, {}, set(), RunContext(str(tmp_path / "b"), "t"))
    assert streamed.written == held.written == 30

    def texts(dest):
        return sorted(pads.dataset(dest / "articles", partitioning="hive").to_table(columns=["text"]).column("text").to_pylist())

    assert texts(tmp_path / "a") == texts(tmp_path / "b")
