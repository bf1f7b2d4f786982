"""Rules a user adds without writing a class: a name, the kind of noise, regexes per language, and where on the page
the line must stand.

    from pipeline import CleanSettings, PatternRule, clean

    promo = PatternRule("shop_promo", "ad", {"*": [r"shop (?:the|this) look\\b"], "de": [r"jetzt kaufen\\b"]},
                        where="after_story")
    clean(text, CleanSettings(rules=(promo,)))

A user's rule runs before the built-in ones (the user's word wins a line, as their overrides do) and every line it
removes is recorded under its name, as any rule's. `check_settings` (the registry) checks its name, kind, place and
patterns before the first page is cleaned.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from pipeline.cleaning.rules.base import Page, Rule, Verdict, _alternation, story_span

# Where a line must stand for the rule to take it, relative to the story (its first and last paragraphs of
# settings.min_prose_words words or more, `story_span`): a "Shop the look" line between paragraphs may be the
# article's own sentence, the same line after the last one is furniture.
PLACES = ("anywhere", "before_story", "after_story", "outside_story")
# The key of the patterns asked on a page of any language.
ANY_LANGUAGE = "*"
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


class PatternRule(Rule):
    """A line rule from data. `patterns` are regexes as strings, either one list for pages of every language or a
    mapping from a language's ISO 639-1 code (as the row's `language`: CLD2's) to its list, with "*" for every page.
    A line is removed whole when one of the patterns for its page's language matches at its start (anywhere in it
    with `search=True`), it is at most `max_chars` long, and it stands `where` the rule asks. Patterns ignore case
    unless `ignore_case=False`."""

    def __init__(self, name: str, kind: str, patterns: Mapping[str, Sequence[str]] | Sequence[str], *,
                 where: str = "anywhere", search: bool = False, max_chars: int | None = None,
                 ignore_case: bool = True) -> None:
        self.name = name
        self.kind = kind
        self.patterns = patterns
        self.where = where
        self.search = search
        self.max_chars = max_chars
        self.ignore_case = ignore_case
        self._compiled: dict[str, Callable[[str], re.Match | None]] = {}  # per language, made when first asked

    @property
    def contextual(self) -> bool:  # a rule that asks where the story is may find more once other lines go
        return self.where != "anywhere"

    def by_language(self) -> dict[str, tuple[str, ...]]:
        """The patterns as {language or "*": patterns}."""
        if isinstance(self.patterns, str):
            return {ANY_LANGUAGE: (self.patterns,)}
        if isinstance(self.patterns, Mapping):
            return {str(lang): (tuple(p) if not isinstance(p, str) else (p,)) for lang, p in self.patterns.items()}
        return {ANY_LANGUAGE: tuple(self.patterns)}

    def problems(self, known_kinds: Sequence[str]) -> list[str]:
        """What is wrong with the rule, each said so that its author can fix it; [] when nothing is."""
        said = []
        if not isinstance(self.name, str) or not _NAME.fullmatch(self.name):
            said.append(f"name {self.name!r} must be lower-case letters, digits and '_', starting with a letter")
        if self.kind not in known_kinds:
            said.append(f"kind {self.kind!r} is not one of {', '.join(known_kinds)}")
        if self.where not in PLACES:
            said.append(f"where={self.where!r} is not one of {', '.join(PLACES)}")
        if self.max_chars is not None and (not isinstance(self.max_chars, int) or self.max_chars < 1):
            said.append(f"max_chars={self.max_chars!r} must be a positive whole number or None")
        if not isinstance(self.patterns, (str, Mapping, Sequence)):
            return [*said, "patterns must be a list of regexes or a mapping from a language code (or '*') to one"]
        languages = self.by_language()
        if not any(languages.values()):
            said.append("it has no patterns")
        for language, patterns in languages.items():
            if language != ANY_LANGUAGE and not _LANGUAGE.fullmatch(language):
                said.append(f"{language!r} is not a language code (ISO 639-1, as 'en', 'de', 'ja') or '*'")
            for pattern in patterns:
                if not isinstance(pattern, str):
                    said.append(f"pattern {pattern!r} ({language}) is not a string")
                    continue
                try:
                    re.compile(pattern, re.IGNORECASE if self.ignore_case else 0)
                except re.error as error:
                    said.append(f"pattern {pattern!r} ({language}) is not a valid regex: {error}")
        return said

    def _scan(self, language: str | None):
        """The match (or search) of the patterns that apply to a page in `language`: one alternation of them, or one
        pattern at a time where they cannot be joined (a global flag such as "(?i)", a backreference)."""
        key = language or ""
        scan = self._compiled.get(key)
        if scan is None:
            languages = self.by_language()
            flags = re.IGNORECASE if self.ignore_case else 0
            patterns = [re.compile(p, flags) for p in
                        (*languages.get(ANY_LANGUAGE, ()), *(languages.get(language, ()) if language else ()))]
            try:
                either = _alternation(patterns)
            except (ValueError, re.error):
                either = None
            if not patterns:
                scan = _NEVER
            elif either is not None:
                scan = either.search if self.search else either.match
            else:
                asks = [p.search if self.search else p.match for p in patterns]
                scan = lambda text: next((m for m in (ask(text) for ask in asks) if m), None)  # noqa: E731
            self._compiled[key] = scan
        return scan

    def find(self, page: Page) -> Iterator[Verdict]:
        languages = self.by_language()
        language = page.language() if set(languages) - {ANY_LANGUAGE} else None
        scan = self._scan(language)
        if scan is _NEVER:
            return
        first, last = story_span(page) if self.where != "anywhere" else (len(page.lines), -1)
        for i, line in page.free_lines():
            if self.max_chars is not None and len(line.text) > self.max_chars:
                continue
            if not _stands(self.where, i, first, last):
                continue
            if scan(line.text):
                yield Verdict(i, self.kind, self.name)

    def spec(self) -> dict:
        """What decides the lines the rule takes, as plain data: the same for the same rule however its patterns were
        written (one list, or {"*": list})."""
        return {"name": self.name, "kind": self.kind, "where": self.where, "search": self.search,
                "max_chars": self.max_chars, "ignore_case": self.ignore_case,
                "patterns": {language: list(patterns) for language, patterns in sorted(self.by_language().items())}}

    def __getstate__(self) -> dict:
        # sent to worker processes without its compiled scans, made again where it runs: one may be a lambda
        return {**self.__dict__, "_compiled": {}}

    def __repr__(self) -> str:
        return f"<PatternRule {self.name} ({self.kind}, {self.where})>"


def rules_digest(rules: Iterable[object]) -> str:
    """Eight hex digits that change whenever the user's rules would clean differently: each PatternRule's `spec`, in
    order (the first rule wins a line). Of a subclass of Rule only its class, name and kind are known here, not its
    code."""
    specs = [rule.spec() if isinstance(rule, PatternRule) else
             {"class": f"{type(rule).__module__}.{type(rule).__qualname__}", "name": getattr(rule, "name", None),
              "kind": getattr(rule, "kind", None)} for rule in rules]
    return hashlib.sha256(json.dumps(specs, sort_keys=True, ensure_ascii=False, default=repr).encode()).hexdigest()[:8]


def _stands(where: str, index: int, first: int, last: int) -> bool:
    if where == "anywhere":
        return True
    before, after = index < first, index > last
    return {"before_story": before, "after_story": after, "outside_story": before or after}[where]


def _NEVER(text: str) -> None:  # noqa: N802 - a constant that is called: no pattern applies to the page's language
    return None
