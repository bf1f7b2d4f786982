"""`clean_batch`: the same articles as `clean` one by one, whatever the batch holds; never raises."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from conftest import LABELLED
from hypothesis import given, settings
from hypothesis import strategies as st
from test_invariants import unicode_text

from pipeline import clean, clean_batch
from pipeline.cleaning.columns import MIN_LINES
from pipeline.cleaning.features import batch_line_features, line_features
from pipeline.cleaning.overrides import NO_USER_LINES, UserLines
from pipeline.core.settings import CleanSettings
from pipeline.core.text import line_content, line_hash, normalise

MULTILINGUAL = LABELLED.parent / "multilingual"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
FUNDUS = SHARED / "corpus-fundus"


def real_texts() -> list[str]:
    paths = sorted((LABELLED / "dumps").glob("*.txt")) + sorted(MULTILINGUAL.rglob("*.txt"))
    return [path.read_text(encoding="utf-8") for path in paths]


def test_a_batch_of_real_dumps_is_cleaned_as_one_by_one():
    texts = real_texts()
    texts[5:5] = ["", "one line only", "\n\n \n"]  # pages the model does not score, among the others
    assert clean_batch(texts) == [clean(text) for text in texts]


@pytest.mark.skipif(not (FUNDUS / "dumps.jsonl.gz").exists(), reason=f"the corpora are not in {SHARED}")
def test_a_batch_of_19_languages_is_cleaned_as_one_by_one():
    from pipeline.quality.corpus import read_corpus

    texts = [dump.text for dump in itertools.islice(read_corpus(FUNDUS), 400)]
    assert clean_batch(texts) == [clean(text) for text in texts]
    pages = [[line_content(line) for line in text.split("\n") if line_content(line)] for text in texts]
    for page, features in zip(pages, batch_line_features(pages), strict=True):
        assert np.array_equal(features, line_features(page))


def test_sources_boilerplate_and_overrides_go_with_their_text():
    """Each text's own: its source's trees, learned lines and overrides, as `clean` takes them one by one."""
    texts = real_texts()[:6]
    removed = clean(texts[1]).removed[0].text  # a line the cleaner removes, which the user keeps
    body = clean(texts[2]).paragraphs[-1].text  # a paragraph the cleaner keeps, learned as its source's boilerplate
    user = UserLines.of(keep=[removed])
    users = [NO_USER_LINES, user, NO_USER_LINES, NO_USER_LINES, NO_USER_LINES, NO_USER_LINES]
    sources = ["a.com", "b.com", None, "a.com", "c.com", None]
    learned = [frozenset(), frozenset(), frozenset({line_hash(normalise(body))}), frozenset(), frozenset(), frozenset()]
    batch = clean_batch(texts, sources=sources, users=users, boilerplate=learned)
    one_by_one = [clean(t, source=s, user=u, boilerplate=b) for t, s, u, b in zip(texts, sources, users, learned, strict=True)]
    assert batch == one_by_one
    assert removed in [p.text for p in batch[1].paragraphs]  # the override held in the batch
    assert body not in [p.text for p in batch[2].paragraphs]  # and the learned line went


def test_settings_apply_to_the_whole_batch():
    texts = real_texts()[:5]
    off = CleanSettings(model=False)
    assert clean_batch(texts, off) == [clean(text, off) for text in texts]
    assert all(r.rule != "model" for article in clean_batch(texts, off) for r in article.removed)


def test_training_reads_a_batch_as_it_reads_each_dump():
    """`articlean train` judges its dumps in batches (`labelled_batch`): the same lines, labels and features, in the
    same order, as one dump at a time (the model file it writes must not depend on how the dumps were grouped)."""
    from pipeline.cleaning.engine import split_lines
    from pipeline.quality.train import Labelled, labelled_batch, labelled_lines

    dumps = []
    for k, text in enumerate(real_texts() * 3):  # every line labelled: odd lines noise, even lines body
        labels = {n: "noise" if n % 2 else "body" for n in range(1, text.count("\n") + 2)}
        dumps.append(Labelled(text, labels, frozenset({1}), f"site{k % 3}", "hand-labelled", "hand", 1.0 + k))
    batch = labelled_batch(dumps)
    single = [labelled_lines(d.text, d.labels, d.skip, d.group, d.dataset, d.renderer, d.weight) for d in dumps]
    assert sum(len(split_lines(d.text)) for d in dumps) >= MIN_LINES  # enough for the rules to share them
    assert len(batch.X) == sum(len(lines.X) for lines in single) > 500
    assert np.array_equal(np.array(batch.X), np.vstack([np.array(lines.X) for lines in single]))
    for name in ("y", "weight", "group", "dataset", "renderer", "corpus"):
        assert getattr(batch, name) == [value for lines in single for value in getattr(lines, name)]
    assert batch.rules == sum((lines.rules for lines in single), start=type(batch.rules)())


def test_one_entry_per_text_or_a_clear_error():
    with pytest.raises(ValueError, match="2 texts, but 1 boilerplate sets, 2 user line sets and 2 sources"):
        clean_batch(["a", "b"], sources=["x", "y"], boilerplate=[frozenset()])
    assert clean_batch([]) == []


@settings(max_examples=150, deadline=None)
@given(st.lists(unicode_text, min_size=1, max_size=6))
def test_a_batch_of_any_unicode_never_raises_and_equals_one_by_one(texts):
    """Batches mixing scripts, separators, combining marks and lone surrogates, page against page."""
    assert clean_batch(texts) == [clean(text) for text in texts]


def test_the_batch_path_is_public():
    import pipeline

    assert "clean_batch" in pipeline.__all__ and Path(pipeline.__file__).exists()
