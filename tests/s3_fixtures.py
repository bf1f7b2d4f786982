"""A real S3 endpoint on 127.0.0.1 for the tests (moto's standalone server), and a TCP proxy in front of it
that can refuse and cut connections for a while: moto keeps its buckets in memory, so restarting moto
would lose the data instead of simulating an outage."""

from __future__ import annotations

import re
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the S3 server exited with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def start_moto(log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                   stdout=out, stderr=subprocess.STDOUT)
    wait_for_port(port, process)
    return process, port


REQUEST_LINE = re.compile(rb"(?:GET|HEAD|PUT|POST|DELETE) \S+(?= HTTP/1\.1\r\n)")


class FlakyProxy:
    """Forwards 127.0.0.1:<port> to the S3 server. `fail_at(marker, seconds)` starts an outage at the first request
    holding `marker`: for `seconds` (or until `end_outage()`), new connections are reset at once and open ones are
    cut."""

    def __init__(self, upstream: int) -> None:
        self.upstream = upstream
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.lock = threading.Lock()
        self.requests = 0
        self.request_lines: list[str] = []  # "GET /bucket/key?query", in the order they came
        self.refused = 0  # connections reset during an outage
        self.cut = 0  # open connections cut when an outage began
        self.down_until = 0.0
        self.marker: tuple[bytes, float] | None = None
        self.open: set[socket.socket] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def fail_at(self, marker: bytes, seconds: float) -> None:
        """Start the outage at the first request whose bytes contain `marker` (a key, a method)."""
        with self.lock:
            self.marker = (marker, seconds)

    def fail_now(self, seconds: float) -> None:
        """Start the outage now: open connections are cut, new ones refused for `seconds`."""
        with self.lock:
            victims = self._begin_outage(seconds)
        for sock in victims:
            _reset(sock)

    def end_outage(self) -> None:
        with self.lock:
            self.down_until = 0.0

    def _begin_outage(self, seconds: float) -> set[socket.socket]:
        """With the lock held: the outage starts; returns the open connections to cut."""
        self.down_until = time.monotonic() + seconds
        victims, self.open = self.open, set()
        self.cut += len(victims) // 2
        return victims

    @property
    def down(self) -> bool:
        return time.monotonic() < self.down_until

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if self.down:
                with self.lock:
                    self.refused += 1
                _reset(client)
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream))
        except OSError:
            _reset(client)
            return
        with self.lock:
            self.open |= {client, upstream}
        threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()
        self._pipe(client, upstream, True)

    def _pipe(self, src: socket.socket, dst: socket.socket, counts: bool) -> None:
        try:
            while data := src.recv(65536):
                if counts and self._count(data):
                    return
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                self._close(sock)

    def _count(self, data: bytes) -> bool:
        """Count the requests starting in this chunk; start the outage when due. True: drop the connection."""
        with self.lock:
            self.requests += data.count(b" HTTP/1.1\r\n")
            self.request_lines += [m.decode("latin-1") for m in REQUEST_LINE.findall(data)]
            victims = set()
            if self.marker and self.marker[0] in data:
                victims, self.marker = self._begin_outage(self.marker[1]), None
            down = self.down
        for sock in victims:
            _reset(sock)
        return down

    def _close(self, sock: socket.socket) -> None:
        with self.lock:
            self.open.discard(sock)
        _shutdown(sock)
        try:
            sock.close()
        except OSError:
            pass

    def close(self) -> None:
        self.server.close()


def _reset(sock: socket.socket) -> None:
    """Close with a TCP RST (SO_LINGER 0), as a dying server or a dropped route does."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    _shutdown(sock)
    try:
        sock.close()
    except OSError:
        pass


def _shutdown(sock: socket.socket) -> None:
    """Wake the thread blocked reading this socket: closing it alone leaves that read (and the peer) hanging."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
