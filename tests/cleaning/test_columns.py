"""The rules' patterns asked of a whole batch in Rust (`pipeline.cleaning.columns`): a sieve never drops a line its
Python pattern matches, so a batch is cleaned exactly as its pages one by one."""

from __future__ import annotations

import gzip
import itertools
import json
import re
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from conftest import LABELLED
from hypothesis import given, settings
from hypothesis import strategies as st
from test_invariants import unicode_line, unicode_text

import pipeline.cleaning.engine as engine
from pipeline import clean, clean_batch
from pipeline.cleaning.columns import ODD_LETTERS, BatchLines, exotic_pattern, rust_sieve, to_rust
from pipeline.cleaning.engine import split_lines

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
FUNDUS = SHARED / "corpus-fundus" / "dumps.jsonl.gz"


def real_texts() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted((LABELLED / "dumps").glob("*.txt"))]
    with gzip.open(LABELLED.parent / "multilingual" / "dumps.jsonl.gz", "rt", encoding="utf-8") as rows:
        texts += [json.loads(row)["text"] for row in rows]
    if FUNDUS.exists():  # 19 languages
        with gzip.open(FUNDUS, "rt", encoding="utf-8") as rows:
            texts += [json.loads(row)["text"] for row in itertools.islice(rows, 600)]
    return texts


def asked_patterns(texts: list[str]) -> set[tuple[re.Pattern, bool]]:
    """Every (pattern, searched) the rules ask of a batch while cleaning `texts`."""
    asked = set()
    passed = BatchLines.passed

    def recording(self, pattern, search, start, end):
        asked.add((pattern, search))
        return passed(self, pattern, search, start, end)

    BatchLines.passed = recording
    try:
        clean_batch(texts)
    finally:
        BatchLines.passed = passed
    return asked


REAL = real_texts()
LINES = [line.text for text in REAL for line in split_lines(text)]
ASKED = sorted(asked_patterns(REAL), key=lambda key: (key[0].pattern, key[1]))


def python_hits(pattern: re.Pattern, search: bool, lines: list[str]) -> np.ndarray:
    ask = pattern.search if search else pattern.match
    return np.fromiter((ask(line) is not None for line in lines), dtype=bool, count=len(lines))


def test_the_rules_ask_their_patterns_of_the_batch_and_most_have_a_sieve():
    assert len(LINES) >= engine.MIN_LINES
    assert len(ASKED) >= 20, len(ASKED)
    unsieved = [pattern.pattern[:60] for pattern, search in ASKED if rust_sieve(pattern, search) is None]
    assert len(unsieved) <= 2, unsieved


@pytest.mark.parametrize(("pattern", "search"), ASKED, ids=lambda value: str(getattr(value, "pattern", value))[:40])
def test_a_sieve_passes_every_real_line_its_pattern_matches(pattern, search):
    sieve = BatchLines(LINES).passed(pattern, search, 0, len(LINES))
    if sieve is None:
        return  # no sieve: every line is asked in Python
    python = python_hits(pattern, search, LINES)
    dropped = [LINES[k] for k in np.flatnonzero(python & ~sieve)[:3]]
    assert not dropped, dropped


@settings(max_examples=200, deadline=None)
@given(st.lists(unicode_line, min_size=1, max_size=40))
def test_a_sieve_passes_every_line_of_any_unicode_its_pattern_matches(lines):
    batch = BatchLines(lines)
    for pattern, search in ASKED:
        sieve = batch.passed(pattern, search, 0, len(lines))
        if sieve is not None:
            assert not (python_hits(pattern, search, lines) & ~sieve).any(), (pattern.pattern[:60], lines)


@pytest.fixture()
def sieve_every_batch(monkeypatch):
    monkeypatch.setattr(engine, "MIN_LINES", 0)


def test_a_real_batch_sieved_is_cleaned_as_one_by_one(monkeypatch):
    one_by_one = [clean(text) for text in REAL]  # pages under MIN_LINES lines: no sieve
    monkeypatch.setattr(engine, "MIN_LINES", 0)
    assert clean_batch(REAL) == one_by_one


@settings(max_examples=100, deadline=None)
@given(st.lists(unicode_text, min_size=1, max_size=5))
def test_a_batch_of_any_unicode_sieved_is_cleaned_as_one_by_one(texts):
    one_by_one = [clean(text) for text in texts]
    before, engine.MIN_LINES = engine.MIN_LINES, 0
    try:
        assert clean_batch(texts) == one_by_one
    finally:
        engine.MIN_LINES = before


# Every character outside the exotic class, one string each (surrogates cannot cross into Rust).
PLAIN = [chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF]
PLAIN = [c for c, exotic in zip(PLAIN, pl.Series(PLAIN).str.contains(exotic_pattern()).to_list(), strict=True)
         if not exotic]


