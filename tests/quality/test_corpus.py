"""The corpora's one test-site split: a page in two corpora is held out in both or in neither."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.quality.corpus import SHARED_CORPORA, SOURCES, CorpusDump, is_test_site, read_corpus
from pipeline.quality.gold_slips import SLIPS
from pipeline.quality.shared_pages import READABILITY_SITE_KEYS

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def dump(dataset: str, page: str, site: str | None) -> CorpusDump:
    return CorpusDump(id=f"{dataset}/{page}/soup_text", dataset=dataset, page=page, site=site, renderer="soup_text",
                      text="", labels={}, title_lines=frozenset(), gold="")


def test_a_mozilla_page_is_held_out_as_the_same_readability_page_of_corpus():
    # "breitbart" is a test key, "breitbart.com" (the key `corpus` gives the page) is not: the page trains in both
    assert is_test_site("breitbart") and not is_test_site("breitbart.com")
    assert not dump("mozilla", "breitbart", "breitbart").is_test
    assert dump("mozilla", "breitbart", "breitbart").is_test == dump("readability", "breitbart", "breitbart.com").is_test
    # a page `corpus` lacks keeps its folder's name
    assert dump("mozilla", "royal-road", "royal-road").site_key == "royal-road"


def test_the_mozilla_corpus_is_labelled_our_way_for_captions_and_credits():
    mozilla = SOURCES["mozilla"]
    assert mozilla.follows_us("caption") and mozilla.follows_us("credit") and not mozilla.keeps_captions
    assert not mozilla.follows_us("byline")  # readability's gold keeps the bylines at the top


@pytest.mark.skipif(not (SHARED / "corpus-mozilla" / "dumps.jsonl.gz").exists() or not (SHARED / "corpus").is_dir(),
                    reason=f"the corpora are not in {SHARED}")
def test_every_page_the_two_corpora_share_has_one_key():
    old = {d.page: d.site_key for d in read_corpus(SHARED / "corpus") if d.dataset == "readability"}
    new = {d.page: d.site_key for d in read_corpus(SHARED / "corpus-mozilla")}
    shared = set(old) & set(new)
    assert len(shared) >= 80
    assert {page: old[page] for page in shared} == READABILITY_SITE_KEYS
    assert all(new[page] == old[page] for page in shared)


@pytest.mark.skipif(not all((SHARED / name / "dumps.jsonl.gz").exists() for name in SHARED_CORPORA),
                    reason=f"the corpora are not in {SHARED}")
def test_each_gold_slip_stands_in_its_corpus_as_written_on_a_training_site():
    """A slip read our way must still be that line, labelled body by its gold, and never a test site's."""
    import gzip
    import json

    by_dump = {slip.dump: [] for slip in SLIPS}
    for slip in SLIPS:
        by_dump[slip.dump].append(slip)
    found = 0
    for name in SHARED_CORPORA:
        with gzip.open(SHARED / name / "dumps.jsonl.gz", "rt", encoding="utf-8") as handle:
            for raw in handle:
                d = json.loads(raw)
                if d["id"] not in by_dump:
                    continue
                gold = {lab["line"]: lab["label"] for lab in d["labels"]}
                lines = d["text"].split("\n")
                dump_ = next(x for x in read_corpus(SHARED / name) if x.id == d["id"])
                assert not dump_.is_test, d["id"]
                for slip in by_dump[d["id"]]:
                    assert lines[slip.line - 1].strip().startswith(slip.text), slip
                    assert gold[slip.line] == "body" and dump_.labels[slip.line] == "noise", slip
                    found += 1
    assert found == len(SLIPS)
