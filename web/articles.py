"""Article pages and downloads of the originals exactly as they were saved."""

from __future__ import annotations

import io
from pathlib import PurePath

from flask import Blueprint, abort, render_template, request, send_file

from archive.errors import NotFoundError
from archive.records import Record
from archive.search import related
from web.helpers import TAG_FIELDS, get_archive, get_record
from web.security import SANDBOX_CSP

bp = Blueprint("articles", __name__, url_prefix="/articles")

#: What an original is served as, by the record's origin media type / file suffix.
SUFFIX_TYPES = {
    ".jsonl": "application/x-ndjson",
    ".json": "application/json",
    ".md": "text/markdown",
    ".txt": "text/plain",
    ".warc": "application/warc",
    ".html": "text/html",
    ".htm": "text/html",
}


@bp.get("/<record_id>")
def show(record_id: str):
    record = get_record(record_id)
    archive = get_archive()
    versions = archive.versions(record.id)
    tag_groups = [
        (field, facet, getattr(record, field))
        for field, facet in TAG_FIELDS
        if getattr(record, field)
    ]
    return render_template(
        "articles/show.html",
        record=record,
        versions=versions,
        tag_groups=tag_groups,
        related=related(archive, record),
        file_name=PurePath(record.origin.path).name,
    )


@bp.get("/<record_id>/original")
def original(record_id: str):
    """The saved file (or, for a WARC, the HTML payload of this article's record)."""
    record = get_record(record_id)
    sha256, member = record.origin.sha256, record.origin.member
    wanted = request.args.get("sha256")
    if wanted and wanted != sha256:
        version = next(
            (v for v in get_archive().versions(record.id) if v["sha256"] == wanted), None
        )
        if version is None:
            abort(404, f"Article {record.id} has no saved version {wanted[:64]!r}.")
        sha256, member = version["sha256"], version["member"] or None
    name = PurePath(record.origin.path).name or f"{record.id}.bin"
    media_type = _media_type(record, name)
    try:
        if record.type == "warc":
            found = get_archive().read_member(sha256, member)
            data = found.payload
            media_type = f"text/html; charset={found.charset}" if found.charset else "text/html"
            name = f"{PurePath(name).stem.removesuffix('.warc')}-{record.id}.html"
        else:
            data = get_archive().read_original(sha256)
    except NotFoundError as error:
        abort(404, str(error))
    response = send_file(
        io.BytesIO(data),
        mimetype=media_type,
        as_attachment=True,
        download_name="".join(c if c.isprintable() else "_" for c in name),  # no CR/LF headers
        etag=sha256,
        max_age=0,
    )
    # Exactly this type: no charset is added, the bytes are served as they were saved.
    response.headers["Content-Type"] = media_type
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SANDBOX_CSP
    return response


def _media_type(record: Record, name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    return SUFFIX_TYPES.get(suffix) or record.origin.media_type or "application/octet-stream"
