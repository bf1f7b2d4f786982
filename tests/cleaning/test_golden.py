"""Golden tests on the real labelled dumps (tests/data/labelled, copied from shared/)."""

from __future__ import annotations

import pytest
from conftest import LABELLED, SEED, load_gold

from pipeline import clean
from pipeline.core.text import line_content
from pipeline.quality.evaluate import evaluate, score_dump

# L26 "Chinese Foreign Ministry spokeswoman Mao Ning (Chinese Foreign Ministry)" is a caption: a subject and, in
# brackets, who supplied the picture. The rule written for it (caption_named_picture) took 0 captions and 10
# headings and list items on the corpora's training sites ("Ribbons (Within Reason)"), so it went (issue 17); the
# model scores the line 0.20.
SEED_MISSES = {26}


def test_seed_comes_out_as_its_gold_but_its_known_miss():
    raw = SEED.read_text(encoding="utf-8")
    gold = load_gold(SEED.name)
    article = clean(raw)
    lines = raw.split("\n")

    assert article.title == gold["title"]
    missed = [lines[n - 1].strip() for n in sorted(SEED_MISSES)]
    assert [p.text for p in article.paragraphs if p.text not in missed] == gold["body"].split("\n\n")
    removed = {r.line: r.kind for r in article.removed}
    expected = {label["line"]: label["label"] for label in gold["labels"] if label["label"] != "body"}
    assert removed == {n: kind for n, kind in expected.items() if n not in SEED_MISSES}
    for r in article.removed:
        assert r.text == lines[r.line - 1].strip()


@pytest.mark.xfail(strict=True, reason="see SEED_MISSES")
def test_seed_comes_out_exactly_as_its_gold():
    article = clean(SEED.read_text(encoding="utf-8"))
    assert article.body == load_gold(SEED.name)["body"]


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
# model trains on these dumps; its held-out figures are in tests/cleaning/test_model.py).
# Trained on three corpora (issue 17): precision 0.990, recall 0.967, body F1 0.993, titles 29/29.
# Rules that remove alone only at precision 0.95 on every corpus (issue 28): precision 0.990, recall 0.947, body F1
# 0.990 (0.9898), titles 29/29; the floors were recall 0.95 and body F1 0.99.
FLOORS = {"precision": 0.98, "recall": 0.94, "body_f1": 0.985}
# Per-kind recall floors: every kind of noise must mostly go, not only the common ones. Related was 0.85 since the
# rule for Fox's capitalised in-article links went (23 of 26 removed), and is 0.6 since related_block removes only at
# the story's edges and related_prefix is the model's (issue 28, see KNOWN_MISSES): 17 of 26.
KIND_FLOORS = {"caption": 0.90, "credit": 0.90, "footer": 0.90, "related": 0.6, "widget": 0.90, "ad": 0.90}


def test_quality_floors_on_all_labelled_dumps():
    report = evaluate(LABELLED)
    assert len(report.dumps) == 29
    assert report.precision >= FLOORS["precision"]
    assert report.recall >= FLOORS["recall"]
    assert report.body_f1 >= FLOORS["body_f1"]
    assert report.title_accuracy == 1.0
    for kind, floor in KIND_FLOORS.items():
        assert report.kind_recall(kind) >= floor, kind


# Body lines the cleaner removes. Any other removed body line fails; these are expected failures, kept visible.
KNOWN_LOSSES = {
    # Breitbart's "This morning's key headlines from GenerationalDynamics.com" and the two headlines listed under it
    # open the article, its gold says; the model (at 0.84-0.92) reads them as a headlines widget, which such a list
    # is on most sites of the corpora.
    "breitbart_4": {1, 3, 4},
}


def removed_body_lines(path) -> set[int]:
    """The lines labelled body that the cleaner removed whole."""
    raw = path.read_text(encoding="utf-8")
    gold = {label["line"]: label["label"] for label in load_gold(path.name)["labels"]}
    lines = raw.removeprefix("\ufeff").split("\n")
    return {r.line for r in clean(raw).removed if gold.get(r.line) == "body" and r.text == line_content(lines[r.line - 1])}


def test_glued_noise_is_cut_as_the_gold_fixes_it(dump):
    raw = dump.read_text(encoding="utf-8")
    score = score_dump(dump.name, raw, load_gold(dump.name), clean(raw))
    assert score.fixes_wrong == 0, score.mistakes


# Lines the cleaner still misses. Any other missed line fails; these are expected failures, kept visible.
KNOWN_MISSES = {
    "000_ddc4de0ab6465bbc": SEED_MISSES,
    # L3 is an embedded video's title in headline case, with nothing around it that marks it as a video.
    "reviewjournal_1": {3},
    # L95 "The stuff of nightmares … Mr Bean’s run-in with an oyster." is a caption with no credit.
    "theguardian_2": {95},
    # Repeats that only repeated_line and pull_quote found: the learned model replaces both (on the corpus's
    # training sites they removed real text 41% and 59% of the time, see pipeline.core.settings.model_replaces), and
    # it does not take these out at its threshold. The copy's text stays in the body once either way.
    "breitbart_4": {6, 29,  # related-story links shown twice
                    # a "Related Articles" list between two stories of the page: related_block removes only at the
                    # story's edges (inside a story, 111 of the 709 lines it took on WCXB's training sites were the
                    # article's), and the model scores these under its threshold
                    23, 25, 26, 27,
                    # two links of the second story's list, the model retrained with issue 28's byline and dateline
                    # rules as well scores under its threshold (it takes the list's other three)
                    36, 41},
    # Fox News's in-article links to other stories, headlines in capitals: the rule that took them
    # (capitalised_headline) removed real headings and list items in capitals 127 times for 79 links on the
    # corpora's training sites, so it went; the model scores these under its threshold.
    # And "CLICK HERE TO GET THE FOX NEWS APP" (L18, L12): related_prefix, whose pointers and calls to click WCXB's
    # gold keeps in guides (60 of its 151 removals there), runs only with the model off, and the model leaves it.
    "foxnews_3": {6, 12, 18},
    "foxnews_4": {6, 12},
    "huffpost_1": {21, 71},  # pull quotes
    "theguardian_3": {23},  # the standfirst repeated as a pull quote
}


def missed_lines(path) -> set[int]:
    raw = path.read_text(encoding="utf-8")
    return set(score_dump(path.name, raw, load_gold(path.name), clean(raw)).missed_lines)


# What no dump may have beyond its known cases: a real paragraph removed, a noise line kept.
CHECKS = {"loses no real paragraph": (removed_body_lines, KNOWN_LOSSES), "removes every noise line": (missed_lines, KNOWN_MISSES)}


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_each_dump(dump, check):
    lines_of, known = CHECKS[check]
    assert lines_of(dump) <= known.get(dump.stem, set())


@pytest.mark.xfail(strict=True, reason="known losses and misses, see KNOWN_LOSSES and KNOWN_MISSES")
@pytest.mark.parametrize(("check", "stem"), [(check, stem) for check in sorted(CHECKS) for stem in sorted(CHECKS[check][1])])
def test_known_cases(check, stem):
    lines_of, _ = CHECKS[check]
    assert not lines_of(LABELLED / "dumps" / f"{stem}.txt")
