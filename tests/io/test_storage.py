"""The stores' process-wide settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize("env, backend", [({}, "system"), ({"ARROW_DEFAULT_MEMORY_POOL": "jemalloc"}, "jemalloc")])
def test_arrow_buffers_come_from_the_system_allocator_unless_asked_otherwise(env, backend):
    # jemalloc kept 100-250 MB of freed pages per ingest process (docs/throughput.md); a user's choice wins
    code = "import pyarrow as pa, pipeline.ingest.batch; print(pa.default_memory_pool().backend_name)"
    clean_env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    out = subprocess.run([sys.executable, "-c", code], env={**clean_env, **env}, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == backend


def test_a_file_replaced_while_it_is_read_reads_as_the_old_file_or_the_new_one(tmp_path):
    """A backfill replaces a Parquet file in place while reports and exports read the dataset. Reading by path,
    pyarrow opens the file twice (footer, then pages) and failed one read in five here with "Invalid column
    metadata"; the store reads through one handle, so each read is one whole version (CI caught the test of a
    killed backfill reading this way)."""
    import threading

    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.io.storage import LOCAL

    versions = {tag: pa.table({"tag": [tag] * n, "text": [f"{tag} {i} " * 9 for i in range(n)]})
                for tag, n in [("old", 3000), ("new", 3500), ("other", 2800)]}
    final = tmp_path / "part.parquet"
    pq.write_table(versions["old"], final)
    done = threading.Event()

    def replace_again_and_again() -> None:
        n = 0
        while not done.is_set():
            n += 1
            tmp = tmp_path / f".tmp-{n}"
            pq.write_table(list(versions.values())[n % 3], tmp, row_group_size=500)
            LOCAL.publish(str(tmp), str(final))

    writer = threading.Thread(target=replace_again_and_again)
    writer.start()
    try:
        seen = []
        for _ in range(400):
            table = LOCAL.read_parquet(str(final), columns=["tag", "text"])
            tags = set(table["tag"].to_pylist())
            assert len(tags) == 1 and table.num_rows == versions[next(iter(tags))].num_rows
            seen.append(next(iter(tags)))
    finally:
        done.set()
        writer.join()
    assert len(set(seen)) > 1  # the file did change under the reads
