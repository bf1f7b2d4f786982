"""What a run that adds 1,000 documents costs as the dataset grows: the same run into a DEST already holding
10k, 100k and 1M rows (built directly with pyarrow: no cleaning needed to make them), timed in one process.

    python bench/incremental.py [--sizes 10000 100000 1000000] [--new 1000]

For each size, four ingests of 1,000 new dumps each (the labelled dumps, each made unique): the first one into
the synthetic DEST reads every file once to build the index (a dataset written before the index existed pays
this once); the next three show what every later run costs. Prints, for each run, the run's own seconds (the
flow's body, from taking DEST's lock to its summary), the wall seconds of the flow call (adding Prefect's flow
start and finish: about 1 s, in whole-second steps, whatever DEST holds), and the two phases whose cost used to
follow the dataset (reading the ledger, linking duplicates). The ratio compares the fastest later run's own
seconds across sizes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "data" / "labelled" / "dumps"
ROWS_PER_FILE = 500  # what one ingest batch writes


def synthetic_dataset(dest: Path, rows: int) -> None:
    """`rows` article rows in files of ROWS_PER_FILE, every column of the schema filled; one text in fifty is
    shared by two rows (exact duplicates, linked as a run would)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.cleaning.signals import SIGNALS
    from pipeline.dataset.schema import ARTICLE_SCHEMA
    from pipeline.ingest.batch import pipeline_version

    folder = dest / "articles" / "ingest_date=2026-01-01"
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    version = pipeline_version()
    for start in range(0, rows, ROWS_PER_FILE):
        n = range(start, min(start + ROWS_PER_FILE, rows))
        text_of = [f"{(i // 2) * 2 if i % 50 < 2 else i:016x}" for i in n]
        columns = {
            "doc_id": [f"{i:032x}" for i in n],
            "source_uri": [f"/synthetic/{i // 1000:06d}/doc-{i:09d}.txt" for i in n],
            "member": [None] * len(n),
            "source": ["synthetic.example"] * len(n),
            "url": [None] * len(n),
            "title": [f"Synthetic article {i}" for i in n],
            "authors": [[] for _ in n],
            "published_at": [now] * len(n),
            "text": [f"Synthetic article {t}." for t in text_of],
            "language": ["en"] * len(n),
            "language_score": [0.99] * len(n),
            "n_chars": [30] * len(n),
            "n_words": [3] * len(n),
            "removed": [[] for _ in n],
            "learned_lines": [[] for _ in n],
            "raw_sha256": [f"{i:064x}" for i in n],
            "input_sha256": [f"{i:064x}" for i in n],
            "input_stamp": ["1:1"] * len(n),
            "text_sha256": [f"{t:0>64}" for t in text_of],
            "duplicate_of": [f"{i - 1:032x}" if i % 50 == 1 else None for i in n],
            "near_duplicate_of": [f"{i - 1:032x}" if i % 50 == 1 else None for i in n],
            "near_duplicate_cluster": [f"{i - 1 if i % 50 == 1 else i:032x}" for i in n],
            "pipeline_version": [version] * len(n),
            "ingested_at": [now] * len(n),
            "run_id": ["synthetic"] * len(n),
        }
        columns.update({name: [None] * len(n) for name in SIGNALS})
        pq.write_table(pa.table(columns, schema=ARTICLE_SCHEMA), folder / f"part-synthetic-{start:09d}.parquet",
                       compression="zstd")
    signature_store(dest, sorted({f"{(i // 2) * 2 if i % 50 < 2 else i:016x}" for i in range(rows)}))


def signature_store(dest: Path, texts: list[str]) -> None:
    """A near-duplicate signature for each distinct synthetic text (random values: they match nothing), so that
    a run's band matching reads a store as large as the dataset's."""
    import numpy as np
    import pyarrow as pa

    from pipeline.dataset.tables import Dataset
    from pipeline.dedup import minhash as nd
    from pipeline.dedup.near import BAND_COLUMNS, SIGNATURE, SignatureStore

    rng = np.random.default_rng(7)
    sigs = rng.integers(0, 2**16, size=(len(texts), nd.NUM_PERM), dtype=np.uint16)
    keys = nd.band_keys(sigs)
    table = pa.table({"text_sha256": pa.array([f"{t:0>64}" for t in texts]),
                      "signature": pa.FixedSizeBinaryArray.from_buffers(SIGNATURE, len(texts),
                                                                         [None, pa.py_buffer(sigs.astype("<u2").tobytes())]),
                      **{name: pa.array(keys[:, b]) for b, name in enumerate(BAND_COLUMNS)}})
    SignatureStore(Dataset(str(dest))).add(table)


def new_dumps(folder: Path, count: int, tag: str) -> None:
    sources = sorted(LABELLED.glob("*.txt"))
    for n in range(count):
        src = sources[n % len(sources)]
        path = folder / f"{src.stem}-{tag}-{n:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{src.read_text(encoding='utf-8')}\n\nClosing paragraph {tag} {n} makes this copy distinct.\n",
                        encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--new", type=int, default=1000, help="documents each run adds")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    args = parser.parse_args()
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

    from flows.ingest import ingest

    work = Path(tempfile.mkdtemp(prefix="articlean-incremental-"))
    try:
        new_dumps(work / "warm", 2, "warm")
        ingest(str(work / "warm"), str(work / "warm-dest"), workers=1)  # Prefect's API starts once, here
        results = []
        for size in args.sizes:
            dest = work / f"dest-{size}"
            started = time.perf_counter()
            synthetic_dataset(dest, size)
            built = time.perf_counter() - started
            runs = []
            for k in range(4):
                src = work / f"new-{size}-{k}"
                new_dumps(src, args.new, f"{size}-{k}")
                started = time.perf_counter()
                summary = ingest(str(src), str(dest), workers=args.workers)
                seconds = time.perf_counter() - started
                assert summary.totals.written == args.new, summary.table()
                phases = summary.timer.seconds
                runs.append((summary.seconds, seconds, phases.get("read the dataset's ledger", 0.0),
                             phases.get("link duplicates", 0.0)))
                if os.environ.get("ARTICLEAN_BENCH_PHASES"):
                    print(f"  {size:,} run {k}: " + ", ".join(f"{name} {t:.2f}" for name, t in phases.items()), flush=True)
                shutil.rmtree(src)
            results.append((size, built, runs))
            print(f"DEST {size:>9,} rows (built in {built:.1f} s): " + "; ".join(
                f"{'first run' if k == 0 else f'run {k + 1}'} {own:.2f} s (wall {wall:.2f}, ledger {ledger:.2f}, "
                f"duplicates {dup:.2f})" for k, (own, wall, ledger, dup) in enumerate(runs)), flush=True)
        steady = [min(own for own, _, _, _ in runs[1:]) for _, _, runs in results]
        print(f"runs adding {args.new:,} documents, slowest / fastest across sizes: {max(steady) / min(steady):.2f} "
              f"(target: within 1.20)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
