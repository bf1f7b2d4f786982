"""Links to other stories: "Related: ...", "More from CBS News" lists, Fox's capitalised headlines."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.rules.base import LineRule, Page, Rule, Verdict, ends_sentence, letters_upper_ratio, word_count
from pipeline.rules.patterns import CLICK_HERE_RE, DATED_LINK_RE, RELATED_HEADER_RE, RELATED_PREFIX_RE


class RelatedPrefix(LineRule):
    name = "related_prefix"
    kind = "related"
    patterns = (RELATED_PREFIX_RE, CLICK_HERE_RE)

    def matches(self, text: str, page: Page) -> bool:
        return len(text) <= 250 and super().matches(text, page)


class CapitalisedHeadline(Rule):
    """A line in capitals with no sentence end is a link to another story:
    "TRUMP POKES FUN AT KLOBUCHAR'S CLIMATE-CHANGE STANCE AS SHE ANNOUNCES CANDIDACY IN SNOW".
    Eleven words at least: Fox's links run to 13 or more, while capitalised subheadings and legal captions
    ("NATO AND EU LEADERS MEET IN BRUSSELS", "THE U.S. AND NATO ALLIES SAID THE DRILLS WOULD CONTINUE") are
    shorter, and "COMMENTS" or a capitalised dateline are not taken."""

    name = "capitalised_headline"
    kind = "related"
    contextual = False

    def find(self, page: Page) -> Iterator[Verdict]:
        for i, line in enumerate(page.lines):
            text = line.text
            if (
                page.is_free(i)
                and word_count(text) >= 11
                and len(text) <= 200
                and letters_upper_ratio(text) >= 0.9
                and not text.endswith((".", "!", ":"))
                and not text.startswith("(")  # "(SOUNDBITE OF ARCHIVED RECORDING)": a transcript's stage direction
            ):
                yield self.whole(i)


class RelatedBlock(Rule):
    """A header such as "More from CBS News" or "Related Articles" and the headlines listed under it."""

    name = "related_block"
    kind = "related"

    def _is_link(self, page: Page, j: int) -> bool:
        text = page.lines[j].text
        if DATED_LINK_RE.search(text):
            return True
        return word_count(text) <= page.settings.max_related_item_words and not ends_sentence(text.rstrip('"”'))

    def find(self, page: Page) -> Iterator[Verdict]:
        for i, line in enumerate(page.lines):
            if not (page.is_free(i) and RELATED_HEADER_RE.match(line.text)):
                continue
            yield self.whole(i)
            dated = None  # a list whose first link is dated ("... (04-Aug-2017)") ends at the first undated line
            for j in range(i + 1, len(page.lines)):
                if not page.is_free(j):
                    if page.kind_of(j) != self.kind:
                        break
                    continue
                if not self._is_link(page, j):
                    break
                is_dated = bool(DATED_LINK_RE.search(page.lines[j].text))
                if dated is None:
                    dated = is_dated
                elif dated and not is_dated:
                    break
                yield self.whole(j)
