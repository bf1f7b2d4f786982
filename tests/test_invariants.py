"""What holds for every input: each non-blank line accounted for once, idempotence, no exceptions."""

from __future__ import annotations

from collections import Counter

from conftest import dump_paths
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import clean
from pipeline.clean import line_content

REAL_LINES = [
    line
    for path in dump_paths()
    for line in path.read_text(encoding="utf-8").split("\n")
    if line_content(line)
]


def assert_accounted(text: str) -> None:
    article = clean(text)
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
            # kept, perhaps with pieces cut out: kept text and cut pieces add up to the line
            assert Counter(content.replace(" ", "")) == Counter("".join([kept[number], *pieces]).replace(" ", "")), number
    assert set(kept) | set(removed) == {n for n, raw in enumerate(raw_lines, 1) if line_content(raw)}


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
