"""The engine: split a dump into lines, let every rule report what it would remove, apply once."""

from __future__ import annotations

from pipeline.document import Article, Paragraph, Removal
from pipeline.rules import RULES, Line, Page, Verdict
from pipeline.rules.title import title_text
from pipeline.settings import DEFAULT_SETTINGS, CleanSettings

# Characters that print nothing: a line of them is blank. `str.strip` already removes the "\\r" of CRLF
# files, tabs and non-breaking spaces, as the gold guidelines do; byte-order marks and zero-width spaces
# that scrapers leave mid-file are not whitespace to Python.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
# Rules run again until they find nothing new: a structural rule (what comes after the story's last
# paragraph, a run of menu items) must see the lines that later rules removed, or cleaning the result
# again would find more.
_MAX_PASSES = 5


def line_content(raw: str) -> str:
    """A raw line's content: stripped of whitespace and invisible characters."""
    return raw.strip().strip(_INVISIBLE).strip()


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of a dump, numbered from 1 over the raw text split on "\\n"."""
    text = text.removeprefix("\ufeff")
    lines = (Line(n, line_content(raw), len(raw) - len(raw.lstrip(" \t"))) for n, raw in enumerate(text.split("\n"), start=1))
    return [line for line in lines if line.text]


def judge(text: str, settings: CleanSettings = DEFAULT_SETTINGS, *, extract_title: bool = True,
          boilerplate: frozenset[int] = frozenset()) -> Page:
    """Run every rule over the dump, until a pass adds nothing; the page holds each line's verdicts."""
    page = Page(split_lines(text), settings, extract_title, boilerplate=boilerplate)
    for n in range(_MAX_PASSES):
        before = (len(page.whole), sum(len(c) for c in page.cuts.values()))
        for rule in RULES:
            if rule.name in settings.disabled_rules or (n and not rule.contextual):
                continue
            for verdict in rule.find(page):
                _record(page, verdict)
        if (len(page.whole), sum(len(c) for c in page.cuts.values())) == before:
            break
    return page


def _record(page: Page, verdict: Verdict) -> None:
    if verdict.cut is None:
        page.whole.setdefault(verdict.index, verdict)
        return
    if verdict.index in page.whole:
        return
    start, end = verdict.cut
    existing = page.cuts.setdefault(verdict.index, [])
    if all(end <= s or start >= e for s, e in (v.cut for v in existing)) and verdict not in existing:
        existing.append(verdict)


def clean(text: str, settings: CleanSettings = DEFAULT_SETTINGS, *, extract_title: bool = True,
          boilerplate: frozenset[int] = frozenset()) -> Article:
    """Clean one dump. Never raises on a str; every non-blank line ends in the body or in `removed`.

    `extract_title=False` treats the first line as body material, for re-cleaning text that has no
    headline any more (an earlier result's body). `boilerplate` holds lines learned across the
    document's source (`pipeline.boilerplate`), as hashes of their normalised text.
    """
    page = judge(text, settings, extract_title=extract_title, boilerplate=boilerplate)
    paragraphs: list[Paragraph] = []
    removed: list[Removal] = []
    for i, line in enumerate(page.lines):
        verdict = page.whole.get(i)
        if verdict is not None:
            removed.append(Removal(line.number, verdict.kind, verdict.rule, line.text))
            continue
        for cut in sorted(page.cuts.get(i, ()), key=lambda v: v.cut[0]):
            start, end = cut.cut
            removed.append(Removal(line.number, cut.kind, cut.rule, line.text[start:end].strip()))
        kept = page.kept_text(i)
        if kept:
            paragraphs.append(Paragraph(line.number, kept))
    return Article(
        title=_title(page),
        paragraphs=paragraphs,
        removed=removed,
        byline=_first(removed, "byline_by"),
        date=_first(removed, "byline_timestamp") or _first(removed, "byline_updated"),
    )


def _title(page: Page) -> str | None:
    if page.title_index is None:
        return None
    return title_text(page.lines[page.title_index].text)


def _first(removed: list[Removal], rule: str) -> str | None:
    return next((r.text for r in removed if r.rule == rule), None)


def explain_lines(text: str, settings: CleanSettings = DEFAULT_SETTINGS) -> list[tuple[int, str, str | None, str | None]]:
    """Each raw line with the kind and rule that removed it (None, None for body and blank lines).
    A line with a piece cut out is marked with the cut's kind and rule, prefixed by "part:"."""
    page = judge(text, settings)
    by_number = {line.number: i for i, line in enumerate(page.lines)}
    rows = []
    for number, raw in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        i = by_number.get(number)
        verdict = page.whole.get(i) if i is not None else None
        cuts = page.cuts.get(i, []) if i is not None else []
        if verdict:
            rows.append((number, raw.rstrip("\r"), verdict.kind, verdict.rule))
        elif cuts:
            rows.append((number, raw.rstrip("\r"), "part:" + cuts[0].kind, cuts[0].rule))
        else:
            rows.append((number, raw.rstrip("\r"), None, None))
    return rows
