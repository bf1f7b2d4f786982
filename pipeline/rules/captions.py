"""Photo, video and illustration captions: whole, truncated mid-word, or repeated."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.rules.base import LineRule, Page, Rule, Verdict, ends_sentence, word_count
from pipeline.rules.credits import is_credit_line
from pipeline.rules.patterns import (
    DURATION_LINE_RE,
    LEADING_CREDIT_RE,
    PERSON_SLASH_ORG_RE,
    PHOTO_PHRASE_RE,
    PICTURE_SOURCE_RE,
    SOURCE_LABEL_RE,
    TRAILING_BRACKET_RE,
    TRAILING_CREDIT_RE,
    VIDEO_CAPTION_RE,
)


class CaptionWithBracketedCredit(Rule):
    """A caption ends with its credit in brackets: "... in Mexico City, Mexico. (Hector Vivas/Getty Images)".

    A body paragraph may end in brackets too ("... Enforcement Agency (DEA)."), so the bracket must
    name a picture source and the line must end right after it.
    """

    name = "caption_bracketed_credit"
    kind = "caption"

    def find(self, page: Page) -> Iterator[Verdict]:
        for i, line in page.free_lines():
            if len(line.text) > page.settings.max_caption_chars:
                continue
            bracket = TRAILING_BRACKET_RE.search(line.text)
            credit = bracket.group(1) if bracket else ""
            if bracket and bracket.start() > 0 and (PICTURE_SOURCE_RE.search(credit) or PERSON_SLASH_ORG_RE.match(credit)):
                yield self.whole(i)


class CaptionPhrase(LineRule):
    """Photo-description phrasing: "In this Feb. 21, 2019 photo, ...", "This photo provided by researcher ..."."""

    name = "caption_photo_phrase"
    kind = "caption"
    patterns = (PHOTO_PHRASE_RE,)

    def matches(self, text: str, page: Page) -> bool:
        return len(text) <= page.settings.max_caption_chars and super().matches(text, page)


class CaptionWithTrailingCredit(Rule):
    """A short description followed by an unbracketed credit is a caption, not a paragraph.

    "Speaker of the House Kevin McCarthy conducts a news conference ... March 24, 2023. Tom Williams/CQ-Roll
    Call, Inc via Getty Images", "Not a trifling matter … Chitra digs in. Photograph: courtesy of Chitra
    Ramaswamy", "... From Hero to Zero panel at the Paris Blockchain Week. Source: Livestream".
    A long paragraph with a credit glued to its end keeps its text (see `GluedCredit`).
    """

    name = "caption_trailing_credit"
    kind = "caption"

    def find(self, page: Page) -> Iterator[Verdict]:
        limit = page.settings.max_caption_before_credit_chars
        for i, line in page.free_lines():
            trail = TRAILING_CREDIT_RE.search(line.text) or SOURCE_LABEL_RE.search(line.text)
            if not trail:
                continue
            head = line.text[: trail.start()].strip()
            if not head or len(head) > limit or not caption_like(head):
                continue
            if trail.re is SOURCE_LABEL_RE or PICTURE_SOURCE_RE.search(trail.group(0)):
                yield self.whole(i)


class CaptionAfterCredit(Rule):
    """HuffPost's figure form puts the credit first: "RealPeopleGroup via Getty Images Be cautious about ...".

    With a caption-length text after the credit, the whole line is the caption; a paragraph-length text
    is a real paragraph with the credit glued on, left to `GluedCredit`.
    """

    name = "caption_after_credit"
    kind = "caption"

    def find(self, page: Page) -> Iterator[Verdict]:
        for i, line in page.free_lines():
            lead = LEADING_CREDIT_RE.match(line.text)
            if lead and len(line.text) - lead.end() <= page.settings.max_credit_prefixed_caption_chars:
                yield self.whole(i)


class VideoCaption(LineRule):
    """Video embeds: "00:28 Felicity Cloake tries a chip butty – video", "... new education reform 02:52"."""

    name = "caption_video"
    kind = "caption"
    patterns = (VIDEO_CAPTION_RE,)


# "Chinese Foreign Ministry spokeswoman Mao Ning (Chinese Foreign Ministry)": a name and, in brackets,
# who supplied the picture; no sentence. Body text ends a sentence after its brackets: "(DEA)."
_NAMED_PICTURE_RE = re.compile(r"^[A-Z][^.!?()]{5,150}\s\([A-Z][^()]{1,60}\)$")


class CaptionNamedPicture(LineRule):
    name = "caption_named_picture"
    kind = "caption"
    patterns = (_NAMED_PICTURE_RE,)

    def matches(self, text: str, page: Page) -> bool:
        return word_count(text) <= 20 and super().matches(text, page)


# "Friday, March 22, 2024", "on March 23, 2024": captions date the picture; paragraphs rarely do.
_PICTURE_DATE_RE = re.compile(
    r"\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}\b"
)
_SHORT_CAPTION_CHARS = 160


def caption_like(text: str) -> bool:
    """Whether a line above a credit reads as its caption rather than as a paragraph the credit follows:
    cut off mid-word, short, or dating the picture ("... Moscow, Russia, Friday, March 22, 2024.")."""
    return not ends_sentence(text) or len(text) <= _SHORT_CAPTION_CHARS or bool(_PICTURE_DATE_RE.search(text))


class CaptionBeforeCredit(Rule):
    """The line just above a standalone credit is that credit's caption, even cut off mid-word:
    "Chinese President Xi Jinping listens during a press conference at the Los Pinos presidenti"."""

    name = "caption_before_credit"
    kind = "caption"

    def find(self, page: Page) -> Iterator[Verdict]:
        s = page.settings
        for i in range(1, len(page.lines)):
            above = i - 1
            if (
                page.kind_of(i) == "credit"
                and is_credit_line(page.lines[i].text, s.max_credit_chars)
                and page.is_free(above)
                and above != page.title_index
                and len(page.lines[above].text) <= s.max_caption_before_credit_chars
                and caption_like(page.lines[above].text)
            ):
                yield self.whole(above)


class CaptionBeforeDuration(Rule):
    """A video player's title and description sit just above its duration ("02:32")."""

    name = "caption_before_duration"
    kind = "caption"

    def find(self, page: Page) -> Iterator[Verdict]:
        for i, line in enumerate(page.lines):
            if not DURATION_LINE_RE.match(line.text):
                continue
            for above in (i - 1, i - 2):
                if above < 0 or not page.is_free(above) or above == page.title_index:
                    break
                text = page.lines[above].text
                if len(text) > 200 or (ends_sentence(text) and word_count(text) > 25):
                    break
                yield self.whole(above)
