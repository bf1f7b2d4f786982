"""Photo, video and illustration captions: whole, truncated mid-word, or repeated."""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator

from pipeline.cleaning.rules.base import LineRule, Page, Rule, Verdict, ends_sentence, is_prose, lines_matching, prose_flags
from pipeline.cleaning.rules.credits import (
    IndentedCredit,
    is_credit_text,
    may_hold_a_credit,
    may_lead_with_a_credit,
    page_leading_credit,
    page_trailing_credit,
)
from pipeline.cleaning.rules.patterns import (
    CAPTION_LABEL_RE,
    DURATION_LINE_RE,
    PERSON_SLASH_ORG_RE,
    PHOTO_PHRASE_RE,
    SOURCE_LABEL_RE,
    TRAILING_BRACKET_RE,
    VIDEO_CAPTION_RE,
)
from pipeline.core.text import word_count


class CaptionWithBracketedCredit(Rule):
    """A caption ends with its credit in brackets: "... in Mexico City, Mexico. (Hector Vivas/Getty Images)".

    A body paragraph may end in brackets too ("... Enforcement Agency (DEA)."), so the bracket must
    name a picture source and the line must end right after it. A bracket that names no agency, only a name and
    an organisation ("(Ellen M. Banner / The Seattle Times)"), follows a caption's sentence: after a heading it is
    the heading's own ("2. Epipremnum aureum (Golden Pothos / Devil's Ivy)", a list of plants). And a place in
    capitals with its agency ("KUALA LUMPUR, Malaysia (AP)") is the lead's dateline, not a caption.
    """

    name = "caption_bracketed_credit"
    kind = "caption"
    contextual = False

    def find(self, page: Page) -> Iterator[Verdict]:
        for i, line in page.free_lines_passing(page.sieve((TRAILING_BRACKET_RE, True))):
            if len(line.text) > page.settings.max_caption_chars:
                continue
            bracket = TRAILING_BRACKET_RE.search(line.text)
            if not bracket or bracket.start() == 0:
                continue
            credit, head = bracket.group(1), line.text[:bracket.start()].strip()
            if _DATELINE_HEAD_RE.match(head):
                continue  # "KUALA LUMPUR, Malaysia (AP)": the story's dateline, split from its lead
            if is_credit_text(credit, page.settings.max_credit_chars) or (PERSON_SLASH_ORG_RE.match(credit) and ends_sentence(head)):
                yield self.whole(i)


# A dateline's place: "KUALA LUMPUR, Malaysia", "WASHINGTON", "BUFFALO, New York".
_DATELINE_HEAD_RE = re.compile(r"^[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][\w.'’ -]*)?$")


class CaptionPhrase(LineRule):
    """Photo-description phrasing: "In this Feb. 21, 2019 photo, ...", "This photo provided by researcher ..."."""

    name = "caption_photo_phrase"
    kind = "caption"
    patterns = (PHOTO_PHRASE_RE,)

    def matches(self, text: str, page: Page) -> bool:
        return len(text) <= page.settings.max_caption_chars and super().matches(text, page) and not reports(text)


class CaptionLabel(Rule):
    """BBC's "Image caption, Rescuers search the rubble in Antakya": the page says it is a caption. When
    the label stands alone ("Image caption,"), the caption is the line after it."""

    name = "caption_label"
    kind = "caption"

    def find(self, page: Page) -> Iterator[Verdict]:
        for i in lines_matching(page, CAPTION_LABEL_RE):
            if not page.is_free(i):
                continue  # taken, perhaps as the caption under the label above
            line = page.lines[i]
            yield self.whole(i)
            label_only = len(line.text.split()) <= 2
            if label_only and i + 1 < len(page.lines) and page.is_free(i + 1) and not is_prose(page, i + 1):
                yield self.whole(i + 1)


