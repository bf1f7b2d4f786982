"""One batch from files to rows (`pipeline.ingest.batch`), without Prefect: what a row says of its bytes."""

from __future__ import annotations

import json
import shutil

import pyarrow.parquet as pq
from conftest import DATA, SEED

import pipeline.ingest.batch as batch
from pipeline.core.document import Reject
from pipeline.dataset.schema import SCHEMA_VERSION
from pipeline.dataset.tables import Dataset
from pipeline.ingest.batch import BatchCleaner, BatchResult, RunContext, process_batch
from pipeline.io.readers import Loaded, discover, documents, load

BAD_BYTES = DATA / "bad_bytes"


def _ingest(tmp_path):
    src, dest = tmp_path / "src", tmp_path / "dest"
    src.mkdir()
    for path in sorted(BAD_BYTES.glob("*.txt")):
        shutil.copy(path, src / path.name)
    shutil.copy(SEED, src / "seed.txt")
    files, _ = discover(str(src))
    return process_batch(files, {}, set(), RunContext(dest=str(dest), run_id="t")), Dataset(dest)


def test_a_row_counts_the_bytes_its_document_had_replaced(tmp_path):
    result, dataset = _ingest(tmp_path)
    rows = dataset.arrow("articles").to_table(columns=["source_uri", "replaced_bytes", "text"]).to_pylist()
    replaced = {row["source_uri"].rsplit("/", 1)[-1]: row["replaced_bytes"] for row in rows}
    # every file is an article (the French one was rejected whole before), each bad sequence one U+FFFD
    assert replaced == {"invalid_utf8.txt": 6, "mixed_utf8_badbyte.txt": 1, "surrogate.txt": 3, "seed.txt": 0}
    assert result.written == 4 and not result.rejected and result.with_replaced_bytes == 3
    assert all(row["text"].encode("utf-8") for row in rows)  # valid UTF-8: no lone surrogate reached Parquet


def test_a_file_written_before_replaced_bytes_reads_it_as_null(tmp_path):
    _, dataset = _ingest(tmp_path)
    (path,) = dataset.files("articles")
    table = pq.read_table(path)
    assert table.schema.metadata[b"articlean.schema_version"] == str(SCHEMA_VERSION).encode() == b"5"
    pq.write_table(table.drop_columns(["replaced_bytes"]).replace_schema_metadata({"articlean.schema_version": "4"}), path)
    assert dataset.read_stamped(path, ["doc_id", "replaced_bytes"])["replaced_bytes"].to_pylist() == [None] * 4
    assert dataset.arrow("articles").to_table(columns=["replaced_bytes"])["replaced_bytes"].null_count == 4
    dataset.write("articles", list(dataset.iter_rows(path)), path)  # its rows rewritten as a replacement does
    assert pq.read_table(path)["replaced_bytes"].null_count == 4


def _mixed_inputs(src):
    """The labelled dumps, an HTML page, a JSONL of several documents (one of them empty), in one folder."""
    src.mkdir()
    for path in sorted((DATA / "labelled" / "dumps").glob("*.txt")):
        shutil.copy(path, src / path.name)
    shutil.copy(next(iter(sorted((DATA / "wcxb").rglob("*.html")))), src / "page.html")
    texts = [SEED.read_text(encoding="utf-8"), "", "A short story.\n\nIt has two paragraphs of its own, each one a line."]
    (src / "several.jsonl").write_text("".join(json.dumps({"text": t, "url": f"https://example.com/{n}"}) + "\n"
                                               for n, t in enumerate(texts)), encoding="utf-8")


def test_documents_cleaned_together_give_each_the_row_it_gets_alone(tmp_path, monkeypatch):
    """A batch's text documents are cleaned together (`clean_batch`), in groups of CLEAN_TOGETHER_DOCUMENTS; the rows
    come out in input order, each what `article_row` makes of its document alone."""
    monkeypatch.setattr(batch, "CLEAN_TOGETHER_DOCUMENTS", 7)  # several groups, one cut inside the JSONL
    _mixed_inputs(tmp_path / "src")
    files, _ = discover(str(tmp_path / "src"))
    ctx = RunContext(dest=str(tmp_path / "dest"), run_id="t")
    result, rejects = BatchResult(), []
    cleaner = BatchCleaner(ctx, result, rejects)
    rows = []
    for input_file in files:
        rows += cleaner.add(load(input_file, ctx.settings))
        # a waiting document keeps its input's name, hash and stamp, not the input's bytes (up to 64 MiB each)
        assert not any(isinstance(value, Loaded) for queued in cleaner.queue for value in vars(queued).values())
    rows += list(cleaner.flush())
    alone = []
    for input_file in files:
        for doc in documents(load(input_file, ctx.settings), ctx.settings):
            row = batch.article_row(doc, ctx, cleaner.now)
            if not isinstance(row, Reject):
                alone.append(row)
    assert len(rows) == len(alone) == result.written >= 31
    for together, one in zip(rows, alone, strict=True):
        assert {k: v for k, v in together.items() if k != "input_stamp"} == one
    assert [r["error_kind"] for r in rejects] == ["empty"] and result.documents == len(rows) + 1


def test_a_document_whose_cleaning_fails_is_the_only_reject(tmp_path, monkeypatch):
    """Cleaning raises on one document: the batch is cleaned again one by one, that document becomes an
    internal_error reject with its raw bytes, and the others are written."""
    real_clean = batch.clean

    def clean(text, *args, **kwargs):
        if "fentanyl" in text:
            raise RuntimeError("a bug")
        return real_clean(text, *args, **kwargs)

    def clean_batch(texts, *args, **kwargs):
        if any("fentanyl" in t for t in texts):
            raise RuntimeError("a bug")
        return [real_clean(t) for t in texts]

    monkeypatch.setattr(batch, "clean", clean)
    monkeypatch.setattr(batch, "clean_batch", clean_batch)
    _mixed_inputs(tmp_path / "src")
    files, _ = discover(str(tmp_path / "src"))
    result = process_batch(files, {}, set(), RunContext(dest=str(tmp_path / "dest"), run_id="t"))
    rejects = Dataset(tmp_path / "dest").arrow("rejects").to_table().to_pylist()
    failed = [r for r in rejects if r["error_kind"] == "internal_error"]
    assert len(failed) == 2  # the seed, on its own and inside the JSONL
    assert all("RuntimeError: a bug" in r["message"] and b"fentanyl" in r["raw"] for r in failed)
    assert result.written == result.documents - 3 and result.rejected == {"internal_error": 2, "empty": 1}
