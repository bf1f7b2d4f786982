"""WARC files to the HTML responses they hold, read with warcio and a bound on header lines."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

WARC_SUFFIXES = (".warc", ".warc.gz")


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
