"""Author and date lines: "By Jane Doe", "Updated on: March 23, 2024 / 8:41 PM EDT", "/ CBS/AP"."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.cleaning.rules.base import LineRule, Page, Verdict, prose_flags
from pipeline.cleaning.rules.patterns import (
    AUTHOR_BIO_RE,
    BARE_DATE_RE,
    BYLINE_RES,
    BYLINE_SOURCE_RE,
    BYLINE_WORD_LANGUAGES,
    DATELINE_RE,
    DATELINE_STAMP_RE,
)


class BylineInItsLanguage(LineRule):
    """"Par Claire Dubois", "Von Anna Sleegers, Frankfurt", "Autor: Monika Bolliger": a byline whose word for "by" is
    the page's language's (`BYLINE_WORD_LANGUAGES`), or a label ("Autor:", "Texte :") on a page of any language. On an
    English page, "Von Miller Returns To Denver", "Di Caprio Wins Best Actor" and "Af Klint Retrospective Opens" are
    subheadings, and were taken as bylines (the first as the article's author) when the word alone decided. A page
    whose language CLD2 can't tell (a few short lines) is read as any language's."""

    def matches(self, text: str, page: Page) -> bool:
        if self.max_chars is not None and len(text) > self.max_chars:
            return False
        found = next((m for m in (p.match(text) for p in self.patterns) if m), None)
        if found is None or found["by"] is None:
            return found is not None
        language = page.language()
        return language is None or language in BYLINE_WORD_LANGUAGES[found["by"].lower()]


# the rules whose pattern is not all that decides
_RULE_CLASSES = {"byline_par_von": BylineInItsLanguage}

BYLINE_RULES = (
    *(_RULE_CLASSES.get(name, LineRule)(name, "byline", (pattern,), max_chars=300) for name, pattern in BYLINE_RES),
    # "28.04.2023, 19:09", "Stand: 28.04.2023 17:23 Uhr" anywhere: a date with its time, or with its label, whole on
    # a line. Taken before the captions' rules, whose video durations ("... 02:52") such a line also ends in.
    LineRule("byline_dateline", "byline", (DATELINE_STAMP_RE,), max_chars=300),
)

# The rules whose lines name the article's authors ("By Jane Doe", "Par Claire Dubois", "한수진 기자"): the engine gives
# the first such line as the article's byline, and `pipeline.ingest.metadata` takes the names from it.
NAMED_BYLINE_RULES = ("byline_by", "byline_par_von", "byline_gija")
# The rules whose lines may hold the article's date: the datelines ("Published 4:12 PM EST, December 5, 2026", "Stand:
# 28.04.2023 17:23 Uhr", a bare date at the story's edge; the first is the article's `date`) and the bylines ("by Chris
# Foresman - Nov 9, 2012 5:15 pm UTC"). `pipeline.ingest.dates` parses these lines and no other: a date in the story
# ("on Thursday, Dec. 4, 2026") or in an author's bio is never the article's.
DATELINE_RULES = ("byline_timestamp", "byline_updated", "byline_dateline", "byline_date")
DATED_RULES = (*DATELINE_RULES, *NAMED_BYLINE_RULES)


class OutsideTheStory(LineRule):
    """Metadata shapes that are prose inside an article: taken only before the story's first paragraph,
    after its last one, or next to a line already found to be a byline. "Evan Gershkovich is a reporter
    for the Wall Street Journal who was detained ..." between two paragraphs is the story; after the
    last paragraph it is the author's bio."""

    kind = "byline"
    max_chars = 300
    contextual = True  # depends on where the story's paragraphs are

    def find(self, page: Page) -> Iterator[Verdict]:
        matching = self.matching_lines(page)
        if not matching:
            return  # most pages: no line has the shape, wherever the story is
        n = len(page.lines)
        free = [i for i in range(n) if i not in page.whole]
        # the story's first and last paragraphs, looked for from each end: the lines between are not asked
        prose = prose_flags(page)
        first = next((i for i in free if prose[i]), n)
        last = next((i for i in reversed(free) if prose[i]), -1)
        bylines = {i for i, verdict in page.whole.items() if verdict.kind == "byline"}
        for i in free:
            if (i <= first or i >= last or i - 1 in bylines or i + 1 in bylines) and i in matching:
                bylines.add(i)  # the next line is beside a byline now
                yield self.whole(i)


EDGE_BYLINE_RULES = (
    # "March 23, 2024 / 6:40 PM EDT", "Stand: 28.04.2023 17:23 Uhr" under the headline; a timeline's "Jan. 6, 2021"
    # subheadings are story
    OutsideTheStory("byline_date", "byline", (BARE_DATE_RE, DATELINE_RE)),
    # "Brandon is a Digital Content Producer at CBS13." after the story
    OutsideTheStory("author_bio", "byline", (AUTHOR_BIO_RE,)),
    # "/ CBS/AP" under a byline; inside the story, a line so shaped is a table's cell (WCXB's training sites: 23
    # such cells for 26 sources when it was taken anywhere)
    OutsideTheStory("byline_source", "byline", (BYLINE_SOURCE_RE,)),
)
