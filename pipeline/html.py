"""HTML pages to text through trafilatura, and WARC files to the HTML responses they hold.

trafilatura does what it is best at (finding the main text of a page and its metadata); the line rules
then remove what it leaves in (photo credits, promos, bylines), with the HTML profile of the settings.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

log = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    text: str
    metadata: dict = field(default_factory=dict)  # title, author, date, url, sitename, when trafilatura finds them


def extract(html: str, url: str | None = None, **options) -> ExtractedPage:
    """The main text of a page (comments left out) and its metadata. Empty text when there is none."""
    import trafilatura

    # favor_recall: on the 257 WCXB pages it is trafilatura's best setting (F1 0.9525 against 0.9503 for
    # include_comments=False alone), and the line rules take out much of the extra noise it lets in.
    settings = {"include_comments": False, "favor_recall": True, **options}
    # one parse for the text and the metadata (extract() and extract_metadata() would parse twice)
    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, **settings)
    if found is None:
        return ExtractedPage("", {})
    metadata = {key: getattr(found, key) for key in ("title", "author", "date", "url", "sitename") if getattr(found, key, None)}
    return ExtractedPage(found.text or "", metadata)


@dataclass(frozen=True, slots=True)
class WarcPage:
    url: str | None
    record_id: str
    html: bytes | None  # None: the response is larger than the limit (`size` says how much was seen)
    size: int


def warc_pages(stream: BinaryIO, limit: int) -> Iterator[WarcPage]:
    """The HTML responses of a WARC stream (plain or gzip-compressed, which warcio tells apart itself). A
    response body is read, inflated when the server compressed it, up to `limit` bytes: a larger one comes
    with `html=None`, and what is left of it is skipped unread into memory (warcio reads on to the next record)."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream)
    records.reader.__class__ = _bounded_lines_reader(type(records.reader))
    for record in records:
        if record.rec_type != "response" or record.http_headers is None:
            continue
        content_type = (record.http_headers.get_header("Content-Type") or "").lower()
        if "html" not in content_type:
            continue
        body = record.content_stream().read(limit + 1)
        yield WarcPage(
            url=record.rec_headers.get_header("WARC-Target-URI"),
            record_id=record.rec_headers.get_header("WARC-Record-ID") or "",
            html=body if len(body) <= limit else None,
            size=len(body),
        )


# WARC and HTTP header lines are short. warcio reads each one whole, so an endless one (a broken or hostile
# file: 256 MB of one "line" took 843 MB) would be held in memory: a longer line ends the reading of the file.
MAX_HEADER_LINE = 64 * 1024


class WarcLineTooLong(ValueError):
    pass


@functools.cache
def _bounded_lines_reader(base: type) -> type:
    """warcio's reader, reading lines of at most MAX_HEADER_LINE bytes. Only headers are read by line (bodies
    are read by length), so no page is affected."""

    class BoundedLines(base):
        def readline(self, length=None):
            limit = MAX_HEADER_LINE + 1 if not length else min(length, MAX_HEADER_LINE + 1)
            line = super().readline(limit)
            if len(line) > MAX_HEADER_LINE and not line.endswith(b"\n"):
                raise WarcLineTooLong(f"a header line is longer than {MAX_HEADER_LINE:,} bytes: not a WARC record")
            return line

    return BoundedLines


def clean_html(html: str, url: str | None = None):
    """A page through trafilatura, then through the line rules with the HTML profile. Returns the article
    (its title from the page's metadata) and the metadata."""
    from pipeline.clean import clean
    from pipeline.settings import HTML_SETTINGS

    page = extract(html, url=url)
    article = clean(page.text, HTML_SETTINGS, extract_title=False)
    article.title = page.metadata.get("title")
    article.byline = page.metadata.get("author")
    article.date = page.metadata.get("date")
    article.metadata = page.metadata
    return article
