"""A row's authors and publication time from real dumps (tests/data/newcomer, copied from ../shared/newcomer): the
byline line removed as a byline and its names in `authors`, the dateline's time and zone in `published_at`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import DATA

from pipeline import clean
from pipeline.ingest.metadata import article_metadata, authors_of

NEWCOMER = DATA / "newcomer"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# (file, authors, published_at)
NEWCOMER_ROWS = [
    # 4:12 PM EST is 21:12 UTC (it was 2026-12-05 00:00: the time and zone lost)
    ("senate-budget.txt", ["Maria Lopez", "Tom Becker"], utc(2026, 12, 5, 21, 12)),
    ("storm.txt", ["Sarah Kim"], utc(2026, 12, 6, 14, 3)),
    # "December 5, 2026 3:45 PM EST Updated 2 hours ago": the date, not the age (the line was kept in the body)
    ("fed.txt", ["Ann Saphir", "Howard Schneider"], utc(2026, 12, 5, 20, 45)),
    # "Par Claire Dubois" stayed in the body with no authors; "Publié le 5 décembre 2026 à 08h15" gave no date. No
    # zone: read as UTC
    ("greve.txt", ["Claire Dubois"], utc(2026, 12, 5, 8, 15)),
    # "２０２６年１２月５日　１０時３０分" was kept in the body
    ("japanese.txt", [], utc(2026, 12, 5, 10, 30)),
]


@pytest.mark.parametrize(("name", "authors", "published"), NEWCOMER_ROWS, ids=[n for n, _, _ in NEWCOMER_ROWS])
def test_newcomer_rows_have_their_authors_and_time(name, authors, published):
    article = clean((NEWCOMER / name).read_text(encoding="utf-8"))
    row = article_metadata(article, {})
    assert row["authors"] == authors
    assert row["published_at"] == published
    # the byline and dateline lines are removed as bylines, not left in the body
    bylines = [r.text for r in article.removed if r.kind == "byline"]
    assert len(bylines) == (2 if authors else 1), article.removed
    assert not any(line in article.body for line in bylines)


BYLINES = [
    ("By Maria Lopez and Tom Becker", ["Maria Lopez", "Tom Becker"]),
    ("By JANE DOE AND JOHN ROE", ["JANE DOE", "JOHN ROE"]),
    ("By Jane Doe | Fox News", ["Jane Doe"]),
    ("By Ann Saphir for Reuters", ["Ann Saphir"]),
    ("by Chris Foresman - Nov 9, 2012 5:15 pm UTC", ["Chris Foresman"]),
    ("Par Claire Dubois", ["Claire Dubois"]),
    # the place after the name is no author; an agency after a person is none either
    ("Von Anna Sleegers, Frankfurt", ["Anna Sleegers"]),
    ("Von: Simone Jung", ["Simone Jung"]),
    ("Par Le Figaro et AFP", ["Le Figaro"]),
    ("Por Steven Lee Myers, Keith Bradsher y Tariq Panja", ["Steven Lee Myers", "Keith Bradsher", "Tariq Panja"]),
    ("di Viviana Mazza", ["Viviana Mazza"]),
    ("Door Jan de Vries en Anna Bakker", ["Jan de Vries", "Anna Bakker"]),
    ("Av Karin Olsson och Per Lind", ["Karin Olsson", "Per Lind"]),
    ("Af Anne Sofie Jensen og Mads Holm", ["Anne Sofie Jensen", "Mads Holm"]),
    ("Autor: Monika Bolliger und Anna Trechsel, Sweidah", ["Monika Bolliger", "Anna Trechsel"]),
    ("Autorin/Autor Roman Goncharenko", ["Roman Goncharenko"]),
    ("Автор: Иван Петров и Анна Смирнова", ["Иван Петров", "Анна Смирнова"]),
    ("김철수·이영희 기자 kim@mk.co.kr", ["김철수", "이영희"]),
]


@pytest.mark.parametrize(("byline", "names"), BYLINES, ids=[b for b, _ in BYLINES])
def test_names_of_a_byline(byline, names):
    assert authors_of(byline) == names


def test_given_authors_come_first():
    assert authors_of("By Someone Else", ["Jane Doe", 7, " "]) == ["Jane Doe", "7"]
    # trafilatura joins a page's authors with "; "
    assert authors_of(None, "Jane Doe; John Roe") == ["Jane Doe", "John Roe"]
    assert authors_of(None, None) == []


def test_a_pages_date_keeps_its_time_and_zone():
    # its markup says 2019-12-08T09:59:25-0800 (trafilatura's date was the day alone: 2019-12-08 00:00 UTC)
    from pipeline.ingest.batch import RunContext, article_row
    from pipeline.io.readers import RawDocument

    page = DATA / "wcxb" / "5602" / "page.html"
    doc = RawDocument(str(page), None, page.read_bytes(), "0" * 64, kind="html")
    row = article_row(doc, RunContext(dest="unused", run_id="test"), datetime.now(UTC))
    assert row["published_at"] == utc(2019, 12, 8, 17, 59, 25)


def test_a_subheading_shaped_like_a_foreign_byline_names_no_author():
    # "Von Miller Returns To Denver" was taken as a byline and gave authors ['Miller Returns To Denver']
    story = ["The quarterback signed a two-year contract on Tuesday, the team said, ending weeks of talks that had kept "
             "fans guessing about whether he would ever wear the orange jersey again.",
             "Von Miller Returns To Denver",
             "The linebacker, who won the Super Bowl with the club, agreed to terms late on Monday night after a "
             "physical examination at the team's training centre, his agent told reporters."]
    article = clean("\n\n".join(["Broncos bring back their stars", *story]))
    assert article_metadata(article, {})["authors"] == []
    assert "Von Miller Returns To Denver" in article.body
