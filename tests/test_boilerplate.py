"""Lines learned as boilerplate across a source's documents."""

from __future__ import annotations

import random

import pytest
from conftest import dump_paths

from pipeline import clean
from pipeline.boilerplate import LineCounts, count_lines, line_hash, texts_of
from pipeline.rules.base import normalise

PITCH = "Daily Bugle readers can find more stories like this one in the weekend edition"
NOTE = "The Associated Press contributed to this report."


def corpus(n: int) -> list[tuple[str, str]]:
    texts = [p.read_text(encoding="utf-8") for p in dump_paths() if p.stem.startswith("breitbart")]
    return [("bugle", f"{texts[i % len(texts)]}\n\n{PITCH}\n\n{NOTE}\n\nClosing line number {i}.") for i in range(n)]


def test_a_line_in_many_documents_of_a_source_is_learned_and_removed():
    docs = corpus(10)
    counts = count_lines(docs)
    learned = counts.learned()
    assert line_hash(normalise(PITCH)) in learned["bugle"]
    assert texts_of(docs[0][1], learned["bugle"]) == {line_hash(normalise(PITCH)): normalise(PITCH)}  # reported by its text
    assert line_hash(normalise(NOTE)) not in learned["bugle"]  # a newsroom note is the article's own text
    article = clean(docs[0][1], boilerplate=frozenset(learned["bugle"]))
    (removal,) = [r for r in article.removed if r.rule == "repeated_across_source"]
    assert removal.text == PITCH and removal.kind == "footer"
    assert NOTE in article.body


def test_learning_does_not_depend_on_the_order_of_documents():
    docs = corpus(12)
    shuffled = docs[:]
    random.Random(7).shuffle(shuffled)
    assert count_lines(docs).learned() == count_lines(shuffled).learned()


@pytest.mark.parametrize("n", [2, 4])
def test_too_few_documents_teach_nothing(n):
    # two stories quoting the same sentence are not furniture; nor is a line in 1 of 4 documents
    docs = corpus(n)
    if n == 4:
        docs = [(s, t.replace(PITCH, f"Unique line {i}")) if i else (s, t) for i, (s, t) in enumerate(docs)]
    assert line_hash(normalise(PITCH)) not in count_lines(docs).learned().get("bugle", {})


def test_sources_are_learned_apart():
    docs = corpus(6) + [("other", f"Paragraph {i} of another site.") for i in range(6)]
    learned = count_lines(docs).learned()
    assert "other" not in learned or line_hash(normalise(PITCH)) not in learned["other"]


def test_counts_equal_a_plain_count_across_merges_and_folds(monkeypatch):
    # The arrays are merged in steps (a worker's batch, a fold every FOLD_LINES lines): the counts must be
    # those of one Counter over every document, whatever the steps.
    from collections import Counter

    from pipeline.boilerplate import BoilerplateSettings, _countable_keys

    monkeypatch.setattr(LineCounts, "FOLD_LINES", 300)
    texts = [p.read_text(encoding="utf-8") for p in dump_paths()]
    docs = [(f"site{i % 3}", texts[i % len(texts)] + f"\n\nA line of document {i // 2} in full.") for i in range(90)]
    expected: dict[str, Counter] = {}
    for source, text in docs:
        expected.setdefault(source, Counter()).update(list(_countable_keys(text, BoilerplateSettings())))
    total = LineCounts()
    for start in range(0, len(docs), 7):
        total.merge(count_lines(docs[start:start + 7]))
    total.learned()  # folds what is pending
    got = {source: dict(zip(h.tolist(), c.tolist(), strict=True)) for source, (h, c) in total.lines.items()}
    assert got == {source: dict(counter) for source, counter in expected.items()}
    assert total.documents == Counter(source for source, _ in docs)
    assert total.learned() == count_lines(docs).learned() != {}
