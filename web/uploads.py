"""Putting files into the archive from the browser: the upload page and ``POST /api/articles``.

Both hand the files to the app's uploader (``indexer.uploads.Uploader``, set up by
``app.create_app``: this package never imports the indexer), so an upload gets the
pipeline, rules and summary of ``archive index``. ``POST /api/articles`` takes what
SingleFile's "upload to a REST Form API" destination sends: a multipart form with
the page in one file field (any name; ``file`` in the README), its address in
``url``, and ``Authorization: Bearer TOKEN``. Every file is written to the audit log.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, jsonify, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from archive import audit, formats
from archive.errors import ArchiveError
from web.access import client_address
from web.errors import error_response
from web.helpers import external_url, get_archive, settings

bp = Blueprint("uploads", __name__)
UPLOADER = "uploader"
MAX_URL_CHARS = 2000
#: The file suffixes the upload page offers (its file picker's ``accept``).
ACCEPT = ",".join(sorted({s for f in formats.FORMATS for s in f.suffixes}))


@bp.get("/upload")
def page():
    return render_template("uploads/index.html", **_page_values())


@bp.post("/upload")
def upload():
    """The page's form (all files at once, without JS) or its script (one file per request)."""
    try:
        results, summary = _index_request(api=False)
    except Refused as refused:
        message, status = refused.args
        if _wants_json():
            return jsonify({"error": {"status": status, "message": message}}), status
        return render_template("uploads/index.html", error=message, **_page_values()), status
    if _wants_json():
        return jsonify(_answer(results, summary)), 200
    return render_template(
        "uploads/index.html",
        results=[_file_json(r) for r in results],
        summary=summary,
        **_page_values(),
    )


@bp.post("/api/articles")
def save_article():
    """One-click saving (SingleFile's REST form upload) and scripts: JSON in, JSON out."""
    try:
        results, summary = _index_request(api=True)
    except Refused as refused:
        return error_response(*reversed(refused.args))
    data = _answer(results, summary)
    statuses = {r.status for r in results}
    if statuses == {"rejected"}:
        data["error"] = {"status": 422, "title": "Rejected", "message": results[0].reason}
        return jsonify(data), 422
    return jsonify(data), 201 if "indexed" in statuses else 200


def init_app(app) -> None:
    app.register_error_handler(RequestEntityTooLarge, _too_large)


def _too_large(error):
    limit = settings().max_request_bytes
    return error_response(
        413,
        f"The upload is larger than this archive accepts in one request ({limit / 1e6:g} MB, "
        "ARCHIVE_MAX_REQUEST_BYTES): send fewer or smaller files at a time.",
        "Upload too large",
    )


def _page_values() -> dict:
    chosen = settings()
    return {
        "accept": ACCEPT,
        "formats": formats.describe(),
        "max_files": chosen.upload_max_files,
        "max_mb": chosen.max_request_bytes / 1e6,
    }


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


class Refused(Exception):
    """The whole upload is refused: (message, HTTP status)."""


def _index_request(*, api: bool):
    """The request's files indexed: (results, summary); ``Refused`` when the upload is."""
    chosen = settings()
    # a body over max_request_bytes raises RequestEntityTooLarge here: _too_large answers
    parts = [f for key in request.files for f in request.files.getlist(key) if f.filename]
    url = _page_url(request.form.get("url", ""))
    tags = tuple(t.strip() for t in request.form.getlist("tag") if t.strip())
    if not parts:
        hint = (
            'send the page as a multipart form file field (in SingleFile: "archive data field '
            'name" = file)'
            if api
            else "choose one or more files"
        )
        raise Refused(f"No file in the upload: {hint}.", 400)
    if len(parts) > chosen.upload_max_files:
        raise Refused(
            f"{len(parts)} files in one upload; this archive takes at most "
            f"{chosen.upload_max_files} at a time (ARCHIVE_UPLOAD_MAX_FILES).",
            413,
        )
    uploads = [(part.filename, part.read(), url) for part in parts]
    user = g.user.name if g.get("user") else ""
    archive = get_archive()
    try:
        results, summary = current_app.extensions[UPLOADER].index(
            archive, uploads, user=user, tags=tags
        )
    except ArchiveError as error:  # locked by a long run, read-only, disk full
        raise Refused(str(error), 503) from None
    how = "API" if api else "upload page"
    for result in results:
        detail = f"{result.name}: {result.status}"
        detail += f" {result.record_id}" if result.record_id else ""
        detail += f" ({result.reason})" if result.status == "rejected" else ""
        audit.record(archive, "upload", user, f"{detail} via the {how}", client_address())
    return results, summary


def _page_url(value: str) -> str | None:
    """The ``url`` field, when it is a web address (SingleFile sends the tab's)."""
    value = value.strip()
    parts = urlsplit(value)
    if len(value) > MAX_URL_CHARS or parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return value


def _file_json(result) -> dict:
    item = {
        "file": result.name,
        "status": result.status,
        "reason": result.reason or None,
        "id": result.record_id,
    }
    if result.record_id:
        item["article_url"] = external_url("api.article", record_id=result.record_id)
        item["html_url"] = external_url("articles.show", record_id=result.record_id)
    return item


def _answer(results, summary) -> dict:
    """The JSON answer: the first file's outcome at the top (SingleFile sends one), every
    file's in ``files``, and the counts of ``archive index``'s summary."""
    files = [_file_json(r) for r in results]
    counts = {k: v for k, v in summary.to_dict().items() if not k.endswith("_files")}
    return {**files[0], "files": files, "summary": counts}
