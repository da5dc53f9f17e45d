"""Error pages (HTML) and error objects (JSON under /api): never a bare traceback."""

from __future__ import annotations

import logging
import sqlite3

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from archive import database
from archive.errors import (
    ArchiveError,
    ArchiveReadOnlyError,
    DamagedDatabaseError,
    EngineUnavailableError,
    IndexDamagedError,
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
    507: "Free some space on the server's disk, then try again.",
}
DAMAGED_HINT = "Run `archive check --repair` on the server, then reload this page."
DATABASE_HINT = (
    "On the server, run `archive check` (it reports the damage), then `archive rebuild` (it "
    "recreates archive.db from the originals; the old file is moved aside, never deleted), "
    "then reload this page."
)
READ_ONLY = (
    "This archive is served read-only: searching works, but saving, renaming or deleting a "
    "saved search needs write access to the archive's folder on the server."
)


def init_app(app: Flask) -> None:
    app.before_request(require_database)  # a lost archive.db is never recreated empty
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(QueryError, lambda e: error_response(400, str(e)))
    app.register_error_handler(NotFoundError, lambda e: error_response(404, str(e)))
    app.register_error_handler(IndexOutOfDateError, lambda e: error_response(503, str(e)))
    app.register_error_handler(IndexMissingError, lambda e: error_response(503, str(e)))
    app.register_error_handler(
        IndexDamagedError,
        lambda e: error_response(503, str(e), "Index damaged", hint=DAMAGED_HINT),
    )
    app.register_error_handler(
        EngineUnavailableError,
        lambda e: error_response(503, str(e), "Search engine unavailable"),
    )
    app.register_error_handler(
        ArchiveReadOnlyError, lambda e: error_response(403, READ_ONLY, "Read-only archive")
    )
    app.register_error_handler(DamagedDatabaseError, handle_damaged_database)
    app.register_error_handler(ArchiveError, lambda e: error_response(500, str(e)))
    app.register_error_handler(sqlite3.DatabaseError, handle_database_fault)
    app.register_error_handler(Exception, handle_unexpected)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith((".json", ".jsonl"))


def error_response(status: int, message: str, title: str | None = None, hint: str | None = None):
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
    hint = hint or HINTS.get(status, "Try again, or start a new search.")
    return render_template(
        "errors/error.html", status=status, title=title, message=message, hint=hint
    ), status


def handle_http(error: HTTPException):
    response = error_response(error.code or 500, error.description or error.name, error.name)
    if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        body, status = response
        return body, status, {"Allow": ", ".join(error.valid_methods)}
    return response


def require_database() -> None:
    """Before each request: a missing or emptied ``archive.db`` (while originals exist) is a
    damaged database, not a new archive to create (a glance at the file's first bytes)."""
    current_app.extensions["news_archive"].require_database()


def handle_damaged_database(error: Exception):
    """503 saying what to run on the server (check, then rebuild); never a traceback.

    This thread's connection is closed, so that after `archive rebuild` the next request
    opens the new database without a restart.
    """
    archive = current_app.extensions["news_archive"]
    archive.disconnect()
    log.error("archive.db is damaged (%s) on %s", error, request.path, exc_info=error)
    what = str(error) if isinstance(error, sqlite3.DatabaseError) else archive.database_damage()
    what = what or "lost"
    message = (
        f"The archive's database (archive.db) is damaged ({what}): nothing can be read or "
        "saved until it is repaired. On the server, run `archive check`, then "
        "`archive rebuild` to recreate it from the originals."
    )
    return error_response(503, message, "Archive database damaged", hint=DATABASE_HINT)


def handle_database_fault(error: sqlite3.DatabaseError):
    """A damaged archive.db, or a write the machine refused (a read-only archive, a full
    disk), said as such."""
    if database.is_damage(error):
        return handle_damaged_database(error)
    text = str(error).lower()
    if "readonly" in text or "read-only" in text:
        return error_response(403, READ_ONLY, "Read-only archive")
    if "disk is full" in text:
        return error_response(507, "The server's disk is full: nothing was changed.", "Disk full")
    return handle_unexpected(error)


def handle_unexpected(error: Exception):
    log.exception("Unexpected error on %s", request.path)
    return error_response(500, InternalServerError.description, "Internal server error")
