from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
LABELLED = DATA / "labelled"
SEED = Path(__file__).parents[1] / "seeds" / "000_ddc4de0ab6465bbc.txt"


def load_gold(name: str) -> dict:
    return json.loads((LABELLED / "gold" / f"{Path(name).stem}.json").read_text(encoding="utf-8"))


def dump_paths() -> list[Path]:
    return sorted((LABELLED / "dumps").glob("*.txt"))


@pytest.fixture(params=dump_paths(), ids=lambda p: p.stem)
def dump(request) -> Path:
    return request.param


@pytest.fixture(scope="session")
def prefect_api():
    """One temporary Prefect API for the whole session: it costs seconds to start."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def make_corpus(folder: Path, copies: int) -> list[Path]:
    """`copies` distinct dumps made from the labelled ones: each gets a unique closing paragraph, so that
    no two are the same article."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = dump_paths()
    written = []
    for n in range(copies):
        src = sources[n % len(sources)]
        text = src.read_text(encoding="utf-8")
        path = folder / f"{n // 100:03d}" / f"{src.stem}-{n:05d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"{text}\n\nThis closing paragraph number {n} makes the copy a distinct article.\n", encoding="utf-8")
        written.append(path)
    return written


def articles(dest: Path) -> list[dict]:
    import pyarrow.dataset as pads

    folder = Path(dest) / "articles"
    return pads.dataset(folder, partitioning="hive").to_table().to_pylist() if folder.exists() else []
