"""Corrections: the editors' layer over the extracted record, and the article's note.

Kept in their own table, one row per record and field (so two editors changing
different fields never collide), never in the extracted record: ``apply`` lays
them over a record whenever it is shown or indexed, so they survive
``archive reextract`` and ``archive reindex``; after every change the table is
copied whole to ``exported/corrections.json`` (``archive.state_files``), from which
``archive rebuild`` restores it. Fields:

``title``, ``date``, ``authors``, ``source``, ``lang``, ``note``
    the value set by an editor;
``tag:NAME``
    ``"add"`` or ``"remove"`` a user tag;
``reject:KIND:NAME``
    an automatic tag (person, place, org, term) removed; under the record id
    ``EVERYWHERE`` it is removed from every article, now and when extracted again.

A change names the value the editor saw (``seen``): if another editor changed that
field meanwhile, ``ConflictError`` asks to look again instead of overwriting it.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from archive import audit, state_files
from archive.errors import ArchiveError
from archive.records import Record, sane_date

if TYPE_CHECKING:
    from archive.store import Archive

SCHEMA = """
CREATE TABLE IF NOT EXISTS corrections (
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    user TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    PRIMARY KEY (record_id, field)
);
"""
EVERYWHERE = "*"
FIELDS = ("title", "date", "authors", "source", "lang", "note")
#: An automatic tag's kind (as written in ``--reject person:NAME``) -> the record's list.
TAG_KINDS = {"person": "people", "place": "places", "org": "orgs", "term": "terms"}
MAX_NOTE = 20_000
MAX_VALUE = 500
_LANG_RE = re.compile(r"^[a-z]{2,3}$")


class CorrectionError(ArchiveError):
    """A correction that cannot be made as given (the message says what to write)."""


class ConflictError(CorrectionError):
    """Another editor changed this field since the page was opened: look again, then save."""


@dataclass(frozen=True)
class Correction:
    record_id: str
    field: str
    value: object
    user: str
    at: str


def migrate(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


# ---- what an editor may write
def clean_value(name: str, value) -> object:
    """A field's value checked and normalised, or CorrectionError saying what is wrong."""
    if name == "title":
        text = " ".join(str(value).split())
        if not text or len(text) > MAX_VALUE:
            raise CorrectionError(f"A title has 1 to {MAX_VALUE} characters.")
        return text
    if name == "date":
        return _clean_date(str(value).strip())
    if name == "authors":
        names = value if isinstance(value, list) else str(value).split(";")
        names = [" ".join(n.split()) for n in names if n.strip()]
        if any(len(n) > MAX_VALUE for n in names):
            raise CorrectionError(f"An author's name has at most {MAX_VALUE} characters.")
        return names
    if name == "source":
        text = " ".join(str(value).split())
        if len(text) > MAX_VALUE:
            raise CorrectionError(f"A source has at most {MAX_VALUE} characters.")
        return text
    if name == "lang":
        text = str(value).strip().lower()
        if not _LANG_RE.match(text):
            raise CorrectionError(f"{text!r} is not a language code: write two letters, e.g. en.")
        return text
    if name == "note":
        text = str(value).replace("\r\n", "\n").strip()
        if len(text) > MAX_NOTE:
            raise CorrectionError(f"A note has at most {MAX_NOTE} characters.")
        return text
    raise CorrectionError(f"{name!r} cannot be corrected: choose one of {', '.join(FIELDS)}.")


def _clean_date(text: str) -> str:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise CorrectionError(
            f"{text!r} is not a date: write 2023-09-19 (or 2023-09-19T14:30+02:00)."
        ) from None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    if sane_date(when) is None:
        raise CorrectionError(f"{text!r} is outside the years this archive accepts.")
    return when.isoformat()


def tag_field(tag: str) -> str:
    name = " ".join(tag.split())
    if not name or len(name) > 100:
        raise CorrectionError("A tag has 1 to 100 characters.")
    return f"tag:{name}"


def reject_field(spec: str) -> str:
    """``person:NAME`` -> the field that rejects that automatic tag."""
    kind, sep, name = spec.partition(":")
    name = " ".join(name.split())
    if not sep or kind.strip().lower() not in TAG_KINDS or not name:
        raise CorrectionError(
            f"{spec!r} names no automatic tag: write KIND:NAME, KIND one of "
            f"{', '.join(TAG_KINDS)} (e.g. person:Tayyip)."
        )
    return f"reject:{kind.strip().lower()}:{name}"


