"""Line features for the learned line model: each line's shape, its place, its neighbours' shape, its repeats
and the noise words it holds, computed for a whole page at once: one regex scan of the page for the noise
vocabulary of the rules (`pipeline.cleaning.rules.patterns`), one pass over the lines, then numpy.

These are the shallow text features of Kohlschütter et al. (WSDM 2010), which need no HTML: a line of running
prose is long, full of function words and ends like a sentence; furniture is short, capitalised, link- or
label-like, and sits in runs of its kind before and after the story.

The prose signals assume no language: function words come from the lists of eighteen languages
(`pipeline.cleaning.function_words`); character classes are Python's own for every script (U+3000 is a space, "。" ends a
sentence, "、" is a comma, a combining mark belongs to its letter); Chinese and Japanese, written without spaces,
count a word for every two characters and their particles as function words. Shape, place, neighbours and repeats
need no language at all. The rules' noise vocabulary below (picture, share, comment and date words) is English.

The features see the page as it stands: the lines no rule or earlier model pass removed, with the pieces
the rules cut out already gone. Cleaning a result again sees the same page, gets the same scores and removes
nothing more (idempotence); so the rules' verdicts on removed lines are not features, but the vocabulary
the rules look for is.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterator
from itertools import repeat

import numpy as np

from pipeline.cleaning.function_words import ALL_FUNCTION_WORDS
from pipeline.cleaning.rules import patterns as p

# Function words of the corpora's languages (`pipeline.cleaning.function_words`): prose is a third to a half made of
# them, menus and labels hardly at all.
STOP_WORDS = ALL_FUNCTION_WORDS
# Chinese and Japanese write no spaces: their function words are characters (particles, "的", "了", "の", "は"),
# counted one by one. A line's words there are its characters halved (`CJK_CHARS_PER_WORD`).
CJK_FUNCTION_CHARS = "的了是在和有这也就不我他她们说为对以与而但将被从到中上个之等のはがをにでともたしてれる"
CJK_CHARS_PER_WORD = 2.0

# The rules' noise vocabulary (`pipeline.cleaning.rules.patterns`) by concept, as words: a line holds a concept when one of
# its words is in the concept's list. Looked up word by word through one dict, not matched as regexes.
_WORDS = {
    "picture": "photo photos image images illustration picture pictures photograph screenshot video videos gallery",
    "ui": "share print email e-mail tweet comment comments reply login sign subscribe newsletter menu search home next "
          "previous click download advertisement sponsored cookies cookie privacy terms skip close",
    "social": "twitter facebook instagram linkedin youtube tiktok whatsapp pinterest reddit rss",
    "copyright": "copyright reserved rights",
    "related": "related recommended trending popular read more stories",
    # a comment section's furniture: "Jane says:", "Reply", "Leave a Reply", "12 comments", "Permalink"
    "comment": "reply replies says wrote comment comments commented permalink reblogged likes quote report flag "
               "responses respond anonymous guest",
    "date": "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august september "
            "october november december monday tuesday wednesday thursday friday saturday sunday updated published posted "
            "am pm edt est gmt utc ago " + " ".join(str(year) for year in range(1990, 2041)),
}
# Agencies are proper names: matched in their own case ("AP", "Reuters"), their first word standing for them, but
# for first words that are everyday words or names ("Europa" Press, "Hans" Lucas, "Agence" France-Presse).
_NOT_AN_AGENCY_ALONE = {"Europa", "Hans", "Agence", "Agencia"}
_AGENCY_WORDS = sorted({re.sub(r"[^\w].*$", "", agency.split(" ")[0].replace("(?:", "")) for agency in p.AGENCIES}
                       - {""} - _NOT_AN_AGENCY_ALONE)
CONCEPTS = ("agency", *_WORDS, "byline", "url", "handle", "email", "time")
_CONCEPT_COLUMN = {name: k for k, name in enumerate(CONCEPTS)}
_BIT = {name: 1 << k for name, k in _CONCEPT_COLUMN.items()}
_STOP_BIT = 1 << len(CONCEPTS)
_LOWER_WORDS: dict[str, int] = {}
for _name, _list in _WORDS.items():
    for _word in _list.split():
        _LOWER_WORDS[_word] = _LOWER_WORDS.get(_word, 0) | _BIT[_name]
for _word in STOP_WORDS:
    _LOWER_WORDS[_word] = _LOWER_WORDS.get(_word, 0) | _STOP_BIT
_CASED_WORDS = dict.fromkeys(_AGENCY_WORDS, _BIT["agency"])
# A word whose lower case is an agency's: only these few are looked up again in their own case.
_MAYBE_AGENCY_BIT = _STOP_BIT << 1
for _word in _AGENCY_WORDS:
    _LOWER_WORDS[_word.lower()] = _LOWER_WORDS.get(_word.lower(), 0) | _MAYBE_AGENCY_BIT
# What words cannot show: addresses, handles, clock times. Every match holds one of its hints, and no match
# crosses a line: so only the lines that hold a hint are searched (a scan of a whole page took 190 µs).
_SHAPES = (
    ("url", ("://", "www.", ".com", ".org", ".net", ".gov", ".edu", ".co.uk", ".htm"),
     re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|gov|edu|co\.uk|html?)\b")),
    ("email", ("@",), re.compile(r"\b[\w.+-]+@[\w-]+\.\w{2,}\b")),
    ("handle", ("@", "#"), re.compile(r"(?<![\w@])[@#]\w")),
)
_SENTENCE_END = ".!?…\"”’"
_BULLETS = tuple("•·*-–—|>»«›‹►▶◆■□●○✓✔")

# Per-line shape: the columns of `_shape`.
SHAPE = ("log_chars", "words", "log_words", "mean_word_len", "upper_share", "title_words", "digit_share",
         "punct_share", "stop_share", "ends_sentence", "ends_colon", "starts_bullet", "sentences", "commas", "pipes",
         "first_upper", "all_caps", "cjk_share")
NEIGHBOUR_OFFSETS = (-3, -2, -1, 1, 2, 3)
NEIGHBOUR_SHAPE = ("log_words", "stop_share", "ends_sentence", "title_words")
PLACE = ("rel_pos", "log_from_start", "log_from_end", "log_lines", "before_first_prose", "after_last_prose",
         "log_dist_prose", "window_words", "window_max_words", "window_sentences", "page_prose_share", "page_log_words",
         "same_on_page", "text_share", "in_main_block", "log_dist_main_block", "main_block_share", "wide_window_words",
         "wide_window_stop", "wide_window_sentences", "prose_above_share", "prose_below_share")
NEIGHBOUR_CONCEPTS = ("window_concepts", "prev_concepts", "next_concepts")
RUNS = ("log_short_run", "log_prose_run", "rel_log_words", "earlier_copies", "comment_lines_above",
        "clock_lines_above", "comment_lines_below")
# A line of at most this many words, not ending like a sentence, is short: menus and link lists are runs of them.
SHORT_WORDS = 5

FEATURES: tuple[str, ...] = (*SHAPE, *(f"n{o:+d}_{name}" for o in NEIGHBOUR_OFFSETS for name in NEIGHBOUR_SHAPE),
                             *PLACE, *(f"has_{name}" for name in CONCEPTS), *NEIGHBOUR_CONCEPTS, *RUNS)
_COL = {name: i for i, name in enumerate(SHAPE)}
# A line this long, full of function words and ending like a sentence, is prose: the story's own body.
PROSE_WORDS = 15
PROSE_STOP_SHARE = 0.2
# Lines on each side that make a line's neighbourhood, and its wider surroundings.
WINDOW = 3
WIDE = 10
# Characters of a batch's pages whose lines are measured together (`batch_line_features`).
CHUNK_CHARS = 40_000
# What crossing a line that is not prose costs the main block, in prose words (see `_best_run`).
BLOCK_LINE_COST = 3.0


# Character classes, as bit flags. Full-width and ideographic punctuation counts as its ASCII kind: "。" ends a
# Chinese or Japanese sentence as "." ends an English one, "、" and "，" are commas, "：" a colon.
UPPER, LOWER, DIGIT, SPACE, PUNCT, COMMA, PIPE, TERMINAL, BULLET, COLON, CJK, CJK_FUNCTION = (1 << k for k in range(12))
# Han ideographs and kana: scripts written without spaces between words.
_CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
_COMMAS, _COLONS, _PIPES = ",、，﹐", ":：", "|｜"
_TERMINALS = _SENTENCE_END + "。！？．｡"
# Code points below this are looked up in a table built at import; the rarer ones above it (CJK mostly), once
# per distinct code point on a page.
CLASS_LIMIT = 0x3000


@functools.lru_cache(maxsize=65536)
def _class_of(cp: int) -> int:
    """A code point's class flags. The definitions are Python's own (`str.isspace` is what `str.split` splits
    on: U+3000, the ideographic space, among them); a combining mark counts with its letter; a surrogate is neither
    letter nor digit."""
    c = chr(cp)
    if c.isalpha() or unicodedata.category(c)[0] == "M":  # a combining mark is part of its letter ("है", "é" as e + ́)
        flags = UPPER if c.isupper() else LOWER
    elif c.isdigit():
        flags = DIGIT
    elif c.isspace():
        flags = SPACE
    else:
        flags = PUNCT
    if any(lo <= cp <= hi for lo, hi in _CJK_RANGES):
        flags |= CJK | CJK_FUNCTION * (c in CJK_FUNCTION_CHARS)
    return (flags | COMMA * (c in _COMMAS) | PIPE * (c in _PIPES) | TERMINAL * (c in _TERMINALS)
            | BULLET * (c in _BULLETS) | COLON * (c in _COLONS))


_CLASSES = np.array([_class_of(cp) for cp in range(CLASS_LIMIT)], dtype=np.uint16)
_class_of.cache_clear()


def char_classes(codes: np.ndarray) -> np.ndarray:
    """The class flags of each code point."""
    if codes.max(initial=0) < CLASS_LIMIT:
        return _CLASSES[codes]
    flags = _CLASSES[np.minimum(codes, CLASS_LIMIT - 1)]
    high = codes >= CLASS_LIMIT
    distinct, where = np.unique(codes[high], return_inverse=True)
    flags[high] = np.array([_class_of(int(cp)) for cp in distinct.tolist()], dtype=np.uint16)[where]
    return flags


def code_points(text: str) -> np.ndarray:
    """The text's code points (uint32), lone surrogates included (as `surrogateescape` decoding leaves them)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _page_shape(codes: np.ndarray, flags: np.ndarray, starts: np.ndarray, lengths: np.ndarray,
                stop: np.ndarray) -> np.ndarray:
    """The SHAPE columns of every line, computed over the page's characters at once (numpy), not line by line.
    `stop` counts each line's function words (`_concepts`)."""
    ends = starts + lengths - 1  # the last character of each line
    newline = codes == 10
    flags = np.where(newline, SPACE, flags)  # the joins count as spaces, but are not counted below

    space = (flags & SPACE) > 0
    word_char = ~space
    # a word starts where a non-space follows a space or a line's start
    previous_space = np.concatenate([[True], space[:-1]])
    word_start = word_char & previous_space
    next_space = np.concatenate([space[1:], [True]])

    terminal = (flags & TERMINAL) > 0
    scripts = codes.max(initial=0) >= CLASS_LIMIT  # CJK and its full stops lie beyond the table: most pages hold none
    high = codes >= CLASS_LIMIT if scripts else None
    rows = [
        (flags & (UPPER | LOWER)) > 0, (flags & UPPER) > 0, (flags & DIGIT) > 0, space & ~newline, word_start,
        word_start & ((flags & UPPER) > 0), (flags & COMMA) > 0, (flags & PIPE) > 0,
        # a sentence ends at a terminal before a space, or at an ideographic one ("。") before anything
        terminal & (next_space | high) if scripts else terminal & next_space,
    ]
    if scripts:
        rows += [(flags & CJK) > 0, (flags & CJK_FUNCTION) > 0]
    columns = np.stack(rows).astype(np.int32)  # one row per count: summing along rows is twice as fast as down columns
    sums = np.add.reduceat(columns, starts, axis=1).astype(np.float64)
    letters, upper, digits, spaces, words, title_words, commas, pipes, sentences = sums[:9]
    cjk, cjk_function = sums[9:] if scripts else np.zeros((2, len(starts)))
    # Chinese and Japanese: characters stand for words (halved), their particles for function words
    spaced_words = words
    words = words + cjk / CJK_CHARS_PER_WORD
    stop = stop + cjk_function

    last, first = flags[ends], flags[starts]
    chars = lengths.astype(np.float64)
    safe_words, safe_letters, safe_chars = np.maximum(words, 1), np.maximum(letters, 1), np.maximum(chars, 1)
    safe_spaced = np.maximum(spaced_words, 1)
    ends_sentence = (last & TERMINAL) > 0
    return np.column_stack([
        np.log1p(chars), words, np.log1p(words), (chars - spaces) / safe_words * (words > 0),
        upper / safe_letters, title_words / safe_spaced, digits / safe_chars,
        (chars - letters - digits - spaces) / safe_chars, np.minimum(stop / safe_words, 1.0), ends_sentence,
        (last & COLON) > 0, (first & BULLET) > 0, sentences, commas / safe_words, pipes, (first & UPPER) > 0,
        (letters > 3) & (upper == letters), cjk / safe_chars,
    ])


