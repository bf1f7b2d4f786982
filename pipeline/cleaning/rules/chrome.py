"""Page chrome: ad markers, toolbar and player text, menus."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.cleaning.rules.base import LineRule, Page, Rule, Verdict
from pipeline.cleaning.rules.patterns import AD_LINE_RE, DURATION_LINE_RE, UI_LINE_RE, WATCH_SITE_RE
from pipeline.core.text import word_count


class AdMarker(LineRule):
    name = "ad_marker"
    kind = "ad"
    patterns = (AD_LINE_RE,)


# "3/12", "1 / 5": a gallery's counter, the picture shown of how many.
_COUNTER_RE = re.compile(r"(\d+)\s*/\s*(\d+)")


class ToolbarText(LineRule):
    """Lines made only of toolbar and player words: "Listen 3 min Comment on this story Comment Gift Article Share".

    A gallery counter counts: "3/12", never "58/45" or "10/0" (a table's figures: won/lost, for/against) nor
    "01/23/2026" (a date)."""

    name = "toolbar_text"
    kind = "widget"
    patterns = (UI_LINE_RE, WATCH_SITE_RE, DURATION_LINE_RE)

    def matches(self, text: str, page: Page) -> bool:
        return super().matches(text, page) and ("/" not in text or counts(text))


def counts(text: str) -> bool:
    """Whether every "a/b" in the line is a counter (1 <= a <= b) and none is chained into a date."""
    if text.count("/") != len(_COUNTER_RE.findall(text)):
        return False
    return all(1 <= int(shown) <= int(total) for shown, total in _COUNTER_RE.findall(text))


# A menu item may end in a dot ("U.S.", "A Moment With..."), a sentence ends in a word and a stop.
_SENTENCE_END_RE = re.compile(r"[a-z]{2}[.!?]$|[,;:]$")
# "- organic cotton", "• hemp", "3. Preheat the oven": a list the extractor marked as one is the article's
# own list (HTML extractors keep the markers; menus come without them).
_LIST_MARK_RE = re.compile(r"^(?:[-*•·–●]\s|\d{1,2}[.)]\s)")
# Menu items are labels in title case ("Local News", "Face the Nation", "48 Hours", "U.S."): a list in the
# article reads as words ("Leash and collar", "Puppy pee pads"), and code has brackets and operators.
_LABEL_WORD = r"(?:[A-Z0-9][\w.'’+-]*|[a-z]+[A-Z][\w]*|&|of|and|the|to|in|for|with|on|at|a|an|by|\.\.\.|…)"
_LABEL_RE = re.compile(rf"^{_LABEL_WORD}(?: {_LABEL_WORD})*(?:\.\.\.|…)?$")


class MenuRun(Rule):
    """A run of short, unpunctuated lines is a menu or a link list, not prose.

    Lines already claimed by other rules continue a run (a menu often mixes "Video" and "Newsletters"
    with section names), but at least `min_menu_run` of the run's lines must be free short items.
    A run that begins after the end of the article (a footer already found above it) is the site
    footer; elsewhere it is a widget.
    """

    name = "menu_run"
    kind = "widget"

    def _is_item(self, page: Page, i: int) -> bool:
        text = page.lines[i].text
        s = page.settings
        return (
            word_count(text) <= s.max_menu_item_words
            and len(text) <= s.max_menu_item_chars
            and not _SENTENCE_END_RE.search(text)
            and not _LIST_MARK_RE.match(text)
            and _LABEL_RE.match(text) is not None
            and i != page.title_index
        )

    def find(self, page: Page) -> Iterator[Verdict]:
        run: list[int] = []
        for i in range(len(page.lines) + 1):
            if i < len(page.lines) and (not page.is_free(i) or self._is_item(page, i)):
                run.append(i)
                continue
            yield from self._close(page, run)
            run = []

    def _close(self, page: Page, run: list[int]) -> Iterator[Verdict]:
        free = [i for i in run if page.is_free(i)]
        if len(free) < page.settings.min_menu_run:
            return
        footer_seen = any(page.kind_of(j) == "footer" for j in range(run[0]))
        for i in free:
            yield self.whole(i, "footer" if footer_seen else "widget")
