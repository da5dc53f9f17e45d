"""Article pages and downloads of the originals exactly as they were saved."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import PurePath

from flask import Blueprint, Response, abort, render_template, request, send_file

from archive import formats, query, stories
from archive.errors import NotFoundError, QueryError
from archive.records import Record
from archive.search import SearchRequest, related
from archive.search.serialize import csv_cell
from web import curation
from web.access import EDITOR, may
from web.diffs import TooLargeToCompare, diff_html
from web.helpers import (
    TAG_FIELDS,
    captured_time,
    external_url,
    get_archive,
    get_record,
    search_url,
)
from web.security import SANDBOX_CSP

bp = Blueprint("articles", __name__, url_prefix="/articles")


def came_from() -> SearchRequest | None:
    """The search this page was opened from (its ``from`` parameter), if it is a valid one."""
    raw = request.args.get("from", "")
    if not raw:
        return None
    try:
        return SearchRequest.from_query_string(raw[:4000])
    except QueryError:
        return None


def citation(record: Record) -> list[tuple[str, str]]:
    """The facts a fact-checker pastes: what, where from, when, and which bytes."""
    captured = captured_time(record)
    published = (
        f"{record.date.isoformat()} (date from: {record.date_source})" if record.date else "unknown"
    )
    return [
        ("Title", record.title),
        ("Source", record.source or "unknown"),
        ("URL", record.url or "none recorded"),
        ("Published", published),
        ("Captured", captured.isoformat() if captured else "unknown"),
        ("Archived", record.added.isoformat() if record.added else "unknown"),
        (
            "Original file",
            PurePath(record.origin.path).name
            + (f" (item {record.origin.member})" if record.origin.member else ""),
        ),
        ("SHA-256 of the original", record.origin.sha256),
        ("Archive record", external_url("articles.show", record_id=record.id)),
    ]


@bp.get("/<record_id>")
def show(record_id: str):
    record = get_record(record_id)
    archive = get_archive()
    versions = archive.versions(record.id)
    origin = came_from()
    words = query.query_words(origin.query_tree) if origin and origin.q else []
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
        back_url=search_url(origin) if origin else None,
        words=words,
        citation=citation(record),
        captured=captured_time(record),
        warc=warc_capture(record),
        files=archive.files_of(sorted({v["sha256"] for v in versions} | {record.origin.sha256})),
        diffable=[v for v in versions if archive.version_text(record.id, v["sha256"]) is not None],
        trashed=archive.trashed(record.id),
        correction_lines=curation.correction_lines(record),
        editing=curation.form_state(record) if may(EDITOR) else None,
        story=story_panel(archive, record),
        claimed=archive.claimed_record(record),
        claimants=archive.claimants(record),
    )


def story_panel(archive, record: Record) -> dict | None:
    """The record's story: who else published it (with the share of this text they have) and
    where it was first seen; None when it stands alone (or the archive predates stories)."""
    try:
        story = stories.story_of(archive.db, record.id)
        relatives = stories.relatives(archive.db, record.id) if story else []
        first = stories.first_seen(archive.db, story) if relatives else None
    except sqlite3.OperationalError:  # a read-only archive written before stories existed
        return None
    if not relatives:
        return None
    others = {r.id: r for r in archive.get_many([r.record_id for r in relatives])}
    items = [
        {
            "relative": r,
            "record": others[r.record_id],
            "share": stories.shared_share(record.body, others[r.record_id].body),
            "first": bool(first) and first[0] == r.record_id,
        }
        for r in relatives
        if r.record_id in others
    ]
    first_record = others.get(first[0]) if first else None
    return {
        "id": story,
        "copies": [i for i in items if i["relative"].kind == "copy"],
        "versions": [i for i in items if i["relative"].kind == "version"],
        "first": first_record or (record if first and first[0] == record.id else None),
        "first_is_this": bool(first) and first[0] == record.id,
    }


@bp.get("/<record_id>/compare/<other_id>")
def compare(record_id: str, other_id: str):
    """A word diff between this article's text and a copy's or version's (same story)."""
    record, other = get_record(record_id), get_record(other_id)
    archive = get_archive()
    if stories.story_of(archive.db, record.id) != stories.story_of(archive.db, other.id):
        abort(404, f"Article {other.id} is not a copy or version of article {record.id}.")
    html, removed, added = diff_html(record.body, other.body)
    return render_template(
        "articles/compare.html", record=record, other=other, diff=html, removed=removed, added=added
    )


@bp.get("/<record_id>/diff")
def diff(record_id: str):
    """What changed in the text between two saved versions (``a`` and ``b``: their SHA-256)."""
    record = get_record(record_id)
    archive = get_archive()
    versions = {v["sha256"]: v for v in archive.versions(record.id)}
    chosen = []
    for key in ("a", "b"):
        sha = request.args.get(key, "")
        if sha not in versions:
            abort(404, f"Article {record.id} has no saved version {sha[:64]!r}.")
        text = archive.version_text(record.id, sha)
        if text is None:
            abort(
                404, f"The text of version {sha[:16]} was not kept (indexed by an older release)."
            )
        chosen.append((versions[sha], text))
    (old, old_text), (new, new_text) = chosen
    try:
        html, removed, added = diff_html(old_text, new_text)
    except TooLargeToCompare as too_large:
        return render_template(
            "articles/diff.html", record=record, old=old, new=new, too_large=str(too_large)
        )
    return render_template(
        "articles/diff.html",
        record=record,
        old=old,
        new=new,
        diff=html,
        removed=removed,
        added=added,
    )


@bp.get("/<record_id>/versions/<sha256>.txt")
def version_text(record_id: str, sha256: str):
    """The text the archive extracted from one saved version, as a plain-text download."""
    record = get_record(record_id)
    text = get_archive().version_text(record.id, sha256)
    if text is None:
        abort(404, f"Article {record.id} has no kept text for version {sha256[:64]!r}.")
    response = Response(text, mimetype="text/plain")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{record.id}-{sha256[:16]}.txt"'
    )
    return response


@bp.get("/<record_id>.csv")
def show_csv(record_id: str):
    """The article's CSV twin: one header row and one row (citation facts, tags, body)."""
    record = get_record(record_id)
    out = io.StringIO()
    writer = csv.writer(out)
    facts = citation(record)
    tags = [("Tags", "; ".join(record.tags)), ("Note", record.note), ("Body", record.body)]
    writer.writerow([name for name, _ in facts + tags])
    writer.writerow([csv_cell(value) for _, value in facts + tags])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{record.id}.csv"'
    return response


def warc_capture(record: Record) -> dict | None:
    """A WARC record's capture date, target URL and HTTP status (None for other types)."""
    if record.type != "warc":
        return None
    try:
        found = get_archive().read_member(record.origin.sha256, record.origin.member)
    except NotFoundError:
        return None
    return {"captured": found.captured, "target_url": found.target_url, "status": found.status}


@bp.get("/<record_id>/original")
def original(record_id: str):
    """The saved file (or, for a WARC, the HTML payload of this article's record).

    ``?view=1`` shows it in the browser instead of downloading it: still under
    ``Content-Security-Policy: sandbox`` with no scripts, so a hostile page runs nothing.
    """
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
        as_attachment=request.args.get("view") != "1",
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
    """What an original is served as: by its file suffix, else its article's media type."""
    return (
        formats.media_type_of_original(name)
        or record.origin.media_type
        or "application/octet-stream"
    )
