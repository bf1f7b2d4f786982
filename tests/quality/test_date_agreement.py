"""published_at against the page's own date (pipeline/quality/date_agreement.py): the tally, and a floor on the fundus
training sites (their test sites are only reported, in docs/quality.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.quality.date_agreement import Outcome, PageDates, outcomes, tally

FUNDUS = Path(__file__).parents[2].parent / "shared" / "corpus-fundus"


def test_tally_counts_same_day_a_day_apart_and_further():
    page = PageDates(markup="2026-12-05", url=None)
    found = [Outcome("c", False, "a", "2026-12-05", page, "x"), Outcome("c", False, "b", "2026-12-06", page, "x"),
             Outcome("c", False, "c", "2025-01-01", page, "x"), Outcome("c", False, "d", None, page, None),
             Outcome("c", False, "e", "2026-12-05", PageDates(None, "2026-12-05"), "x")]
    assert tally(found, "markup") == {"with a page date": 4, "dated": 3, "same day": 1, "a day apart": 1, "further apart": 1}
    assert tally(found, "url") == {"with a page date": 1, "dated": 1, "same day": 1}


@pytest.mark.skipif(not (FUNDUS / "pages.jsonl.gz").exists(), reason=f"the fundus corpus is not in {FUNDUS.parent}")
def test_fundus_training_sites_are_dated_as_their_pages_say():
    # measured: 127 of 130 dated dumps on the same day as the page's markup (before issue 28: 2 dated, 1 agreeing)
    counts = tally([o for o in outcomes([FUNDUS]) if not o.test], "markup")
    assert counts["dated"] >= 120 and counts["same day"] / counts["dated"] >= 0.95, counts
