"""Everything a dataset row says about an article besides its text: ids, hashes, counts, language (`pipeline.core.language`),
authors, dates (`dates`)."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from pipeline.cleaning.rules.patterns import BYLINE_LEAD_RE, BYLINE_NAME_JOIN_RE, BYLINE_TAIL_RE, CAPITAL
from pipeline.core.document import Article
from pipeline.core.language import language_of
from pipeline.core.text import word_count
from pipeline.ingest.dates import published_at

# Names after the first one that are one capitalised word are the byline's place or agency, not a person: "Von Anna
# Sleegers, Frankfurt", "Par Le Figaro et AFP". The first name is kept whatever its length ("By Madonna"), and a
# Korean name is one word ("김철수·이영희 기자").
_ONE_WORD = re.compile(rf"^{CAPITAL}\S*$")


def doc_id(source_uri: str, member: int | None) -> str:
    """Stable id of an article: where it came from, not what it says, so that re-cleaning keeps it."""
    key = source_uri if member is None else f"{source_uri}#{member}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def sha256(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def site_of(url: str | None) -> str | None:
    """"https://www.apnews.com/article/x" -> "apnews.com"."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.") or None


def authors_of(byline: str | None, given=None) -> list[str]:
    """The names of the given authors (a JSONL list, or a string such as trafilatura's "Jane Doe; John Roe"), else of
    the byline the rules took ("By Maria Lopez and Tom Becker", "Par Claire Dubois", "Autor: Monika Bolliger und Anna
    Trechsel, Sweidah", "김철수·이영희 기자 kim@mk.co.kr")."""
    if isinstance(given, list):
        return [str(a).strip() for a in given if str(a).strip()]
    if isinstance(given, str) and given.strip():
        byline = given
    if not byline:
        return []
    names = BYLINE_TAIL_RE.sub("", BYLINE_LEAD_RE.sub("", byline.strip()))
    found = [n.strip(" ,.") for n in BYLINE_NAME_JOIN_RE.split(names) if n.strip(" ,.")]
    return found[:1] + [n for n in found[1:] if not _ONE_WORD.match(n)]


def article_metadata(article: Article, fields: dict) -> dict:
    """The row's metadata columns from the cleaned article and the input's own fields (JSONL)."""
    language, language_score = language_of(article.body)
    url = fields.get("url")
    return {
        "title": fields.get("title") or article.title,
        "authors": authors_of(article.byline, fields.get("authors")),
        "published_at": published_at(article, fields.get("published"), language),
        "url": url,
        "source": fields.get("source") or site_of(url),
        "language": language,
        "language_score": language_score,
        "n_chars": len(article.body),
        "n_words": word_count(article.body),
    }