def _window_mean(values: np.ndarray, radius: int = WINDOW) -> np.ndarray:
    """The mean of each value (a row of a 2-D array: each column) and its `radius` neighbours on each side (fewer at
    the page's edges)."""
    n = len(values)
    sums = np.concatenate([np.zeros((1, *values.shape[1:])), np.cumsum(values, axis=0)])
    lo = np.maximum(np.arange(n) - radius, 0)
    hi = np.minimum(np.arange(n) + radius + 1, n)
    width = (hi - lo).reshape(-1, *([1] * (values.ndim - 1)))
    return (sums[hi] - sums[lo]) / width


def _window_max(values: np.ndarray, radius: int = WINDOW) -> np.ndarray:
    padded = np.concatenate([np.full(radius, -np.inf), values, np.full(radius, -np.inf)])
    n = len(values)
    # the window's maximum as the largest of its shifted copies: a few whole-array calls, where a sliding view of a
    # short page cost more to set up than to reduce
    largest = padded[:n]
    for shift in range(1, 2 * radius + 1):
        largest = np.maximum(largest, padded[shift : shift + n])
    return largest


def _best_run(gain: np.ndarray) -> tuple[int, int]:
    """The first and last index of the contiguous run with the largest sum (Kadane's algorithm)."""
    best, best_start, best_end = -math.inf, 0, 0
    total, start = 0.0, 0
    for i, value in enumerate(gain.tolist()):
        if total <= 0:
            total, start = value, i
        else:
            total += value
        if total > best:
            best, best_start, best_end = total, start, i
    return best_start, best_end


