"""The rules' patterns as columns: every line of a batch asked each pattern in one call of Polars' Rust regex.

The rules' regexes are Python's (`re`): look-arounds, possessive repeats, Python's own `\\w` and case folding. Rust's
regex has no look-around and differs on a few characters, so a Rust column is not the answer, it is a sieve: each
pattern is rewritten (`to_rust`) into one that matches wherever the Python one matches (look-arounds dropped,
possessive and atomic repeats made plain), and only the lines it passes are asked in Python. Where the two regex
engines may disagree on a line's characters (`exotic_pattern`: controls, combining marks, symbols, the Turkish dotted and
dotless i, which Python and Rust fold differently, and characters newer than Python's Unicode), the line passes every
sieve. So the
rules decide exactly as before; what changes is how many lines Python asks.

A small batch is asked in Python alone: a Polars call costs tens of microseconds whatever its length, and a page of
fifty lines asks its patterns faster line by line (`MIN_LINES`).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from functools import cache

import numpy as np

log = logging.getLogger(__name__)

# Below this many lines in a batch, the sieves are not made: every line is asked in Python.
MIN_LINES = 2_000

_C = re._constants  # the parse that `re.compile` makes (`re._parser`), walked to write the Rust pattern
_FLAG_LETTERS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"))


def _letters(flags: int) -> str:
    """The inline letters of the flags both engines share ("ims")."""
    return "".join(letter for flag, letter in _FLAG_LETTERS if flags & flag)


class NotRewritable(ValueError):
    """A pattern the sieve cannot widen into Rust's syntax (a backreference, a conditional group): every line is
    asked in Python."""


def to_rust(pattern: re.Pattern) -> str:
    """A Rust-regex pattern that matches, at the same place of the same text, wherever `pattern` does on a line of no
    exotic character (`exotic_pattern`); it may match where `pattern` does not (look-arounds are dropped). Raises NotRewritable."""
    if pattern.flags & re.ASCII or pattern.flags & re.LOCALE:
        raise NotRewritable(f"{pattern.pattern!r}: ASCII or LOCALE flag")
    try:
        parsed = re._parser.parse(pattern.pattern, pattern.flags)
    except Exception as error:  # noqa: BLE001 - a parser that changed: no sieve
        raise NotRewritable(str(error)) from error
    _refuse_what_differs(parsed.data, bool(parsed.state.flags & re.IGNORECASE))
    flags = _letters(parsed.state.flags)
    body = _emit(parsed.data)
    return f"(?{flags}){body}" if flags else body


def _refuse_what_differs(items, ignore_case: bool) -> None:
    """Raise NotRewritable for what the two engines read differently whatever the line: a group's own ASCII flag
    (`(?a:\\W)`: Python's ASCII classes are wider than Rust's Unicode ones in their negations), and a negated class
    that names a letter beyond U+FFFF under IGNORECASE (Python's `(?i)[^\\U00010400x]` matches U+10400 itself)."""
    for op, arg in items:
        if op is _C.SUBPATTERN:
            _, add, remove, inner = arg
            if add & (re.ASCII | re.LOCALE):
                raise NotRewritable("a group with its own ASCII or LOCALE flag")
            _refuse_what_differs(inner, (ignore_case or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE)
        elif op is _C.IN and ignore_case and arg and arg[0][0] is _C.NEGATE:
            if any((o is _C.LITERAL and a > 0xFFFF) or (o is _C.RANGE and a[1] > 0xFFFF) for o, a in arg[1:]):
                raise NotRewritable("a negated class naming a letter beyond U+FFFF, with IGNORECASE")
        elif op is _C.BRANCH:
            for branch in arg[1]:
                _refuse_what_differs(branch, ignore_case)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            _refuse_what_differs(arg[2], ignore_case)
        elif op is _C.ATOMIC_GROUP:
            _refuse_what_differs(arg, ignore_case)


def _emit(items) -> str:
    return "".join(_item(op, arg) for op, arg in items)


def _item(op, arg) -> str:  # noqa: C901, PLR0911, PLR0912 - one case per opcode of Python's regex parse
    if op is _C.LITERAL:
        return _char(arg)
    if op is _C.NOT_LITERAL:
        return f"[^{_char(arg, in_class=True, negated=True)}]"
    if op is _C.ANY:
        return "."
    if op is _C.IN:
        return _class(arg)
    if op is _C.BRANCH:
        return "(?:" + "|".join(_emit(branch) for branch in arg[1]) + ")"
    if op is _C.SUBPATTERN:
        _, add, remove, inner = arg
        off = _letters(remove)
        flags = _letters(add) + (f"-{off}" if off else "")
        return f"(?{flags}:{_emit(inner)})"
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
        low, high, inner = arg
        if high is _C.MAXREPEAT or high == _C.MAXREPEAT:
            count = {0: "*", 1: "+"}.get(low, f"{{{low},}}")
        elif low == 0 and high == 1:
            count = "?"
        else:
            count = f"{{{low}}}" if low == high else f"{{{low},{high}}}"
        lazy = "?" if op is _C.MIN_REPEAT else ""  # possessive: plain greedy matches wherever it does
        return f"(?:{_emit(inner)}){count}{lazy}"
    if op is _C.ATOMIC_GROUP:
        return f"(?:{_emit(arg)})"
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        return ""  # a look-around only ever narrows a match: without it, a wider sieve
    if op is _C.AT:
        return {_C.AT_BEGINNING: "^", _C.AT_BEGINNING_STRING: r"\A", _C.AT_END: "$", _C.AT_END_STRING: r"\z",
                _C.AT_BOUNDARY: r"\b", _C.AT_NON_BOUNDARY: r"\B"}[arg]
    raise NotRewritable(f"{op}: no Rust counterpart")


_CATEGORIES = {_C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_NOT_DIGIT: r"\D", _C.CATEGORY_SPACE: r"\s",
               _C.CATEGORY_NOT_SPACE: r"\S", _C.CATEGORY_WORD: r"\w", _C.CATEGORY_NOT_WORD: r"\W"}


def _class(items) -> str:
    negate = bool(items) and items[0][0] is _C.NEGATE
    parts = []
    for op, arg in items[1:] if negate else items:
        if op is _C.LITERAL:
            parts.append(_char(arg, in_class=True, negated=negate))
        elif op is _C.RANGE:
            if any(arg[0] <= cp <= arg[1] for cp in ODD_LETTERS):
                raise NotRewritable("a range holding a letter the two engines fold differently")
            parts.append(f"{_char(arg[0], in_class=True)}-{_char(arg[1], in_class=True)}")
        elif op is _C.CATEGORY:
            parts.append(_CATEGORIES[arg])
        else:
            raise NotRewritable(f"{op} in a class")
    return "[" + ("^" if negate else "") + "".join(parts) + "]"


def _char(code: int, in_class: bool = False, negated: bool = False) -> str:
    if code in ODD_LETTERS and not negated:  # with IGNORECASE Python takes "i" and "I" for it: all four, a wider sieve
        return r"\x{130}\x{131}iI" if in_class else r"[\x{130}\x{131}iI]"
    # negated, the letter alone: Rust folds it to nothing else, so its "anything but" is at least as wide as Python's
    char = chr(code)
    if char.isalnum() and code < 128:
        return char
    return f"\\x{{{code:X}}}"  # any other character, spelt so that neither engine reads it as syntax


# The letters whose case Python's regex and Rust's fold differently: with IGNORECASE Python takes "i" and "I" for
# the Turkish "İ" and "ı", Rust does not. Found by comparing the two engines on every pair of letters that case
# mapping, case folding or Python's own extra equivalences (`re._casefix`) relate
# (tests/cleaning/test_columns.py asks again). A line holding one passes every sieve; a pattern naming one asks for all
# four (in a negated class, for itself alone).
ODD_LETTERS = frozenset({0x130, 0x131})


@cache
def exotic_pattern() -> str:
    """Rust's class of the characters where its regex and Python's may disagree: everything but letters, decimal
    digits, spaces (Zs), punctuation but the connectors other than "_" (Rust's `\\w` holds them), the math, currency
    and modifier symbols, and tab; ODD_LETTERS; and the characters that Unicode assigned after the version of
    Python's own database (Rust's is newer: a letter to Rust is unassigned to Python's `\\w`)."""
    listed = "".join(f"\\x{{{cp:X}}}" for cp in sorted(ODD_LETTERS))
    major, minor = unicodedata.unidata_version.split(".")[:2]
    return (rf"[^\p{{L}}\p{{Nd}}\p{{Zs}}\p{{P}}\p{{Sm}}\p{{Sc}}\p{{Sk}}\t]|[\p{{Pc}}--_]|[{listed}]"
            rf"|[^\p{{Age:{major}.{minor}}}]")


@cache
def rust_sieve(pattern: re.Pattern, search: bool) -> str | None:
    """The Rust pattern for `pattern` matched at the line's start (`search`: anywhere), None when there is none."""
    try:
        rust = to_rust(pattern)
    except NotRewritable:
        return None
    return rust if search else rf"\A(?:{rust})"


class BatchLines:
    """Every line of a batch, in page order, and the sieves asked of them so far (one Polars call each, made when a
    rule first asks). `passed(pattern, search, start, end)` is a boolean array over lines start..end: False only where
    `pattern` surely does not match."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self._series = None
        self._exotic: np.ndarray | None = None
        self._sieves: dict[tuple[re.Pattern, bool], np.ndarray | None] = {}

    def passed(self, pattern: re.Pattern, search: bool, start: int, end: int) -> np.ndarray | None:
        key = (pattern, search)
        if key not in self._sieves:
            self._sieves[key] = self._sieve(pattern, search)
        sieve = self._sieves[key]
        return None if sieve is None else sieve[start:end]

    def _sieve(self, pattern: re.Pattern, search: bool) -> np.ndarray | None:
        rust = rust_sieve(pattern, search)
        if rust is None:
            return None

        # Whatever goes wrong in Polars (a pattern or a Unicode version its regex refuses, a panic, which is no
        # Exception) leaves the rules to ask every line themselves: a sieve is an optimisation, never a failure.
        try:
            if self._series is None:
                self._series, surrogates = _series(self.texts)
                exotic = self._series.str.contains(exotic_pattern()).to_numpy()
                self._exotic = exotic if surrogates is None else exotic | surrogates
            if self._exotic is None:
                return None
            hits = self._series.str.contains(rust).to_numpy()
        except BaseException as error:  # noqa: BLE001 - polars.exceptions.PanicException derives from BaseException
            if isinstance(error, (KeyboardInterrupt, SystemExit, GeneratorExit)):
                raise
            log.warning("a sieve over %d lines failed (%s: %s): its rules ask every line", len(self.texts),
                        type(error).__name__, error)
            return None
        return hits | self._exotic


def _series(texts: Sequence[str]):
    """The lines as a Polars column, and which of them held a lone surrogate (None when none did): such a character
    cannot cross into Rust, so it stands as U+FFFD there and its line passes every sieve."""
    import polars as pl

    try:
        "\n".join(texts).encode("utf-8")
    except UnicodeEncodeError:
        surrogates = np.zeros(len(texts), dtype=bool)
        mended = list(texts)
        for k, text in enumerate(texts):
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                surrogates[k] = True
                mended[k] = text.encode("utf-8", "replace").decode("utf-8")
        return pl.Series(mended, dtype=pl.String), surrogates
    return pl.Series(texts, dtype=pl.String), None
