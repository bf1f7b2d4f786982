"""Inputs to raw documents: .txt and .jsonl dumps (plain or gzip-compressed), HTML pages and WARC archives,
found in a folder, an s3:// prefix or by a glob.

Reading never raises for a bad input: every failure becomes a `Reject` with a reason and the raw bytes.
Only errors that may go away on a second try (an I/O error of the disk or the network) propagate, so
that the caller can retry them.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import io
import json
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

from ftfy.fixes import fix_surrogates

from pipeline.core.document import Reject
from pipeline.core.settings import IngestSettings
from pipeline.io.storage import store_for

SUFFIXES = (".txt", ".txt.gz", ".jsonl", ".jsonl.gz", ".html", ".htm", ".html.gz", ".htm.gz", ".warc", ".warc.gz")
# Optional article fields a scraper's JSONL commonly carries beside the required "text".
JSONL_FIELDS = ("url", "title", "source", "published", "authors")
# I/O errors worth a retry: the storage, not the file, failed.
TRANSIENT_ERRNOS = {errno.EIO, errno.EAGAIN, errno.EBUSY, errno.ETIMEDOUT, errno.ESTALE, errno.ECONNRESET, errno.EINTR}


@dataclass(frozen=True, slots=True)
class InputFile:
    uri: str  # absolute path, or s3://bucket/key
    size: int
    mtime: float  # when the dump landed: backfills select by it
    stamp: str = ""  # the listing's size and ETag or modification time (`Entry.stamp`): unchanged inputs are not read


@dataclass(frozen=True, slots=True)
class RawDocument:
    source_uri: str
    member: int | None
    raw: bytes
    input_sha256: str
    fields: dict = field(default_factory=dict)
    kind: str = "text"  # "text": a scraped dump; "html": a page for trafilatura


def formats() -> str:
    """The supported suffixes, for messages: ".txt, .txt.gz, ..."."""
    return ", ".join(SUFFIXES)


def input_format(path: str) -> str | None:
    return next((s for s in SUFFIXES if path.endswith(s)), None)


def discover(source: str) -> tuple[list[InputFile], list[str]]:
    """The dumps under a folder or `s3://` prefix (recursively) or matching a glob, in path order; and the
    paths that were found but are not a supported format (the caller reports them)."""
    found, unsupported = [], []
    for entry in store_for(source).find(source):
        if entry.uri.rsplit("/", 1)[-1].startswith("."):
            continue  # hidden files: editors' swap files, our own temporary files
        if input_format(entry.uri) is None:
            unsupported.append(entry.uri)
            continue
        found.append(InputFile(entry.uri, entry.size, entry.mtime, entry.stamp))
    return found, unsupported


def is_transient(error: BaseException) -> bool:
    """A failure of the storage that may pass (a timeout, a refused or cut connection, EIO): worth a retry.
    S3 failures arrive as `StorageUnavailable`, a ConnectionError."""
    return isinstance(error, (TimeoutError, ConnectionError)) or (
        isinstance(error, OSError) and error.errno in TRANSIENT_ERRNOS
    )


def read_bytes(uri: str) -> bytes:
    return store_for(uri).read(uri)


def open_stream(uri: str) -> BinaryIO:
    return store_for(uri).open(uri)


@dataclass(frozen=True, slots=True)
class Loaded:
    """An input that could be read: its SHA-256, and its bytes when it is small enough to keep in memory
    (`IngestSettings.max_buffered_bytes`). A larger input is read again as a stream by `open`, so that
    memory never grows with the size of an input."""

    file: InputFile
    sha256: str
    data: bytes | None

    def open(self) -> BinaryIO:
        return io.BytesIO(self.data) if self.data is not None else open_stream(self.file.uri)

    def raw(self, settings: IngestSettings) -> bytes:
        """The stored bytes for a reject row, when they are small enough to keep there; otherwise nothing,
        and the reject's message points at the input, which stays where it is."""
        return self.data if self.data is not None and len(self.data) <= settings.max_reject_raw_bytes else b""


def load(input_file: InputFile, settings: IngestSettings) -> Loaded | Reject:
    """The input's SHA-256 (and its bytes, when small), or a reject when the file can't be read."""
    uri = input_file.uri
    try:
        if input_file.size > settings.max_file_bytes:
            return Reject(uri, None, "too_large", f"file is {input_file.size:,} bytes, over the {settings.max_file_bytes:,}"
                          " byte limit (IngestSettings.max_file_bytes): split it or raise the limit", b"")
        if input_file.size <= settings.max_buffered_bytes:
            data = read_bytes(uri)
            return Loaded(input_file, hashlib.sha256(data).hexdigest(), data)
        digest = hashlib.sha256()
        with open_stream(uri) as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
        return Loaded(input_file, digest.hexdigest(), None)
    except FileNotFoundError:
        return Reject(uri, None, "vanished", "the file was deleted or moved between listing and reading", b"")
    except PermissionError:
        return Reject(uri, None, "unreadable", "permission denied: give the user running articlean read access", b"")
    except IsADirectoryError:
        return Reject(uri, None, "unreadable", "is a directory, not a dump", b"")
    except OSError as err:
        if is_transient(err):
            raise
        return Reject(uri, None, "unreadable", f"cannot be read: {err.strerror or err}", b"")


