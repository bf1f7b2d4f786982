"""What `articlean review` puts on the page: articles cleaned again from their inputs with every line's verdict
and score, sources in turns (the least corrected first), the unsure articles first; inputs changed since their
rows were written are left out and counted."""

from __future__ import annotations

import shutil

import pytest
from conftest import LABELLED
from runs import run

from pipeline.dataset.overrides import OverrideTable, checked, write_overrides
from pipeline.publish.review import ReviewError, review_sample
from pipeline.quality.labels import check_labels


@pytest.fixture
def dataset(tmp_path):
    src, dest = tmp_path / "src", tmp_path / "data"
    for source, site in (("a.example", "apnews"), ("b.example", "cbsnews")):
        (src / source).mkdir(parents=True)
        for dump in sorted((LABELLED / "dumps").glob(f"{site}_*.txt"))[:3]:
            shutil.copy(dump, src / source / dump.name)
    run(src, dest)
    return src, dest


def test_every_line_of_each_article_with_its_verdict(dataset):
    _, dest = dataset
    found = review_sample(str(dest), sample=4)
    shown = found.payload["articles"]
    assert found.rows == 6 and len(shown) == 4 and not found.skipped
    assert [a["source"] for a in shown][:2] in (["a.example", "b.example"], ["b.example", "a.example"])  # in turns
    for article in shown:
        check_labels(article["raw"], article["lines"], article["file"])  # every non-blank line once, in order
        for line in article["lines"]:
            assert (line["kind"] is None) == (line["rule"] is None)
            if line["rule"] == "model":
                assert line["score"] >= found.payload["threshold"] and line["why"]
    # the model's score is there for kept lines too: what the sample is chosen by
    assert any(line["kind"] is None and line["score"] is not None for a in shown for line in a["lines"])
    assert found.payload["pipeline_version"] and found.payload["kinds"][0] == "title"


def test_the_sample_is_cleaned_together_as_each_article_alone(dataset):
    """review cleans its pool of articles as one batch (`judge_batch`): every line's kind and rule on the page are
    what `clean` gives that article alone, with its source's trees."""
    from pipeline import clean

    _, dest = dataset
    shown = review_sample(str(dest), sample=6).payload["articles"]
    assert len(shown) == 6
    for article in shown:
        alone = clean(article["raw"], source=article["source"])
        kept = {p.line for p in alone.paragraphs}  # a line with a piece cut out is kept, its rest a paragraph
        removed = {r.line: (r.kind, r.rule) for r in alone.removed if r.line not in kept}
        assert {line["line"]: (line["kind"], line["rule"]) for line in article["lines"] if line["rule"]} == removed
        assert {line["line"] for line in article["lines"] if line["fixed"]} == {r.line for r in alone.removed} & kept
        assert removed  # each of these dumps has noise the cleaner takes


def test_the_users_rules_clean_the_sample_as_they_cleaned_the_rows(dataset):
    """`review --rules FILE`: the page shows what the user's rules took, under their names, as ingest with the same
    file did; every other line's verdict is as without them."""
    import re

    from pipeline import PatternRule

    _, dest = dataset
    before = review_sample(str(dest), sample=2).payload["articles"]
    body = next(line for line in before[0]["lines"] if line["rule"] is None and len(line["text"]) > 40)
    rule = PatternRule("my_promo", "ad", [re.escape(body["text"][:40])])
    after = review_sample(str(dest), sample=2, rules=(rule,)).payload["articles"]
    assert [a["doc_id"] for a in after] == [a["doc_id"] for a in before]
    taken = [line for line in after[0]["lines"] if line["rule"] == "my_promo"]
    assert [(line["line"], line["kind"]) for line in taken] == [(body["line"], "ad")]
    for old, new in zip(before[0]["lines"], after[0]["lines"], strict=True):
        if new["rule"] != "my_promo":
            assert (old["kind"], old["rule"]) == (new["kind"], new["rule"])


