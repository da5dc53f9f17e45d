"""Security headers on every response, and a same-origin check on form posts."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, abort, request

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


def check_same_origin():
    """Refuse state-changing requests sent by another site's page (a cheap CSRF guard)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        abort(403, "This form was sent from another site.")
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        abort(403, "This form was sent from another site.")
    return None
