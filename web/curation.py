"""The editors' forms on the article page: corrections, tag rejections, the note, the trash.

Every route here is an editor's (rows in ``web/access.py``), posts a CSRF token
(``web/sessions.py``), writes through ``archive.corrections`` or ``archive.trash``
(which keep the audit log) and redirects back to the article.
"""

from __future__ import annotations

import json

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from archive import corrections, index_sync, trash
from archive.corrections import ConflictError, CorrectionError
from web.access import client_address
from web.helpers import get_archive, get_record

bp = Blueprint("curation", __name__, url_prefix="/articles")

#: The fields of the correction form, as the form shows them.
FORM_FIELDS = ("title", "date", "authors", "source", "lang")


def shown_values(record) -> dict[str, str]:
    """What the correction form shows for each field (to tell what an editor changed)."""
    return {
        "title": record.title,
        "date": record.date.date().isoformat() if record.date else "",
        "authors": "; ".join(record.authors),
        "source": record.source,
        "lang": record.lang or "",
    }


def form_state(record) -> dict:
    """The form's hidden state: the values shown and the corrections' values seen."""
    seen = {name: c.value for name, c in corrections.current(get_archive(), record.id).items()}
    return {"shown": shown_values(record), "seen": seen}


def _user() -> str:
    return g.user.name if g.get("user") else "local"


def _state() -> tuple[dict, dict]:
    try:
        state = json.loads(request.form.get("state", "{}"))
        return dict(state.get("shown", {})), dict(state.get("seen", {}))
    except (ValueError, AttributeError):
        abort(400, "The form was damaged: open the article again and save.")


def _save(record_id: str, changes: dict, seen: dict | None):
    archive = get_archive()
    try:
        corrections.correct(
            archive, record_id, changes, _user(), seen=seen, address=client_address()
        )
    except ConflictError as error:
        abort(409, str(error))
    except CorrectionError as error:
        abort(400, str(error))
    index_sync.sync_now(archive)
    return redirect(url_for("articles.show", record_id=record_id, _anchor="corrections"), 303)


@bp.post("/<record_id>/correct")
def correct(record_id: str):
    """Set the fields the editor changed (only those: another editor's change is kept)."""
    record = get_record(record_id)
    shown, seen = _state()
    changes: dict[str, object] = {}
    try:
        for name in FORM_FIELDS:
            value = request.form.get(name, "").strip()
            if name not in request.form or value == shown.get(name, "").strip():
                continue
            if not value and name in ("date", "lang"):  # emptied: what extraction found
                changes[name] = None
            else:
                changes[name] = corrections.clean_value(name, value)
        for tag in request.form.get("add_tags", "").split(","):
            if tag.strip():
                changes[corrections.tag_field(tag)] = "add"
        for tag in request.form.getlist("remove_tag"):
            changes[corrections.tag_field(tag)] = "remove"
    except CorrectionError as error:
        abort(400, str(error))
    if not changes:
        return redirect(url_for("articles.show", record_id=record.id, _anchor="corrections"), 303)
    return _save(record.id, changes, seen)


@bp.post("/<record_id>/reject")
def reject(record_id: str):
    """Remove a wrong automatic tag from this article (or, ``everywhere``, from all)."""
    record = get_record(record_id)
    spec = request.form.get("tag", "")
    if request.form.get("everywhere"):
        try:
            corrections.reject_everywhere(get_archive(), spec, _user(), client_address())
        except CorrectionError as error:
            abort(400, str(error))
        index_sync.sync_now(get_archive())
        return redirect(url_for("articles.show", record_id=record.id, _anchor="corrections"), 303)
    try:
        field = corrections.reject_field(spec)
    except CorrectionError as error:
        abort(400, str(error))
    return _save(record.id, {field: True}, None)


@bp.post("/<record_id>/revert")
def revert(record_id: str):
    """Drop one correction: the field shows what extraction found again."""
    record = get_record(record_id)
    field = request.form.get("field", "")
    if field not in corrections.current(get_archive(), record.id):
        abort(400, f"This article has no correction of {field[:100]!r}.")
    return _save(record.id, {field: None}, None)


@bp.post("/<record_id>/note")
def note(record_id: str):
    """Write the article's note (plain text; empty removes it)."""
    record = get_record(record_id)
    _shown, seen = _state()
    try:
        text = corrections.clean_value("note", request.form.get("note", ""))
    except CorrectionError as error:
        abort(400, str(error))
    return _save(record.id, {"note": text or None}, {"note": seen.get("note")})


@bp.post("/<record_id>/delete")
def delete(record_id: str):
    """Move the article to the trash (out of search, feeds and exports; nothing removed)."""
    record = get_record(record_id)
    trash.move(get_archive(), [record.id], _user(), client_address())
    index_sync.sync_now(get_archive())
    return redirect(url_for("articles.show", record_id=record.id), 303)


@bp.post("/<record_id>/restore")
def restore(record_id: str):
    """Put the article back from the trash."""
    record = get_record(record_id)
    trash.restore(get_archive(), [record.id], _user(), client_address())
    index_sync.sync_now(get_archive())
    if request.form.get("next") == "trash":
        return redirect(url_for("curation.trash_page"), 303)
    return redirect(url_for("articles.show", record_id=record.id), 303)


@bp.get("/trash")
def trash_page():
    """The articles in the trash, with a restore button each."""
    return render_template("articles/trash.html", items=trash.listing(get_archive()))


_LABELS = {
    "title": "Title",
    "date": "Date",
    "authors": "Authors",
    "source": "Source",
    "lang": "Language",
}


def correction_lines(record) -> list[tuple[str, str]]:
    """(field, sentence) for each correction shown on the article page (the note aside)."""
    lines = []
    for name, info in sorted(record.corrected.items()):
        who = f"by {info['by'] or 'someone'} on {info['at'][:10]}"
        extracted = info["extracted"]
        if name in _LABELS:
            shown = "; ".join(extracted) if isinstance(extracted, list) else extracted
            lines.append((name, f"{_LABELS[name]} corrected {who} (extracted: {shown or 'none'})"))
        elif name.startswith("tag:"):
            verb = "added" if name in record.corrected and _has_tag(record, name[4:]) else "removed"
            lines.append((name, f"Tag “{name[4:]}” {verb} {who}"))
        elif name.startswith("reject:"):
            _, kind, tag = name.split(":", 2)
            lines.append((name, f"Automatic {kind} tag “{tag}” rejected {who}"))
    return lines


def _has_tag(record, tag: str) -> bool:
    return any(t.lower() == tag.lower() for t in record.tags)


@bp.post("/bulk-tag")
def bulk_tag():
    """Add or remove a tag on every article of a search: first the count, then on confirm."""
    from archive import bulk_tags
    from archive.errors import ArchiveError
    from archive.search import SearchRequest
    from web.helpers import search_url

    params = request.form.get("params", "")[:4000]
    req = SearchRequest.from_query_string(params)
    try:
        bulk = bulk_tags.plan(
            get_archive(), request.form.get("tag", ""), request.form.get("action", ""), req
        )
    except ArchiveError as error:
        abort(400, str(error))
    expected = request.form.get("count", "")
    if request.form.get("confirm") and expected == str(bulk.count):
        bulk_tags.apply(get_archive(), bulk, _user(), params, client_address())
        index_sync.sync_now(get_archive())
        return redirect(search_url(req), 303)
    return render_template(
        "articles/bulk_tag.html",
        bulk=bulk,
        params=params,
        back_url=search_url(req),
        changed=bool(request.form.get("confirm")),
    )
