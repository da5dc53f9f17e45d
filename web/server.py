"""The production web server: waitress, bounded against slow and greedy clients.

Waitress's defaults let 100 idle connections (each sending half a request) hold every
slot for two minutes, so normal searches waited. Here: many more connection slots
(polled, so they are not limited by ``select``), a deadline for a request's headers
(a client trickling a byte now and then is closed, which waitress's idle timeout never
does), idle connections closed sooner, and request headers and bodies capped.
"""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import TcpWSGIServer

#: Fewer file descriptors than this are kept free of connections (files, the index, SQLite).
SPARE_FILES = 64


@dataclass(frozen=True)
class ServerLimits:
    """What one client may hold of the server (seconds, counts, bytes)."""

    threads: int = 4
    connection_limit: int = 1000
    channel_timeout: int = 30  # an idle keep-alive connection is closed after this
    header_seconds: float = 10.0  # a request's headers must have arrived within this
    max_header_bytes: int = 64 * 1024
    max_body_bytes: int = 200_000_000


class _TimedParser(HTTPRequestParser):
    """A request parser that knows when its request began."""

    def __init__(self, adj):
        super().__init__(adj)
        self.began = time.monotonic()


class _TimedChannel(HTTPChannel):
    parser_class = _TimedParser


class GuardedServer(TcpWSGIServer):
    """Waitress's TCP server that also closes connections whose headers are late."""

    channel_class = _TimedChannel

    def __init__(self, application, *, header_seconds: float, **kw):
        self.header_seconds = header_seconds
        super().__init__(application, **kw)

    def maintenance(self, now):
        super().maintenance(now)
        late = time.monotonic() - self.header_seconds
        for channel in list(self.active_channels.values()):
            request = channel.request
            if request is not None and not request.headers_finished and request.began < late:
                channel.will_close = True  # closed by the next loop turn

    def stop(self) -> None:
        """Close every connection and the listening socket; ``run()`` returns."""
        for dispatcher in list(self._map.values()):
            dispatcher.close()
        self.task_dispatcher.shutdown()


def make_server(app, host: str, port: int, limits: ServerLimits = ServerLimits()):
    """A bound server (``OSError`` if the port is taken); ``.run()`` serves until stopped."""
    return GuardedServer(
        app,
        header_seconds=limits.header_seconds,
        host=host,
        port=port,
        threads=limits.threads,
        connection_limit=_connection_limit(limits.connection_limit),
        channel_timeout=limits.channel_timeout,
        cleanup_interval=max(1, int(min(limits.header_seconds, limits.channel_timeout) / 2)),
        max_request_header_size=limits.max_header_bytes,
        max_request_body_size=limits.max_body_bytes,
        asyncore_use_poll=True,
        ident="news-archive",
    )


def _connection_limit(wanted: int) -> int:
    """``wanted``, within the open-file limit (raised to its hard maximum when lower)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted + SPARE_FILES:
        target = wanted + SPARE_FILES
        if hard != resource.RLIM_INFINITY:
            target = min(hard, target)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, soft - SPARE_FILES))
