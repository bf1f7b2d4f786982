"""Small cases per rule (tests/data/cases.json): noise that must go, prose that must stay."""

from __future__ import annotations

import json

import pytest
from conftest import DATA

from pipeline import clean

CASES = json.loads((DATA / "cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["removed"], ids=lambda c: c["label"])
def test_noise_is_removed_with_its_kind(case):
    article = clean(case["text"])
    by_line = {r.line: r for r in article.removed}
    assert case["line"] in by_line, article.removed
    assert by_line[case["line"]].kind == case["kind"]
    assert by_line[case["line"]].rule  # every removal names its rule
    assert by_line[case["line"]].text not in article.body


@pytest.mark.parametrize("case", CASES["cut"], ids=lambda c: c["label"])
def test_glued_noise_is_cut_and_the_paragraph_kept(case):
    article = clean(case["text"], extract_title=False)
    assert article.body == case["kept"]
    assert [r.kind for r in article.removed] == [case["kind"]]


@pytest.mark.parametrize("sentence", CASES["kept"])
def test_prose_that_looks_like_noise_is_kept(sentence):
    text = f"A first paragraph of the story, as every story has one.\n\n{sentence}\n\nA last paragraph ends it."
    article = clean(text)
    assert sentence in article.body.split("\n\n"), article.removed
