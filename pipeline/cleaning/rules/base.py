"""What a rule is: a small named object that looks at a page of lines and reports what it would remove.

Rules never delete anything. They yield `Verdict`s; the engine (`pipeline.cleaning.engine`) keeps the first
whole-line verdict for each line, in registry order, and applies them all at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from pipeline.cleaning.columns import BatchLines
from pipeline.cleaning.rules.patterns import TERMINAL_PUNCTUATION
from pipeline.core.language import language_of
from pipeline.core.settings import CleanSettings
from pipeline.core.text import join_around, normalise, word_count


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank raw line: its 1-based number, its stripped content, and how far the raw line is
    indented (pages saved as text keep the nesting of their markup in the indentation)."""

    number: int
    text: str
    indent: int = 0


@dataclass(frozen=True, slots=True)
class Verdict:
    """Rule `rule` would remove line `index` (an index into `Page.lines`) as `kind`.

    With `cut`, only the characters text[start:end] go; the rest of the line stays in the body.
    """

    index: int
    kind: str
    rule: str
    cut: tuple[int, int] | None = None
    score: float | None = None  # the learned model's probability that the line is noise (rule "model" only)


@dataclass
class Page:
    """The non-blank lines of one dump and the verdicts reached so far."""

    lines: list[Line]
    settings: CleanSettings
    extract_title: bool = True
    whole: dict[int, Verdict] = field(default_factory=dict)
    cuts: dict[int, list[Verdict]] = field(default_factory=dict)
    title_index: int | None = None
    boilerplate: Collection[int] = frozenset()  # hashes (or a mapping from them) of lines learned across the source's documents
    pinned: frozenset[int] = frozenset()  # lines the user said to keep: no verdict claims them (`pipeline.cleaning.overrides`)
    cache: dict = field(default_factory=dict)  # per-page values a rule computes once for all its passes
    # the batch's lines, this page's from `offset` on: the rules' patterns asked of all of them at once (`sieve`)
    batch: BatchLines | None = None
    offset: int = 0

    def kind_of(self, index: int) -> str | None:
        verdict = self.whole.get(index)
        return verdict.kind if verdict else None

    def is_free(self, index: int) -> bool:
        """No rule has claimed the whole line yet."""
        return index not in self.whole

    def of_line(self, name: str, index: int, compute: Callable[[str], object]):
        """`compute` of line `index`'s text, computed once per page and kept under `name`: a line's text never
        changes, and rules ask the same lines in every pass."""
        values = self.cache.setdefault(name, {})
        if index not in values:
            values[index] = compute(self.lines[index].text)
        return values[index]

    def key(self, index: int) -> str:
        """The line's text normalised for comparing copies (`normalise`), computed once."""
        return self.of_line("keys", index, normalise)

    def sieve(self, *patterns: tuple[re.Pattern | None, bool]) -> np.ndarray | None:
        """For each line, False where none of `patterns` (each with whether it is searched anywhere, else matched at
        the start) can match it, found for the whole batch at once (`pipeline.cleaning.columns`); None when the page
        is not part of a batch that asks so, or a pattern has no sieve: then every line must be asked."""
        if self.batch is None:
            return None
        passed = None
        for pattern, search in patterns:
            if pattern is None:
                continue
            hits = self.batch.passed(pattern, search, self.offset, self.offset + len(self.lines))
            if hits is None:
                return None
            passed = hits if passed is None else passed | hits
        return passed if passed is not None else np.zeros(len(self.lines), dtype=bool)

    def sieved(self, *patterns: tuple[re.Pattern | None, bool]) -> Iterable[int]:
        """The indices of the lines that `patterns` may match (`sieve`), in order: every line when there is no sieve."""
        passed = self.sieve(*patterns)
        return range(len(self.lines)) if passed is None else np.flatnonzero(passed).tolist()

    def free_lines_passing(self, *sieves: np.ndarray | None) -> Iterator[tuple[int, Line]]:
        """(index, line) for each free line that one of `sieves` (`sieve`'s arrays) passes, in order; every free line
        when one of them is None (no sieve)."""
        if any(sieve is None for sieve in sieves) or not sieves:
            yield from self.free_lines()
            return
        passed = sieves[0] if len(sieves) == 1 else np.logical_or.reduce(sieves)
        lines, whole = self.lines, self.whole
        for i in np.flatnonzero(passed).tolist():
            if i not in whole:
                yield i, lines[i]

    def free_lines(self) -> Iterator[tuple[int, Line]]:
        """(index, line) for each line no rule has claimed whole yet."""
        whole = self.whole  # read as the caller goes: a line claimed meanwhile is skipped
        return ((i, line) for i, line in enumerate(self.lines) if i not in whole)

    def kept_text(self, index: int) -> str:
        """The line as it would stand in the body after the cuts reached so far."""
        text = self.lines[index].text
        cuts = self.cuts.get(index)
        if not cuts:
            return text  # most lines: nothing cut, nothing to sort
        for verdict in sorted(cuts, key=lambda v: v.cut[0], reverse=True):
            start, end = verdict.cut
            text = join_around(text[:start], text[end:])
        return text

    def word_counts(self) -> list[int]:
        """Each line's word count before any cut, computed once: a line's text never changes, and the contextual
        rules ask whether a line is prose in every pass."""
        counts = self.cache.get("word_counts")
        if counts is None:
            counts = self.cache["word_counts"] = [word_count(line.text) for line in self.lines]
        return counts

    def language(self) -> str | None:
        """The page's language (CLD2's ISO 639-1 code, as the row's `language`), read from its paragraphs, the lines
        of settings.min_prose_words words or more: a German page's English menu ("Home", "Login") is not its language.
        None when CLD2 can't tell (a page of a few short lines). Found once, when a rule first asks."""
        if "language" not in self.cache:
            least = self.settings.min_prose_words
            prose = [line.text for line, n in zip(self.lines, self.word_counts(), strict=True) if n >= least]
            self.cache["language"] = language_of("\n".join(prose or [line.text for line in self.lines]))[0]
        return self.cache["language"]