def _concepts(texts: list[str], joined: str, codes: np.ndarray, flags: np.ndarray, starts: np.ndarray,
              lengths: np.ndarray) -> tuple:
    """Which CONCEPTS each line holds (0/1 columns) and its number of function words, from one look-up of every
    word of the page in one dict (and one small regex for what words cannot show)."""
    n = len(texts)
    # the page's words: runs of letters and digits, everything else a separator
    wordy = (flags & (UPPER | LOWER | DIGIT)) > 0
    spaced = np.where(wordy, codes, 32).astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    lowered = spaced.lower().split()  # lower case adds no spaces: word k here is the page's word k
    begins = np.flatnonzero(wordy & ~np.concatenate([[False], wordy[:-1]]))
    line_of = np.searchsorted(starts, begins, side="right") - 1
    masks = np.fromiter(map(_LOWER_WORDS.get, lowered, repeat(0)), dtype=np.int64, count=len(lowered))
    maybe = np.flatnonzero(masks & _MAYBE_AGENCY_BIT)
    if len(maybe):
        ends = np.flatnonzero(wordy & ~np.concatenate([wordy[1:], [False]])) + 1
        for k in maybe.tolist():
            masks[k] |= _CASED_WORDS.get(joined[begins[k] : ends[k]], 0)
    masks &= ~_MAYBE_AGENCY_BIT
    per_line = np.zeros(n, dtype=np.int64)
    if len(lowered):
        # words come in line order: OR each line's run of word masks
        firsts = np.flatnonzero(np.concatenate([[True], line_of[1:] != line_of[:-1]]))
        per_line[line_of[firsts]] = np.bitwise_or.reduceat(masks, firsts)
    stop = np.bincount(line_of, weights=(masks & _STOP_BIT) > 0, minlength=n)
    # "By Jane Doe": a line whose first word is "By", then a capital
    long_enough = starts[lengths >= 4]
    by = long_enough[(codes[long_enough] == 66) & ((codes[long_enough + 1] == 121) | (codes[long_enough + 1] == 89))
                     & (codes[long_enough + 2] == 32)]
    for start in by.tolist():
        if joined[start + 3].isupper():
            per_line[np.searchsorted(starts, start)] |= _BIT["byline"]
    for name, hints, pattern in _SHAPES:
        candidates = _lines_holding(joined, hints, starts)
        for i in candidates:
            if pattern.search(texts[i]):
                per_line[i] |= _BIT[name]
    # a clock time, "9:45": digit(s), a colon, two digits
    colon = np.flatnonzero(codes[1:-2] == 58) + 1 if ":" in joined else np.zeros(0, dtype=np.int64)
    if len(colon):
        digit = (flags & DIGIT) > 0
        times = colon[digit[colon - 1] & digit[colon + 1] & digit[colon + 2]]
        per_line[np.searchsorted(starts, times, side="right") - 1] |= _BIT["time"]
    hits = ((per_line[:, None] >> np.arange(len(CONCEPTS))) & 1).astype(np.float64)
    return hits, stop


