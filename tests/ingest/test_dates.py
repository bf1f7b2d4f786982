"""published_at: the time and zone a dateline gives, in the corpora's languages, from the lines the cleaner took as
datelines and bylines only (pipeline/ingest/dates.py). The newcomer's dumps: tests/ingest/test_metadata.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import clean
from pipeline.ingest.dates import parse_date, published_at
from pipeline.ingest.metadata import authors_of

NEWCOMER = DATA / "newcomer"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# (language as CLD2 names it, dateline, UTC): one or more lines of each of the corpora's languages
DATELINES = [
    ("en", "Published 4:12 PM EST, December 5, 2026", utc(2026, 12, 5, 21, 12)),
    ("en", "Updated on:  March 23, 2024 / 8:41 PM EDT", utc(2024, 3, 24, 0, 41)),
    ("en", "Friday, 22 Nov 2024 4:55 PM MYT", utc(2024, 11, 22, 8, 55)),
    ("en", "Nov. 19, 2019", utc(2019, 11, 19)),
    ("fr", "Publié le 5 décembre 2026 à 08h15, mis à jour à 11h42", utc(2026, 12, 5, 8, 15)),
    ("de", "Stand: 28.04.2023 17:23 Uhr", utc(2023, 4, 28, 17, 23)),
    # day first, as German writes it, though dateparser's search reads "06.01." month first
    ("de", "Aktualisiert am 07.01.2026 - 18:50 Uhr", utc(2026, 1, 7, 18, 50)),
    ("de", "06. 01. 2026, 14:59 Uhr Lesedauer: 4 Minuten", utc(2026, 1, 6, 14, 59)),
    ("de", "Aktualisiert am 28. April 2023, 20:22 Uhr", utc(2023, 4, 28, 20, 22)),
    ("es", "Publicado el 5 de diciembre de 2026, 10:30", utc(2026, 12, 5, 10, 30)),
    ("pt", "Publicado em 5 de dezembro de 2026 às 10:30", utc(2026, 12, 5, 10, 30)),
    ("it", "Pubblicato il 5 dicembre 2026 alle 10:30", utc(2026, 12, 5, 10, 30)),
    ("nl", "5 december 2026 10:30", utc(2026, 12, 5, 10, 30)),
    ("sv", "Publicerad 1 okt 2025 kl 02.11", utc(2025, 10, 1)),
    ("no", "Publisert 05.12.2026 10:30", utc(2026, 12, 5, 10, 30)),
    ("da", "04.08.2024, kl. 09.52", utc(2024, 8, 4, 9, 52)),
    ("pl", "5 grudnia 2026, 10:30", utc(2026, 12, 5, 10, 30)),
    ("ru", "5 декабря 2026, 10:30", utc(2026, 12, 5, 10, 30)),
    ("uk", "5 грудня 2026, 10:30", utc(2026, 12, 5, 10, 30)),
    ("tr", "05 Aralık 2026 10:30", utc(2026, 12, 5, 10, 30)),
    ("ja", "２０２６年１２月５日　１０時３０分", utc(2026, 12, 5, 10, 30)),
    ("zh", "发布时间：2024-04-24 23:52", utc(2024, 4, 24, 23, 52)),
    ("ko", "입력 2025.05.28 오후 6:39", utc(2025, 5, 28, 18, 39)),
    ("ko", "2025-05-28 18:39 기준", utc(2025, 5, 28, 18, 39)),
    ("ar", "5 ديسمبر 2026", utc(2026, 12, 5)),
    ("iw", "05.12.2026 10:30", utc(2026, 12, 5, 10, 30)),
    ("hi", "5 दिसंबर 2026, 10:30 AM IST", utc(2026, 12, 5, 5, 0)),
    ("vi", "Thứ sáu, 5/12/2026, 10:30 (GMT+7)", utc(2026, 12, 5, 3, 30)),
    # given metadata: ISO 8601 and RFC 2822, with their offsets
    ("en", "2026-12-05T16:12:00-05:00", utc(2026, 12, 5, 21, 12)),
    ("en", "Fri, 05 Dec 2026 16:12:00 -0500", utc(2026, 12, 5, 21, 12)),
]


@pytest.mark.parametrize(("language", "text", "expected"), DATELINES, ids=[f"{lang}: {t}" for lang, t, _ in DATELINES])
def test_datelines_in_the_corpora_languages(language, text, expected):
    assert parse_date(text, language) == expected


# Nothing that would be a guess: an age, a time alone, a month and year, a date after tomorrow, a byline, prose
NOT_DATES = ["Updated 2 hours ago", "Updated 3:45 PM ET", "December 2026", "By April Smith", "Published in 1851, the novel",
             (datetime.now(UTC) + timedelta(days=40)).strftime("%B %d, %Y"), "", "x" * 500, None, 2024]


@pytest.mark.parametrize("value", NOT_DATES)
def test_no_date_rather_than_a_guess(value):
    assert parse_date(value, "en") is None


def test_a_date_in_the_story_is_not_the_articles():
    # the story's dates ("on Thursday, Dec. 4, 2026", "December 5, 2026" in a paragraph) are no dateline
    text = ("Senate passes stopgap budget\n\nWASHINGTON (AP) — The Senate passed a stopgap spending bill on December 5, 2026, "
            "sending it to the president's desk just hours before a midnight deadline.\n\nThe measure, approved 71-29 on "
            "Thursday, Dec. 4, 2026, funds agencies at current levels through Jan. 30.")
    article = clean(text)
    assert published_at(article, None, "en") is None


def test_given_metadata_comes_before_the_dateline():
    article = clean((NEWCOMER / "senate-budget.txt").read_text(encoding="utf-8"))
    assert published_at(article, "2026-12-04", "en") == utc(2026, 12, 4)
    # given metadata that is no date: the dateline still counts
    assert published_at(article, "soon", "en") == utc(2026, 12, 5, 21, 12)


# --- never raises --------------------------------------------------------------------------------------------------
# A JSONL `published` or `authors` is whatever JSON a scraper wrote; a dateline is any text. The edges of the datetime
# range once raised: "0001-01-01T00:00:00+05:00" is before year 1 in UTC (OverflowError), and the whole article was
# rejected as an internal error.
EDGE_TIMESTAMPS = ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59",
                   "9999-12-31T23:59:59-05:00", "0001-01-01", "9999-12-31T23:59:59Z", "Published 1 January 0001 00:00 +0500",
                   "Updated: 31 Dec 9999, 23:59 -2359", "Jan 1, 1 12:00 AM IST"]


@pytest.mark.parametrize("value", EDGE_TIMESTAMPS)
def test_timestamps_at_the_edges_of_the_calendar_give_no_date(value):
    found = parse_date(value, "en")
    assert found is None or found.tzinfo is not None


def json_values():
    """Any value a JSON field can hold: null, booleans, numbers (huge and negative too), strings, lists and objects."""
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=60)
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                               max_size=4), max_leaves=10)


# The calendar's first and last days, where a zone's offset takes a time out of it, as often as the days between
MOMENTS = (st.datetimes(max_value=datetime(1, 1, 2)) | st.datetimes(min_value=datetime(9999, 12, 30))
           | st.datetimes(min_value=datetime.min, max_value=datetime.max))
OFFSETS = st.timedeltas(min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59))
# An ISO timestamp (given metadata) anywhere in the calendar, with any offset a zone may name
ISO = st.builds(lambda moment, offset: moment.replace(tzinfo=timezone(offset)).isoformat(), MOMENTS, OFFSETS)
# A dateline in words anywhere in the calendar, with a zone: "Published 1 January 0001 00:00 +0500"
ZONES = st.sampled_from(["", "UTC", "EST", "IST", "+0500", "-2359", "+23:59", "GMT+7"])
MONTHS = st.sampled_from(["January", "Dec.", "décembre", "Dezember", "dicembre", "декабря", "Aralık", "12", "1"])
WORDED = st.builds(lambda label, moment, month, zone: f"{label} {moment.day} {month} {moment.year:04d} {moment:%H:%M} {zone}",
                   st.sampled_from(["", "Published", "Stand:", "Publié le"]), MOMENTS, MONTHS, ZONES)
# Text made of a dateline's pieces, where dateparser does its work
PIECES = st.sampled_from(["0", "1", "9999", "0001", "31", "12", "2026", "-", ":", "/", ".", ",", "T", "Z", "+", "-23:59",
                          "+0530", "IST", "EST", "UTC", "GMT+7", "am", "PM", "Published", "Stand:", "Publié le", "décembre",
                          "Dec.", "年", "月", "日", "기준", " ", "  "])
DATELIKE = ISO | WORDED | st.lists(PIECES, max_size=12).map("".join)
LANGUAGES = st.sampled_from([None, "en", "fr", "de", "ja", "ko", "zh-Hant", "iw", "no", "xx"]) | st.text(max_size=5)


@settings(max_examples=300, deadline=None)
@given(value=DATELIKE | st.text(max_size=80) | json_values(), language=LANGUAGES)
def test_parse_date_never_raises(value, language):
    found = parse_date(value, language)
    assert found is None or (found.tzinfo is not None and found.utcoffset() == timedelta(0))


@settings(max_examples=100, deadline=None)
@given(given=DATELIKE | json_values(), dateline=DATELIKE | st.text(max_size=80), language=LANGUAGES)
def test_published_at_never_raises(given, dateline, language):
    article = clean(f"Published {dateline}\n\n{' '.join(['The council met on Tuesday to debate the plan.'] * 3)}")
    found = published_at(article, given, language)
    assert found is None or found.tzinfo is not None


@settings(max_examples=300, deadline=None)
@given(byline=st.none() | st.text(max_size=80) | st.text(max_size=40).map("By {}".format), given=json_values())
def test_authors_of_never_raises(byline, given):
    names = authors_of(byline, given)
    assert isinstance(names, list) and all(isinstance(n, str) and n for n in names)
