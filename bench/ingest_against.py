"""`articlean ingest` of the same 10,000 real dumps by this checkout and by other checkouts (worktrees of older
commits), one after the other: wall seconds and peak RSS of each run's process tree.

    git worktree add /tmp/before <commit>
    python bench/ingest_against.py /tmp/before .          # each tree's code runs through `python -m flows.cli`

The dumps are bench.py's real corpus (`copy_real`), written once to --src and kept for the next run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from proctree import run_measured  # noqa: E402

from bench import copy_real  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("trees", nargs="+", type=Path, help="checkouts whose ingest to run, in turn")
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--src", type=Path, default=Path(tempfile.gettempdir()) / "articlean-ingest-against")
    args = parser.parse_args()
    if not args.src.exists():
        copy_real(args.src, args.docs)
    for tree in args.trees:
        tree = tree.resolve()
        dest = Path(tempfile.mkdtemp(prefix="ingest-against-"))
        env = {**os.environ, "PREFECT_LOGGING_LEVEL": "WARNING", "PYTHONPATH": str(tree)}
        env.pop("PREFECT_API_URL", None)
        started = time.perf_counter()
        run, memory = run_measured([sys.executable, "-m", "flows.cli", "ingest", str(args.src), str(dest / "data"),
                                    "--workers", str(args.workers)], interval=0.2, env=env, cwd=tree)
        seconds = time.perf_counter() - started
        shutil.rmtree(dest, ignore_errors=True)
        status = "" if run.returncode == 0 else f" (failed, exit {run.returncode}: {run.stderr[-300:]})"
        print(f"{tree}: {seconds:.1f} s, peak RSS {memory.peak_kb / 1024:,.0f} MB "
              f"(PSS {memory.peak_pss_kb / 1024:,.0f} MB){status}; each process's peak: {memory.by_process()}")


if __name__ == "__main__":
    main()
