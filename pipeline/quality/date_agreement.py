"""How often the `published_at` of a corpus dump agrees with the date its page gives, to the day.

The page's own date is read two ways, each a reference of its own: from its markup (htmldate on the page's HTML,
meta tags and JSON-LD only: `extensive_search=False`, the original date rather than the last update), and from its
URL where the URL holds one (".../2024/11/18/..."). The dump's date is what ingest stores: the dump cleaned, its
language detected, its dateline and byline lines parsed (`pipeline.ingest.dates.published_at`).

    python -m pipeline.quality.date_agreement --corpus ../shared/corpus-fundus --corpus ../shared/corpus-wcxb [-v]

Rules are written looking at the training sites; the figure to report is the test sites' (`corpus.is_test_site`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.core.machine import usable_cores
from pipeline.quality.corpus import corpus_name, read_corpus

REFERENCES = ("markup", "url")


@dataclass(frozen=True, slots=True)
class PageDates:
    """The dates a page gives of itself, as "YYYY-MM-DD" (None where it gives none)."""

    markup: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """One dump: its corpus and split, the day its published_at fell on (None: none parsed), the page's dates."""

    corpus: str
    test: bool
    dump_id: str
    parsed: str | None
    page: PageDates
    line: str | None  # the dateline the date came from, for -v


def page_dates(corpus: Path) -> dict[tuple[str, str], PageDates]:
    """(dataset, page) -> the page's own dates, from the corpus's pages.jsonl.gz."""
    from htmldate import find_date

    found = {}
    with gzip.open(Path(corpus) / "pages.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            page = json.loads(line)
            html, url = page.get("html") or "", page.get("url")
            markup = find_date(html, extensive_search=False, original_date=True) if html.strip() else None
            # a bare page with the URL alone: htmldate reads the date in the URL, and never fetches it
            from_url = find_date("<html><body></body></html>", extensive_search=False, url=url) if url else None
            found[(page["dataset"], page["page"])] = PageDates(markup, from_url)
    return found


def _outcome(item: tuple[str, object, PageDates]) -> Outcome:
    from pipeline.cleaning.engine import clean
    from pipeline.ingest.dates import candidates, parse_date
    from pipeline.ingest.metadata import language_of

    corpus, dump, dates = item
    article = clean(dump.text)
    language, _ = language_of(article.body)
    for text in candidates(article):
        when = parse_date(text, language)
        if when is not None:
            return Outcome(corpus, dump.is_test, dump.id, when.date().isoformat(), dates, text)
    return Outcome(corpus, dump.is_test, dump.id, None, dates, None)


def outcomes(corpora: Iterable[Path], processes: int | None = None) -> list[Outcome]:
    """Every dump whose page gives a date of itself, cleaned and dated."""
    items = []
    for corpus in corpora:
        dates = page_dates(corpus)
        name = corpus_name(corpus)
        for dump in read_corpus(corpus):
            page = dates.get((dump.dataset, dump.page))
            if page is not None and (page.markup or page.url):
                items.append((name, dump, page))
    with multiprocessing.get_context("spawn").Pool(processes or usable_cores()) as pool:
        return list(pool.imap(_outcome, items, chunksize=16))


def _days_apart(a: str, b: str) -> int:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def tally(found: Iterable[Outcome], reference: str) -> Counter:
    """Against one reference: dumps with it, dated, same day, a day apart (a zone), further (wrong)."""
    counts = Counter()
    for outcome in found:
        page_day = getattr(outcome.page, reference)
        if page_day is None:
            continue
        counts["with a page date"] += 1
        if outcome.parsed is None:
            continue
        counts["dated"] += 1
        apart = _days_apart(outcome.parsed, page_day)
        counts["same day" if apart == 0 else "a day apart" if apart == 1 else "further apart"] += 1
    return counts


def table(found: list[Outcome]) -> str:
    header = "corpus          sites  reference  dumps with a page date  dated  same day  a day apart  further  agreement  coverage"
    lines = [header]
    groups = sorted({(o.corpus, o.test) for o in found})
    for corpus, test in groups:
        group = [o for o in found if o.corpus == corpus and o.test == test]
        for reference in REFERENCES:
            c = tally(group, reference)
            if not c["with a page date"]:
                continue
            agreement = f"{c['same day'] / c['dated']:.3f}" if c["dated"] else "-"
            lines.append(f"{corpus:<15} {'test' if test else 'train':<6} {reference:<10} {c['with a page date']:>22} "
                         f"{c['dated']:>6} {c['same day']:>9} {c['a day apart']:>12} {c['further apart']:>8} "
                         f"{agreement:>10} {c['dated'] / c['with a page date']:>9.3f}")
    return "\n".join(lines)


def disagreements(found: list[Outcome]) -> str:
    lines = []
    for o in found:
        for reference in REFERENCES:
            page_day = getattr(o.page, reference)
            if o.parsed and page_day and o.parsed != page_day:
                lines.append(f"{o.dump_id} ({'test' if o.test else 'train'}): {o.parsed} from {o.line!r}; {reference} says {page_day}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline.quality.date_agreement", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", required=True, type=Path, help="a corpus folder (repeatable)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every dump whose date disagrees")
    args = parser.parse_args(argv)
    found = outcomes(args.corpus)
    print(table(found))
    if args.verbose:
        print(disagreements(found))


if __name__ == "__main__":
    main()