# ---- reading and laying over records
def rows_for(archive: Archive, ids: list[str]) -> dict[str, list[Correction]]:
    """Each record's corrections (the ones made everywhere first), by record id."""
    found: dict[str, list[Correction]] = {i: [] for i in ids}
    if not ids:
        return found
    marks = ",".join("?" * len(ids))
    try:
        rows = archive.db.execute(
            "SELECT record_id, field, value, user, at FROM corrections"
            f" WHERE record_id = ? OR record_id IN ({marks}) ORDER BY record_id = ? DESC, at",
            [EVERYWHERE, *ids, EVERYWHERE],
        ).fetchall()
    except sqlite3.OperationalError:  # a read-only archive from before corrections
        return found
    for rid, name, value, user, at in rows:
        row = Correction(rid, name, json.loads(value), user, at)
        for target in ids if rid == EVERYWHERE else [rid]:
            found[target].append(row)
    return found


def apply(record: Record, rows: list[Correction]) -> Record:
    """The record as shown and indexed: its extraction with these corrections laid over it."""
    if not rows:
        return record
    out = dataclasses.replace(
        record,
        authors=list(record.authors),
        tags=list(record.tags),
        user_tags=list(record.tags if record.user_tags is None else record.user_tags),
        corrected={},
        **{attr: list(getattr(record, attr)) for attr in TAG_KINDS.values()},
    )
    for row in rows:
        extracted = _apply_one(out, row)
        if row.record_id != EVERYWHERE:
            out.corrected[row.field] = {"by": row.user, "at": row.at, "extracted": extracted}
    return out


def _apply_one(record: Record, row: Correction):
    """Lay one correction over ``record``; returns what extraction had (for "extracted: ...")."""
    name, value = row.field, row.value
    if name == "date":
        extracted = record.date.isoformat() if record.date else None
        record.date, record.date_source = datetime.fromisoformat(value), "editor"
        return extracted
    if name in FIELDS:
        extracted = getattr(record, name)
        setattr(record, name, value)
        return extracted
    kind, _, rest = name.partition(":")
    if kind == "tag":
        had = any(t.lower() == rest.lower() for t in record.tags)
        record.tags = [t for t in record.tags if t.lower() != rest.lower()]
        record.user_tags = [t for t in record.user_tags if t.lower() != rest.lower()]
        if value == "add":
            record.tags.append(rest)
            record.user_tags.append(rest)
        return "present" if had else "absent"
    if kind == "reject":
        tag_kind, _, tag = rest.partition(":")
        attr = TAG_KINDS[tag_kind]
        values = getattr(record, attr)
        kept = [v for v in values if v.lower() != tag.lower()]
        setattr(record, attr, kept)
        return "present" if len(kept) != len(values) else "absent"
    return None


def corrected(archive: Archive, records: list[Record]) -> list[Record]:
    """These records with their corrections laid over them."""
    found = rows_for(archive, [r.id for r in records])
    return [apply(r, found[r.id]) for r in records]


def current(archive: Archive, record_id: str) -> dict[str, Correction]:
    """One record's own corrections, by field."""
    return {c.field: c for c in rows_for(archive, [record_id])[record_id] if c.record_id != "*"}


