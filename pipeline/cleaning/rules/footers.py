"""End-of-article furniture: copyright, comment sections, social and newsletter pitches, tag lists."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.cleaning.rules.base import LineRule, Page, Rule, Verdict, ends_sentence, is_prose, lines_matching
from pipeline.cleaning.rules.patterns import (
    COPYRIGHT_HINTS,
    COPYRIGHT_SENTENCE_RE,
    END_MARKER_RE,
    FOOTER_RES,
    INLINE_PITCH_RE,
    TAG_HEADER_RE,
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
            if is_prose(page, j):
                return  # a real paragraph: whatever the marker was, the article goes on
            yield self.whole(j)

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
