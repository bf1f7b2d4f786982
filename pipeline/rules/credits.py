"""Photo credits: alone on a line, or glued to the start or end of a paragraph."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.rules.base import Page, Rule, Verdict, ends_sentence
from pipeline.rules.patterns import CREDIT_LINE_RE, LEADING_CREDIT_RE, PICTURE_SOURCE_RE, TRAILING_CREDIT_RE

# "... verdict on Heinz. Photographs: ..." is a caption: a credit has no sentence in it ("U.S. Attorneys" is fine).
_SENTENCE_BREAK_RE = re.compile(r"[a-z]{2}[.!?]\s+\S")


def is_credit_line(text: str, max_chars: int) -> bool:
    """ "ALFREDO ESTRELLA/AFP via Getty Images", "(Hector Vivas/Getty Images)", "Photograph: Romas Foord/The Observer"."""
    if len(text) > max_chars or (ends_sentence(text) and not text.endswith(")")):
        return False
    if _SENTENCE_BREAK_RE.search(text) or any(q in text for q in "‘“”\""):
        return False
    return bool(CREDIT_LINE_RE.match(text)) and bool(PICTURE_SOURCE_RE.search(text))


class CreditLine(Rule):
    name = "credit_line"
    kind = "credit"

    def find(self, page: Page) -> Iterator[Verdict]:
        for i, line in page.free_lines():
            if is_credit_line(line.text, page.settings.max_credit_chars):
                yield self.whole(i)


class GluedCredit(Rule):
    """A credit glued to a real paragraph: cut the credit, keep the paragraph.

    "PixelsEffect via Getty Images The nonstop ads ..." and "... he said.Credit...Doug Mills/The New York Times".
    Captions with the same shape were taken whole by the caption rules before this one runs.
    """

    name = "glued_credit"
    kind = "credit"

    def find(self, page: Page) -> Iterator[Verdict]:
        for i, line in page.free_lines():
            lead = LEADING_CREDIT_RE.match(line.text)
            if lead:
                yield self.cut(i, 0, lead.end("credit"))
            trail = TRAILING_CREDIT_RE.search(line.text)
            if trail and PICTURE_SOURCE_RE.search(trail.group("credit")):
                yield self.cut(i, trail.start("credit"), len(line.text))
