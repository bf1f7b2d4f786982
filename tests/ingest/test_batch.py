"""One batch from files to rows (`pipeline.ingest.batch`), without Prefect: what a row says of its bytes."""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq
from conftest import DATA, SEED

from pipeline.dataset.schema import SCHEMA_VERSION
from pipeline.dataset.tables import Dataset
from pipeline.ingest.batch import RunContext, process_batch
from pipeline.io.readers import discover

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
