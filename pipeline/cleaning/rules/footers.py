"""End-of-article furniture: copyright, comment sections, social and newsletter pitches, tag lists."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.cleaning.rules.base import LineRule, Page, Rule, Verdict, ends_sentence, is_prose, lines_matching, story_span
from pipeline.cleaning.rules.patterns import (
    COPYRIGHT_HINTS,
    COPYRIGHT_SENTENCE_RE,
    END_MARKER_RE,
    FOOTER_RES,
    INLINE_PITCH_RE,
    TAG_HEADER_RE,
    TAG_LIST_RE,
)
from pipeline.core.text import word_count

# Any of the hints, in one search of the lowered line: what `any(hint in lowered ...)` asked hint by hint.
_HINTS_RE = re.compile("|".join(map(re.escape, COPYRIGHT_HINTS)))


class Copyright(Rule):
    """Copyright notices. When a notice shares its line with a real sentence ("© 2024 CBS Interactive Inc.
    All Rights Reserved. ... The Associated Press contributed to this report."), only the notice goes."""

    name = "copyright"
    kind = "footer"
    contextual = False

    def find(self, page: Page) -> Iterator[Verdict]:
        for i, line in page.free_lines():
            if not _HINTS_RE.search(line.text.lower()):
                continue
            spans = [m.span() for m in COPYRIGHT_SENTENCE_RE.finditer(line.text) if m.group().strip()]
            if not spans:
                continue
            rest = COPYRIGHT_SENTENCE_RE.sub("", line.text)
            if not rest.strip(" .,;:|-"):
                yield self.whole(i)
            elif spans[0][0] == 0:
                # a notice that opens the line, followed by prose: cut only the notice
                start, end = spans[0]
                for nxt_start, nxt_end in spans[1:]:
                    if line.text[end:nxt_start].strip():
                        break
                    end = nxt_end
                yield self.cut(i, start, end)


FOOTER_RULES = tuple(LineRule(name, "footer", (pattern,), search=True, max_chars=400) for name, pattern in FOOTER_RES)


class TagList(LineRule):
    """A line of the article's topics: "KEYS: Generational Dynamics, Canada, ...", "Tags: ...". At the story's edges
    only: between its paragraphs such a line is the article's own, as a paper's "Keywords: anxiety, depression, ..."
    under its abstract (on WCXB's training sites, 8 of the 16 such lines inside a story were the article's)."""

    name = "tag_list"
    kind = "footer"
    patterns = (TAG_LIST_RE,)
    max_chars = 400
    contextual = True  # depends on where the story's paragraphs are

    def find(self, page: Page) -> Iterator[Verdict]:
        first, last = story_span(page)
        for i in sorted(self.matching_lines(page)):
            if page.is_free(i) and (i < first or i > last):
                yield self.whole(i)


class TagBlock(Rule):
    """A lone "In:" or "Tags:" header and the short topic links under it."""

    name = "tag_block"
    kind = "footer"

    def find(self, page: Page) -> Iterator[Verdict]:
        for i in lines_matching(page, TAG_HEADER_RE):  # in order: a block taken above is no header's
            if not page.is_free(i):
                continue
            yield self.whole(i)
            for j in range(i + 1, len(page.lines)):
                text = page.lines[j].text
                if not page.is_free(j) or word_count(text) > 8 or ends_sentence(text):
                    break
                yield self.whole(j)


# A line of a paragraph wrapped at a fixed width holds this many words or more (80 columns hold 12 to 16).
_WRAPPED_LINE_WORDS = 8


class EndOfArticle(Rule):
    """Everything after an end marker ("COMMENTS") is furniture, and so is everything after a
    copyright line in the second half of the page: the article has ended there."""

    name = "after_end_marker"
    kind = "footer"

    def find(self, page: Page) -> Iterator[Verdict]:
        s = page.settings
        n = len(page.lines)
        whole = page.whole
        markers = set(lines_matching(page, END_MARKER_RE))
        if not markers and not any(verdict.rule == "copyright" for verdict in whole.values()):
            return  # neither an end marker nor a copyright line: the article runs to the page's end
        # Positions count the lines still in the body, so that the answer does not change when other rules
        # remove lines (or when the clean body is cleaned again).
        in_body = sum(1 for _ in page.free_lines())
        marker_rank = min(in_body * s.end_marker_start, in_body - 3)
        zone_rank = in_body * s.end_zone_start
        rank = 0
        start = None
        for i in range(n):
            free = i not in whole
            # a "Comments" subheading mid-story is not the comment section: markers count in the last third,
            # and only when furniture, not a paragraph, follows them
            if free and rank >= marker_rank and i in markers and not self._prose_follows(page, i):
                yield Verdict(i, "footer", "end_marker")
                start = i + 1
                break
            if not free and rank >= zone_rank and whole[i].rule == "copyright":
                start = i + 1
                break
            rank += free
        if start is None:
            return
        for j in range(start, n):
            if not page.is_free(j):
                continue
            if is_prose(page, j) or self._wrapped_prose(page, j):
                return  # a real paragraph: whatever the marker was, the article goes on
            yield self.whole(j)

    @staticmethod
    def _wrapped_prose(page: Page, j: int) -> bool:
        """Whether line `j` opens a paragraph that the page wrapped over several lines (a text saved at 80 columns:
        "workstations; that particular system had been bought to use a specific piece of" / "software I don't
        remember ..."): its lines, each running on into the next with no blank line between, end a sentence and
        hold a paragraph's words together (on one WCXB training site a console's "(c) Copyright 1990-1994,
        Hewlett-Packard Company." swept away the 94 wrapped lines of the story after it). Each line but the last
        fills the width (`_WRAPPED_LINE_WORDS`): a footer's links, one to a line, are short ("Mesothelioma" / "," /
        "Asbestos" / ... / "Looking for a new job outside Washington DC?")."""
        lines = page.lines
        words, k = 0, j
        while True:
            text = lines[k].text
            count = word_count(text)
            words += count
            if ends_sentence(text):
                return words >= page.settings.min_prose_words and k > j
            if count < _WRAPPED_LINE_WORDS or k + 1 >= len(lines) or lines[k + 1].number != lines[k].number + 1:
                return False
            if not page.is_free(k + 1):
                return False
            k += 1

    @staticmethod
    def _prose_follows(page: Page, i: int) -> bool:
        following = next((j for j in range(i + 1, len(page.lines)) if page.is_free(j)), None)
        return following is not None and is_prose(page, following)


class InlinePitch(Rule):
    """A newsletter pitch that the scraper glued inside a paragraph: cut the pitch, keep the prose.
    "... arrested him in Montenegro. Tech is not your friend. We are. Sign up for The Tech Friend
    newsletter. ArrowRight The arrest, confirmed by ..." """

    name = "inline_pitch"
    kind = "footer"
    contextual = False

    def find(self, page: Page) -> Iterator[Verdict]:
        for i, line in page.free_lines():
            if "Sign up for" not in line.text and "Subscribe to" not in line.text:
                continue  # the pattern needs one of them: spare prose its scan
            for match in INLINE_PITCH_RE.finditer(line.text):
                yield self.cut(i, match.start(), match.end())