class Rule:
    """Base of every rule. Subclasses set `name` and `kind` and implement `find`."""

    name: str = ""
    kind: str = ""
    # Whether the rule looks beyond a line's own text (its neighbours, other verdicts, its place). Only
    # such rules can find more once other lines are removed, so only they run again (see `judge`).
    contextual: bool = True

    def find(self, page: Page) -> Iterator[Verdict]:
        raise NotImplementedError

    def whole(self, index: int, kind: str | None = None) -> Verdict:
        return Verdict(index, kind or self.kind, self.name)

    def cut(self, index: int, start: int, end: int) -> Verdict:
        return Verdict(index, self.kind, self.name, (start, end))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class LineRule(Rule):
    """A rule that judges each free line on its own text, by one or more regexes.

    Subclass it with class attributes, or make one from data: `LineRule("byline_by", "byline", (re...,))`. A subclass
    may ask more of a line in `matches`, never less: a line none of `patterns` matches is not the rule's (the batch
    asks the patterns of every line at once and hands `matches` only the lines they may match).
    """

    contextual = False
    patterns: tuple[re.Pattern, ...] = ()
    search: bool = False  # match anywhere, not only at the start
    max_chars: int | None = None  # longer lines are prose, whatever they contain
    _scan_of: tuple | None = None  # (patterns, the call that asks them all): `_scan`, made when first asked

    def __init__(self, name: str | None = None, kind: str | None = None, patterns: tuple[re.Pattern, ...] | None = None,
                 *, search: bool | None = None, max_chars: int | None = None) -> None:
        self.name = name or self.name
        self.kind = kind or self.kind
        self.patterns = patterns if patterns is not None else self.patterns
        self.search = self.search if search is None else search
        self.max_chars = max_chars if max_chars is not None else self.max_chars

    def matches(self, text: str, page: Page) -> bool:
        if self.max_chars is not None and len(text) > self.max_chars:
            return False
        return self._scan()(text) is not None

    def _scan(self) -> Callable[[str], re.Match | None]:
        """One call that matches where any of the patterns does: the one pattern's own, or their alternation
        (made once, kept while the patterns are the same); a loop over the patterns when they cannot be joined."""
        if self._scan_of is not None and self._scan_of[0] is self.patterns:
            return self._scan_of[1]
        try:
            either = self.patterns[0] if len(self.patterns) == 1 else _alternation(list(self.patterns))
        except (ValueError, re.error):  # a backreference, a global flag, a group named twice: one by one
            either = None
        if either is None:
            scan = self._each_search if self.search else self._each_match
        else:
            scan = either.search if self.search else either.match
        self._scan_of = (self.patterns, scan)
        return scan

    def _each_match(self, text: str) -> re.Match | None:
        return next((m for m in (p.match(text) for p in self.patterns) if m), None)

    def _each_search(self, text: str) -> re.Match | None:
        return next((m for m in (p.search(text) for p in self.patterns) if m), None)

    def find(self, page: Page) -> Iterator[Verdict]:
        whole = page.whole
        for i in sorted(self.matching_lines(page)):
            if i not in whole:
                yield self.whole(i)

    def matching_lines(self, page: Page) -> frozenset[int]:
        """The lines `matches` takes, found once per page for all passes: `matches` looks at a line's text alone,
        which never changes, and a contextual rule asks again in every pass. One alternation of the patterns
        answers for each line what the loop over them would."""
        key = ("matching_lines", id(self))
        found = page.cache.get(key)
        if found is None:
            found = page.cache[key] = frozenset(self._scan_lines(page))
        return found

    def _scan_lines(self, page: Page) -> Iterator[int]:
        lines = page.lines
        asked = page.sieved(*((pattern, self.search) for pattern in self.patterns)) if self.patterns else range(len(lines))
        if type(self).matches is not LineRule.matches or not self.patterns:
            yield from (i for i in asked if self.matches(lines[i].text, page))
            return
        scan = self._scan()
        limit = self.max_chars
        yield from (i for i in asked if (limit is None or len(lines[i].text) <= limit) and scan(lines[i].text))