@pytest.mark.parametrize("cls", [r"\w", r"\W", r"\s", r"\S", r"\d", r"\D", r"\b\w", r".", r"[^a-z]"])
def test_on_plain_characters_the_two_engines_agree_on_each_class(cls):
    python = [re.match(cls, c) is not None for c in PLAIN]
    rust = pl.Series(PLAIN).str.contains(r"\A(?:" + cls + ")").to_list()
    differ = [c for c, a, b in zip(PLAIN, python, rust, strict=True) if a != b]
    assert not differ, [f"U+{ord(c):04X}" for c in differ[:10]]


def test_the_engines_fold_case_alike_but_for_the_odd_letters():
    """Every pair of characters that case mapping, case folding or Python's extra equivalences relate, one as the
    pattern and one as the text: Python's IGNORECASE and Rust's (?i) agree but where ODD_LETTERS take part."""
    from re._casefix import _EXTRA_CASES

    def related(c: str) -> set[str]:
        near = {c}
        for change in (str.lower, str.upper, str.casefold, str.title):
            changed = change(c)
            near |= {changed[0], changed[-1]}
        return near | {chr(e) for x in list(near) for e in _EXTRA_CASES.get(ord(x), ())}

    cased = [chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF
             and (chr(cp).lower() != chr(cp).upper() or chr(cp).casefold() != chr(cp) or cp in _EXTRA_CASES)]
    differ = set()
    for c in cased:
        near = sorted(related(c))
        if len(near) < 2:
            continue
        texts = pl.Series(near)
        for p in near:
            python = [re.fullmatch(re.escape(p), t, re.IGNORECASE) is not None for t in near]
            rust = texts.str.contains(rf"(?i)\A\x{{{ord(p):X}}}\z").to_list()
            differ |= {(p, t) for t, a, b in zip(near, python, rust, strict=True) if a != b}
    assert differ and all(ord(p) in ODD_LETTERS or ord(t) in ODD_LETTERS for p, t in differ), differ


def test_what_rust_cannot_read_as_python_does_gets_no_sieve():
    assert rust_sieve(re.compile(r"(\w+) \1"), False) is None  # a backreference
    assert rust_sieve(re.compile("[ı-ǿ]", re.IGNORECASE), True) is None  # a range over a letter folded differently
    # "ı" with IGNORECASE matches "i" and "I" in Python: the sieve asks for all four
    assert BatchLines(["Kırmızı", "kirmizi", "KIRMIZI"]).passed(re.compile("kırmızı", re.IGNORECASE), False, 0, 3).all()
    # look-arounds dropped, possessive repeats made plain: a wider sieve
    assert to_rust(re.compile(r"(?<!\.)x++(?=y)")) == r"(?:x)+"


@pytest.mark.parametrize(("pattern", "text"), [
    ("[^ı]", "i"), ("[^İ]", "I"), ("[^aı]", "i"), ("l[^ı]nk", "link"),  # negated: the Turkish letter alone
    (r"(?a:\b)x", "éx"),  # a group's own ASCII flag: no sieve
    ("(?i)[^\U00010400x]", "\U00010400"),  # Python's quirk: a negated class naming an astral letter, ignoring case
])
def test_the_review_s_counterexamples_pass_their_sieve(pattern, text):
    """Found by a review of the sieves (a random-pattern fuzzer and brute force over letters): each line Python
    matches passes the sieve, or the pattern gets none."""
    compiled = re.compile(pattern)
    assert compiled.search(text)
    if "(?a:" in pattern:
        assert rust_sieve(compiled, True) is None and rust_sieve(compiled, False) is None
    for search in (True, False):
        sieve = BatchLines([text, "plain"]).passed(compiled, search, 0, 2)
        python = (compiled.search if search else compiled.match)(text) is not None
        assert sieve is None or sieve[0] or not python


def test_a_sieve_polars_cannot_make_leaves_every_line_to_the_rules(monkeypatch):
    """A Unicode version or a pattern Polars' regex refuses, or a panic in it: no sieve, the same articles."""
    import pipeline.cleaning.columns as columns

    texts = REAL[:40]
    one_by_one = [clean(text) for text in texts]
    columns.exotic_pattern.cache_clear()
    monkeypatch.setattr(columns, "exotic_pattern", lambda: r"[^\p{Age:99.0}]")
    monkeypatch.setattr(engine, "MIN_LINES", 0)
    batch = BatchLines(["a line"])
    assert batch.passed(re.compile("a"), False, 0, 1) is None
    assert clean_batch(texts) == one_by_one
