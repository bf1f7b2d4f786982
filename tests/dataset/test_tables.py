"""The writer of the dataset's Parquet files: rows in, the same rows out, a row group at a time."""

from __future__ import annotations

import pyarrow.parquet as pq

from pipeline.dataset import tables
from pipeline.dataset.tables import Dataset


def reject(n: int, raw: bytes) -> dict:
    return {"source_uri": f"/in/{n}.txt", "member": None, "error_kind": "too_large", "message": f"input {n}",
            "raw": raw, "raw_sha256": None, "input_sha256": None, "input_stamp": None, "pipeline_version": "v",
            "rejected_at": None, "run_id": "r"}


def test_rows_become_arrow_in_small_runs_and_land_in_order_in_row_groups(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "CONVERT_ROWS", 3)
    monkeypatch.setattr(tables, "CONVERT_BYTES", 10_000)  # one large raw input converts at once
    monkeypatch.setattr(tables, "GROUP_BYTES", 3_000)
    rows = [reject(n, bytes([n % 256]) * (50_000 if n == 7 else 100 + n)) for n in range(40)]
    dataset = Dataset(tmp_path)
    path = dataset.new_part_path("rejects", "r")
    with dataset.writer("rejects", path) as writer:
        for row in rows:
            writer.append(row)
            assert len(writer.pending) < 3  # never more than CONVERT_ROWS rows wait as dicts
    dataset.store.publish(writer.staged.tmp, writer.staged.final)
    assert pq.read_table(path).to_pylist() == rows
    assert pq.ParquetFile(path).metadata.num_row_groups > 2  # written a group at a time, not all at the end