# ---- writing
def correct(
    archive: Archive,
    record_id: str,
    changes: dict[str, object],
    user: str,
    *,
    seen: dict[str, object] | None = None,
    address: str = "",
) -> list[str]:
    """Set fields of one record (``None`` as a value removes that correction).

    ``seen``: the value each field had when the editor opened it; a field changed
    by someone else since raises ConflictError and nothing is saved. Returns the
    fields that changed; each is one audit-log entry; the record is re-indexed.
    """
    extracted = archive.get_extracted(record_id)  # NotFoundError for a wrong id
    for name, value in changes.items():
        if name.startswith("reject:") and value is not None:
            _, kind, tag = name.split(":", 2)
            if not any(v.lower() == tag.lower() for v in getattr(extracted, TAG_KINDS[kind])):
                raise CorrectionError(f"{kind}:{tag} is not an automatic tag of this article.")
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    changed: list[tuple[str, object, object]] = []
    with archive.transaction() as conn:
        rows = {
            name: json.loads(value)
            for name, value in conn.execute(
                "SELECT field, value FROM corrections WHERE record_id = ?", (record_id,)
            )
        }
        for name, value in changes.items():
            before = rows.get(name)
            if seen is not None and seen.get(name) != before and before != value:
                raise ConflictError(
                    f"Someone changed {name!r} of this article while you were editing "
                    f"(it is now {before!r}): look at the article again, then save."
                )
            if value == before:
                continue
            if value is None:
                conn.execute(
                    "DELETE FROM corrections WHERE record_id = ? AND field = ?", (record_id, name)
                )
            else:
                conn.execute(
                    "INSERT OR REPLACE INTO corrections (record_id, field, value, user, at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (record_id, name, json.dumps(value, ensure_ascii=False), user, now),
                )
            changed.append((name, before, value))
        if changed:
            _mark_pending(conn, [record_id])
    if changed:
        state_files.changed(archive, "corrections")  # the copy `archive rebuild` restores
    for name, before, value in changed:
        action = "note written" if name == "note" else "record corrected"
        audit.record(archive, action, user, f"{record_id} {name}: {before!r} -> {value!r}", address)
    return [name for name, _, _ in changed]


def reject_everywhere(archive: Archive, spec: str, user: str, address: str = "") -> int:
    """Reject an automatic tag on every article (and in every later extraction).

    Returns how many articles had it; they are re-indexed.
    """
    name = reject_field(spec)
    _, kind, tag = name.split(":", 2)
    attr = TAG_KINDS[kind]
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    with archive.transaction() as conn:
        ids = [
            rid
            for (rid,) in conn.execute(
                f"SELECT r.id FROM records r, json_each(r.data, '$.{attr}') e"
                " WHERE lower(e.value) = lower(?)",
                (tag,),
            )
        ]
        conn.execute(
            "INSERT OR REPLACE INTO corrections (record_id, field, value, user, at)"
            " VALUES (?, ?, 'true', ?, ?)",
            (EVERYWHERE, name, user, now),
        )
        _mark_pending(conn, ids)
    state_files.changed(archive, "corrections")
    audit.record(
        archive, "tag rejected everywhere", user, f"{kind}:{tag} ({len(ids)} articles)", address
    )
    return len(ids)


def rejected_everywhere(archive: Archive) -> list[Correction]:
    """The automatic tags rejected on every article."""
    return [
        Correction(EVERYWHERE, f, json.loads(v), u, a)
        for f, v, u, a in archive.db.execute(
            "SELECT field, value, user, at FROM corrections WHERE record_id = ? ORDER BY at",
            (EVERYWHERE,),
        )
    ]


def set_for_many(archive: Archive, ids: list[str], name: str, value, user: str) -> None:
    """One field's correction on many records (bulk tags; audited by the caller)."""
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    with archive.transaction() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO corrections (record_id, field, value, user, at)"
            " VALUES (?, ?, ?, ?, ?)",
            [(rid, name, json.dumps(value), user, now) for rid in ids],
        )
        _mark_pending(conn, ids)
    state_files.changed(archive, "corrections")


def _mark_pending(conn: sqlite3.Connection, ids: list[str]) -> None:
    conn.executemany(
        "UPDATE records SET pending = 1, version = version + 1 WHERE id = ?", [(i,) for i in ids]
    )


def parse_edit(
    title=None, date=None, authors=None, source=None, lang=None, note=None, tags=(), rejects=()
) -> dict[str, object]:
    """The changes an ``archive edit`` (or the article page's form) asks for, checked."""
    changes: dict[str, object] = {}
    for name, value in (
        ("title", title),
        ("date", date),
        ("authors", authors),
        ("source", source),
        ("lang", lang),
        ("note", note),
    ):
        if value is not None:
            changes[name] = clean_value(name, value)
    for tag in tags:
        sign, name = tag[:1], tag[1:]
        if sign not in "+-" or not sign:
            raise CorrectionError(
                f"Write --tag +NAME to add a tag, --tag -NAME to remove it ({tag!r})."
            )
        changes[tag_field(name)] = "add" if sign == "+" else "remove"
    for spec in rejects:
        changes[reject_field(spec)] = True
    return changes
