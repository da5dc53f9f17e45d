"""Error pages (HTML) and error objects (JSON under /api): never a bare traceback."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from archive.errors import (
    ArchiveError,
    EngineUnavailableError,
    IndexMissingError,
    IndexOutOfDateError,
    NotFoundError,
    QueryError,
)

log = logging.getLogger(__name__)

HINTS = {
    400: "Check the address, or start a new search.",
    401: "Log in, or send a valid API token.",
    403: "Use the forms on this site's own pages.",
    404: "The article may not be in this archive, or the link is mistyped. Try a search.",
    405: "Use the forms on this site's pages.",
    429: "Wait a while, then try again.",
    503: "Run `archive reindex` on the server, then reload this page.",
}


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(QueryError, lambda e: error_response(400, str(e)))
    app.register_error_handler(NotFoundError, lambda e: error_response(404, str(e)))
    app.register_error_handler(IndexOutOfDateError, lambda e: error_response(503, str(e)))
    app.register_error_handler(IndexMissingError, lambda e: error_response(503, str(e)))
    app.register_error_handler(
        EngineUnavailableError,
        lambda e: error_response(503, str(e), "Search engine unavailable"),
    )
    app.register_error_handler(ArchiveError, lambda e: error_response(500, str(e)))
    app.register_error_handler(Exception, handle_unexpected)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith((".json", ".jsonl"))


def error_response(status: int, message: str, title: str | None = None):
    title = title or {
        400: "Bad request",
        401: "Log in first",
        403: "Forbidden",
        404: "Not found",
        405: "Method not allowed",
        429: "Too many attempts",
        503: "Index not ready",
    }.get(status, "Error")
    if wants_json():
        return jsonify({"error": {"status": status, "title": title, "message": message}}), status
    hint = HINTS.get(status, "Try again, or start a new search.")
    return render_template(
        "errors/error.html", status=status, title=title, message=message, hint=hint
    ), status


def handle_http(error: HTTPException):
    response = error_response(error.code or 500, error.description or error.name, error.name)
    if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        body, status = response
        return body, status, {"Allow": ", ".join(error.valid_methods)}
    return response


def handle_unexpected(error: Exception):
    log.exception("Unexpected error on %s", request.path)
    return error_response(500, InternalServerError.description, "Internal server error")
