"""Golden tests on the real labelled dumps (tests/data/labelled, copied from shared/)."""

from __future__ import annotations

import pytest
from conftest import LABELLED, SEED, load_gold

from pipeline import clean
from pipeline.evaluate import evaluate, score_dump


def test_seed_comes_out_exactly_as_its_gold():
    raw = SEED.read_text(encoding="utf-8")
    gold = load_gold(SEED.name)
    article = clean(raw)

    assert article.title == gold["title"]
    assert article.body == gold["body"]
    lines = raw.split("\n")
    removed = {r.line: r.kind for r in article.removed}
    expected = {label["line"]: label["label"] for label in gold["labels"] if label["label"] != "body"}
    assert removed == expected
    for r in article.removed:
        assert r.text == lines[r.line - 1].strip()


def test_seed_keeps_prose_that_looks_like_noise():
    body = clean(SEED.read_text(encoding="utf-8")).body
    assert "Reuters noted on Thursday that fentanyl overdoses killed" in body
    assert "The U.S. Drug Enforcement Agency (DEA) has stated" in body
    assert "López Obrador (AMLO) on Tuesday said" in body
    assert "COMMENTS" not in body and "commenting" not in body
    assert "Getty Images" not in body and "via AP" not in body


# The floors a regression must not cross, measured with `articlean eval` on all 29 labelled dumps.
# Measured when set: precision 1.000, recall 0.993, body F1 1.000, titles 29/29; per-kind recall 0.977 or more.
# With the learned model (issue 10): precision 1.000, recall 0.963, body F1 0.998, titles 29/29 (in-sample: the
# model trains on these dumps; its held-out figures are in tests/test_model.py).
FLOORS = {"precision": 0.98, "recall": 0.95, "body_f1": 0.99}
# Per-kind recall floors: every kind of noise must mostly go, not only the common ones.
KIND_FLOORS = {"caption": 0.90, "credit": 0.90, "footer": 0.90, "related": 0.90, "widget": 0.90, "ad": 0.90}


def test_quality_floors_on_all_labelled_dumps():
    report = evaluate(LABELLED)
    assert len(report.dumps) == 29
    assert report.precision >= FLOORS["precision"]
    assert report.recall >= FLOORS["recall"]
    assert report.body_f1 >= FLOORS["body_f1"]
    assert report.title_accuracy == 1.0
    for kind, floor in KIND_FLOORS.items():
        assert report.kind_recall(kind) >= floor, kind


def test_no_dump_loses_a_real_paragraph(dump):
    raw = dump.read_text(encoding="utf-8")
    score = score_dump(dump.name, raw, load_gold(dump.name), clean(raw))
    assert score.removed_wrong == 0, score.mistakes
    assert score.fixes_wrong == 0, score.mistakes


# Lines the cleaner still misses. Any other missed line fails; these are expected failures, kept visible.
KNOWN_MISSES = {
    # L3 is an embedded video's title in headline case, with nothing around it that marks it as a video.
    "reviewjournal_1": {3},
    # L95 "The stuff of nightmares … Mr Bean’s run-in with an oyster." is a caption with no credit.
    "theguardian_2": {95},
    # Repeats that only repeated_line and pull_quote found: the learned model replaces both (on the corpus's
    # training sites they removed real text 41% and 59% of the time, see pipeline.settings.model_replaces), and
    # it does not take these out at its threshold. The copy's text stays in the body once either way.
    "breitbart_4": {6, 29},  # related-story links shown twice
    # Four items of CBS's top menu ("U.S.", "Sports", "Essentials", "World"), which menu_run found: the model,
    # which replaces it, scores them under its threshold.
    "cbsnews_1": {261, 282, 285, 308},
    "huffpost_1": {21, 71},  # pull quotes
    "theguardian_3": {23},  # the standfirst repeated as a pull quote
}


def missed_lines(path) -> set[int]:
    raw = path.read_text(encoding="utf-8")
    return set(score_dump(path.name, raw, load_gold(path.name), clean(raw)).missed_lines)


def test_every_noise_line_of_a_dump_is_removed(dump):
    assert missed_lines(dump) <= KNOWN_MISSES.get(dump.stem, set())


@pytest.mark.xfail(strict=True, reason="known misses, see KNOWN_MISSES")
@pytest.mark.parametrize("stem", sorted(KNOWN_MISSES))
def test_known_misses(stem):
    assert not missed_lines(LABELLED / "dumps" / f"{stem}.txt")
