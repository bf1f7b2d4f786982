"""Lines of the corpora's training sites whose gold label contradicts the gold's own convention: a line of a kind
that the same dataset labels noise on its other pages, labelled body on one page (the alignment found its words in
that page's gold text). `corpus.read_corpus` reads them as noise, for training and for the rules' precision alike.
Every one was found by reading what a rule removed (`articlean eval --rules`) and checked against
gold/GUIDELINES.md; none is a test site's (`tests/quality/test_corpus.py` checks each still stands in its corpus as
written here, labelled body, on a training site).

A convention of a gold is not a slip: WCXB keeps in-text "Read more: ..." links on many sites, readability keeps the
bylines at the top; those stay as they are, and the rules that disagree with them do not remove alone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Slip:
    dump: str  # the dump's id: <dataset>/<page>/<renderer>
    line: int  # its number in the dump
    text: str  # how the line begins
    kind: str  # what it is by our guidelines
    why: str


_AGE = "the story's age under its headline; page-signal labels this shape noise 49 times on its training sites"
_BYLINE = "the author's byline under the headline; WCXB labels 'By ...' lines noise 48 times on its training sites"
_CAPTION = ("a photo's caption ending in its bracketed credit; page-signal labels 23 such lines noise on its training "
            "sites")
_CREDIT = "a photo's credit; corpus-mozilla relabelled credits noise, these two were missed"

SLIPS: tuple[Slip, ...] = (
    Slip("page-signal-master/92cf9d9b-8a41-479a-baae-eef3dd0746ae/soup_text", 5, "1 day ago", "byline", _AGE),
    Slip("page-signal-master/92cf9d9b-8a41-479a-baae-eef3dd0746ae/paragraphs", 3, "1 day ago", "byline", _AGE),
    Slip("page-signal-master/92cf9d9b-8a41-479a-baae-eef3dd0746ae/readability", 3, "1 day ago", "byline", _AGE),
    Slip("wcxb/4126/soup_text", 3, "By Lizzie Streit, MS, RDN, LD", "byline", _BYLINE),
    Slip("wcxb/4126/paragraphs", 3, "By Lizzie Streit, MS, RDN, LD", "byline", _BYLINE),
    Slip("wcxb/4126/readability", 1, "By Lizzie Streit, MS, RDN, LD", "byline", _BYLINE),
    Slip("page-signal-master/14eeee86-84e2-40c2-ac8c-42604bb4b60e/paragraphs", 5,
         "Television's biggest production, \"American Idol\" returns", "caption", _CAPTION + " (Michael Lavine/ FOX)"),
    Slip("page-signal-master/14eeee86-84e2-40c2-ac8c-42604bb4b60e/readability", 3,
         "Television's biggest production, \"American Idol\" returns", "caption", _CAPTION + " (Michael Lavine/ FOX)"),
    Slip("page-signal-master/ab95a5dd-eae0-4f4e-b530-8cd53b7c41be/paragraphs", 41,
         "The Canucks' Sami Salo, left, gets squeezed out", "caption", _CAPTION + " (Richard Lam/Canadian Press)"),
    Slip("page-signal-master/d43791da-4a90-4f9c-aafe-018b56e2adcd/soup_text", 49,
         "New York Islanders goalie Rick DiPietro (39) makes a save", "caption", _CAPTION + " (AP Photo/...)"),
    Slip("page-signal-master/d43791da-4a90-4f9c-aafe-018b56e2adcd/readability", 3,
         "New York Islanders goalie Rick DiPietro (39) makes a save", "caption", _CAPTION + " (AP Photo/...)"),
    Slip("page-signal-master/e609e43a-c1ec-4cd8-939c-dd596c6792b2/soup_text", 89,
         "Former Massachusetts Gov. Mitt Romney speaks at the Des Moines", "caption", _CAPTION + " (UPI Photo/...)"),
    Slip("mozilla/breitbart/soup_text", 7, "JIM WATSON/AFP/Getty Images", "credit", _CREDIT),
    Slip("mozilla/breitbart/readability", 3, "JIM WATSON/AFP/Getty Images", "credit", _CREDIT),
    Slip("mozilla/keep-images/soup_text", 365, "Top photo by Joan Bardeletti", "credit", _CREDIT),
    Slip("mozilla/keep-images/paragraphs", 117, "Top photo by Joan Bardeletti", "credit", _CREDIT),
    Slip("mozilla/keep-images/readability", 103, "Top photo by Joan Bardeletti", "credit", _CREDIT),
)

# dump id -> {line number: the label our guidelines give it}
RELABELLED: dict[str, dict[int, str]] = {}
for _slip in SLIPS:
    RELABELLED.setdefault(_slip.dump, {})[_slip.line] = "noise"
