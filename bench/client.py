"""A keep-alive HTTP/1.1 client that times every request and checks every answer."""

import json
import socket
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode


class CheckFailed(Exception):
    """An answer had the wrong status or not the object expected: it does not count."""


@dataclass(frozen=True)
class Answer:
    """A response: status, headers and the whole body."""

    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            raise CheckFailed(f"not JSON: {self.body[:200]!r}") from None

    def text(self) -> str:
        """The body as text."""
        return self.body.decode("utf-8", "replace")


class Client:
    """One connection to the server, reused for every request (HTTP/1.1 keep-alive).

    A lean client on a plain socket: the load generator shares the server's cores, so every
    microsecond it spends parsing is one the server does not get. The latency of each request,
    in nanoseconds, is appended to ``samples``.
    """

    def __init__(
        self, port: int, samples: list[int], token: str | None = None, host: str = "127.0.0.1"
    ):
        self.host, self.port, self.samples = host, port, samples
        # Sent with every request, as an API client configured with a token does.
        self.credentials = {"Authorization": f"Bearer {token}"} if token else {}
        self.sock: socket.socket | None = None
        self.buffer = b""

    def call(
        self,
        method: str,
        path: str,
        payload: Any = None,
        expect: int | None = 200,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """Send one request and return the answer.

        :raises CheckFailed: the status is not ``expect`` (None accepts any status).
        """
        sent_headers = {**self.credentials, **(headers or {})}
        request = self._request_bytes(method, path, payload, sent_headers)
        if self.sock is None:
            self.sock = socket.create_connection((self.host, self.port), timeout=60)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.buffer = b""
        started = time.perf_counter_ns()
        self.sock.sendall(request)
        answer = self._read_answer(method)
        self.samples.append(time.perf_counter_ns() - started)
        if expect is not None and answer.status != expect:
            raise CheckFailed(
                f"{method} {path}: status {answer.status}, expected {expect}: {answer.body[:300]!r}"
            )
        return answer

    def get_json(self, path: str, expect: int = 200) -> Any:
        """GET ``path`` and return its JSON body."""
        return self.call("GET", path, expect=expect).json()

    def close(self) -> None:
        """Close the connection (a failed request leaves it in an unknown state)."""
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def _request_bytes(self, method: str, path: str, payload: Any, headers) -> bytes:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        body = b""
        if payload is not None:
            body = json.dumps(payload).encode()
            lines += ["Content-Type: application/json", "Accept: application/json"]
        if body or method in ("POST", "PUT", "PATCH"):
            lines.append(f"Content-Length: {len(body)}")
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    def _read_answer(self, method: str) -> Answer:
        head = self._read_until(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        found = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            found[name.strip().lower()] = value.strip()
        if method == "HEAD" or status in (204, 304):
            body = b""
        elif "content-length" in found:
            body = self._read_exactly(int(found["content-length"]))
        elif found.get("transfer-encoding", "").lower() == "chunked":
            body = self._read_chunked()
        else:
            raise CheckFailed(f"status {status}: neither Content-Length nor chunked body")
        if found.get("connection", "").lower() == "close":
            self.close()
        return Answer(status, found, body)

    def _fill(self) -> None:
        data = self.sock.recv(262144)
        if not data:
            raise ConnectionError("the server closed the connection")
        self.buffer += data

    def _read_until(self, marker: bytes) -> bytes:
        while (end := self.buffer.find(marker)) < 0:
            self._fill()
        found, self.buffer = self.buffer[:end], self.buffer[end + len(marker) :]
        return found

    def _read_exactly(self, size: int) -> bytes:
        while len(self.buffer) < size:
            self._fill()
        found, self.buffer = self.buffer[:size], self.buffer[size:]
        return found

    def _read_chunked(self) -> bytes:
        chunks = []
        while size := int(self._read_until(b"\r\n").split(b";")[0], 16):
            chunks.append(self._read_exactly(size))
            self._read_until(b"\r\n")
        self._read_until(b"\r\n")  # the empty trailer section
        return b"".join(chunks)


def segment(text: str) -> str:
    """Quote ``text`` as one path segment."""
    return quote(text, safe="")


def query(**params: Any) -> str:
    """A query string (with its ``?``) of the non-None ``params``; lists repeat the key."""
    pairs = []
    for key, value in params.items():
        if value is None:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        pairs.extend((key, str(item)) for item in values)
    return "?" + urlencode(pairs) if pairs else ""


def expect_equal(what: str, got: Any, wanted: Any) -> None:
    """Fail the check unless ``got`` equals ``wanted``."""
    if got != wanted:
        raise CheckFailed(f"{what}: got {got!r}, expected {wanted!r}")