class CaptionWithTrailingCredit(Rule):
    """A short description followed by an unbracketed credit is a caption, not a paragraph.

    "Speaker of the House Kevin McCarthy conducts a news conference ... March 24, 2023. Tom Williams/CQ-Roll
    Call, Inc via Getty Images", "Not a trifling matter … Chitra digs in. Photograph: courtesy of Chitra
    Ramaswamy", "... From Hero to Zero panel at the Paris Blockchain Week. Source: Livestream".
    A long paragraph with a credit glued to its end keeps its text (see `GluedCredit`).
    """

    name = "caption_trailing_credit"
    kind = "caption"
    contextual = False

    def find(self, page: Page) -> Iterator[Verdict]:
        limit = page.settings.max_caption_before_credit_chars
        for i, line in page.free_lines_passing(may_hold_a_credit(page), page.sieve((SOURCE_LABEL_RE, True))):
            start = page_trailing_credit(page, i)
            if start is None and "Source:" in line.text:
                source = SOURCE_LABEL_RE.search(line.text)
                start = source.start() if source else None
            if start is None:
                continue
            head = line.text[:start].strip()
            if head and len(head) <= limit and caption_like(head):
                yield self.whole(i)


class CaptionAfterCredit(Rule):
    """HuffPost's figure form puts the credit first: "RealPeopleGroup via Getty Images Be cautious about ...".

    With a caption-length text after the credit, the whole line is the caption; a paragraph-length text
    is a real paragraph with the credit glued on, left to `GluedCredit`.
    """

    name = "caption_after_credit"
    kind = "caption"
    contextual = False

    def find(self, page: Page) -> Iterator[Verdict]:
        for i, line in page.free_lines_passing(may_lead_with_a_credit(page)):
            lead = page_leading_credit(page, i)
            if lead and len(line.text) - lead <= page.settings.max_credit_prefixed_caption_chars:
                yield self.whole(i)


class VideoCaption(LineRule):
    """Video embeds: "00:28 Felicity Cloake tries a chip butty – video", "... new education reform 02:52"."""

    name = "caption_video"
    kind = "caption"
    patterns = (VIDEO_CAPTION_RE,)

    def matches(self, text: str, page: Page) -> bool:
        # Both shapes end the line: in a duration's digit or in "video". Checking that first spares the
        # pattern's scan of every paragraph (it was a fifth of the cleaning time).
        if not (text[-1:].isdigit() or text[-5:].lower() == "video"):
            return False
        return super().matches(text, page)


# "Friday, March 22, 2024", "on March 23, 2024": captions date the picture; paragraphs rarely do.
_PICTURE_DATE_RE = re.compile(
    r"\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}\b"
)
_SHORT_CAPTION_CHARS = 160
# What reporting sounds like: captions describe a picture, they do not quote or attribute.
_REPORTING_RE = re.compile(r"\b(?:said|says|told|according to|asked)\b|^[A-Z][A-Z .,'’-]+\([A-Z]+\)\s*[—–-]")


def reports(text: str) -> bool:
    """ "“We will not be intimidated,” Zelenskyy said ...", "KYIV, Ukraine (AP) — ...": a paragraph's voice."""
    return bool(_REPORTING_RE.search(text))


def caption_like(text: str) -> bool:
    """Whether a line above a credit reads as its caption rather than as a paragraph the credit follows:
    cut off mid-word, short, or dating the picture ("... Moscow, Russia, Friday, March 22, 2024."), and
    never quoting or attributing."""
    if reports(text):
        return False
    return not ends_sentence(text) or len(text) <= _SHORT_CAPTION_CHARS or bool(_PICTURE_DATE_RE.search(text))