def _lines_holding(joined: str, hints: tuple[str, ...], starts: np.ndarray) -> list[int]:
    """The lines (by index) whose text holds one of `hints`, in order."""
    at = []
    for hint in hints:
        found = joined.find(hint)
        while found >= 0:
            at.append(found)
            found = joined.find(hint, found + 1)
    if not at:
        return []
    return np.unique(np.searchsorted(starts, at, side="right") - 1).tolist()


def line_features(texts: list[str]) -> np.ndarray:
    """One row of FEATURES (float32) for each line of a page, given as the lines' texts in order."""
    if not texts:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    return _page_features(texts, *_line_columns(texts))


def batch_line_features(pages: list[list[str]]) -> list[np.ndarray]:
    """`line_features` of each page of a batch, equal to it page by page: what a line holds (its shape and its
    concepts: the characters and words, most of the work) is computed for every line of the batch in one pass,
    what depends on its page (neighbours, place, runs, copies) page by page."""
    out: list[np.ndarray] = []
    for first, last in _chunks(pages):
        everything = [text for page in pages[first:last] for text in page]
        shape, concepts = _line_columns(everything) if everything else (None, None)
        at = 0
        for page in pages[first:last]:
            n = len(page)
            out.append(_page_features(page, shape[at : at + n], concepts[at : at + n]) if n
                       else np.zeros((0, len(FEATURES)), dtype=np.float32))
            at += n
    return out