def documents(loaded: Loaded, settings: IngestSettings) -> Iterator[RawDocument | Reject]:
    """The raw documents of one input, read as a stream: memory is bounded by the settings' limits (one
    document, one chunk), never by the size of the input or by what it inflates to."""
    try:
        yield from _documents(loaded, settings)
    except FileNotFoundError:  # a large input is read twice (hashed, then parsed): it went in between
        yield Reject(loaded.file.uri, None, "vanished", "the file was deleted or moved while being read", b"")


def _documents(loaded: Loaded, settings: IngestSettings) -> Iterator[RawDocument | Reject]:
    uri, fmt = loaded.file.uri, input_format(loaded.file.uri)
    compressed = fmt.endswith(".gz")
    if compressed:
        problem = check_inflated(loaded, settings, limit=None if fmt.startswith(".warc") else settings.max_inflated_bytes)
        if problem:
            yield problem
            return
    if fmt.startswith(".warc"):  # warcio inflates .warc.gz itself; each response is bounded on its own
        yield from _warc_documents(loaded, settings)
        return
    if fmt.startswith(".jsonl"):
        with _inflating(loaded, compressed) as stream:
            yield from _jsonl_documents(loaded, stream, settings)
        return
    data = loaded.data
    if compressed or data is None:
        try:
            with _inflating(loaded, compressed) as stream:
                data = stream.read(settings.max_document_bytes + 1)
        except (EOFError, gzip.BadGzipFile, zlib.error) as err:  # changed since `check_inflated` read it
            yield Reject(uri, None, "truncated_gzip", f"the gzip stream broke while reading ({err}): copy it again", b"")
            return
    if len(data) > settings.max_document_bytes:
        raw = loaded.raw(settings)
        yield Reject(uri, None, "too_large", _too_large(len(data), settings, inflated=compressed or not raw)
                     + _not_kept(loaded, settings), raw)
        return
    yield RawDocument(uri, None, data, loaded.sha256, kind="html" if fmt.startswith(".htm") else "text")


# Bytes read or inflated at a time.
CHUNK = 1 << 20


@contextmanager
def _inflating(loaded: Loaded, compressed: bool) -> Iterator[BinaryIO]:
    """The input's content as a stream: inflated as it is read when `compressed`."""
    with loaded.open() as stream:
        if not compressed:
            yield stream
            return
        with gzip.GzipFile(fileobj=stream, mode="rb") as inflated:
            yield inflated


def check_inflated(loaded: Loaded, settings: IngestSettings, limit: int | None) -> Reject | None:
    """Inflate a gzip input once without keeping anything, stopping as soon as it passes `limit`: a gzip
    bomb, or a file cut off while being copied, is rejected whole before any of it is cleaned. Memory: one
    chunk. Inflating costs about 1 s per GB, little beside cleaning."""
    total = 0
    try:
        with _inflating(loaded, True) as stream:
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                if limit is not None and total > limit:
                    return Reject(loaded.file.uri, None, "too_large",
                                  f"inflates past the {limit:,} byte limit (IngestSettings.max_inflated_bytes): a gzip bomb,"
                                  f" or a dump to split before ingesting{_not_kept(loaded, settings)}", loaded.raw(settings))
    except EOFError:
        return Reject(loaded.file.uri, None, "truncated_gzip", "the gzip stream ends early: the file was cut off while being"
                      f" copied or written; copy it again{_not_kept(loaded, settings)}", loaded.raw(settings))
    except (gzip.BadGzipFile, zlib.error) as err:
        name = loaded.file.uri.rsplit("/", 1)[-1]
        return Reject(loaded.file.uri, None, "not_gzip", f"{name} is named .gz but is not gzip data ({err}): if it is plain"
                      f" text, drop the .gz from its name{_not_kept(loaded, settings)}", loaded.raw(settings))
    return None


def _not_kept(loaded: Loaded, settings: IngestSettings) -> str:
    if loaded.raw(settings):
        return ""
    return (f" (the input is {loaded.file.size:,} bytes, too large to copy into this row: it stays at source_uri,"
            " with input_sha256 to check it)")


def _warc_documents(loaded: Loaded, settings: IngestSettings) -> Iterator[RawDocument | Reject]:
    from pipeline.io.warc import warc_pages

    uri, number = loaded.file.uri, 0
    try:
        with loaded.open() as stream:
            for number, page in enumerate(warc_pages(stream, settings.max_document_bytes), start=1):
                if page.html is None:
                    yield Reject(uri, number, "too_large", _too_large(page.size, settings, inflated=True, member="response"),
                                 b"")
                    continue
                fields = {"url": page.url} if page.url else {}
                yield RawDocument(uri, number, page.html, loaded.sha256, fields, kind="html")
    except Exception as err:  # noqa: BLE001 - warcio raises several types for a damaged archive
        if is_transient(err):
            raise
        yield Reject(uri, None, "bad_warc", f"the WARC file is damaged after {number} HTML responses ({err}): "
                     f"the responses before the damage were read; copy the file again{_not_kept(loaded, settings)}",
                     loaded.raw(settings))


