"""Hostile compressed inputs, made by streaming so that the tests never hold what they inflate to."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

MiB = 1024 * 1024
GiB = 1024 * MiB


class _Gzip:
    """One gzip member written to a file piece by piece."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self.deflate = zlib.compressobj(6, zlib.DEFLATED, 31)

    def write(self, data: bytes) -> None:
        self.handle.write(self.deflate.compress(data))

    def fill(self, byte: bytes, size: int) -> None:
        block = byte * MiB
        for _ in range(size // MiB):
            self.write(block)
        self.write(byte * (size % MiB))

    def close(self) -> None:
        self.handle.write(self.deflate.flush())


def gzip_bomb(path: Path, inflated: int, byte: bytes = b"\0") -> Path:
    """A .gz of `inflated` bytes of one byte value: about 1 KB per MB."""
    with open(path, "wb") as handle:
        member = _Gzip(handle)
        member.fill(byte, inflated)
        member.close()
    return path


def jsonl_bomb(path: Path, articles: list[str], inflated: int) -> Path:
    """A .jsonl.gz whose first lines are real articles and whose last line is one JSON string of `inflated` bytes."""
    with open(path, "wb") as handle:
        member = _Gzip(handle)
        for n, text in enumerate(articles):
            member.write(json.dumps({"text": text, "url": f"https://example.com/{n}"}).encode() + b"\n")
        member.write(b'{"text": "')
        member.fill(b"a", inflated)
        member.write(b'"}\n')
        member.close()
    return path


def _warc_head(url: str, length: int) -> bytes:
    return (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{abs(hash(url)) % 10**12:012d}>\r\n"
            f"WARC-Date: 2026-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()


def warc_bomb(path: Path, pages: list[tuple[str, str]], inflated: int) -> Path:
    """A .warc.gz (one gzip member per record, as crawlers write them) holding the real `pages`, then a record
    whose member inflates to `inflated` bytes of HTML, then a response whose body the server gzip-compressed
    and which inflates to `inflated` bytes: the two ways a WARC can hide a bomb."""
    with open(path, "wb") as handle:
        for url, html in pages:
            body = html.encode()
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
            handle.write(gzip.compress(_warc_head(url, len(http) + len(body)) + http + body + b"\r\n\r\n"))
        # a member bomb: the record itself inflates to `inflated` bytes
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
        member = _Gzip(handle)
        member.write(_warc_head("https://example.com/member-bomb", len(http) + inflated) + http)
        member.fill(b" ", inflated)
        member.write(b"\r\n\r\n")
        member.close()
        # a body bomb: a small record whose HTTP body is gzip that inflates to `inflated` bytes
        inner = Path(str(path) + ".body")
        gzip_bomb(inner, inflated, b" ")
        body = inner.read_bytes()
        inner.unlink()
        http = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        handle.write(gzip.compress(_warc_head("https://example.com/body-bomb", len(http) + len(body)) + http + body
                                   + b"\r\n\r\n"))
    return path


def warc_line_bomb(path: Path, inflated: int) -> Path:
    """A .warc.gz whose first header line never ends: `inflated` bytes of one line."""
    with open(path, "wb") as handle:
        member = _Gzip(handle)
        member.write(b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: ")
        member.fill(b"a", inflated)
        member.close()
    return path