def _chunks(pages: list[list[str]]) -> Iterator[tuple[int, int]]:
    """Runs of pages of about CHUNK_CHARS characters together: the per-character arrays of a whole batch of
    hundreds of pages outgrow the processor's caches and cost more than the calls they save (measured: 500 corpus
    pages at once 1.13 ms a page, one by one 0.51)."""
    return runs_by_size([sum(map(len, page)) + len(page) for page in pages], CHUNK_CHARS)


def runs_by_size(sizes: list[int], limit: int) -> Iterator[tuple[int, int]]:
    """(first, last) slices of consecutive items whose sizes add up to `limit` or just past it; the rest at the end."""
    first, size = 0, 0
    for k, item in enumerate(sizes):
        size += item
        if size >= limit:
            yield first, k + 1
            first, size = k + 1, 0
    if first < len(sizes):
        yield first, len(sizes)


def _line_columns(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The SHAPE and CONCEPTS columns of each line: each line's own, whatever lines come before or after it (the
    lines are joined with "\n", which no character or word count crosses)."""
    n = len(texts)
    joined = "\n".join(texts)
    codes = code_points(joined)
    flags = char_classes(codes)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    starts = np.concatenate([[0], np.cumsum(lengths[:-1] + 1)])
    concepts, stop = _concepts(texts, joined, codes, flags, starts, lengths)
    return _page_shape(codes, flags, starts, lengths, stop), concepts


def _page_features(texts: list[str], shape: np.ndarray, concepts: np.ndarray) -> np.ndarray:
    """The page's rows of FEATURES from its lines' SHAPE and CONCEPTS columns."""
    n = len(texts)
    words = shape[:, _COL["words"]]
    stop_share = shape[:, _COL["stop_share"]]
    ends_sentence = shape[:, _COL["ends_sentence"]]
    prose = (words >= PROSE_WORDS) & (ends_sentence > 0) & (stop_share >= PROSE_STOP_SHARE)
    index = np.arange(n, dtype=np.float64)

    # neighbours' shape: zeros past the page's edges
    picked = shape[:, [_COL[name] for name in NEIGHBOUR_SHAPE]]
    reach = max(map(abs, NEIGHBOUR_OFFSETS))
    padded = np.vstack([np.zeros((reach, picked.shape[1])), picked, np.zeros((reach, picked.shape[1]))])
    neighbours = np.hstack([padded[reach + o : reach + o + n] for o in NEIGHBOUR_OFFSETS])

    # place: where the story is (its prose lines), and this line against it
    prose_at = np.flatnonzero(prose)
    if len(prose_at):
        first, last = prose_at[0], prose_at[-1]
        before, after = (index < first), (index > last)
        after_index = np.searchsorted(prose_at, index)  # distance to the nearest prose line, either side
        below = prose_at[np.minimum(after_index, len(prose_at) - 1)]
        above = prose_at[np.maximum(after_index - 1, 0)]
        nearest = np.minimum(np.abs(index - below), np.abs(index - above))
    else:
        before = after = np.zeros(n, dtype=bool)
        nearest = np.full(n, float(n))
    # The story's main block (Finn et al.'s body text extraction, with lines for tokens): the run of lines
    # that gains the most prose words against the lines of furniture it crosses.
    start, end = _best_run(words * stop_share * ends_sentence - BLOCK_LINE_COST)
    to_block = np.where(index < start, start - index, np.where(index > end, index - end, 0))
    prose_words = words * prose
    prose_above = np.concatenate([[0.0], np.cumsum(prose_words)[:-1]])
    total_prose = max(prose_words.sum(), 1.0)
    keys = [text.lower() for text in texts]  # copies, ignoring case
    counts: dict[str, int] = {}
    above_copies = []
    for key in keys:
        copies = counts.get(key, 0)
        above_copies.append(copies)
        counts[key] = copies + 1
    earlier = np.array(above_copies, dtype=np.float64)  # copies above each line
    same = np.array([counts[key] - 1 for key in keys], dtype=np.float64)
    chars = np.expm1(shape[:, _COL["log_chars"]])
    held = concepts.sum(axis=1)
    near = _window_mean(np.column_stack([words, ends_sentence, held]))
    wide = _window_mean(np.column_stack([words, stop_share, ends_sentence]), WIDE)
    place = np.column_stack([
        index / max(n - 1, 1), np.log1p(index), np.log1p(n - 1 - index), np.full(n, math.log1p(n)),
        before, after, np.log1p(nearest), near[:, 0], _window_max(words), near[:, 1],
        np.full(n, prose.mean()), np.full(n, math.log1p(words.sum())), np.minimum(same, 5), chars / max(chars.sum(), 1.0),
        (index >= start) & (index <= end), np.log1p(to_block), np.full(n, words[start : end + 1].sum() / max(words.sum(), 1.0)),
        wide, prose_above / total_prose, (total_prose - prose_above - prose_words) / total_prose,
    ])
    around = np.column_stack([near[:, 2], np.concatenate([[0.0], held[:-1]]), np.concatenate([held[1:], [0.0]])])
    short = (words <= SHORT_WORDS) & (ends_sentence == 0)
    log_words = shape[:, _COL["log_words"]]
    # a comment section: short lines of its furniture (names with "says", times, "Reply") between prose
    furniture = short & (concepts[:, _CONCEPT_COLUMN["comment"]] > 0)
    clock = short & ((concepts[:, _CONCEPT_COLUMN["time"]] > 0) | (concepts[:, _CONCEPT_COLUMN["date"]] > 0))
    above = np.cumsum(np.column_stack([furniture, clock]), axis=0) - np.column_stack([furniture, clock])
    below = furniture.sum() - np.cumsum(furniture)
    runs = np.column_stack([np.log1p(_run_lengths(short)), np.log1p(_run_lengths(prose)),
                            log_words - _median(log_words), np.minimum(earlier, 3), np.log1p(above), np.log1p(below)])
    return np.hstack([shape, neighbours, place, concepts, around, runs]).astype(np.float32)


def _median(values: np.ndarray) -> float:
    """np.median's value (the mean of the two middle values when their number is even), without its overhead."""
    ordered = np.sort(values)
    middle = len(ordered) // 2
    return (ordered[middle - 1] + ordered[middle]) / 2 if len(ordered) % 2 == 0 else ordered[middle]


def _run_lengths(flags: np.ndarray) -> np.ndarray:
    """For each line, the length of the run of consecutive flagged lines it belongs to (0 when not flagged)."""
    flags = flags.astype(bool)
    edges = np.flatnonzero(np.diff(np.concatenate([[False], flags, [False]]).astype(np.int8)))
    lengths = np.zeros(len(flags))
    runs = edges[1::2] - edges[::2]
    lengths[flags] = np.repeat(runs, runs)  # the flagged lines in order are the runs in order, each its length times
    return lengths
