"""published_at: the time and zone a dateline gives, in the corpora's languages, from the lines the cleaner took as
datelines and bylines only (pipeline/ingest/dates.py). The newcomer's dumps: tests/ingest/test_metadata.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from conftest import DATA

from pipeline import clean
from pipeline.ingest.dates import parse_date, published_at

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
