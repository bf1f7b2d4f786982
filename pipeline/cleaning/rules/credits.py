"""Photo credits: alone on a line, or glued to the start or end of a paragraph.

Credits are parsed, not matched with one large regex: a credit is a short list of names separated by
"/", "via", commas or labels ("Photograph:"), and a regex with nested repeats over such lists can take
exponential time on a line that almost fits. Everything here is linear in the line's length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np

from pipeline.cleaning.rules.base import Page, Rule, Verdict, ends_sentence, inside_a_sentence
from pipeline.cleaning.rules.patterns import (
    AGENCY_RE,
    CREDIT_CHAIN_RE,
    CREDIT_LABEL_HINTS,
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
# "© 2024 The Washington Post": a notice names its year; that is the page's copyright, not a picture's credit.
_COPYRIGHT_YEAR_RE = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\b|.{0,60}?\b(?:19|20)\d{2}\b)", re.IGNORECASE)
# A bare name standing for an agency must be the agency's whole name: "Reuters", "AFP, MANILA"; "PA, WV, DE" (a list
# of states), "Grange Ins Pool" (an insurer) and "Supports Unsplash" only hold an agency's name.
_WHOLE_AGENCY_RE = re.compile(rf"{KNOWN_AGENCY_RE.pattern}\Z")
_INITIALS_RE = re.compile(r"[a-z]{2,4}\Z")
# matched in lower case: a case-insensitive search for them is ten times slower
_HINT_RE = re.compile("|".join(map(re.escape, CREDIT_LABEL_HINTS)))
# What any credit holds (`is_credit_text`): a label's hint, a known agency, or an agency's name. As sieves over a
# batch's lines (`Page.sieve`): a line that holds none has no credit, whole or glued to its end.
_CREDIT_SIEVE = ((re.compile(_HINT_RE.pattern, re.IGNORECASE), True), (KNOWN_AGENCY_RE, True), (AGENCY_RE, True))
# A name in a script without capitals, short: a credit's agency or photographer after a label ("写真：共同").
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_CASELESS_NAME_RE = re.compile(rf"[{_CJK}][{_CJK} ·]{{0,14}}\Z")


def _name_like(piece: str) -> bool:
    """"Vlad Karkov", "SOPA Images", "U.S. Attorneys Office for Utah", "iStock", "courtesy of Chitra Ramaswamy", and
    an agency in its own spelling ("dpa", "imago")."""
    if _WHOLE_AGENCY_RE.match(piece):
        return True
    words = piece.split()
    if not 1 <= len(words) <= _MAX_NAME_WORDS or any(c in piece for c in "():"):
        return False
    if _CASELESS_NAME_RE.match(piece):
        return True  # Chinese, Japanese, Korean names have no capitals: "共同", "연합뉴스", "新华社 记者"
    capitalised = [w for w in words if w[0].isupper() or w[0].isdigit() or any(c.isupper() for c in w)]
    return bool(capitalised) and all(w in capitalised or w.lower() in NAME_CONNECTORS for w in words)


def is_credit_text(text: str, max_chars: int) -> bool:
    """Whether `text` is nothing but a photo credit:
    "ALFREDO ESTRELLA/AFP via Getty Images", "(Hector Vivas/Getty Images)", "Photograph: Romas Foord/The Observer"."""
    text = text.strip()
    if not text or len(text) > max_chars or (ends_sentence(text) and not text.endswith(")")):
        return False
    if text[0] in "/|":  # "/ CBS/AP" under a byline names the story's source, not a picture's (byline_source)
        return False
    if _SENTENCE_BREAK_RE.search(text) or any(q in text for q in "‘“”\""):
        return False
    inner = text[1:-1] if text[0] in "([" and text[-1] in ")]" else text
    # A credit names a picture source: a label ("Photo:"), a known agency, or any "X Images" at the end of
    # a chain ("Vlad Karkov/SOPA Images"). "Smith/Jones" is two names, "Get Tack Sharp Images" a heading.
    # Asked first: most short lines name none, and the parse below costs more.
    labelled = _HINT_RE.search(inner.lower()) is not None and CREDIT_LABEL_RE.search(inner) is not None
    chained = CREDIT_CHAIN_RE.search(inner) is not None
    if not (labelled or KNOWN_AGENCY_RE.search(inner) or (chained and AGENCY_RE.search(inner))):
        return False
    if labelled and _COPYRIGHT_YEAR_RE.search(inner):
        return False
    unlabelled = CREDIT_LABEL_RE.sub(" / ", inner) if labelled else inner
    pieces = [p.strip() for p in CREDIT_SEPARATOR_RE.split(unlabelled) if p.strip()]
    if not labelled and not chained and (len(pieces) > 2 or not any(_WHOLE_AGENCY_RE.match(p) for p in pieces)):
        return False
    if any(_WHOLE_AGENCY_RE.match(p) for p in pieces):
        # beside an agency, the author's initials: "sak/Reuters", "dpa/lnw"
        pieces = [p for p in pieces if _WHOLE_AGENCY_RE.match(p) or not _INITIALS_RE.match(p)]
    return bool(pieces) and all(_name_like(p) for p in pieces)


def trailing_credit(text: str, max_chars: int) -> int | None:
    """Where a credit glued after the line's last sentence starts, or None: "... he said.Credit...Doug Mills/NYT",
    or after a caption without a stop, where a credit label opens it: "... Platz zu machen Foto: Editpress/F. Pizzolante"."""
    stripped = text.rstrip()
    if ends_sentence(stripped) and not stripped.endswith(")"):
        return None  # every candidate ends where the line ends, like a sentence: `is_credit_text` turns each down
    found = None
    # only sentence ends within `max_chars` of the line's end can start a credit: scan the tail alone
    tail = max(0, len(text) - max_chars - 1)
    starts = {m.end() for m in SENTENCE_END_RE.finditer(text, tail)}
    starts.update(_labels_after_a_break(text, tail))
    for end in sorted(starts, reverse=True):
        if len(text) - end > max_chars:
            break
        if end < len(text) and is_credit_text(text[end:], max_chars):
            found = end
    return found


def _labels_after_a_break(text: str, start: int) -> Iterator[int]:
    """Where a credit label opens after a space or a stop, capitalised or a ©: an unstopped caption's credit."""
    if not _HINT_RE.search(text[start:].lower()):
        return  # most lines name no picture: spare them the labels' scan
    for match in CREDIT_LABEL_RE.finditer(text, start):
        at = match.start()
        if at > 0 and (text[at - 1].isspace() or text[at - 1] in ".!?”\"’)") and not text[at].islower():
            yield at


