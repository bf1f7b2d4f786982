"""Where dumps are read from and the dataset is written to: a local folder, or S3-compatible object storage
(`s3://bucket/prefix`, through s3fs; the endpoint comes from the standard `AWS_ENDPOINT_URL` variable, the
credentials from the usual AWS chain).

Both stores give the dataset the same guarantees (see `pipeline.dataset.tables`); they get them differently:

| need                         | local folder                       | S3                                               |
|------------------------------|------------------------------------|--------------------------------------------------|
| a file appears whole         | write a hidden file, rename it     | one PUT or server-side COPY is atomic per object |
| one writer at a time         | `flock` on a lock file             | a lease object created with `If-None-Match: *`,  |
|                              |                                    | renewed with `If-Match`; a dead holder's expires |
| storage failed, try again    | EIO, ETIMEDOUT, ...                | connection refused or cut, timeouts, 5xx         |

Every storage failure worth a retry is raised as `StorageUnavailable` (a `ConnectionError`), the one type
the flows' retry rule needs to know; an error the store will give again (access denied, a disabled key) is
a plain `OSError` without an errno, which is not retried.

The S3 lock needs S3's conditional writes (`If-None-Match` and `If-Match` on PUT, `If-Match` on DELETE):
AWS S3 and moto have them (moto is what the tests run against); check that your store does before two
writers share a DEST.
"""

from __future__ import annotations

import fcntl
import functools
import glob
import io
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, NoReturn

import pyarrow as pa
import pyarrow.parquet as pq

log = logging.getLogger(__name__)

TMP_PREFIX = ".tmp-"
# Rows per record batch when a Parquet file is read piecewise (rewrites of large files): as Python dicts an
# article with its removed lines takes about 100 KB (`pipeline.dataset.tables.CONVERT_ROWS`)
ROWS_PER_READ = 128
# A file is uploaded to S3 in parts of this size as it is written (S3's smallest part is 5 MiB): the memory an
# upload holds.
UPLOAD_PART_BYTES = 8 * 1024 * 1024
LOCK_NAME = "_articlean.lock"

# Arrow's buffers come from the C library's allocator, not Arrow's bundled jemalloc, in every process that reads
# or writes the dataset: jemalloc keeps freed pages for reuse, and over a run that held 100-250 MB more per
# process (an ingest of 10k real dumps, whole process tree: 1,024 MB at peak with jemalloc, 857 MB with the
# system allocator, no slower). `ARROW_DEFAULT_MEMORY_POOL`, when set, wins.
if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
    pa.set_memory_pool(pa.system_memory_pool())


class StorageUnavailable(ConnectionError):
    """The storage (not the data) failed in a way that may pass: retry later."""


class LockLost(RuntimeError):
    """Another run took over this run's lease on the dataset (it had not been renewed in time)."""


@dataclass(frozen=True, slots=True)
class Entry:
    uri: str
    size: int
    mtime: float  # seconds since the epoch: when the object landed
    # what the listing says of this version of the object: its size and ETag on S3, its size and modification time
    # (in ns) locally. A run skips an input whose stamp is the one its rows were made from, without reading it.
    stamp: str = ""


def is_s3(uri: str) -> bool:
    return uri.startswith("s3://")


def join(root: str, *parts: str) -> str:
    return "/".join([root.rstrip("/"), *parts]) if is_s3(root) else str(Path(root, *parts))


def parent_name(uri: str) -> str:
    """The name of the folder (or prefix) an input sits in."""
    return uri.rstrip("/").rsplit("/", 2)[-2] if "/" in uri else ""


def store_for(uri: str) -> Store:
    return s3_store() if is_s3(uri) else LOCAL


def _read_parquet(store, uri: str, columns: list[str] | None, filters, dictionary: list[str] | None) -> pa.Table:
    """A whole Parquet file read through one open handle. `pq.read_table(path)` opens the file twice (its footer,
    then its pages): a run replacing the file in between (a backfill) would pair the old footer with the new
    file's bytes and fail as a corrupt file. One handle reads one file, old or new (on S3, s3fs pins the handle
    to the object's ETag and fails cleanly when it changes)."""
    with store.open(uri) as handle:
        return pq.read_table(handle, columns=columns, filters=filters, read_dictionary=dictionary)