class CaptionBeforeCredit(Rule):
    """The line just above a standalone credit is that credit's caption, even cut off mid-word ("Chinese President
    Xi Jinping listens during a press conference at the Los Pinos presidenti"), when the page shows that the two
    belong together, and the line has a caption's shape rather than a paragraph's.

    A picture often has no caption, and its credit then stands below whatever came before it: the paragraph that
    ends a section ("Make it some other town's problem, apparently."), a heading. On the corpora's training sites
    labelled our way, 152 of the 294 lines this rule took across a blank line were captions: no better than a coin.
    So the page must tie them: either
    - they are one block: no blank line between them on a page that sets its blocks apart with blank lines
      (`blank_lines_between_blocks`), as a naive scraper writes a <figure>'s caption and credit; or
    - the credit is set apart by the page's layout: indented deeper than the lines around it, inside its <figure>
      (`set_apart`, as `IndentedCredit` finds credits).
    And the line must not read like the page's paragraphs: one as long as they are ("Policymakers voted 10-2 to
    keep the benchmark rate ... Two governors dissented ...", above "Photo: Jane Doe/Reuters") is the story's
    own, with a picture placed after it (`reads_like_body`).

    Never the text's first line: that is a headline above its wire credit ("Amy cries 'I love you' to jailed
    husband" / "Reuters"), as in an extractor's output, which has no title line to tell it by (on the corpus's
    training sites, 11 of the 17 first lines this rule took were the article's own). Nor a heading: in product
    round-ups and guides a section's heading ("Garmin Forerunner 970", "The Best Sleeping Bag for Backpackers")
    stands above its picture's credit (on the WCXB and fundus training sites, 98 of the 151 lines of up to five
    words without a stop that it took above a credit were body)."""

    name = "caption_before_credit"
    kind = "caption"
    max_heading_words = 5

    def find(self, page: Page) -> Iterator[Verdict]:
        s = page.settings
        # the credits, in order: what this rule takes is a caption, so the list does not change as it goes
        credits = sorted(i for i, verdict in page.whole.items() if i >= 2 and verdict.kind == "credit")
        for i in credits:
            above = i - 1
            credit_rule = page.whole[i].rule
            if credit_rule not in ("credit_line", "indented_credit") or not page.is_free(above) or above == page.title_index:
                continue
            text = page.lines[above].text
            if len(text) > s.max_caption_before_credit_chars or not caption_like(text) or self._heading_like(text):
                continue
            one_block = page.lines[i].number - page.lines[above].number == 1 and blank_lines_between_blocks(page)
            if (one_block or set_apart(page, i)) and not reads_like_body(page, above):
                yield self.whole(above)

    def _heading_like(self, text: str) -> bool:
        return word_count(text) <= self.max_heading_words and not ends_sentence(text)


def blank_lines_between_blocks(page: Page) -> bool:
    """Whether the page sets its blocks apart with blank lines (settings.min_blank_gap_share of the gaps between its
    lines are blank), so that two lines with none between them are one block. A page written line after line
    says nothing by it."""
    share = page.cache.get("blank_gap_share")
    if share is None:
        lines = page.lines
        gaps = len(lines) - 1
        blank = sum(1 for k in range(gaps) if lines[k + 1].number - lines[k].number > 1)
        share = page.cache["blank_gap_share"] = blank / gaps if gaps > 0 else 0.0
    return share >= page.settings.min_blank_gap_share


def set_apart(page: Page, index: int) -> bool:
    """Whether line `index` is indented deeper than the lines around it (pages saved as text keep their markup's
    nesting: a <figure>'s credit sits deeper than the paragraphs and the caption)."""
    lines = page.lines
    indent = lines[index].indent
    return indent >= IndentedCredit.min_indent and all(indent > lines[k].indent for k in (index - 1, index + 1) if 0 <= k < len(lines))


def reads_like_body(page: Page, index: int) -> bool:
    """Whether line `index` is as long as the page's own paragraphs (settings.caption_body_length_share of the
    median length of the other free prose lines that end a sentence). A caption is shorter than the story's
    paragraphs around it; with fewer than two paragraphs to compare with, nothing is said."""
    flags = prose_flags(page)
    lengths = sorted(len(line.text) for k, line in enumerate(page.lines)
                     if k != index and flags[k] and page.is_free(k) and ends_sentence(line.text))
    if len(lengths) < 2:
        return False
    return len(page.lines[index].text) >= page.settings.caption_body_length_share * statistics.median(lengths)


class CaptionBeforeDuration(Rule):
    """A video player's title and description sit just above its duration ("02:32")."""

    name = "caption_before_duration"
    kind = "caption"

    def find(self, page: Page) -> Iterator[Verdict]:
        for i in lines_matching(page, DURATION_LINE_RE):
            for above in (i - 1, i - 2):
                if above < 0 or not page.is_free(above) or above == page.title_index:
                    break
                text = page.lines[above].text
                if len(text) > 200 or (ends_sentence(text) and word_count(text) > 25):
                    break
                yield self.whole(above)
