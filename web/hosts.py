"""The Host check: the archive answers only to its own names (the DNS-rebinding guard).

A page on evil.example can make a browser send requests to 127.0.0.1 under its own
name (DNS rebinding); those requests carry ``Host: evil.example`` and get a 400.
Allowed: the base URL's host (with its port); when serving on a loopback or a
wildcard address, ``127.0.0.1``, ``localhost`` and ``[::1]``; the address served
on; and every ``ALLOWED_HOSTS`` entry (a name, which allows any port, or
``name:port``). The loopback names and the address served on are allowed with any
port: a rebinding page can never send them (its requests carry its own name), and
the app does not always know its port (``flask run``, a proxy's port mapping).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from flask import Flask, abort, request

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARDS = ("0.0.0.0", "::", "")


def init_app(app: Flask) -> None:
    settings = app.extensions["settings"]
    app.extensions["allowed_hosts"] = allowed_hosts(
        settings.base_url, settings.host, settings.allowed_hosts
    )
    app.before_request(check_host)


def is_loopback(host: str | None) -> bool:
    """Whether an address to serve on is the local machine only (127.0.0.0/8, ::1, localhost)."""
    if host is None or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(
    base_url: str | None, serve_host: str | None, extra=()
) -> tuple[frozenset[str], frozenset[str]]:
    """(names allowed on any port, exact ``name:port`` pairs), all lower case."""
    names: set[str] = set()
    exact: set[str] = set()
    if base_url:
        parts = urlsplit(base_url)
        default = 443 if parts.scheme == "https" else 80
        host = (parts.hostname or "").lower()
        host = f"[{host}]" if ":" in host else host
        exact.add(f"{host}:{parts.port or default}")
        if not parts.port or parts.port == default:
            exact.add(host)  # a browser leaves the default port out
    if is_loopback(serve_host) or serve_host in WILDCARDS:
        names.update(LOOPBACK_NAMES)
    if serve_host and serve_host not in WILDCARDS:
        names.add(f"[{serve_host}]" if ":" in serve_host else serve_host.lower())
    for entry in extra or ():
        entry = entry.strip().lower()
        host, _, entry_port = entry.rpartition(":") if not entry.endswith("]") else ("", "", "")
        if host and entry_port.isdigit():
            exact.add(entry)
        elif entry:
            names.add(entry)
    return frozenset(names), frozenset(exact)


def host_allowed(host: str, allowed: tuple[frozenset[str], frozenset[str]]) -> bool:
    names, exact = allowed
    host = host.lower()
    if host in exact:
        return True
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name in names


def check_host():
    from flask import current_app

    host = request.host or ""
    if not host_allowed(host, current_app.extensions["allowed_hosts"]):
        abort(
            400,
            f"Refused: this archive does not answer to the host name {host[:100]!r} "
            "(a guard against DNS rebinding); use its own address, or start the server "
            "with --allowed-host NAME.",
        )
