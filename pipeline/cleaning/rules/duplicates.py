"""Repeated text: captions shown twice, pull quotes, a headline repeated above the byline."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from pipeline.cleaning.rules.base import Page, Rule, Verdict, is_prose
from pipeline.core.text import line_hash, normalise, word_count

_ATTRIBUTION_RE = re.compile(r"(?<=[”\"])\s*[-–—―]\s*[A-Z][^“”\"]{0,120}$")


_BRACKETED_RE = re.compile(r"^[\(\[].*[\)\]]$")
_SPEAKER_RE = re.compile(r"^[A-Z][A-Z .,'’-]{1,60}:\s")  # "SCOTT DETROW, HOST: ...", "GOVERNOR: ..."


def shingles(words: list[str], n: int = 4) -> set[tuple[str, ...]]:
    return set(zip(*(words[k:] for k in range(n)), strict=False))  # the shorter tails end it


class RepeatedCaption(Rule):
    """Every copy of a caption is a caption, including copies cut off at another point:
    scrapers keep the lead photo's caption and the gallery's copy of it."""

    name = "repeated_caption"
    kind = "caption"

    def find(self, page: Page) -> Iterator[Verdict]:
        width = page.settings.repeat_prefix_chars
        keys = {}
        for i in [i for i, verdict in page.whole.items() if verdict.kind == "caption"]:
            key = page.key(i)
            keys[key[:width]] = True
            keys[key] = True
        if not keys:
            return  # no caption, so no copy of one
        for i, _ in page.free_lines():
            key = page.key(i)
            if len(key) >= page.settings.min_duplicate_chars and (key in keys or key[:width] in keys and len(key) >= width):
                yield self.whole(i)


def title_keys(page: Page) -> set[str]:
    """The headline, normalised, with and without its " - Site" suffix."""
    if page.title_index is None:
        return set()
    title = page.lines[page.title_index].text
    keys = {normalise(title)}
    for separator in (" - ", " | ", " – ", " — "):
        if separator in title:
            keys.add(normalise(title.rsplit(separator, 1)[0]))
    return keys


class _Copies(Rule):
    """A rule whose lines are copies found once per page (`_copies`): which line copies which depends only on the
    lines and the title, never on what other rules took, so each pass asks only which copies are still free."""

    kind = "duplicate"

    def find(self, page: Page) -> Iterator[Verdict]:
        for i in self._copies(page):
            if page.is_free(i):
                yield self.whole(i)

    @staticmethod
    def _copies(page: Page) -> list[int]:
        raise NotImplementedError


class RepeatedTitle(_Copies):
    """A copy of the headline (ignoring case and punctuation, with or without its " - Site" suffix) further down
    the page: the headline shown again above the byline or the story."""

    name = "repeated_title"

    @staticmethod
    def _copies(page: Page) -> list[int]:
        """The lines that copy the headline, found once per headline: lines do not change, and the title is set once."""
        key = ("repeated_title", page.title_index)
        if key not in page.cache:
            keys = title_keys(page)
            least = page.settings.min_duplicate_chars
            page.cache[key] = [i for i in range(len(page.lines)) if keys and i != page.title_index
                               and page.key(i) in keys and len(page.key(i)) >= least]
        return page.cache[key]


class RepeatedLine(_Copies):
    """A later exact copy (ignoring case and punctuation) of an earlier line is a duplicate; the first copy stays
    what it is."""

    name = "repeated_line"

    @staticmethod
    def _copies(page: Page) -> list[int]:
        """The later copies, found once per headline (the title is set once)."""
        cache_key = ("repeated_line", page.title_index)
        if cache_key in page.cache:
            return page.cache[cache_key]
        copies = []
        seen: set[str] = title_keys(page)
        for i, line in enumerate(page.lines):
            key = page.key(i)
            if i == page.title_index or len(key) < page.settings.min_duplicate_chars:
                continue
            if _BRACKETED_RE.match(line.text) or _SPEAKER_RE.match(line.text):
                continue  # a transcript repeats its stage directions and its speakers repeat themselves
            if key in seen:
                copies.append(i)
            seen.add(key)
        page.cache[cache_key] = copies
        return copies


class PullQuote(Rule):
    """A pull quote repeats a sentence of a longer paragraph, often with an attribution:
    "“The existence of drugs like Ozempic have me thinking, ...” - Becca, 26". The shorter copy is the
    duplicate wherever it stands; the paragraph it was taken from is kept."""

    name = "pull_quote"
    kind = "duplicate"

    def find(self, page: Page) -> Iterator[Verdict]:
        s = page.settings
        lengths, grams, where = self._index(page)
        for i, line in page.free_lines():
            if len(line.text) > s.pull_quote_max_chars or word_count(line.text) < s.pull_quote_min_words or not grams[i]:
                continue
            shared = Counter(j for gram in grams[i] for j in where[gram] if j != i)
            if any(n >= s.pull_quote_overlap * len(grams[i]) and lengths[j] > lengths[i] and page.is_free(j)
                   for j, n in shared.items()):
                yield self.whole(i)

    @staticmethod
    def _index(page: Page) -> tuple[list[int], list[set], dict]:
        """Each line's word count and 4-grams, and which lines hold each 4-gram; computed once per page."""
        if "pull_quote" not in page.cache:
            words = [(normalise(_ATTRIBUTION_RE.sub("", line.text)) if "”" in line.text or '"' in line.text
                      else page.key(i)).split() for i, line in enumerate(page.lines)]
            grams = [shingles(w) for w in words]
            where: dict[tuple, list[int]] = {}
            for j, own in enumerate(grams):
                for gram in own:
                    where.setdefault(gram, []).append(j)
            page.cache["pull_quote"] = ([len(w) for w in words], grams, where)
        return page.cache["pull_quote"]


class RepeatedAcrossSource(Rule):
    """A line learned as boilerplate of the page's source (`pipeline.ingest.boilerplate`). Its kind follows its
    place: before the story's first paragraph it is page chrome, after the last one furniture, inside
    the story a link or promo."""

    name = "repeated_across_source"
    kind = "footer"

    def find(self, page: Page) -> Iterator[Verdict]:
        if not page.boilerplate:
            return
        prose = [i for i, _ in page.free_lines() if is_prose(page, i)]
        first, last = (prose[0], prose[-1]) if prose else (len(page.lines), -1)
        for i, _ in page.free_lines():
            if line_hash(page.key(i)) in page.boilerplate:
                yield self.whole(i, "widget" if i < first else "footer" if i > last else "related")
