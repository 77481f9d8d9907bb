"""A small asyncio HTTP/1.1 load generator: keep-alive connections, closed loop (``concurrency`` requests
in flight) or open loop (``rate`` requests started per second, at most ``concurrency`` in flight).

Deliberately tiny, so it costs the 2-core machine little CPU: no HTTP library, one process, one event loop."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Sample:
    started_wall: float  # time.time() when the request was sent
    seconds: float  # response time
    status: int  # HTTP status, or 0 for a connection error
    tag: str  # caller's label for the request (e.g. the donation's public id)


@dataclass
class LoadResult:
    samples: list[Sample] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0

    @property
    def wall_seconds(self) -> float:
        return self.finished - self.started

    def ok(self, status: int) -> list[Sample]:
        return [s for s in self.samples if s.status == status]


class _Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes | None) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nConnection: keep-alive\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + (body or b""))
        assert self.reader is not None
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("server closed the connection")
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        if chunked:
            parts = []
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readline()
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            data = b"".join(parts)
        else:
            data = await self.reader.readexactly(length) if length else b""
        if close:
            self.close()
        return status, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _run(
    *,
    host: str,
    port: int,
    make_request: Callable[[], tuple[str, str, bytes | None, str]],
    seconds: float,
    concurrency: int,
    rate: float | None,
) -> LoadResult:
    result = LoadResult()
    connections: asyncio.Queue[_Connection] = asyncio.Queue()
    for _ in range(concurrency):
        connections.put_nowait(_Connection(host, port))
    deadline = time.monotonic() + seconds

    async def one() -> None:
        conn = await connections.get()
        method, path, body, tag = make_request()
        wall, started = time.time(), time.perf_counter()
        try:
            status, _ = await conn.request(method, path, body)
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
            conn.close()
            status = 0
        result.samples.append(Sample(wall, time.perf_counter() - started, status, tag))
        connections.put_nowait(conn)

    result.started = time.time()
    if rate is None:

        async def loop() -> None:
            while time.monotonic() < deadline:
                await one()

        await asyncio.gather(*(loop() for _ in range(concurrency)))
    else:
        in_flight: set[asyncio.Task] = set()
        interval, next_at = 1.0 / rate, time.monotonic()
        while next_at < deadline:
            now = time.monotonic()
            if next_at > now:
                await asyncio.sleep(next_at - now)
            next_at += interval
            if len(in_flight) >= concurrency:  # saturated: the arrival is dropped, and counted as late
                result.samples.append(Sample(time.time(), 0.0, -1, ""))
                continue
            task = asyncio.ensure_future(one())
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        if in_flight:
            await asyncio.gather(*in_flight)
    result.finished = time.time()
    while not connections.empty():
        connections.get_nowait().close()
    return result


def run_load(
    *,
    host: str,
    port: int,
    make_request: Callable[[], tuple[str, str, bytes | None, str]],
    seconds: float,
    concurrency: int,
    rate: float | None = None,
) -> LoadResult:
    """Drive ``make_request() -> (method, path, json_body_or_None, tag)`` for ``seconds``."""
    return asyncio.run(
        _run(host=host, port=port, make_request=make_request, seconds=seconds, concurrency=concurrency, rate=rate)
    )
