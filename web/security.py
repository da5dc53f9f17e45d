"""Security headers on every response, and a same-origin check on every POST."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, abort, request

from web.helpers import settings

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: Downloads of saved pages: never run their scripts, even if opened in the browser.
SANDBOX_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


def init_app(app: Flask) -> None:
    app.after_request(add_headers)
    app.before_request(check_same_origin)


def add_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    return response


#: Sec-Fetch-Site values of a request made by this site's own pages (or typed by the user).
SAME_ORIGIN_FETCH = ("same-origin", "none")
REFUSED = (
    "Refused: this request to change the archive did not come from the archive's own pages "
    "(its Origin or Sec-Fetch-Site header names another site, or it has neither). "
    "Use the form on the archive's page; a script sends the header Origin: {origin}."
)


def check_same_origin():
    """Refuse state-changing requests without a same-origin signal (the CSRF guard).

    A signal is an ``Origin`` header naming this archive (``BASE_URL``'s origin when
    configured, else the request's host), or ``Sec-Fetch-Site: same-origin`` or ``none``.
    Browsers send ``Origin`` on every POST, so a POST with neither header, or with
    ``Origin: null`` (a sandboxed frame, a privacy redirect), is refused too; a
    script posting to the archive sends the Origin header (the CLI needs none). A request
    with an API token needs no signal: a browser extension (SingleFile) posts from its own
    origin, and no other site can make a browser send the token.
    """
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    if request.headers.get("Authorization", "")[:7].lower() == "bearer ":
        return None  # no cookie involved (web.access checks the token and where it may go)
    fetch_site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    own = _own_origin()
    if fetch_site is not None and fetch_site not in SAME_ORIGIN_FETCH:
        abort(403, REFUSED.format(origin=own))
    if origin and origin != "null":
        if not _same_origin(origin, own):
            abort(403, REFUSED.format(origin=own))
        return None
    if fetch_site in SAME_ORIGIN_FETCH:
        return None
    abort(403, REFUSED.format(origin=own))


def _own_origin() -> str:
    base = settings().base_url
    if base:
        parts = urlsplit(base)
        return f"{parts.scheme}://{parts.netloc}"
    return f"{request.scheme}://{request.host}"


def _same_origin(origin: str, own: str) -> bool:
    """Scheme and host must match a configured base URL; without one, the host only.

    (Without a base URL the scheme is not compared: behind a TLS proxy the app sees
    http while the browser says https.)
    """
    if settings().base_url:
        return origin.rstrip("/").lower() == own.lower()
    return urlsplit(origin).netloc.lower() == request.host.lower()
