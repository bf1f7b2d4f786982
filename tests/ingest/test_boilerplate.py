"""Lines learned as boilerplate across a source's documents."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest
from conftest import dump_paths

from pipeline import clean
from pipeline.core.text import line_hash, normalise
from pipeline.ingest.boilerplate import Support, count_lines, learn, texts_of

PITCH = "Daily Bugle readers can find more stories like this one in the weekend edition"
NOTE = "The Associated Press contributed to this report."


def corpus(n: int) -> list[tuple[str, str]]:
    texts = [p.read_text(encoding="utf-8") for p in dump_paths() if p.stem.startswith("breitbart")]
    return [("bugle", f"{texts[i % len(texts)]}\n\n{PITCH}\n\n{NOTE}\n\nClosing line number {i}.") for i in range(n)]


def test_a_line_in_many_documents_of_a_source_is_learned_and_removed():
    docs = corpus(10)
    counts = count_lines(docs)
    learned = learn(counts)
    assert line_hash(normalise(PITCH)) in learned["bugle"]
    assert texts_of(docs[0][1], learned["bugle"]) == {line_hash(normalise(PITCH)): normalise(PITCH)}  # reported by its text
    assert line_hash(normalise(NOTE)) not in learned["bugle"]  # a newsroom note is the article's own text
    article = clean(docs[0][1], boilerplate=learned["bugle"])
    (removal,) = [r for r in article.removed if r.rule == "repeated_across_source"]
    assert removal.text == PITCH and removal.kind == "footer"
    assert NOTE in article.body


def test_learning_does_not_depend_on_the_order_of_documents():
    docs = corpus(12)
    shuffled = docs[:]
    random.Random(7).shuffle(shuffled)
    assert learn(count_lines(docs)) == learn(count_lines(shuffled)) != {}


@pytest.mark.parametrize("n", [2, 4])
def test_too_few_documents_teach_nothing(n):
    # two stories quoting the same sentence are not furniture; nor is a line in 1 of 4 documents
    docs = corpus(n)
    if n == 4:
        docs = [(s, t.replace(PITCH, f"Unique line {i}")) if i else (s, t) for i, (s, t) in enumerate(docs)]
    assert line_hash(normalise(PITCH)) not in learn(count_lines(docs)).get("bugle", {})


def test_sources_are_learned_apart():
    docs = corpus(6) + [("other", f"Paragraph {i} of another site.") for i in range(6)]
    learned = learn(count_lines(docs))
    assert "other" not in learned or line_hash(normalise(PITCH)) not in learned["other"]


def seen_at(rows, when: int):
    return rows.set_column(2, "seen", pa.array([when] * len(rows), pa.int64()))


def test_a_new_header_is_learned_from_its_first_sighting_however_many_older_documents_there_are():
    # 100 documents of a site with one header, then the site changes it: four dumps with the new one are
    # enough (a share of all 104 documents would need 21)
    old = seen_at(count_lines([("bugle", f"{PITCH}\n\nStory number {i} told in full.") for i in range(100)]), 1)
    new_header = "Bugle readers: our new weekend magazine is out now"
    new = seen_at(count_lines([("bugle", f"{new_header}\n\nLater story {i} told in full.") for i in range(4)]), 2)
    learned = learn(pa.concat_tables([old, new]))["bugle"]
    assert line_hash(normalise(new_header)) in learned and line_hash(normalise(PITCH)) in learned
    assert learned[line_hash(normalise(new_header))] == Support(documents=4, out_of=20)  # at least min_window
    assert learned[line_hash(normalise(PITCH))] == Support(documents=100, out_of=104)


def test_three_stories_in_a_row_quoting_one_line_are_not_a_header():
    old = seen_at(count_lines([("bugle", f"{PITCH}\n\nStory number {i} told in full.") for i in range(100)]), 1)
    quote = "We are deeply saddened by the loss of our colleague"
    burst = seen_at(count_lines([("bugle", f"{quote}\n\nFollow-up {i} told in full.") for i in range(3)]), 2)
    assert line_hash(normalise(quote)) not in learn(pa.concat_tables([old, burst]))["bugle"]


def test_an_input_counted_again_keeps_when_it_was_first_seen(tmp_path):
    """A backfill counts every input again: each keeps the time it was first counted, so a header learned from
    its first sighting stays learned (with one time for all, its share would be taken over every document)."""
    from pipeline.ingest.batch import learn_boilerplate

    new_header = "Bugle readers: our new weekend magazine is out now"
    old = [(f"old-{i}", f"{PITCH}\n\nStory number {i} told in full.") for i in range(100)]
    new = [(f"new-{i}", f"{new_header}\n\nLater story {i} told in full.") for i in range(5)]

    def rows(docs):
        from pipeline.ingest.boilerplate import LineRows

        made = LineRows()
        for uri, text in docs:
            made.add("bugle", uri, text)
        return made.table()

    dest = str(tmp_path / "dest")
    learn_boilerplate(dest, [rows(old)], seen=1)
    once = learn_boilerplate(dest, [rows(new)], seen=2).lines["bugle"]
    again = learn_boilerplate(dest, [rows(old + new)], seen=3).lines["bugle"]  # a backfill of everything
    assert line_hash(normalise(new_header)) in once and once == again
