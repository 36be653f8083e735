"""A network that drops: a TCP relay on 127.0.0.1 in front of the emulated server.

Each connection the client opens is relayed to the server, unless the network is "down": then the
connection is accepted and closed at once, before a byte reaches the server (what a dropped Wi-Fi
or a VPN going away looks like to the client). With keep-alive off on the client, one connection is
one request, so ``fail(start, count)`` drops exactly the requests ``start`` … ``start + count - 1``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


class FlakyNetwork:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.port = 0
        self.connections = 0  # connections the client opened
        self.dropped = 0
        self._fail_from: int | None = None
        self._fail_count = 0
        self._server: asyncio.AbstractServer | None = None
        self._tasks: set[asyncio.Task] = set()

    def fail(self, start: int, count: int) -> None:
        """Drop connections ``start`` (1-based, counted from now on) to ``start + count - 1``."""
        self._fail_from = self.connections + start
        self._fail_count = count

    def heal(self) -> None:
        self._fail_from, self._fail_count = None, 0

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        number = self.connections
        if self._fail_from is not None and self._fail_from <= number < self._fail_from + self._fail_count:
            self.dropped += 1
            transport = writer.transport
            with contextlib.suppress(OSError):
                sock = transport.get_extra_info("socket")
                if sock is not None:  # an RST, not a polite FIN: the request is lost
                    import socket
                    import struct

                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            writer.transport.abort()
            return

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (OSError, asyncio.IncompleteReadError):
                pass
            finally:
                with contextlib.suppress(OSError, RuntimeError):
                    dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    def _track(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.get_running_loop().create_task(self._handle(reader, writer))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[FlakyNetwork]:
        self._server = await asyncio.start_server(self._track, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        try:
            yield self
        finally:
            self._server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await self._server.wait_closed()
