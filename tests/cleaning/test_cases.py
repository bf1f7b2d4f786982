"""Small cases per rule (tests/data/cases.json): noise that must go, prose that must stay."""

from __future__ import annotations

import json

import pytest
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import clean
from pipeline.core.settings import DEFAULT_SETTINGS, CleanSettings

CASES = json.loads((DATA / "cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["removed"], ids=lambda c: c["label"])
def test_noise_is_removed_with_its_kind(case):
    # a rule the model replaces still runs when the model is off: its cases are checked there
    settings = CleanSettings(model=False) if case.get("rule") in DEFAULT_SETTINGS.model_replaces else DEFAULT_SETTINGS
    article = clean(case["text"], settings)
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


# Paragraphs of an ordinary length (20 to 40 words), each different, to stand around a case.
PROSE = [
    f"Paragraph {n} of the story reports what officials said on Tuesday about the plan, which the council is "
    f"expected to debate again next week after months of delay, and what residents fear will happen {n} times over."
    for n in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
]


@pytest.mark.parametrize("sentence", CASES["kept"])
@pytest.mark.parametrize("where", ["middle", "late"])
def test_prose_that_looks_like_noise_is_kept(sentence, where):
    # "late": in the page's last third, where end-of-article rules look, so that a false end marker
    # would also take the paragraphs after it
    cut = 6 if where == "middle" else 10
    paragraphs = [*PROSE[:cut], sentence, *PROSE[cut:]]
    article = clean("\n\n".join(paragraphs))
    assert article.body == "\n\n".join(paragraphs), article.removed
    assert article.removed == []


@pytest.mark.parametrize("case", CASES["kept_pages"], ids=lambda c: c["label"])
def test_a_headline_shaped_like_a_byline_stays_on_a_page_of_its_words_language(case):
    # "Von", "Par", "Door" are bylines' words on German, French, Dutch pages: there a headline of that shape is told
    # apart by its own words (an English headline's "To", "For The", "Out"; more words than a name has)
    article = clean(case["text"])
    line = case["text"].split("\n")[case["line"] - 1]
    assert line in article.body.split("\n"), article.removed
    assert article.byline is None


@settings(max_examples=300, deadline=None)
@given(before=st.text(), after=st.text())
def test_a_byline_on_a_page_of_any_text_is_judged_without_an_error(before, after):
    # the byline asks the page's language (CLD2, which refuses some code points) whatever stands around it
    article = clean(f"{before}\nVon Anna Sleegers\n{after}")
    assert article.body or article.removed


# Lines that once made a credit regex backtrack for seconds to hours (nested repeats over name lists).
PATHOLOGICAL = [
    "Closed: " + " ".join(f"{m}/{d}" for m in range(1, 5) for d in (1, 8, 15, 22)) + " (holidays) and 4/22",
    "a via b " * 12 + "(",
    "x. " + "a/AP and b/AP " * 30 + "(x",
    "x. " + "John Smith/" * 40,
    "A B C via " * 300,
    # a toolbar word listed twice made the toolbar pattern try every way of splitting "skriv ut skriv ut ..."
    "skriv ut " * 30 + "x",
    # spaces that a dateline's separators could share out
    "12:30" + " " * 400 + "x",
    "12:30 Uhr" + " " * 280 + "Berlin Mitte heute",
    "Stand: " + "12:30 " * 60 + "x",
]


def test_the_noise_vocabularies_list_each_entry_once():
    """A repeated entry in an alternation inside a repeat makes its regex backtrack exponentially (see above)."""
    from pipeline.cleaning.rules import patterns as p

    for name in ("UI_TOKENS", "AGENCIES", "CREDIT_LABELS", "END_MARKERS", "RELATED_HEADERS", "DATELINE_LABELS", "AD_MARKERS"):
        entries = getattr(p, name)
        assert len(entries) == len(set(entries)), (name, [e for e in set(entries) if entries.count(e) > 1])


@pytest.mark.parametrize("line", PATHOLOGICAL, ids=range(len(PATHOLOGICAL)))
def test_pathological_lines_do_not_hang(line):
    import signal

    def too_slow(*_):
        raise TimeoutError("clean() took more than 5 s on one line: a regex backtracks")

    signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(5)
    try:
        clean(f"First paragraph.\n\n{line}\n\nLast paragraph.")
    finally:
        signal.alarm(0)


LABELS = ["Photo", "Photographs", "Pictures", "Image", "Illustration", "Composite", "Credit", "Graphic", "CBS Video",
          "Photo illustration", "Photo credit", "Image source", "Photo courtesy", "Staff photo", "Courtesy of", "Foto",
          "Bilder", "Bildquelle", "Quelle", "Fotografie", "Kilde", "Källa", "Kuva", "Fonte", "Fuente", "Crédits photo",
          "Crédito", "Zdjęcie", "Фото", "Источник", "Джерело", "写真", "사진", "图片来源", "圖片來源", "图", "圖"]


@pytest.mark.parametrize("label", LABELS)
def test_each_credit_label_is_found_and_holds_a_hint(label):
    """`_labels_after_a_break` looks for labels only in lines holding one of CREDIT_LABEL_HINTS."""
    from pipeline.cleaning.rules.credits import trailing_credit
    from pipeline.cleaning.rules.patterns import CREDIT_LABEL_HINTS, CREDIT_LABEL_RE

    assert CREDIT_LABEL_RE.match(f"{label}: Jane Doe"), label
    assert any(hint in label.lower() for hint in CREDIT_LABEL_HINTS), label
    caption = f"Marchers fill the square on Saturday {label}: Jane Doe/Reuters"
    assert trailing_credit(caption, 160) == caption.index(label), label
