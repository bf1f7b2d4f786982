"""Quality signals of a clean article, as numbers in its row: users filter on them (in DuckDB, Polars), the
pipeline drops nothing by them.

Each follows a published definition, as datatrove implements it, so that the thresholds people quote apply:
Gopher's quality and repetition rules (Rae et al. 2021, "Scaling Language Models", appendix A; datatrove's
`GopherQualityFilter` and `GopherRepetitionFilter`) and C4's terminal punctuation (Raffel et al. 2020). The
one tokenizer below stands for theirs (NLTK's word tokenizer in datatrove): words and runs of punctuation
become separate tokens.

| column | definition | the rule that uses it |
|---|---|---|
| `mean_word_length` | mean length in characters of the tokens that are not only punctuation | Gopher keeps 3-10 |
| `symbol_word_ratio` | the larger of ("#" count, "..." plus "…" count) over all tokens | Gopher keeps <= 0.1 |
| `alpha_word_ratio` | share of tokens holding an alphabetic character | Gopher keeps >= 0.8 |
| `stop_word_ratio` | share of tokens that are Gopher's stop words (`GOPHER_STOP_WORDS`, English) | Gopher asks for 2 |
| `punct_end_ratio` | share of paragraphs ending in terminal punctuation (. ! ? or a closing quote after one) | C4 keeps only such lines |
| `dup_para_ratio` | share of paragraphs that repeat an earlier one | Gopher keeps <= 0.30 |
| `dup_para_char_ratio` | characters in those repeats over the text's characters | Gopher keeps <= 0.20 |
| `top_{2,3,4}gram_char_ratio` | the most frequent word n-gram's length times its count, over the text's | <= 0.20, 0.18, 0.16 |
| `removed_char_ratio` | characters the cleaner removed over those it removed plus the body's | (ours) |
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.core.document import Article

_TOKEN_RE = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]+")
_PARAGRAPH_RE = re.compile(r"\n{2,}")
_TERMINAL_RE = re.compile(r"[.!?…][\"'”’»)\]]*$")
GOPHER_STOP_WORDS = frozenset({"the", "be", "to", "of", "and", "that", "have", "with"})
SIGNALS = ("mean_word_length", "symbol_word_ratio", "alpha_word_ratio", "stop_word_ratio", "punct_end_ratio",
           "dup_para_ratio", "dup_para_char_ratio", "top_2gram_char_ratio", "top_3gram_char_ratio",
           "top_4gram_char_ratio", "removed_char_ratio")


def tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


def quality_signals(article: Article) -> dict[str, float | None]:
    """The columns above for a cleaned article; a ratio over nothing (no words, no paragraphs) is null."""
    body = article.body
    removed = sum(len(r.text) for r in article.removed)
    return {**text_signals(body), "removed_char_ratio": _ratio(removed, removed + len(body))}


def text_signals(text: str) -> dict[str, float | None]:
    words = tokens(text)
    lowered = Counter(map(str.lower, words))
    paragraphs = [p.strip() for p in _PARAGRAPH_RE.split(text.strip()) if p.strip()]
    repeats, repeat_chars = _repeats(paragraphs)
    alnum_lengths = [len(w) for w in words if _has(w, str.isalnum)]
    signals = {
        "mean_word_length": _ratio(sum(alnum_lengths), len(alnum_lengths)),
        "symbol_word_ratio": _ratio(max(text.count("#"), text.count("...") + text.count("…")), len(words)),
        "alpha_word_ratio": _ratio(sum(_has(w, str.isalpha) for w in words), len(words)),
        "stop_word_ratio": _ratio(sum(lowered[w] for w in GOPHER_STOP_WORDS), len(words)),
        "punct_end_ratio": _ratio(sum(bool(_TERMINAL_RE.search(p)) for p in paragraphs), len(paragraphs)),
        "dup_para_ratio": _ratio(repeats, len(paragraphs)),
        "dup_para_char_ratio": _ratio(repeat_chars, len(text)),
    }
    for n in (2, 3, 4):
        signals[f"top_{n}gram_char_ratio"] = _ratio(_top_ngram_chars(words, n), len(text))
    return signals


def _has(token: str, test) -> bool:
    """Whether any character of the token passes `test` (str.isalnum, str.isalpha). Most tokens are words
    that pass whole, which one call over the string answers; the rest are looked at character by character."""
    return test(token) or any(test(ch) for ch in token)


def _repeats(items: list[str]) -> tuple[int, int]:
    """How many items repeat an earlier one, and their characters (datatrove's `find_duplicates`)."""
    seen: set[str] = set()
    count = chars = 0
    for item in items:
        if item in seen:
            count += 1
            chars += len(item)
        else:
            seen.add(item)
    return count, chars


def _top_ngram_chars(words: list[str], n: int) -> int:
    """The most frequent word n-gram's length (words joined by one space) times its count (datatrove's
    `find_top_duplicate`); 0 when the text has fewer than n words."""
    # the k-th shifted copies end together at the last full n-gram (the shorter ones stop the zip)
    grams = Counter(zip(*(words[k:] for k in range(n)), strict=False))
    if not grams:
        return 0
    gram, count = grams.most_common(1)[0]
    return (sum(map(len, gram)) + n - 1) * count


def _ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 6) if whole else None
