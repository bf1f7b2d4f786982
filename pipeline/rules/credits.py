"""Photo credits: alone on a line, or glued to the start or end of a paragraph.

Credits are parsed, not matched with one large regex: a credit is a short list of names separated by
"/", "via", commas or labels ("Photograph:"), and a regex with nested repeats over such lists can take
exponential time on a line that almost fits. Everything here is linear in the line's length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.rules.base import Page, Rule, Verdict, ends_sentence
from pipeline.rules.patterns import (
    AGENCY_RE,
    CREDIT_CHAIN_RE,
    CREDIT_LABEL_RE,
    CREDIT_SEPARATOR_RE,
    KNOWN_AGENCY_RE,
    LEADING_CREDIT_RE,
    NAME_CONNECTORS,
    SENTENCE_END_RE,
)

# "... verdict on Heinz. Photographs: ..." is a caption: a credit has no sentence in it ("U.S. Attorneys" is fine).
_SENTENCE_BREAK_RE = re.compile(r"[a-z]{2}[.!?]\s+\S")
_MAX_NAME_WORDS = 8


def _name_like(piece: str) -> bool:
    """"Vlad Karkov", "SOPA Images", "U.S. Attorneys Office for Utah", "iStock", "courtesy of Chitra Ramaswamy"."""
    words = piece.split()
    if not 1 <= len(words) <= _MAX_NAME_WORDS or any(c in piece for c in "():"):
        return False
    capitalised = [w for w in words if w[0].isupper() or w[0].isdigit() or any(c.isupper() for c in w)]
    return bool(capitalised) and all(w in capitalised or w.lower() in NAME_CONNECTORS for w in words)


def is_credit_text(text: str, max_chars: int) -> bool:
    """Whether `text` is nothing but a photo credit:
    "ALFREDO ESTRELLA/AFP via Getty Images", "(Hector Vivas/Getty Images)", "Photograph: Romas Foord/The Observer"."""
    text = text.strip()
    if not text or len(text) > max_chars or (ends_sentence(text) and not text.endswith(")")):
        return False
    if _SENTENCE_BREAK_RE.search(text) or any(q in text for q in "‘“”\""):
        return False
    inner = text[1:-1] if text[0] in "([" and text[-1] in ")]" else text
    # A credit names a picture source: a label ("Photo:"), a known agency, or any "X Images" at the end of
    # a chain ("Vlad Karkov/SOPA Images"). "Smith/Jones" is two names, "Get Tack Sharp Images" a heading.
    # Asked first: most short lines name none, and the parse below costs more.
    labelled = CREDIT_LABEL_RE.search(inner) is not None
    if not (labelled or KNOWN_AGENCY_RE.search(inner) or (CREDIT_CHAIN_RE.search(inner) and AGENCY_RE.search(inner))):
        return False
    unlabelled = CREDIT_LABEL_RE.sub(" / ", inner) if labelled else inner
    pieces = [p for p in CREDIT_SEPARATOR_RE.split(unlabelled) if p.strip()]
    return bool(pieces) and all(_name_like(p) for p in pieces)


def trailing_credit(text: str, max_chars: int) -> int | None:
    """Where a credit glued after the line's last sentence starts, or None: "... he said.Credit...Doug Mills/NYT"."""
    found = None
    # only sentence ends within `max_chars` of the line's end can start a credit: scan the tail alone
    tail = max(0, len(text) - max_chars - 1)
    for end in reversed([m.end() for m in SENTENCE_END_RE.finditer(text, tail)]):
        if len(text) - end > max_chars:
            break
        if end < len(text) and is_credit_text(text[end:], max_chars):
            found = end
    return found


def leading_credit(text: str) -> int | None:
    """Where a credit glued before a paragraph ends, or None: "FG Trade via Getty Images Allergy season is ..."."""
    match = LEADING_CREDIT_RE.match(text[:200])
    return match.end("credit") if match else None


class CreditLine(Rule):
    name = "credit_line"
    kind = "credit"
    contextual = False

    def find(self, page: Page) -> Iterator[Verdict]:
        for i, line in page.free_lines():
            if is_credit_text(line.text, page.settings.max_credit_chars):
                yield self.whole(i)


class IndentedCredit(Rule):
    """A credit set apart by the page's layout: a short name alone on a line indented deeper than the
    lines around it, as a figure's credit sits inside its <figure> when a page is saved as text:

        The terror attack left at least 115 dead.
                        CBS News
        "The shots were constant," eyewitness Dave Primov told CBS News.

    The name need not be an agency (a site credits its own photos), so the layout must say it."""

    name = "indented_credit"
    kind = "credit"
    min_indent = 4
    max_words = 6

    def find(self, page: Page) -> Iterator[Verdict]:
        lines = page.lines
        for i, line in page.free_lines():
            if not (0 < i < len(lines) - 1) or line.indent < self.min_indent:
                continue
            if line.indent <= max(lines[i - 1].indent, lines[i + 1].indent) or not page.is_free(i - 1):
                continue  # the line above must be free to be its caption
            if len(line.text.split()) <= self.max_words and not ends_sentence(line.text) and _name_like(line.text.replace("/", " ")):
                yield self.whole(i)


class GluedCredit(Rule):
    """A credit glued to a real paragraph: cut the credit, keep the paragraph.

    "PixelsEffect via Getty Images The nonstop ads ..." and "... he said.Credit...Doug Mills/The New York Times".
    Captions with the same shape were taken whole by the caption rules before this one runs.
    """

    name = "glued_credit"
    kind = "credit"
    contextual = False

    def find(self, page: Page) -> Iterator[Verdict]:
        limit = page.settings.max_credit_chars
        for i, line in page.free_lines():
            lead = leading_credit(line.text)
            if lead:
                yield self.cut(i, 0, lead)
            trail = trailing_credit(line.text, limit)
            if trail is not None:
                yield self.cut(i, trail, len(line.text))