def lines_matching(page: Page, pattern: re.Pattern) -> list[int]:
    """The indices of the lines `pattern` matches at their start, in order, found once per page: a line's text never
    changes, and the contextual rules that look for a header ask again in every pass."""
    key = ("lines_matching", pattern)
    found = page.cache.get(key)
    if found is None:
        match, lines = pattern.match, page.lines
        found = page.cache[key] = [i for i in page.sieved((pattern, False)) if match(lines[i].text)]
    return found


def is_text_rule(rule: Rule) -> bool:
    """A rule that judges a line by its own text and patterns alone (LineRule's own `find` and `matches`)."""
    return (isinstance(rule, LineRule) and not rule.contextual and type(rule).find is LineRule.find
            and type(rule).matches is LineRule.matches)


class PatternScan:
    """Consecutive text rules (`is_text_rule`) run as one scan. Each free line meets one alternation of all
    their patterns first: most lines match none, and one regex call rejects them where each rule's own
    patterns took a call each. A line that passes goes to the rules in order and the first that matches claims
    it, which is what running them one after another gives, since none of them looks beyond the line."""

    def __init__(self, rules: Iterable[LineRule]) -> None:
        self.rules = tuple(rules)
        # A pattern searched for but anchored at the line's start ("^Follow ...") can only match there: it joins
        # the patterns matched at the start, and the search over every position is left to the few that need it.
        searched = [p for rule in self.rules if rule.search for p in rule.patterns]
        self._at_start = _alternation([p for rule in self.rules if not rule.search for p in rule.patterns]
                                      + [p for p in searched if _anchored(p)])
        self._anywhere = _alternation([p for p in searched if not _anchored(p)])

    def may_match(self, text: str) -> bool:
        return bool((self._at_start and self._at_start.match(text)) or (self._anywhere and self._anywhere.search(text)))

    def find(self, page: Page, skipped: frozenset[str]) -> Iterator[Verdict]:
        rules = [rule for rule in self.rules if rule.name not in skipped]
        if not rules:
            return
        for i, line in page.free_lines_passing(page.sieve((self._at_start, False), (self._anywhere, True))):
            if self.may_match(line.text):
                rule = next((rule for rule in rules if rule.matches(line.text, page)), None)
                if rule is not None:
                    yield rule.whole(i)


