"""`ingest_date`, the tables' hive partition, is a date in every reader: the project's own (`Dataset.arrow`: the
export, the report, the review), DuckDB's `read_parquet(..., hive_partitioning=true)`, and a user's pyarrow read with
`partitioning()`. pyarrow's own guess from the folder names is a string."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest
from conftest import DATA
from runs import run

from pipeline.dataset.tables import Dataset, partitioning
from pipeline.publish.export import Selection, export
from pipeline.publish.report import figures

# a second day, as a run of another day writes it
OTHER_DAY = "2026-11-30"


@pytest.fixture(scope="module")
def dest(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("partition")
    shutil.copytree(DATA / "newcomer", folder / "src")
    run(folder / "src", folder / "dest")
    articles = folder / "dest" / "articles"
    (today,) = [p for p in articles.iterdir() if p.name.startswith("ingest_date=")]
    # one of its files moved to another day's folder: two partitions to read
    first = sorted(today.glob("*.parquet"))[0]
    (articles / f"ingest_date={OTHER_DAY}").mkdir()
    shutil.copy(first, articles / f"ingest_date={OTHER_DAY}" / "part-other-day.parquet")
    return folder / "dest"


def duckdb_days(dest: Path) -> tuple[str, list[tuple]]:
    import duckdb

    relation = duckdb.sql(f"SELECT doc_id, ingest_date FROM read_parquet('{dest}/articles/**/*.parquet', "
                          "hive_partitioning=true) ORDER BY ingest_date, doc_id")
    return relation.types[1], relation.fetchall()


def arrow_days(table: pa.Table) -> list[tuple]:
    return sorted(zip(table["doc_id"].to_pylist(), table["ingest_date"].to_pylist(), strict=True), key=lambda r: (r[1], r[0]))


def test_the_projects_pyarrow_read_and_duckdbs_agree(dest):
    duck_type, duck_rows = duckdb_days(dest)
    ours = Dataset(dest).arrow("articles").to_table(columns=["doc_id", "ingest_date"])
    assert str(duck_type) == "DATE" and ours.schema.field("ingest_date").type == pa.date32()
    assert arrow_days(ours) == duck_rows
    days = {day for _, day in duck_rows}
    assert len(days) == 2 and date.fromisoformat(OTHER_DAY) in days
    # the documented way for a user's own pyarrow read
    for table in (pads.dataset(dest / "articles", partitioning=partitioning()).to_table(columns=["doc_id", "ingest_date"]),
                  pq.read_table(dest / "articles", partitioning=partitioning(), columns=["doc_id", "ingest_date"])):
        assert table.schema.field("ingest_date").type == pa.date32() and arrow_days(table) == duck_rows


def test_duckdb_over_the_projects_arrow_reads_a_date(dest):
    import duckdb

    connection = duckdb.connect()
    connection.register("articles", Dataset(dest).arrow("articles"))
    relation = connection.sql("SELECT doc_id, ingest_date FROM articles ORDER BY ingest_date, doc_id")
    assert str(relation.types[1]) == "DATE" and relation.fetchall() == duckdb_days(dest)[1]


def test_polars_reads_the_folder_as_the_readme_says(dest):
    """`polars.scan_parquet("data/articles", hive_partitioning=True)`: a date, the same rows as DuckDB's read."""
    import polars as pl

    frame = pl.scan_parquet(dest / "articles", hive_partitioning=True).select("doc_id", "ingest_date").collect()
    assert frame.schema["ingest_date"] == pl.Date
    assert sorted(frame.iter_rows(), key=lambda r: (r[1], r[0])) == duckdb_days(dest)[1]


def test_the_reports_days_are_the_partitions(dest):
    _, rows = duckdb_days(dest)
    per_day = figures(str(dest)).tables["per_day"][1]
    counted: dict[str, int] = {}
    for _, day in rows:
        counted[day.isoformat()] = counted.get(day.isoformat(), 0) + 1
    assert per_day == sorted(counted.items()) and len(per_day) == 2


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_the_export_filters_and_writes_it_as_a_date(dest, tmp_path, monkeypatch, fmt):
    out = tmp_path / "out"
    summary = export(str(dest), str(out), where=f"ingest_date = DATE '{OTHER_DAY}'", fmt=fmt,
                     selection=Selection(columns=("doc_id", "ingest_date")))
    expected = [(doc, day) for doc, day in duckdb_days(dest)[1] if day.isoformat() == OTHER_DAY]
    assert summary.rows == len(expected) > 0
    (shard,) = summary.shards
    if fmt == "parquet":
        table = pq.read_table(shard.path)
        assert table.schema.field("ingest_date").type == pa.date32() and arrow_days(table) == expected
    else:
        rows = [json.loads(line) for line in Path(shard.path).read_text().splitlines()]
        assert sorted((r["doc_id"], date.fromisoformat(r["ingest_date"])) for r in rows) == sorted(expected)
    assert "  - name: ingest_date\n    dtype: date32" in (out / "README.md").read_text()
    # and `datasets` reads it as the card says: a date
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets

    loaded = datasets.load_dataset(str(out), split="train", cache_dir=str(tmp_path / "hf-cache"))
    assert loaded.features["ingest_date"].dtype == "date32"
    assert sorted(zip(loaded["doc_id"], loaded["ingest_date"], strict=True)) == sorted(expected)
