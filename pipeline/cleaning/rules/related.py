"""Links to other stories: "Related: ...", "More from CBS News" lists and the headlines under them."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.cleaning.rules.base import LineRule, Page, Rule, Verdict, ends_sentence, lines_matching, story_span
from pipeline.cleaning.rules.patterns import CLICK_HERE_RE, DATED_LINK_RE, RELATED_HEADER_RE, RELATED_LABEL_RE, RELATED_PREFIX_RE
from pipeline.core.text import word_count


class RelatedLabel(LineRule):
    """A link labelled as another story: "Related: FDIC sells Signature Bank deposits ...", "See also: ..."."""

    name = "related_label"
    kind = "related"
    patterns = (RELATED_LABEL_RE,)
    max_chars = 250


class RelatedPrefix(LineRule):
    """A pointer to further reading: "READ MORE: ...", "Also read: ...", "LES OGSÅ: ...", and calls to click
    ("CLICK HERE TO GET THE FOX NEWS APP"). In guides and blogs such a line is as often the article's own (WCXB's
    gold keeps it on many sites: 60 of this rule's 151 removals on WCXB's training sites were body), so it runs only
    when the model is off (settings.model_replaces)."""

    name = "related_prefix"
    kind = "related"
    patterns = (RELATED_PREFIX_RE, CLICK_HERE_RE)
    max_chars = 250


class RelatedBlock(Rule):
    """A header such as "More from CBS News" or "Related Articles" and the headlines listed under it, at the story's
    edges: before its first paragraph or after its last. Between its paragraphs, a list so headed is as often the
    article's own ("See also:" and the next section's heading, "Also read:" and the guide it points to, which WCXB's
    gold keeps): there, on the training sites labelled our way, 158 of the 1,871 lines this rule took were the
    article's (WCXB: 111 of 709), against 27 of 5,818 at the edges."""

    name = "related_block"
    kind = "related"

    def _is_link(self, page: Page, j: int) -> bool:
        text = page.lines[j].text
        if DATED_LINK_RE.search(text):
            return True
        return word_count(text) <= page.settings.max_related_item_words and not ends_sentence(text.rstrip('"”'))

    def find(self, page: Page) -> Iterator[Verdict]:
        first, last = story_span(page)
        for i in lines_matching(page, RELATED_HEADER_RE):  # in order: a list taken above is no header's
            if not page.is_free(i) or first <= i <= last:
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
