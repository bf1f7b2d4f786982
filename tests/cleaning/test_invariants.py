"""What holds for every input: each non-blank line accounted for once, idempotence, no exceptions."""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter

from conftest import dump_paths
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import clean
from pipeline.core.settings import DEFAULT_SETTINGS, CleanSettings
from pipeline.core.text import INVISIBLE, line_content

REAL_LINES = [
    line
    for path in dump_paths()
    for line in path.read_text(encoding="utf-8").split("\n")
    if line_content(line)
]


def assert_accounted(text: str, settings: CleanSettings = DEFAULT_SETTINGS) -> None:
    article = clean(text, settings)
    raw_lines = text.removeprefix("\ufeff").split("\n")
    kept = {p.line: p.text for p in article.paragraphs}
    removed: dict[int, list[str]] = {}
    for r in article.removed:
        removed.setdefault(r.line, []).append(r.text)
    for number, raw in enumerate(raw_lines, start=1):
        content = line_content(raw)
        if not content:
            assert number not in kept and number not in removed
            continue
        pieces = removed.get(number, [])
        if number not in kept:
            # removed whole: exactly one removal carrying the whole line
            assert pieces == [content], (number, content, pieces)
        else:
            # kept, perhaps with pieces cut out: kept text and cut pieces add up to the line (but the whitespace
            # and invisible characters where a cut was made, which the gluing of what is left drops)
            assert _letters(content) == _letters("".join([kept[number], *pieces])), number
    assert set(kept) | set(removed) == {n for n, raw in enumerate(raw_lines, 1) if line_content(raw)}


def _letters(text: str) -> Counter:
    return Counter("".join(text.translate(_NO_INVISIBLE).split()))


_NO_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))


def assert_idempotent(text: str) -> None:
    body = clean(text).body
    again = clean(body, extract_title=False)
    assert again.body == body
    assert again.removed == []


def test_every_dump_accounts_for_every_line(dump):
    text = dump.read_text(encoding="utf-8")
    assert_accounted(text)
    assert_accounted(text.replace("\n", "\r\n"))


def test_every_dump_is_idempotent(dump):
    assert_idempotent(dump.read_text(encoding="utf-8"))


lines_of_dumps = st.lists(st.sampled_from(REAL_LINES), max_size=40)
mixed_lines = st.lists(
    st.one_of(st.sampled_from(REAL_LINES), st.text(max_size=80), st.sampled_from(["", " ", "\t", "\xa0", "\r"])),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_accounted_for(text):
    assert_accounted(text)


@settings(max_examples=300, deadline=None)
@given(mixed_lines, st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"]))
def test_shuffled_real_lines_are_accounted_for_and_idempotent(lines, separator):
    text = separator.join(lines)
    assert_accounted(text)
    assert_idempotent(text)


@settings(max_examples=200, deadline=None)
@given(lines_of_dumps)
def test_real_lines_in_any_order_are_idempotent(lines):
    assert_idempotent("\n\n".join(lines))


# Text from every corner of Unicode, as scrapers meet it: every space and separator Python knows (U+3000, the
# ideographic space, broke the line model's word count once), combining marks, right-to-left marks and scripts,
# CJK without spaces, emoji and their joiners, control characters, and lone surrogates (what `surrogateescape`
# decoding leaves of bytes that are not UTF-8). Each is drawn often enough to meet the others.
SEPARATORS = "".join(chr(cp) for cp in range(sys.maxunicode + 1) if chr(cp).isspace()) + "\u200b\u200c\u200d\u2060\ufeff"
SCRIPT_WORDS = ["The council said on Tuesday", "Photo: Jane Doe/AP", "東京都は3日、", "新型コロナウイルス", "记者 北京报道",
                "서울 연합뉴스", "وقالت الوزارة", "\u05d4\u05de\u05de\u05e9\u05dc\u05d4", "Москва, 3 декабря",
                "नई दिल्ली", "Ελλάδα", "👩\u200d👩\u200d👧 🇺🇦", "e\u0301\u0308\u20dd", "\u200f\u202e\u2066", "©", "By"]
any_code_point = st.characters(exclude_categories=())  # every category, surrogates (Cs) included
categories = sorted({unicodedata.category(chr(cp)) for cp in range(sys.maxunicode + 1)})
one_category = st.sampled_from(categories).flatmap(lambda c: st.text(st.characters(categories=[c]), min_size=1, max_size=6))
piece = st.one_of(
    st.sampled_from(SCRIPT_WORDS),
    st.text(st.sampled_from(SEPARATORS), min_size=1, max_size=3),
    st.text(any_code_point, min_size=1, max_size=8),
    one_category,
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=2),
)
unicode_line = st.lists(piece, max_size=12).map("".join)
unicode_text = st.tuples(st.lists(unicode_line, min_size=1, max_size=25), st.sampled_from(["\n", "\r\n", "\n\n", "\n\u3000\n"])).map(
    lambda lines_and_separator: lines_and_separator[1].join(lines_and_separator[0]))


@settings(max_examples=3000, deadline=None)
@given(unicode_text)
def test_any_unicode_is_cleaned_without_raising_and_every_line_accounted_for(text):
    assert_accounted(text)


@settings(max_examples=500, deadline=None)
@given(unicode_text)
def test_any_unicode_is_idempotent(text):
    assert_idempotent(text)


def test_line_content_strips_every_whitespace_character_python_knows():
    from pipeline.core.text import WHITESPACE

    assert set(WHITESPACE) == {chr(cp) for cp in range(sys.maxunicode + 1) if chr(cp).isspace()}


def test_the_smallest_known_crashes():
    """Found by a random multilingual run: an ideographic space in a line, and a lone surrogate."""
    for text in ("\u0499\u3000\u3006\n\u05e8", "Hello world\udcff foo\nbar baz and more\nthird line", "記事\u3000本文。\nThe end"):
        assert_accounted(text)


def test_a_credit_kept_inside_a_sentence_is_judged_the_same_when_cleaned_again():
    """Found by hypothesis in CI: credit_line spared "0©" as a piece of a sentence split at a link, then the title
    and the model took its neighbours, and cleaning the body again removed it. Its neighbours are now the lines
    still on the page, and the body's blank lines between paragraphs do not part them."""
    for text in ("The council said on Tuesday\n0©\na",
                 "Police said the attack was feared, as\nReuters\nreported, according to officials in the capital.\n"
                 "The second paragraph of this story is here and it goes on for a while longer than that."):
        assert_idempotent(text)
