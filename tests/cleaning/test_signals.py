"""Quality signals, each checked on an example worked out by hand (the sums are in the comments)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cleaning.signals import SIGNALS, quality_signals, text_signals, tokens
from pipeline.core.document import Article, Paragraph, Removal

TEXT = "The cat sat.\n\nThe cat sat.\n\nA dog #ran"  # 12 + 2 + 12 + 2 + 10 = 38 characters


def test_the_tokenizer_splits_words_from_punctuation():
    assert tokens(TEXT) == ["The", "cat", "sat", ".", "The", "cat", "sat", ".", "A", "dog", "#", "ran"]
    assert tokens("It's 3.5… \"done\"!") == ["It's", "3", ".", "5", "…", '"', "done", '"!']


@pytest.mark.parametrize("name, expected", [
    ("mean_word_length", 25 / 9),  # The cat sat The cat sat A dog ran: 3*8 + 1 = 25 characters, 9 words
    ("symbol_word_ratio", 1 / 12),  # one "#", no ellipsis, 12 tokens
    ("alpha_word_ratio", 9 / 12),  # ".", ".", "#" hold no letter
    ("stop_word_ratio", 2 / 12),  # "The" twice (case aside)
    ("punct_end_ratio", 2 / 3),  # "A dog #ran" ends without
    ("dup_para_ratio", 1 / 3),  # the second "The cat sat."
    ("dup_para_char_ratio", 12 / 38),
    ("top_2gram_char_ratio", 2 * len("The cat") / 38),  # "The cat", "cat sat", "sat ." twice each: the first seen
    ("top_3gram_char_ratio", 2 * len("The cat sat") / 38),
    ("top_4gram_char_ratio", 2 * len("The cat sat .") / 38),
])
def test_each_signal_on_a_worked_example(name, expected):
    assert text_signals(TEXT)[name] == pytest.approx(expected, abs=1e-6)


def test_ellipses_count_as_symbols_and_the_larger_symbol_count_wins():
    # 2 ellipses against 1 hash, over 7 tokens: Wait, "...", really, "…", "#", yes, "?"
    assert text_signals("Wait... really… #yes?")["symbol_word_ratio"] == pytest.approx(2 / 7, abs=1e-6)


def test_removed_share_counts_the_removed_text_against_all_text():
    article = Article(title=None, paragraphs=[Paragraph(1, p) for p in TEXT.split("\n\n")],
                      removed=[Removal(4, "caption", "caption", "Photo: AP"), Removal(5, "ad", "ad", "ADVERTISEMENT")])
    signals = quality_signals(article)
    assert signals["removed_char_ratio"] == pytest.approx(22 / (22 + 38), abs=1e-6)  # 9 + 13 removed
    assert set(signals) == set(SIGNALS)


def test_an_empty_text_has_null_ratios_not_errors():
    signals = text_signals("")
    assert all(value is None for value in signals.values())


def _signals_by_definition(text: str) -> dict[str, float | None]:
    """The signals written out as their definitions read, one token and one character at a time: the shipped
    code takes shortcuts (whole-token string tests, n-grams by zip) that must agree with this everywhere."""
    from collections import Counter

    from pipeline.cleaning.signals import _PARAGRAPH_RE, _TERMINAL_RE, GOPHER_STOP_WORDS, _ratio, _repeats

    words = tokens(text)
    non_symbol = [w for w in words if any(ch.isalnum() for ch in w)]
    paragraphs = [p.strip() for p in _PARAGRAPH_RE.split(text.strip()) if p.strip()]
    repeats, repeat_chars = _repeats(paragraphs)
    signals = {
        "mean_word_length": _ratio(sum(map(len, non_symbol)), len(non_symbol)),
        "symbol_word_ratio": _ratio(max(text.count("#"), text.count("...") + text.count("…")), len(words)),
        "alpha_word_ratio": _ratio(sum(any(ch.isalpha() for ch in w) for w in words), len(words)),
        "stop_word_ratio": _ratio(sum(w.lower() in GOPHER_STOP_WORDS for w in words), len(words)),
        "punct_end_ratio": _ratio(sum(bool(_TERMINAL_RE.search(p)) for p in paragraphs), len(paragraphs)),
        "dup_para_ratio": _ratio(repeats, len(paragraphs)),
        "dup_para_char_ratio": _ratio(repeat_chars, len(text)),
    }
    for n in (2, 3, 4):
        grams = Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))
        top = 0
        if grams:
            gram, count = grams.most_common(1)[0]
            top = (sum(map(len, gram)) + n - 1) * count
        signals[f"top_{n}gram_char_ratio"] = _ratio(top, len(text))
    return signals


@given(st.text(st.characters(exclude_categories=()) | st.sampled_from(["_", "'", "’", "²", "½", "x", " ", "\n", ".", "#", "…"]),
               max_size=300))
@settings(max_examples=600, deadline=None)
def test_the_signals_agree_with_their_definitions_on_any_text(text):
    assert text_signals(text) == _signals_by_definition(text)


def test_the_signals_agree_with_their_definitions_on_real_articles():
    from conftest import dump_paths

    from pipeline import clean

    for text in (path.read_text(encoding="utf-8") for path in dump_paths()):
        body = clean(text).body
        assert text_signals(body) == _signals_by_definition(body)
