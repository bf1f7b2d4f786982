"""The line-labelled corpus (`../shared/corpus/dumps.jsonl.gz`, see its README): dumps rendered from 2,403 pages
of 1,410 sites, every non-blank line labelled body, noise or mixed by alignment to the page's gold text.

The split is by site, so that nothing learned or tuned on a site is scored on it: a dump belongs to the test
sites when `int(sha1(key).hexdigest(), 16) % 5 == 0`, `key` being its site, or `dataset/page` when the site is
not known. Rules and features are written looking at training sites only; every reported number is on the test
sites.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class CorpusDump:
    id: str
    dataset: str
    page: str
    site: str | None
    renderer: str
    text: str
    labels: dict[int, str]  # line number -> "body" | "noise" | "mixed"
    title_lines: frozenset[int]
    gold: str

    @property
    def site_key(self) -> str:
        return self.site or f"{self.dataset}/{self.page}"

    @property
    def is_test(self) -> bool:
        return is_test_site(self.site_key)


def is_test_site(key: str) -> bool:
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 5 == 0


def dumps_file(path: Path) -> Path:
    """The corpus's dumps file, given the corpus folder or the file itself."""
    path = Path(path)
    return path / "dumps.jsonl.gz" if path.is_dir() else path


def read_corpus(path: Path) -> Iterator[CorpusDump]:
    with gzip.open(dumps_file(path), "rt", encoding="utf-8") as handle:
        for line in handle:
            d = json.loads(line)
            yield CorpusDump(
                id=d["id"], dataset=d["dataset"], page=d["page"], site=d.get("site"), renderer=d["renderer"],
                text=d["text"], labels={lab["line"]: lab["label"] for lab in d["labels"]},
                title_lines=frozenset(lab["line"] for lab in d["labels"] if lab.get("title")), gold=d["gold"],
            )

