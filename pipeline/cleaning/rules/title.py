"""The headline: a "Title: ..." header, or a first line shaped like a headline."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.cleaning.rules.base import Page, Rule, Verdict, ends_sentence
from pipeline.cleaning.rules.patterns import BARE_DATE_RE, BYLINE_SOURCE_RE, DATELINE_RE
from pipeline.core.text import word_count

TITLE_HEADER_RE = re.compile(r"^Title:\s*\S")
# Quoted lines open a section or repeat a quote ("‘Bananas are mushy, musty and alarmingly yellow’"):
# a headline may quote, but does not start and end as one quotation.
_QUOTED_RE = re.compile(r"^[‘“\"'].*[’”\"']$")


def looks_like_headline(text: str, max_words: int) -> bool:
    return (
        3 <= word_count(text) <= max_words
        and (not ends_sentence(text) or text.endswith("?"))
        and not _QUOTED_RE.match(text)
        and not BARE_DATE_RE.match(text)
        and not DATELINE_RE.match(text)
        and not BYLINE_SOURCE_RE.match(text)  # "/ CBS Sacramento" under a byline
    )


class Title(Rule):
    """The first line not already claimed as noise is the title when it has a headline's shape and the
    line after it does not (two headline-like lines in a row open a list, not an article)."""

    name = "title"
    kind = "title"

    def find(self, page: Page) -> Iterator[Verdict]:
        if not page.extract_title or page.title_index is not None:
            return
        for i, line in enumerate(page.lines[:3]):
            if page.is_free(i) and i not in page.pinned and TITLE_HEADER_RE.match(line.text):
                page.title_index = i
                yield Verdict(i, "title", "title_header")
                return
        first = next((i for i in range(len(page.lines)) if page.is_free(i)), None)
        if first is None or first > 10 or first in page.pinned:  # a line the user keeps is body, not the headline
            return
        max_words = page.settings.max_title_words
        if not looks_like_headline(page.lines[first].text, max_words):
            return
        following = next((j for j in range(first + 1, len(page.lines)) if page.is_free(j)), None)
        if following is not None and first + 1 == following:
            text = page.lines[following].text
            if word_count(text) > 4 and looks_like_headline(text, max_words):
                return
        page.title_index = first
        yield self.whole(first)


# "Ukraine had no involvement in ... U.S. says - CBS News": a page <title> names the site after a dash.
_SITE_SUFFIX_RE = re.compile(r"\s+[-|–—]\s+(?:[A-Z][\w.&'’+-]*)(?:\s+[A-Z][\w.&'’+-]*){0,3}$")


def title_text(line: str) -> str:
    """The headline without its "Title:" header or the site name a page title appends."""
    return _SITE_SUFFIX_RE.sub("", re.sub(r"^Title:\s*", "", line))
