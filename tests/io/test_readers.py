"""Bad inputs become reject rows with a reason and their raw bytes; the rest of the batch goes through.
Plain functions, no Prefect: `process_batch` is what each ingest task runs."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow.dataset as pads
import pytest
from conftest import SEED

from pipeline.core.settings import IngestSettings
from pipeline.ingest.batch import RunContext, plan_batches, process_batch
from pipeline.io.readers import InputFile, discover

GOOD = SEED.read_bytes()


def run_batch(tmp_path: Path, files: dict[str, bytes], settings: IngestSettings | None = None, before_read=None):
    src = tmp_path / "src"
    src.mkdir()
    for name, data in files.items():
        (src / name).write_bytes(data)
    inputs, _ = discover(str(src))
    if before_read:
        before_read(src)
    ctx = RunContext(dest=str(tmp_path / "dest"), run_id="test", settings=settings or IngestSettings())
    result = process_batch(inputs, {}, set(), ctx)
    return result, table(tmp_path / "dest", "articles"), table(tmp_path / "dest", "rejects")


def table(dest: Path, name: str) -> list[dict]:
    folder = dest / name
    if not folder.exists():
        return []
    return pads.dataset(folder, partitioning="hive").to_table().to_pylist()


def rejects_by_file(rejects: list[dict]) -> dict[str, dict]:
    return {Path(r["source_uri"]).name: r for r in rejects}


def test_each_bad_input_is_rejected_and_the_good_one_written(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    truncated = gzip.compress(GOOD)[:-40]
    result, articles, rejects = run_batch(tmp_path, {
        "good.txt": GOOD,
        "empty.txt": b"",
        "blank.txt": b"  \n\t\r\n \xc2\xa0\n",
        "image.txt": png,
        "nul.txt": b"Some text\x00\x00\x00 with NUL bytes in it\n",
        "truncated.txt.gz": truncated,
        "plain.txt.gz": b"A plain text dump that somebody named .gz by mistake.\n",
    })
    assert [Path(a["source_uri"]).name for a in articles] == ["good.txt"]
    by_file = rejects_by_file(rejects)
    assert {name: r["error_kind"] for name, r in by_file.items()} == {
        "empty.txt": "empty", "blank.txt": "empty", "image.txt": "binary", "nul.txt": "binary",
        "truncated.txt.gz": "truncated_gzip", "plain.txt.gz": "not_gzip",
    }
    assert by_file["image.txt"]["raw"] == png  # nothing lost: the bytes are in the reject row
    assert by_file["truncated.txt.gz"]["raw"] == truncated
    assert "copy it again" in by_file["truncated.txt.gz"]["message"]
    assert by_file["plain.txt.gz"]["message"].startswith("plain.txt.gz is named .gz but is not gzip data")
    assert all(r["message"] and r["pipeline_version"] for r in rejects)
    assert result.written == 1 and sum(result.rejected.values()) == 6


def test_cp1252_is_decoded_not_rejected(tmp_path):
    text = "A paragraph about the café’s “naïve” owner, who said so on Monday.\n"
    _, articles, rejects = run_batch(tmp_path, {"legacy.txt": text.encode("cp1252")})
    assert rejects == []
    assert articles[0]["text"] == text.strip()


def test_a_50_mb_single_line_is_rejected_with_its_bytes(tmp_path):
    huge = b"x" * (50 * 1024 * 1024)
    _, articles, rejects = run_batch(tmp_path, {"huge.txt": huge, "good.txt": GOOD})
    assert len(articles) == 1
    (reject,) = rejects
    assert reject["error_kind"] == "too_large" and len(reject["raw"]) == len(huge)
    assert "max_document_bytes" in reject["message"]


def test_a_gzip_that_inflates_past_the_limit_is_rejected(tmp_path):
    bomb = gzip.compress(b"\0" * (8 * 1024 * 1024))  # 8 KB that inflate to 8 MB
    settings = IngestSettings(max_inflated_bytes=1024 * 1024)
    _, articles, rejects = run_batch(tmp_path, {"bomb.txt.gz": bomb, "good.txt.gz": gzip.compress(GOOD)}, settings)
    assert [Path(a["source_uri"]).name for a in articles] == ["good.txt.gz"]
    assert rejects[0]["error_kind"] == "too_large" and rejects[0]["raw"] == bomb


def test_a_file_deleted_between_listing_and_reading_is_a_reject(tmp_path):
    _, articles, rejects = run_batch(
        tmp_path, {"gone.txt": GOOD, "good.txt": GOOD}, before_read=lambda src: (src / "gone.txt").unlink()
    )
    assert len(articles) == 1
    assert rejects[0]["error_kind"] == "vanished" and "deleted or moved" in rejects[0]["message"]


def test_an_unreadable_file_is_a_reject(tmp_path, monkeypatch):
    import pipeline.io.readers as readers

    real = readers.read_bytes

    def read_bytes(uri):  # CI runs as root, which reads any file: fail as an ordinary user would
        if uri.endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", uri)
        return real(uri)

    monkeypatch.setattr(readers, "read_bytes", read_bytes)
    _, articles, rejects = run_batch(tmp_path, {"locked.txt": GOOD, "good.txt": GOOD})
    assert len(articles) == 1
    assert rejects[0]["error_kind"] == "unreadable" and "read access" in rejects[0]["message"]


def test_a_transient_io_error_propagates_for_a_retry(tmp_path, monkeypatch):
    import errno

    import pipeline.io.readers as readers

    def read_bytes(uri):
        raise OSError(errno.EIO, "Input/output error", uri)

    monkeypatch.setattr(readers, "read_bytes", read_bytes)
    with pytest.raises(OSError) as err:
        run_batch(tmp_path, {"good.txt": GOOD})
    assert readers.is_transient(err.value)


def test_jsonl_articles_and_malformed_lines(tmp_path):
    lines = [
        json.dumps({"text": GOOD.decode(), "url": "https://www.breitbart.com/x", "published": "2023-03-24T10:00:00Z",
                    "title": "China Says", "authors": ["John Hayward"]}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no text field"}),
        "",
        json.dumps({"text": "Second article, a single paragraph that says something."}),
    ]
    data = "\n".join(lines).encode()
    _, articles, rejects = run_batch(tmp_path, {"feed.jsonl": data, "feed2.jsonl.gz": gzip.compress(data)})
    assert len(articles) == 4 and len(rejects) == 6
    first = next(a for a in articles if a["member"] == 1)
    assert first["source"] == "breitbart.com" and first["authors"] == ["John Hayward"]
    assert first["published_at"].isoformat() == "2023-03-24T10:00:00+00:00"
    assert first["title"] == "China Says" and first["language"] == "en"
    kinds = sorted((r["member"], r["error_kind"]) for r in rejects if r["source_uri"].endswith(".jsonl"))
    assert kinds == [(2, "bad_json"), (3, "not_an_article"), (4, "not_an_article")]
    assert next(r for r in rejects if r["member"] == 2)["raw"] == b"{not json"


def test_rows_carry_the_documented_columns(tmp_path):
    _, (row,), _ = run_batch(tmp_path, {"seed.txt": GOOD})
    assert row["doc_id"] and len(row["raw_sha256"]) == 64 and len(row["text_sha256"]) == 64
    assert row["title"].startswith("China Says") and row["language"] == "en" and 0.5 < row["language_score"] <= 1
    assert row["n_words"] == len(row["text"].split()) and row["n_chars"] == len(row["text"])
    from pipeline.cleaning.signals import SIGNALS, text_signals

    expected = text_signals(row["text"])
    for name in SIGNALS[:-1]:  # stored as float32
        assert row[name] == pytest.approx(expected[name], rel=1e-5), name
    removed = sum(len(r["text"]) for r in row["removed"])
    assert row["removed_char_ratio"] == pytest.approx(removed / (removed + len(row["text"])), rel=1e-5)
    assert 0.3 < row["punct_end_ratio"] <= 1 and row["stop_word_ratio"] > 0.05
    assert row["removed"][0] == {"line": 1, "kind": "title", "rule": "title", "text": row["title"], "score": None}
    assert row["duplicate_of"] is None and row["pipeline_version"].startswith("0.")


def test_batches_are_bounded_and_spread_over_workers():
    files = [InputFile(f"/f{i}.txt", 1000, 0.0) for i in range(1200)]
    settings = IngestSettings(batch_documents=500, batch_bytes=10**9)
    assert [len(b) for b in plan_batches(files, settings, workers=2)] == [500, 500, 200]
    assert [len(b) for b in plan_batches(files[:10], settings, workers=2)] == [5, 5]
    big = [InputFile(f"/g{i}.txt", 600, 0.0) for i in range(5)]
    assert [len(b) for b in plan_batches(big, IngestSettings(batch_bytes=1000), workers=1)] == [1, 1, 1, 1, 1]


def test_jsonl_fields_of_the_wrong_type_are_left_out_not_fatal(tmp_path):
    text = GOOD.decode()
    lines = [json.dumps({"text": text, "url": 123}), json.dumps({"text": text, "title": ["x"], "source": {"name": "AP"},
                                                                 "authors": ["Jane Doe", 7], "published": 2024})]
    result, articles, rejects = run_batch(tmp_path, {"feed.jsonl": "\n".join(lines).encode()})
    assert result.written == 2 and rejects == []
    second = next(a for a in articles if a["member"] == 2)
    assert second["authors"] == ["Jane Doe"] and second["title"].startswith("China Says") and second["url"] is None


def test_a_published_time_out_of_the_calendar_keeps_the_article(tmp_path):
    # in UTC, "0001-01-01T00:00:00+05:00" is before year 1: it raised OverflowError and the article was rejected as an
    # internal error
    text = GOOD.decode()
    lines = [json.dumps({"text": text, "published": "0001-01-01T00:00:00+05:00"}),
             json.dumps({"text": text, "published": "9999-12-31T23:59:59-23:59"})]
    result, articles, rejects = run_batch(tmp_path, {"feed.jsonl": "\n".join(lines).encode()})
    assert result.written == 2 and rejects == []
    # no date (the dump has no dateline of its own to fall back on)
    assert [a["published_at"] for a in articles] == [None, None]


def test_a_symlink_and_its_target_are_one_input(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "2024-05-01.txt").write_bytes(GOOD)
    (src / "latest.txt").symlink_to(src / "2024-05-01.txt")
    files, _ = discover(str(src))
    assert [Path(f.uri).name for f in files] == ["2024-05-01.txt"]


def test_a_lone_surrogate_in_jsonl_text_does_not_sink_the_batch(tmp_path):
    line = '{"text": "A broken emoji \\ud83d in a paragraph that is otherwise a fine article to keep."}'
    result, articles, rejects = run_batch(tmp_path, {"feed.jsonl": line.encode(), "good.txt": GOOD})
    assert result.written == 2 and rejects == []
    assert "\ufffd" in next(a for a in articles if a["member"] == 1)["text"]


def test_a_document_that_breaks_the_cleaner_becomes_a_reject(tmp_path, monkeypatch):
    import pipeline.ingest.batch as batch

    real = batch.clean

    def flaky(text, *args, **kwargs):
        if "BREAK ME" in text:
            raise RecursionError("simulated bug")
        return real(text, *args, **kwargs)

    def flaky_batch(texts, *args, **kwargs):  # the batch fails as a whole, then each text is cleaned alone
        return [flaky(text) for text in texts]

    monkeypatch.setattr(batch, "clean", flaky)
    monkeypatch.setattr(batch, "clean_batch", flaky_batch)
    result, articles, rejects = run_batch(tmp_path, {"bad.txt": b"BREAK ME, a paragraph.", "good.txt": GOOD})
    assert len(articles) == 1
    assert rejects[0]["error_kind"] == "internal_error" and "RecursionError" in rejects[0]["message"]
    assert rejects[0]["raw"] == b"BREAK ME, a paragraph."


def test_staged_rows_are_invisible_until_committed(tmp_path):
    from pipeline.dataset.tables import commit

    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_bytes(GOOD)
    files, _ = discover(str(src))
    ctx = RunContext(dest=str(tmp_path / "dest"), run_id="staged")
    first = process_batch(files, {}, set(), ctx, commit_now=False)
    retry = process_batch(files, {}, set(), ctx, commit_now=False)  # a retried task stages again
    assert table(tmp_path / "dest", "articles") == []  # nothing visible before the commit
    commit(retry.staged, ctx.dest)  # only the attempt that reported back is committed
    assert len(table(tmp_path / "dest", "articles")) == 1
    assert all(Path(s.tmp).exists() for s in first.staged if s.tmp)  # the failed attempt's files stay hidden