class Lines:
    """The lines of a stream, each at most `limit` bytes: a longer line is reported by its length and skipped
    without being held (a JSONL bomb is one endless line). Memory: one chunk and one line."""

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self.stream, self.limit = stream, limit

    def __iter__(self) -> Iterator[tuple[int, bytes | None, int]]:
        """(line number, the line or None when it is too long, its length in bytes). A too-long line of nothing
        but whitespace comes as b"", like any blank line."""
        number, pending, overlong, blank = 0, b"", 0, True
        while chunk := self.stream.read(CHUNK):
            pieces = chunk.split(b"\n")
            for piece in pieces[:-1]:
                number += 1
                if overlong or len(pending) + len(piece) > self.limit:
                    blank = blank and not pending.strip() and not piece.strip()
                    yield number, b"" if blank else None, overlong + len(pending) + len(piece)
                else:
                    yield number, pending + piece, len(pending) + len(piece)
                pending, overlong, blank = b"", 0, True
            tail = pieces[-1]
            if overlong or len(pending) + len(tail) > self.limit:
                blank = blank and not pending.strip() and not tail.strip()
                overlong += len(pending) + len(tail)
                pending = b""
            else:
                pending += tail
        if overlong:
            yield number + 1, b"" if blank else None, overlong
        elif pending:
            yield number + 1, pending, len(pending)


def _jsonl_documents(loaded: Loaded, stream: BinaryIO, settings: IngestSettings) -> Iterator[RawDocument | Reject]:
    uri = loaded.file.uri
    try:
        for number, line, size in Lines(stream, settings.max_document_bytes):
            if line is None:
                yield Reject(uri, number, "too_large", _too_large(size, settings, member=f"line {number}"), b"")
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as err:
                yield Reject(uri, number, "bad_json", f"line {number} is not JSON ({err}): each line must be one JSON object",
                             line)
                continue
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                yield Reject(uri, number, "not_an_article",
                             f"line {number} is not an article object: it needs a string field \"text\"", line)
                continue
            # a lone surrogate ("\ud83d", half an emoji) is valid JSON but not encodable text: ftfy mends pairs and
            # replaces what is left
            text = fix_surrogates(obj["text"])
            yield RawDocument(uri, number, text.encode("utf-8", "replace"), loaded.sha256, _fields(obj))
    except (EOFError, gzip.BadGzipFile, zlib.error) as err:  # changed since `check_inflated` read it
        yield Reject(uri, None, "truncated_gzip", f"the gzip stream broke while reading ({err}): copy it again", b"")


def _fields(obj: dict) -> dict:
    """The optional article fields of a JSONL object that have the expected type: strings, and for
    `authors` a string or a list of strings. A field of another type (a scraper's `"url": 123`) is left
    out rather than failing the batch: the article is still worth having."""
    fields = {}
    for key in JSONL_FIELDS:
        value = obj.get(key)
        if key == "authors" and isinstance(value, list):
            value = [a for a in value if isinstance(a, str) and a.strip()]
            if value:
                fields[key] = value
        elif isinstance(value, str) and value.strip():
            fields[key] = value
    return fields


def _too_large(size: int, settings: IngestSettings, inflated: bool = False, member: str = "document") -> str:
    over = "at least " if inflated else ""
    kept = "" if member == "document" else " (not copied into this row: read it from the input)"
    return (f"{member} is {over}{size:,} bytes, over the {settings.max_document_bytes:,} byte limit "
            f"(IngestSettings.max_document_bytes): no article is that long; is it a data file?{kept}")


class TooLarge(ValueError):
    """A document over `IngestSettings.max_document_bytes`, read by a command outside a run (`explain`, `eval`);
    the message is the one a run's too_large reject of the same file carries."""


def read_document(source: str | os.PathLike | BinaryIO, settings: IngestSettings) -> bytes:
    """The bytes of one document, a local file or a stream (standard input), never more than the document limit
    of them held: `TooLarge` past it. A file larger than the limit is refused unread."""
    if not hasattr(source, "read"):
        with open(source, "rb") as stream:
            return _read_document(stream, settings, os.fstat(stream.fileno()).st_size)
    return _read_document(source, settings, None)


def _read_document(stream: BinaryIO, settings: IngestSettings, size: int | None) -> bytes:
    limit = settings.max_document_bytes
    if size is not None and size > limit:
        raise TooLarge(_too_large(size, settings))
    data = stream.read(limit + 1)
    if len(data) > limit:  # standard input, or a file that grew since its size was taken
        raise TooLarge(_too_large(len(data), settings, inflated=True))
    return data