def leading_credit(text: str) -> int | None:
    """Where a credit glued before a paragraph ends, or None: "FG Trade via Getty Images Allergy season is ..."."""
    match = LEADING_CREDIT_RE.match(text[:200])
    return match.end("credit") if match else None


def may_hold_a_credit(page: Page) -> np.ndarray | None:
    """For each line of the page, False where it surely holds no credit (`_CREDIT_SIEVE`), found once per page;
    None when the page has no sieve."""
    if "credit_sieve" not in page.cache:
        page.cache["credit_sieve"] = page.sieve(*_CREDIT_SIEVE)
    return page.cache["credit_sieve"]


def page_credit_line(page: Page, index: int) -> bool:
    """`is_credit_text` of line `index` with the page's limit, found once per page (CreditLine asks in every pass)."""
    passed = may_hold_a_credit(page)
    if passed is not None and not passed[index]:
        return False
    return page.of_line("credit_text", index, lambda text: is_credit_text(text, page.settings.max_credit_chars))


def page_trailing_credit(page: Page, index: int) -> int | None:
    """`trailing_credit` of line `index` with the page's limit, found once per page: the caption rules and
    `GluedCredit` ask the same lines."""
    passed = may_hold_a_credit(page)
    if passed is not None and not passed[index]:
        return None
    return page.of_line("trailing_credit", index, lambda text: trailing_credit(text, page.settings.max_credit_chars))


def may_lead_with_a_credit(page: Page) -> np.ndarray | None:
    """For each line of the page, False where LEADING_CREDIT_RE surely does not match it (its sieve: a match in the
    line's first 200 characters is one in the line), found once per page; None when the page has no sieve."""
    if "leading_sieve" not in page.cache:
        page.cache["leading_sieve"] = page.sieve((LEADING_CREDIT_RE, False))
    return page.cache["leading_sieve"]


def page_leading_credit(page: Page, index: int) -> int | None:
    """`leading_credit` of line `index`, found once per page (asked by a caption rule and `GluedCredit`)."""
    passed = may_lead_with_a_credit(page)
    if passed is not None and not passed[index]:
        return None
    return page.of_line("leading_credit", index, leading_credit)


class CreditLine(Rule):
    """A line that is only a credit: "ALFREDO ESTRELLA/AFP via Getty Images", "Foto: dpa". Not an agency's name
    that a scraper split out of a sentence at its link ("... as" / "Reuters" / "reported, ..."): see
    `inside_a_sentence`."""

    name = "credit_line"
    kind = "credit"
    contextual = True  # its neighbours are the lines still on the page: asked again as they go

    def find(self, page: Page) -> Iterator[Verdict]:
        for i, _ in page.free_lines_passing(may_hold_a_credit(page)):
            if page_credit_line(page, i) and not inside_a_sentence(page, i):
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
        for i in self._indented(page):
            if not page.is_free(i):
                continue
            line = lines[i]
            if line.indent <= max(lines[i - 1].indent, lines[i + 1].indent) or not page.is_free(i - 1):
                continue  # the line above must be free to be its caption
            if len(line.text.split()) <= self.max_words and not ends_sentence(line.text) and _name_like(line.text.replace("/", " ")):
                yield self.whole(i)

    def _indented(self, page: Page) -> list[int]:
        """The lines indented enough to be asked, but the first and the last, found once per page (most pages
        indent nothing)."""
        if "indented" not in page.cache:
            last = len(page.lines) - 1
            page.cache["indented"] = [i for i, line in enumerate(page.lines) if 0 < i < last and line.indent >= self.min_indent]
        return page.cache["indented"]


class GluedCredit(Rule):
    """A credit glued to a real paragraph: cut the credit, keep the paragraph.

    "PixelsEffect via Getty Images The nonstop ads ..." and "... he said.Credit...Doug Mills/The New York Times".
    Captions with the same shape were taken whole by the caption rules before this one runs.
    """

    name = "glued_credit"
    kind = "credit"
    contextual = False

    def find(self, page: Page) -> Iterator[Verdict]:
        for i, line in page.free_lines_passing(may_lead_with_a_credit(page), may_hold_a_credit(page)):
            lead = page_leading_credit(page, i)
            if lead:
                yield self.cut(i, 0, lead)
            trail = page_trailing_credit(page, i)
            if trail is not None:
                yield self.cut(i, trail, len(line.text))