def _parquet_batches(store, uri: str, columns: list[str] | None) -> Iterator[pa.RecordBatch]:
    """A Parquet file's rows a record batch at a time: memory stays bounded whatever the file's size."""
    with store.open(uri) as handle:
        yield from pq.ParquetFile(handle).iter_batches(batch_size=ROWS_PER_READ, columns=columns)


class LocalStore:
    """A local (or mounted) file system."""

    def find(self, source: str) -> list[Entry]:
        """The files under a folder (recursively), the file itself, or the files matching a glob.
        Symlinks are resolved and deduplicated: a link and its target are one input."""
        root = Path(source)
        if root.is_dir():
            paths = [p for p in root.rglob("*") if p.is_file()]
        elif root.is_file():
            paths = [root]
        else:
            paths = [Path(p) for p in glob.glob(source, recursive=True) if Path(p).is_file()]
            if not paths and not glob.has_magic(source):
                raise FileNotFoundError(f"{source}: no such file or folder")
        return _local_entries(sorted({p.resolve() for p in paths}))

    def read(self, uri: str) -> bytes:
        return Path(uri).read_bytes()

    def open(self, uri: str) -> BinaryIO:
        """The file as a stream, for inputs too large to hold in memory."""
        return open(uri, "rb")

    def read_parquet(self, uri: str, columns: list[str] | None = None, filters=None,
                     dictionary: list[str] | None = None) -> pa.Table:
        """`dictionary`: columns read as dictionary arrays, as Parquet stores them (cheap for repeated values)."""
        return _read_parquet(self, uri, columns, filters, dictionary)

    def parquet_schema(self, uri: str) -> pa.Schema:
        """The file's schema and key-value metadata, from its footer alone."""
        return pq.read_schema(uri)

    def parquet_batches(self, uri: str, columns: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        return _parquet_batches(self, uri, columns)

    @contextmanager
    def hidden_sink(self, final: str) -> Iterator[tuple[str, BinaryIO]]:
        """A hidden temporary file beside `final` to write into, synced to disk when the block ends; yields
        its path and the open file. Removed again when the block fails."""
        path = Path(final)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{TMP_PREFIX}{uuid.uuid4().hex[:8]}-{path.name}.tmp")
        try:
            with open(tmp, "wb") as handle:
                yield str(tmp), handle
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def publish(self, tmp: str, final: str) -> None:
        os.replace(tmp, final)  # atomic on POSIX
        _fsync_dir(Path(final).parent)

    def delete(self, uri: str) -> None:
        Path(uri).unlink(missing_ok=True)
        if Path(uri).parent.exists():
            _fsync_dir(Path(uri).parent)

    def leftovers(self, folder: str) -> list[str]:
        return [str(p) for p in Path(folder).glob(f"*/{TMP_PREFIX}*")] if Path(folder).exists() else []

    def parquet_files(self, folder: str) -> list[str]:
        return sorted(str(p) for p in Path(folder).glob("*/*.parquet")) if Path(folder).exists() else []

    def parquet_entries(self, folder: str) -> list[Entry]:
        """`parquet_files` with each file's size, time and stamp."""
        return _local_entries(self.parquet_files(folder))

    def check_lease(self, root: str) -> None:
        """Nothing to check: the kernel holds the lock until its holder dies."""

    @contextmanager
    def lock(self, root: str) -> Iterator[None]:
        """Hold `root` for one writer; a second run waits here until the first is done. The kernel drops
        the lock when its holder dies, however it dies."""
        Path(root).mkdir(parents=True, exist_ok=True)
        with open(Path(root) / LOCK_NAME, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.warning("another articlean run is writing to %s: waiting for it to finish", root)
                fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _local_entries(paths: Iterable[str | Path]) -> list[Entry]:
    """An entry per file, its stamp its size and modification time in ns; a file gone since it was listed is
    left out (nothing to read)."""
    entries = []
    for path in paths:
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            continue
        entries.append(Entry(str(path), stat.st_size, stat.st_mtime, f"{stat.st_size}:{stat.st_mtime_ns}"))
    return entries


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


LOCAL = LocalStore()


@functools.cache
def _transient_types() -> tuple[type[BaseException], ...]:
    """The exception types of botocore and aiohttp that mean the endpoint, not the request, failed."""
    import asyncio

    import aiohttp
    from botocore import exceptions as bx

    return (bx.ConnectionError, bx.HTTPClientError, bx.ReadTimeoutError, bx.ConnectTimeoutError,
            getattr(bx, "ResponseStreamingError", bx.HTTPClientError), aiohttp.ClientError, asyncio.TimeoutError,
            TimeoutError, ConnectionError)


def _status(err: BaseException | None) -> int:
    response = getattr(err, "response", None) or {}
    return response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)


def _server_busy(err: BaseException | None) -> bool:
    """An S3 error response that says "try again": 500, 503 (SlowDown), a request timeout. Not 501: a store
    that lacks a feature will lack it on the next try too."""
    code = (getattr(err, "response", None) or {}).get("Error", {}).get("Code", "")
    status = _status(err)
    return (status >= 500 and status != 501) or code in {"SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable"}


def _retryable(err: BaseException | None) -> bool:
    return err is not None and (isinstance(err, _transient_types()) or _server_busy(err))


def _condition_failed(err: BaseException) -> bool:
    """A conditional request refused: 412 Precondition Failed (s3fs: FileExistsError or EINVAL), or the
    409 Conflict some stores answer to two conditional creates at once."""
    return isinstance(err, FileExistsError) or "pre-condition" in str(err) or "Conflict" in str(err)


def _classified(err: Exception) -> Exception:
    """A storage failure worth a retry as `StorageUnavailable`; the others (a missing key, access denied) as
    the OSError subclass s3fs made of them, or as they are."""
    if isinstance(err, (FileNotFoundError, FileExistsError, PermissionError, LockLost, StorageUnavailable)):
        return err
    cause = err.__cause__ or err.__context__
    if _retryable(err) or _retryable(cause):
        return StorageUnavailable(f"S3 endpoint unavailable ({type(err).__name__}: {err})")
    if isinstance(err, OSError) and 400 <= _status(cause) < 500:
        # s3fs reports error codes it does not know as EIO, which reads as transient: it is not
        return OSError(f"S3 refused the request ({err})")
    return err


def _s3_errors(method):
    """Raise storage failures worth a retry as `StorageUnavailable` (see `_classified`)."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except Exception as err:
            _raise_classified(err)

    return wrapper


def _raise_classified(err: Exception) -> NoReturn:
    """Raise `err` again (as it was, with its traceback) or as the `StorageUnavailable` it amounts to."""
    classified = _classified(err)
    if classified is err:
        raise err
    raise classified from None


def _abandon(handle) -> None:
    """Give up an s3fs upload: abort its multipart upload (nothing is left behind but, at worst, the hidden
    temporary key that the next run removes), and mark it closed so that its finaliser does not try again."""
    try:
        handle.discard()
    except Exception as err:  # noqa: BLE001 - the store may be down; the upload expires or the next run cleans
        log.warning("could not abort an S3 upload (%s)", err)
    handle.closed = True


class _S3Stream(io.RawIOBase):
    """An S3 object read as a stream, whose storage failures are raised as `StorageUnavailable` like those of
    every other S3 call (s3fs raises its own types mid-read)."""

    def __init__(self, handle) -> None:
        self.handle = handle

    def readable(self) -> bool:
        return True

    @_s3_errors
    def read(self, size: int = -1) -> bytes:
        return self.handle.read(size)

    @_s3_errors
    def readinto(self, buffer) -> int:
        data = self.handle.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.handle.seek(offset, whence)

    def tell(self) -> int:
        return self.handle.tell()

    def close(self) -> None:
        self.handle.close()
        super().close()


# The S3 client rides out a short blip itself; a longer outage fails the call with `StorageUnavailable` and the
# flows' task retries take over (2, 5 and 15 s later). Two layers retry a failed request: botocore (standard mode,
# BOTOCORE_ATTEMPTS attempts) inside each of s3fs's S3FS_TRIES tries. s3fs's own default is 5 tries: 15 attempts
# that rode out outages of 10-17 s, so that how long an outage had to last before a task noticed varied from run to
# run; with 2 a refused endpoint fails a call after about 5 s here (4 connections).
BOTOCORE_ATTEMPTS = 3
S3FS_TRIES = 2


class S3Store:
    """S3 or any S3-compatible store (MinIO, Ceph, R2, moto), through s3fs."""

    def __init__(self, lease_seconds: float = 120.0) -> None:
        import s3fs

        config = {"connect_timeout": 5, "read_timeout": 60, "retries": {"mode": "standard", "max_attempts": BOTOCORE_ATTEMPTS}}
        self.fs = s3fs.S3FileSystem(config_kwargs=config, use_listings_cache=False)
        self.fs.retries = S3FS_TRIES  # a class attribute of s3fs's, not a constructor argument
        self.lease_seconds = lease_seconds

    @staticmethod
    def key(uri: str) -> str:
        return uri.removeprefix("s3://")

    @staticmethod
    def uri(key: str) -> str:
        return f"s3://{key}"

    @_s3_errors
    def find(self, source: str) -> list[Entry]:
        path = self.key(source).rstrip("/")
        if glob.has_magic(path):
            listing = self.fs.glob(path, detail=True)
        else:
            listing = self.fs.find(path, detail=True)
            if not listing and self.fs.isfile(path):
                listing = {path: self.fs.info(path)}
            if not listing:
                self.fs.info(path.split("/", 1)[0])  # FileNotFoundError: no such bucket; an outage raises
        return [self._entry(key, info) for key, info in sorted(listing.items()) if info.get("type") == "file"]

    def _entry(self, key: str, info: dict) -> Entry:
        """An object as listed; its stamp its size and ETag (none without an ETag: then it is always read)."""
        modified = info.get("LastModified")
        etag = str(info.get("ETag") or "").strip('"')
        return Entry(self.uri(key), int(info["size"]), modified.timestamp() if isinstance(modified, datetime) else 0.0,
                     f"{info['size']}:{etag}" if etag else "")

    @_s3_errors
    def read(self, uri: str) -> bytes:
        return self.fs.cat_file(self.key(uri))

    @_s3_errors
    def open(self, uri: str) -> BinaryIO:
        return _S3Stream(self.fs.open(self.key(uri), "rb"))

    @_s3_errors
    def read_parquet(self, uri: str, columns: list[str] | None = None, filters=None,
                     dictionary: list[str] | None = None) -> pa.Table:
        return _read_parquet(self, uri, columns, filters, dictionary)

    @_s3_errors
    def parquet_schema(self, uri: str) -> pa.Schema:
        return pq.read_schema(self.key(uri), filesystem=self.fs)

    def parquet_batches(self, uri: str, columns: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        return _parquet_batches(self, uri, columns)

    @contextmanager
    def hidden_sink(self, final: str) -> Iterator[tuple[str, BinaryIO]]:
        """A hidden temporary key beside `final`, uploaded in parts as it is written (s3fs's multipart
        upload); it exists once the block ends. Readers of the dataset skip it (pyarrow and Spark ignore
        names starting with "."; the suffix is not .parquet); a failed upload is aborted."""
        folder, name = final.rsplit("/", 1)
        tmp = f"{folder}/{TMP_PREFIX}{uuid.uuid4().hex[:8]}-{name}.tmp"
        handle = _s3_errors(self.fs.open)(self.key(tmp), "wb", block_size=UPLOAD_PART_BYTES)
        try:
            yield tmp, handle
            handle.close()  # uploads the last part and completes the upload
        except BaseException as err:
            _abandon(handle)
            # a write into the sink can start a part's upload mid-block: classify its failures as every S3 call's
            if isinstance(err, Exception):
                _raise_classified(err)
            raise

    @_s3_errors
    def publish(self, tmp: str, final: str) -> None:
        """A server-side copy makes `final` appear whole, replacing what was there; then the temporary key
        goes. Retrying after a failure in between is safe: the copy is repeated, the delete tolerates absence."""
        if self.fs.exists(self.key(tmp)):
            self.fs.copy(self.key(tmp), self.key(final))
            self.fs.rm_file(self.key(tmp))
        elif not self.fs.exists(self.key(final)):
            raise FileNotFoundError(f"{tmp}: the staged file is gone and {final} was never written")

    @_s3_errors
    def delete(self, uri: str) -> None:
        try:
            self.fs.rm_file(self.key(uri))
        except FileNotFoundError:
            pass

    @_s3_errors
    def leftovers(self, folder: str) -> list[str]:
        return [self.uri(k) for k in self.fs.find(self.key(folder)) if k.rsplit("/", 1)[-1].startswith(TMP_PREFIX)]

    @_s3_errors
    def parquet_files(self, folder: str) -> list[str]:
        return [entry.uri for entry in self.parquet_entries(folder)]

    @_s3_errors
    def parquet_entries(self, folder: str) -> list[Entry]:
        """The Parquet files under `folder`, with each one's size, time and stamp (its size and ETag)."""
        return [self._entry(key, info) for key, info in sorted(self.fs.find(self.key(folder), detail=True).items())
                if key.endswith(".parquet") and not key.rsplit("/", 1)[-1].startswith((".", "_"))]

    @contextmanager
    def lock(self, root: str) -> Iterator[None]:
        """Hold `root` for one writer with a lease: an object created only if absent (`If-None-Match: *`),
        renewed by a background thread only while it is still ours (`If-Match` on its ETag). A run that dies
        stops renewing, and the next run takes the lock over once the lease has run out. A run that loses
        its lease (it stalled for longer than the lease) stops before committing anything more."""
        lease = _Lease(self, self.key(join(root, LOCK_NAME)))
        lease.acquire()
        try:
            yield
        finally:
            lease.release()

    def check_lease(self, root: str) -> None:
        """Raise `LockLost` unless this process holds a lease on `root` that no other run can have taken over."""
        lease = _Lease.held.get(self.key(join(root, LOCK_NAME)))
        if lease is not None:
            lease.check(root)


class _Lease:
    """The lock object and this run's hold on it.

    Time is only ever measured on this machine's monotonic clock, never against the store's timestamps (a
    clock running fast would see a live lease as expired): a holder counts its lease from when it sent the
    last successful renewal, and a waiter takes over only after the lock object stayed unchanged (same
    ETag) for a whole lease."""

    held: dict[str, _Lease] = {}

    def __init__(self, store: S3Store, key: str) -> None:
        import s3fs

        self.store, self.key = store, key
        self.bucket, self.object = key.split("/", 1)
        # its own client: short timeouts and no retries, so that a renewal never blocks past the lease
        config = {"connect_timeout": 5, "read_timeout": 10, "retries": {"mode": "standard", "max_attempts": 1}}
        self.fs = s3fs.S3FileSystem(config_kwargs=config, skip_instance_cache=True, use_listings_cache=False)
        self.etag: str | None = None
        self.valid_until = 0.0  # monotonic time until which no other run can have taken the lock over
        self.lost = False
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def _body(self) -> bytes:
        return json.dumps({"owner": self.owner, "renewed_at": datetime.now(UTC).isoformat()}).encode()

    def _put(self, **condition) -> bool:
        """PUT the lock object under `condition`; False when the condition failed. A PUT whose reply was lost
        and whose retry then failed the condition is recognised as ours by the owner it wrote."""
        sent = time.monotonic()
        try:
            reply = self.fs.call_s3("put_object", Bucket=self.bucket, Key=self.object, Body=self._body(), **condition)
        except (FileExistsError, OSError) as err:
            if not _condition_failed(err):
                raise
            return self._ours(sent)
        self.etag = reply["ETag"]
        self.valid_until = sent + self.store.lease_seconds * 0.75
        return True

    def _ours(self, sent: float) -> bool:
        try:
            info = self.fs.info(self.key, refresh=True)
            body = json.loads(self.fs.cat_file(self.key) or b"{}")
        except (FileNotFoundError, ValueError):
            return False
        if body.get("owner") != self.owner:
            return False
        self.etag = info.get("ETag")
        self.valid_until = sent + self.store.lease_seconds * 0.75
        return True

    @_s3_errors
    def _try_create(self) -> bool:
        return self._put(IfNoneMatch="*")

    @_s3_errors
    def _holder(self) -> str | None:
        """The ETag of the lock object, or None when there is none."""
        try:
            return self.fs.info(self.key, refresh=True).get("ETag")
        except FileNotFoundError:
            return None

    @_s3_errors
    def _take_over(self, etag: str) -> None:
        try:
            self.fs.call_s3("delete_object", Bucket=self.bucket, Key=self.object, IfMatch=etag)
        except (FileNotFoundError, OSError):
            pass  # someone else took it over first, or renewed it: the next attempt to create tells

    def acquire(self) -> None:
        warned = False
        seen: tuple[str | None, float] = (None, 0.0)  # the holder's ETag and when it was first seen so
        while True:
            try:
                if self._try_create():
                    break
                holder = self._holder()
                if holder != seen[0]:
                    seen = (holder, time.monotonic())
                elif holder and time.monotonic() - seen[1] > self.store.lease_seconds:
                    log.warning("the lock on s3://%s was not renewed for over %.0fs: its run died; taking over",
                                self.key, self.store.lease_seconds)
                    self._take_over(holder)
                    continue
            except StorageUnavailable as err:
                log.warning("cannot reach the store to take the lock (%s): trying again", err)
            if not warned:
                log.warning("another articlean run is writing to s3://%s: waiting for it to finish",
                            self.key.rsplit("/", 1)[0])
                warned = True
            time.sleep(min(2.0, self.store.lease_seconds / 4))
        _Lease.held[self.key] = self
        self.thread = threading.Thread(target=self._renew, name="articlean-lease", daemon=True)
        self.thread.start()

    def check(self, root: str) -> None:
        if self.lost or time.monotonic() > self.valid_until:
            raise LockLost(f"this run's lease on {root} ran out (the store was unreachable for too long, or another"
                           " run took the lock over): its remaining rows were not committed; run again to finish")

    def _renew(self) -> None:
        while not self.stop.wait(self.store.lease_seconds / 8):
            try:
                if not self._put(IfMatch=self.etag):
                    self._lose("the lock object changed: another run took it over")
                    return
            except Exception as err:  # noqa: BLE001 - an outage: keep trying while the lease lasts
                log.warning("could not renew the lock on s3://%s (%s): trying again", self.key, err)

    def _lose(self, why: str) -> None:
        self.lost = True
        log.error("lost the lock on s3://%s (%s): this run will commit nothing more", self.key, why)

    def release(self) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join()  # a renewal in flight would change the ETag under the delete
        _Lease.held.pop(self.key, None)
        if self.lost:
            return
        for attempt in range(5):
            try:
                self.fs.call_s3("delete_object", Bucket=self.bucket, Key=self.object, IfMatch=self.etag)
                return
            except FileNotFoundError:
                return
            except OSError as err:
                if _condition_failed(err):
                    return  # no longer ours
                time.sleep(2 ** attempt)
            except Exception:  # noqa: BLE001 - an outage: the lease runs out by itself
                time.sleep(2 ** attempt)
        log.warning("could not release the lock on s3://%s: the next run takes it over after %.0fs", self.key,
                    self.store.lease_seconds)


@functools.cache
def s3_store() -> S3Store:
    return S3Store(float(os.environ.get("ARTICLEAN_S3_LEASE_SECONDS", "120")))


Store = LocalStore | S3Store
