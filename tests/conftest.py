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
