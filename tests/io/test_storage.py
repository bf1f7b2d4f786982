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
