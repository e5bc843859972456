"""A port that accepts no connection: connecting to it hangs until the client's timeout."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator


@contextlib.contextmanager
def blackhole_port() -> Iterator[int]:
    """A listening port whose accept queue is full, so the kernel drops every new SYN.

    That is what a firewalled or overloaded Twilio looks like from here: the TCP handshake
    never completes and only a connect timeout ends the wait, without a packet leaving
    the machine.
    """
    listener = socket.socket()
    fillers: list[socket.socket] = []
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        # Nobody calls accept(): a couple of connections fill the queue of a backlog of 0.
        for _ in range(3):
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(listener.getsockname())
            fillers.append(filler)
        yield int(listener.getsockname()[1])
    finally:
        for filler in fillers:
            filler.close()
        listener.close()
