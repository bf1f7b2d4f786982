"""The learned line model: loads the shipped model file and scores lines. No training code here (that is
`pipeline.quality.train`, run by `articlean train`).

The model is an ensemble of oblivious decision trees (CatBoost's kind: every level of a tree asks the same
question of a line, so a line's leaf is a bit pattern). Scoring a page is a handful of numpy operations over
all its lines and all trees at once, with no library at run time: about 0.1 ms for a 40-line article.

The file is data, like the rules' patterns: `pipeline/cleaning/models/line_model.json`, its SHA-256 part of
`pipeline_version`. `MODEL_CARD.md` beside it says what trained it and how it scores.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from pipeline.cleaning.features import FEATURES

MODEL_FILE = Path(__file__).with_name("models") / "line_model.json"
FORMAT = "articlean-oblivious-trees/1"


class ModelError(RuntimeError):
    """The model file is missing or was made for other features: retrain it (`articlean train`)."""


@dataclass(frozen=True)
class LineModel:
    features: tuple[str, ...]
    split_features: np.ndarray  # (trees, depth) column of each level's question
    borders: np.ndarray  # (trees, depth): the question is "feature > border"
    leaves: np.ndarray  # (trees, 2**depth) value of each leaf; a leaf's index has bit d set when level d said yes
    bias: float
    threshold: float  # a line scoring at least this is noise; chosen for precision (see the model card)
    # A user's sources (`articlean train --labelled`): each its own small ensemble, whose score is added to these
    # trees' for that source's lines only, so that a source's corrections change no other source's cleaning.
    sources: dict[str, LineModel] = field(default_factory=dict)
    added: LineModel | None = None  # the source's trees, in the model `for_source` returns

    @classmethod
    def from_file(cls, path: Path) -> LineModel:
        spec = json.loads(path.read_bytes())
        if spec.get("format") != FORMAT:
            raise ModelError(f"{path}: not an articlean line model ({spec.get('format')!r}); run `articlean train`")
        if tuple(spec["features"]) != FEATURES:
            raise ModelError(f"{path} was trained on other features than pipeline.cleaning.features computes; run `articlean train`")
        sources = {name: cls.from_spec(trees, float(spec["threshold"])) for name, trees in spec.get("sources", {}).items()}
        return replace(cls.from_spec(spec, float(spec["threshold"])), sources=sources)

    @classmethod
    def from_spec(cls, spec: dict, threshold: float) -> LineModel:
        return cls(
            features=FEATURES,
            split_features=np.array(spec["split_features"], dtype=np.int64),
            borders=np.array(spec["borders"], dtype=np.float32),
            leaves=np.array(spec["leaves"], dtype=np.float64),
            bias=float(spec["bias"]),
            threshold=threshold,
        )

    def for_source(self, source: str | None) -> LineModel:
        """The model for one source's documents: these trees, plus the source's own when training gave it some."""
        return self._by_source.get(source, self) if source else self

    @functools.cached_property
    def _by_source(self) -> dict[str, LineModel]:
        return {name: replace(self, sources={}, added=trees) for name, trees in self.sources.items()}

    @functools.cached_property
    def _questions(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The distinct (feature, border) questions (trees share many: 834 of 1,800), where each level finds its
        answer among them, each tree's first leaf in the flat leaf array, and the levels' bit values."""
        pairs = np.stack([self.split_features.ravel(), self.borders.ravel().view(np.int32)], axis=1)
        distinct, where = np.unique(pairs, axis=0, return_inverse=True)
        trees, depth = self.split_features.shape
        return (distinct[:, 0], distinct[:, 1].astype(np.int32).view(np.float32), where.ravel(),
                np.arange(trees) << depth, (1 << np.arange(depth)).astype(np.uint8))

    def _answers(self, X: np.ndarray) -> np.ndarray:
        """(lines, trees, depth): each level's yes/no for each line."""
        features, borders, where, _, _ = self._questions
        trees, depth = self.split_features.shape
        return (X[:, features] > borders)[:, where].reshape(len(X), trees, depth)

    def raw(self, X: np.ndarray) -> np.ndarray:
        _, _, _, first_leaf, bits = self._questions
        leaf = (self._answers(X).view(np.uint8) * bits).sum(axis=-1, dtype=np.int64)
        raw = self.leaves.ravel()[leaf + first_leaf].sum(axis=1) + self.bias
        return raw if self.added is None else raw + self.added.raw(X)

    def scores(self, X: np.ndarray) -> np.ndarray:
        """The probability that each line (a row of FEATURES) is noise."""
        if len(X) == 0:
            return np.zeros(0)
        return probability(np.concatenate([self.raw(X[at : at + ROWS_AT_ONCE]) for at in range(0, len(X), ROWS_AT_ONCE)]))

    def reasons(self, x: np.ndarray, body: np.ndarray, top: int = 4) -> list[tuple[str, float]]:
        """The features that pushed one line's score most towards noise, with how much (in log-odds): for each
        feature, how much lower the line would score if that feature alone took its value in `body` (the page's
        most body-like line)."""
        changed = np.repeat(x.reshape(1, -1), len(x), axis=0)
        np.fill_diagonal(changed, body)
        effect = self.raw(x.reshape(1, -1))[0] - self.raw(changed)
        order = np.argsort(-effect)[:top]
        return [(self.features[k], float(effect[k])) for k in order if effect[k] > 0]


# Lines scored in one call at most: the trees' arrays take about 15 KB a line (each level's answer for each tree),
# so a page of 2,000 lines held 30 MB and a run of pages 56 MB; 512 lines at once hold 8 MB and stay in the
# processor's caches (a whole batch's answers at once cost more than the calls they saved).
ROWS_AT_ONCE = 512


def probability(raw: np.ndarray) -> np.ndarray:
    """The trees' summed log-odds as the probability that a line is noise."""
    return 1.0 / (1.0 + np.exp(-raw))


@functools.cache
def load_model(path: Path = MODEL_FILE) -> LineModel | None:
    """The shipped model, or None when there is none (a checkout before the first `articlean train`)."""
    return LineModel.from_file(path) if path.exists() else None