_INLINE_FLAGS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"), (re.VERBOSE, "x"))
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")  # "(?i)" at a pattern's start: not allowed inside an alternation
# would point at another pattern's group inside the alternation: \1, (?P=name), a conditional (?(1)...)
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def _anchored(pattern: re.Pattern) -> bool:
    """Whether every match of `pattern` starts at the string's start: it opens with "^" (or "\\A") outside any
    alternative and is not MULTILINE, so `search` finds what `match` does."""
    if pattern.flags & re.MULTILINE:
        return False
    try:
        parsed = re._parser.parse(pattern.pattern, pattern.flags)  # the parse `re.compile` makes
    except Exception:  # noqa: BLE001 - a parser that changed: ask the pattern everywhere, as before
        return False
    return bool(parsed.data) and parsed.data[0] in ((re._constants.AT, re._constants.AT_BEGINNING),
                                                    (re._constants.AT, re._constants.AT_BEGINNING_STRING))


def _alternation(patterns: list[re.Pattern]) -> re.Pattern | None:
    """One regex matching where any of `patterns` matches, each keeping its own flags."""
    if not patterns:
        return None
    parts = []
    for pattern in patterns:
        if pattern.flags & re.ASCII or _GLOBAL_FLAGS.match(pattern.pattern):
            raise ValueError(f"{pattern.pattern!r}: flags the scan cannot scope; give them to re.compile")
        if _BACKREFERENCE.search(pattern.pattern):
            raise ValueError(f"{pattern.pattern!r}: a backreference the scan cannot keep; make it a rule of its own")
        flags = "".join(letter for flag, letter in _INLINE_FLAGS if pattern.flags & flag)
        parts.append(f"(?{flags}:{pattern.pattern})" if flags else f"(?:{pattern.pattern})")
    return re.compile("|".join(parts))


def ends_sentence(text: str) -> bool:
    return text.endswith(tuple(TERMINAL_PUNCTUATION))


def inside_a_sentence(page: Page, index: int) -> bool:
    """Whether line `index` is a piece of a sentence that a scraper split at a link: the line before runs on into
    it (no sentence end) and the line after carries the sentence on (it opens in lower case or with punctuation).
    "... fears of a jihadist attack, as" / "Reuters" / "reported,": the agency there is the sentence's word, not a
    picture's credit. The neighbours are the nearest lines still on the page, as they stand (removed lines and
    blank lines skipped, cut pieces gone): cleaning the result again, whose paragraphs stand a blank line apart
    and hold no removed line, must judge the line the same (idempotence; hypothesis found "The council said on
    Tuesday" / "0©" / "a", where the title and the model took the neighbours)."""
    whole = page.whole
    before = next((j for j in range(index - 1, -1, -1) if j not in whole and page.kept_text(j)), None)
    after = next((j for j in range(index + 1, len(page.lines)) if j not in whole and page.kept_text(j)), None)
    if before is None or after is None or ends_sentence(page.kept_text(before)):
        return False
    first = page.kept_text(after)[:1]
    return first in ".,;:)]!?" or first.islower()


def story_span(page: Page) -> tuple[int, int]:
    """The indices of the story's first and last paragraphs (free prose lines), looked for from each end; (number
    of lines, -1) when there is none. A line before the first or after the last is at the story's edges."""
    n = len(page.lines)
    prose = prose_flags(page)
    whole = page.whole
    first = next((i for i in range(n) if i not in whole and prose[i]), n)
    last = next((i for i in range(n - 1, -1, -1) if i not in whole and prose[i]), -1)
    return first, last


def is_prose(page: Page, index: int) -> bool:
    """A line long enough to be an article's paragraph, not furniture (settings.min_prose_words), counting
    only what stays of it after the cuts found so far."""
    if page.cuts.get(index):
        return word_count(page.kept_text(index)) >= page.settings.min_prose_words
    return _uncut_prose(page)[index]  # nothing cut: the line's own count decides


def _uncut_prose(page: Page) -> list[bool]:
    """`is_prose` of every line as if nothing were cut, computed once per page."""
    flags = page.cache.get("uncut_prose")
    if flags is None:
        least = page.settings.min_prose_words
        flags = page.cache["uncut_prose"] = [n >= least for n in page.word_counts()]
    return flags


def prose_flags(page: Page) -> list[bool]:
    """`is_prose` of every line, for a rule that asks it of many: the uncut lines' flags computed once, the few
    lines with a cut asked again."""
    flags = _uncut_prose(page)
    cut = [i for i, cuts in page.cuts.items() if cuts]
    if cut:
        flags = flags.copy()
        for i in cut:
            flags[i] = is_prose(page, i)
    return flags


def letters_upper_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(c.isupper() for c in letters) / len(letters)