def test_the_least_corrected_source_comes_first_and_one_source_can_be_chosen(dataset):
    _, dest = dataset
    write_overrides(str(dest), OverrideTable().changed([checked("a.example", "Some line of a", "remove")]))
    assert [a["source"] for a in review_sample(str(dest), sample=2).payload["articles"]] == ["b.example", "a.example"]
    only = review_sample(str(dest), source="a.example", sample=5).payload["articles"]
    assert len(only) == 3 and {a["source"] for a in only} == {"a.example"}
    with pytest.raises(ReviewError, match="no articles of source 'nope'.*a.example, b.example"):
        review_sample(str(dest), source="nope")


def test_an_input_changed_since_its_row_was_written_is_left_out_and_counted(dataset, tmp_path):
    src, dest = dataset
    edited = next((src / "a.example").iterdir())
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    found = review_sample(str(dest), sample=6)
    assert found.skipped == {"input changed since its row was written": 1} and len(found.payload["articles"]) == 5
    with pytest.raises(ReviewError, match="no articles there"):
        review_sample(str(tmp_path / "empty"))


def test_the_articles_of_one_jsonl_input_are_read_once_each_with_its_member(tmp_path):
    import json

    src, dest = tmp_path / "src", tmp_path / "data"
    src.mkdir()
    dumps = sorted((LABELLED / "dumps").glob("breitbart_*.txt"))[:3]
    with open(src / "feed.jsonl", "w", encoding="utf-8") as handle:
        for dump in dumps:
            handle.write(json.dumps({"text": dump.read_text(encoding="utf-8"), "source": "feed.example"}) + "\n")
    run(src, dest)
    shown = review_sample(str(dest), sample=3).payload["articles"]
    by_member = {a["member"]: a for a in shown}
    assert sorted(by_member) == [1, 2, 3]  # JSONL members count from 1, the row's `member`
    for member, dump in zip([1, 2, 3], dumps, strict=True):
        assert by_member[member]["raw"].removeprefix("\ufeff") == dump.read_text(encoding="utf-8").removeprefix("\ufeff")
        assert by_member[member]["file"] == f"feed.jsonl#{member}" and by_member[member]["kind"] == "text"


def test_within_a_source_the_most_unsure_article_comes_first():
    from collections import Counter

    from pipeline.publish.review import _choose

    found = [({"source": "a", "doc_id": "sure"}, 0.1), ({"source": "a", "doc_id": "unsure"}, 3.9),
             ({"source": "b", "doc_id": "b1"}, 1.0), ({"source": None, "doc_id": "nameless"}, 0.5)]
    chosen = [a["doc_id"] for a, _ in _choose(found, 3, Counter({"b": 2}))]
    # the sources with no corrections first (the one with the most unsure article leading), b after them
    assert chosen == ["unsure", "nameless", "b1"]


def test_the_command_says_what_it_wrote_with_counts_of_one_in_the_singular(dataset, tmp_path, capsys):
    import re

    from flows.cli import main

    _, dest = dataset
    out = tmp_path / "review.html"
    assert main(["review", str(dest), "--source", "a.example", "--sample", "1", "--out", str(out)]) == 0
    said = capsys.readouterr().out.splitlines()[0]
    assert re.fullmatch(rf"wrote {re.escape(str(out))}: 1 article \(\d+ lines\) of 1 source, chosen for the lines the "
                        r"model was least sure of among 3 articles cleaned again \(the dataset holds 3\)", said), said
    # with --rules FILE the page shows the user's rule at work (a rule for every line that starts with a capital)
    rules = tmp_path / "rules.toml"
    rules.write_text("[[rule]]\nname = 'capital_start'\nkind = 'ad'\nignore_case = false\npatterns = ['[A-Z]']\n",
                     encoding="utf-8")
    assert main(["review", str(dest), "--source", "a.example", "--sample", "1", "--out", str(out), "--rules",
                 str(rules)]) == 0
    assert '"rule": "capital_start"' in out.read_text(encoding="utf-8")
