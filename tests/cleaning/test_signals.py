"""Quality signals, each checked on an example worked out by hand (the sums are in the comments)."""

from __future__ import annotations

import pytest

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
