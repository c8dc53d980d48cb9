"""uvicorn's HTTP/1.1 protocol with Nagle's algorithm off on every connection.

asyncio turns TCP_NODELAY on for connections accepted from a socket it created itself, but
`serve --workers N` hands the workers a listening socket made without IPPROTO_TCP, and asyncio
then leaves Nagle on: an answer written as headers plus body waited for the client's delayed
ACK, 40 ms per request (measured: 160 instead of 650 no-op syncs a second). The option is set
here, whatever made the socket.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    """H11Protocol that sets TCP_NODELAY when a connection is made."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
