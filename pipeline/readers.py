"""Inputs to raw documents: .txt and .jsonl dumps (plain or gzip-compressed), HTML pages and WARC archives,
found in a folder, an s3:// prefix or by a glob.

Reading never raises for a bad input: every failure becomes a `Reject` with a reason and the raw bytes.
Only errors that may go away on a second try (an I/O error of the disk or the network) propagate, so
that the caller can retry them.
"""

from __future__ import annotations

import errno
import hashlib
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from ftfy.fixes import fix_surrogates

from pipeline.document import Reject
from pipeline.settings import IngestSettings
from pipeline.storage import store_for

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
        found.append(InputFile(entry.uri, entry.size, entry.mtime))
    return found, unsupported


def is_transient(error: BaseException) -> bool:
    """A failure of the storage that may pass (a timeout, a refused or cut connection, EIO): worth a retry.
    S3 failures arrive as `StorageUnavailable`, a ConnectionError."""
    return isinstance(error, (TimeoutError, ConnectionError)) or (
        isinstance(error, OSError) and error.errno in TRANSIENT_ERRNOS
    )


def read_bytes(uri: str) -> bytes:
    return store_for(uri).read(uri)


def load(input_file: InputFile, settings: IngestSettings) -> tuple[bytes, str] | Reject:
    """The input's bytes as stored and their SHA-256, or a reject when the file can't be read."""
    uri = input_file.uri
    try:
        if input_file.size > settings.max_file_bytes:
            return Reject(uri, None, "too_large", f"file is {input_file.size:,} bytes, over the {settings.max_file_bytes:,}"
                          " byte limit (IngestSettings.max_file_bytes): split it or raise the limit", b"")
        data = read_bytes(uri)
    except FileNotFoundError:
        return Reject(uri, None, "vanished", "the file was deleted or moved between listing and reading", b"")
    except PermissionError:
        return Reject(uri, None, "unreadable", "permission denied: give the ingesting user read access", b"")
    except IsADirectoryError:
        return Reject(uri, None, "unreadable", "is a directory, not a dump", b"")
    except OSError as err:
        if is_transient(err):
            raise
        return Reject(uri, None, "unreadable", f"cannot be read: {err.strerror or err}", b"")
    return data, hashlib.sha256(data).hexdigest()


def documents(uri: str, data: bytes, input_sha256: str, settings: IngestSettings) -> Iterator[RawDocument | Reject]:
    """The raw documents of one input file's bytes."""
    fmt = input_format(uri)
    if fmt.endswith(".gz"):
        try:
            data = inflate(data, settings.max_inflated_bytes)
        except InflateError as err:
            yield Reject(uri, None, err.kind, str(err), data)
            return
    if fmt.startswith(".jsonl"):
        yield from _jsonl_documents(uri, data, input_sha256, settings)
        return
    if fmt.startswith(".warc"):
        yield from _warc_documents(uri, data, input_sha256, settings)
        return
    if len(data) > settings.max_document_bytes:
        yield Reject(uri, None, "too_large", _too_large(len(data), settings), data)
        return
    yield RawDocument(uri, None, data, input_sha256, kind="html" if fmt.startswith(".htm") else "text")


def _warc_documents(uri: str, data: bytes, input_sha256: str, settings: IngestSettings) -> Iterator[RawDocument | Reject]:
    from pipeline.html import warc_pages

    number = 0
    try:
        for number, page in enumerate(warc_pages(data), start=1):
            if len(page.html) > settings.max_document_bytes:
                yield Reject(uri, number, "too_large", _too_large(len(page.html), settings), page.html)
                continue
            yield RawDocument(uri, number, page.html, input_sha256, {"url": page.url} if page.url else {}, kind="html")
    except Exception as err:  # noqa: BLE001 - warcio raises several types for a damaged archive
        yield Reject(uri, None, "bad_warc", f"the WARC file is damaged after {number} HTML responses ({err}): "
                     "the responses before the damage were read; copy the file again", data)


class InflateError(ValueError):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def inflate(data: bytes, limit: int) -> bytes:
    """Decompress gzip data, refusing to grow past `limit` bytes (a gzip bomb, or a dump far too large)."""
    out = bytearray()
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    chunk = 1 << 20
    try:
        pending = data
        while pending:
            out += decompressor.decompress(pending, chunk)
            if len(out) > limit:
                raise InflateError("too_large", f"inflates past the {limit:,} byte limit (IngestSettings.max_inflated_bytes):"
                                   " a gzip bomb, or a dump to split before ingesting")
            pending = decompressor.unconsumed_tail
            if not pending and decompressor.unused_data:  # a second gzip member
                pending = decompressor.unused_data
                decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        if not decompressor.eof:
            raise InflateError("truncated_gzip", "the gzip stream ends early: the file was cut off while being copied or"
                               " written; copy it again")
    except zlib.error as err:
        raise InflateError("truncated_gzip", f"is not valid gzip data ({err}): copy it again or drop the .gz suffix") from None
    return bytes(out)


def _jsonl_documents(uri: str, data: bytes, input_sha256: str, settings: IngestSettings) -> Iterator[RawDocument | Reject]:
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        if len(line) > settings.max_document_bytes:
            yield Reject(uri, number, "too_large", _too_large(len(line), settings), line)
            continue
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            yield Reject(uri, number, "bad_json", f"line {number} is not JSON ({err}): each line must be one JSON object", line)
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield Reject(uri, number, "not_an_article",
                         f"line {number} is not an article object: it needs a string field \"text\"", line)
            continue
        # a lone surrogate ("\ud83d", half an emoji) is valid JSON but not encodable text: ftfy mends pairs and
        # replaces what is left
        text = fix_surrogates(obj["text"])
        yield RawDocument(uri, number, text.encode("utf-8", "replace"), input_sha256, _fields(obj))


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


def _too_large(size: int, settings: IngestSettings) -> str:
    return (f"document is {size:,} bytes, over the {settings.max_document_bytes:,} byte limit "
            "(IngestSettings.max_document_bytes): no article is that long; is it a data file?")

