"""Stories: the copies and versions of one article, found when a record is saved.

Each record's body gets a MinHash signature of its word shingles; its bands are
kept in an LSH index (``story_buckets`` in ``archive.db``), so a new record finds
its near-copies by looking up ``BANDS`` bucket keys, not by comparing with every
record. Two records are related when the estimated share of the shorter text
found in the longer (containment, from the signatures and the shingle counts) is
at least ``COPY_THRESHOLD`` (measured by ``benchmarks/stories.py``): a *version*
when both come from the same outlet (source, else the address's host), else a
*copy*. Related records form a **story**: connected records share one story id,
an integer never reused; when a record joins two stories the older id (the
smaller) is kept; when a record leaves, the rest keep theirs (a story split in
two gives the part holding its oldest member the old id).

The signatures are computed by ``archive.minhash`` (numpy), imported on the
first write: readers and the store import no numpy. Functions take the
archive's SQLite connection (inside the caller's transaction for writes).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections import Counter
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

#: Estimated containment at or above which two records are one story (benchmarks/stories.py).
COPY_THRESHOLD = 0.5
#: Records compared per lookup, and members read per bucket (newest first): a bucket crowded
#: by common phrases cannot make a lookup linear in the archive's size.
MAX_CANDIDATES = 100
PER_BUCKET = 50
#: The values of the "outlets per story" facet (``story_outlets``): how many outlets ran it.
OUTLET_BUCKETS = ("1", "2-5", "6+")
#: Other records of a story listed under a search hit ("+ 7 outlets", expanded in place).
MEMBERS_SHOWN = 20

SCHEMA = """
CREATE TABLE IF NOT EXISTS stories (id INTEGER PRIMARY KEY AUTOINCREMENT);
CREATE TABLE IF NOT EXISTS story_members (
    n INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL UNIQUE,
    story INTEGER NOT NULL,
    outlet TEXT NOT NULL,
    shingles INTEGER NOT NULL,
    signature BLOB
);
CREATE INDEX IF NOT EXISTS story_members_story ON story_members(story);
CREATE TABLE IF NOT EXISTS story_buckets (
    bucket INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (bucket, n)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS story_links (
    a INTEGER NOT NULL, b INTEGER NOT NULL, kind TEXT NOT NULL, resemblance REAL NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_links_b ON story_links(b);
"""


def _minhash():
    """``archive.minhash``, imported when first needed (it imports numpy)."""
    from archive import minhash

    return minhash


def shared_share(text: str, other: str) -> float:
    """Exactly what share of ``text``'s shingles ``other`` has too (for the article page)."""
    return _minhash().shared_share(text, other)


def outlets_bucket(count: int) -> str:
    """The "outlets per story" value of a story that ``count`` outlets ran."""
    return (
        OUTLET_BUCKETS[0] if count <= 1 else OUTLET_BUCKETS[1] if count <= 5 else OUTLET_BUCKETS[2]
    )


def outlet_of(source: str | None, url: str | None) -> str:
    """Who published a record: its source name, else its address's host, else ''."""
    if source and source.strip():
        return source.strip().lower()
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")


# ---------------------------------------------------------------- writes
def note(conn: sqlite3.Connection, record, *, mark: bool = True) -> int:
    """File a record being saved into its story (inside the save's transaction); its story id.

    Other records whose story id or outlet count changed (a story grown, merged or split)
    are marked pending, so the search index catches up on its next sync (``mark``).
    """
    filed = _filed_form(record)
    row = conn.execute(
        "SELECT story, outlet, shingles, signature FROM story_members WHERE record_id = ?",
        (record.id,),
    ).fetchone()
    if row is None:
        return _add(conn, record.id, *filed, mark=mark)
    if tuple(row[1:]) == filed:
        return row[0]
    forget(conn, record.id, mark=mark)  # edited: filed anew, under its old id if free again
    return _add(conn, record.id, *filed, former=row[0], mark=mark)


def _filed_form(record) -> tuple[str, int, bytes | None]:
    """(outlet, shingle count, signature or None if the body is too short) of a record."""
    mh = _minhash()
    hashes = mh.shingle_hashes(record.body)
    sig = mh.signature(hashes).tobytes() if len(hashes) >= mh.MIN_SHINGLES else None
    return outlet_of(record.source, record.url), len(hashes), sig


def _add(
    conn, record_id: str, outlet: str, count: int, sig: bytes | None, former=None, mark=True
) -> int:
    links = [] if sig is None else _related(conn, outlet, count, sig)
    n = conn.execute(
        "INSERT INTO story_members (record_id, story, outlet, shingles, signature)"
        " VALUES (?, 0, ?, ?, ?)",
        (record_id, outlet, count, sig),
    ).lastrowid
    if sig is not None:
        conn.executemany(
            "INSERT OR IGNORE INTO story_buckets (bucket, n) VALUES (?, ?)",
            [(key, n) for key in _minhash().bucket_keys(sig)],
        )
        conn.executemany(
            "INSERT INTO story_links (a, b, kind, resemblance) VALUES (?, ?, ?, ?)",
            [(other, n, kind, value) for other, _story, kind, value in links],
        )
    stories = sorted({story for _n, story, _k, _v in links})
    before = _indexed_forms(conn, stories) if mark else {}
    if stories:
        story = stories[0]
        if len(stories) > 1:  # the record bridges stories: the oldest id is kept
            marks = ",".join("?" * (len(stories) - 1))
            conn.execute(
                f"UPDATE story_members SET story = ? WHERE story IN ({marks})",
                [story, *stories[1:]],
            )
            conn.execute(f"DELETE FROM stories WHERE id IN ({marks})", stories[1:])
    else:
        free = (
            former and not conn.execute("SELECT 1 FROM stories WHERE id = ?", (former,)).fetchone()
        )
        story = conn.execute(
            "INSERT INTO stories (id) VALUES (?)", (former if free else None,)
        ).lastrowid
    conn.execute("UPDATE story_members SET story = ? WHERE n = ?", (story, n))
    if before:
        _mark_changed(conn, before, _indexed_forms(conn, [story]))
    return story


def _related(conn, outlet: str, count: int, sig: bytes) -> list[tuple[int, int, str, float]]:
    """(member, story, kind, containment) of every stored record this one resembles.

    Each band's bucket gives at most its ``PER_BUCKET`` newest members (a bucket crowded by
    common phrases costs no more), and the ``MAX_CANDIDATES`` sharing the most bands are
    compared.
    """
    mh = _minhash()
    keys = mh.bucket_keys(sig)
    one = "SELECT * FROM (SELECT n FROM story_buckets WHERE bucket = ? ORDER BY n DESC LIMIT ?)"
    shared = Counter(
        n
        for (n,) in conn.execute(
            " UNION ALL ".join([one] * len(keys)), [v for k in keys for v in (k, PER_BUCKET)]
        )
    )
    if not shared:
        return []
    chosen = [n for n, _ in shared.most_common(MAX_CANDIDATES)]
    rows = conn.execute(
        "SELECT n, story, outlet, shingles, signature FROM story_members"
        f" WHERE n IN ({','.join('?' * len(chosen))})",
        chosen,
    ).fetchall()
    values = mh.containments(sig, count, [r[4] for r in rows], [r[3] for r in rows])
    return [
        (n, story, _kind(outlet, other), round(float(value), 3))
        for (n, story, other, _c, _s), value in zip(rows, values, strict=True)
        if value >= COPY_THRESHOLD
    ]


def forget(conn: sqlite3.Connection, record_id: str, *, mark: bool = True) -> None:
    """Take a record out of its story (deleted or about to be filed anew); the rest stay
    (marked pending where their story id or outlet count changed, see ``note``)."""
    row = conn.execute(
        "SELECT n, story, signature FROM story_members WHERE record_id = ?", (record_id,)
    ).fetchone()
    if row is None:
        return
    n, story, blob = row
    before = _indexed_forms(conn, [story]) if mark else {}
    if blob is not None:
        keys = _minhash().bucket_keys(blob)
        conn.executemany(
            "DELETE FROM story_buckets WHERE bucket = ? AND n = ?", [(k, n) for k in keys]
        )
    conn.execute("DELETE FROM story_links WHERE a = ? OR b = ?", (n, n))
    conn.execute("DELETE FROM story_members WHERE n = ?", (n,))
    rest = [
        m
        for (m,) in conn.execute("SELECT n FROM story_members WHERE story = ? ORDER BY n", (story,))
    ]
    if not rest:
        conn.execute("DELETE FROM stories WHERE id = ?", (story,))
        return
    parts = [story]
    for part in _components(conn, rest)[1:]:  # the part with the oldest member keeps the id
        new = conn.execute("INSERT INTO stories DEFAULT VALUES").lastrowid
        marks = ",".join("?" * len(part))
        conn.execute(f"UPDATE story_members SET story = ? WHERE n IN ({marks})", [new, *part])
        parts.append(new)
    if before:
        _mark_changed(conn, before, _indexed_forms(conn, parts))


def _components(conn, members: list[int]) -> list[list[int]]:
    """The connected parts of these members over their links, the one with the smallest n first."""
    left, parts = set(members), []
    for start in members:
        if start not in left:
            continue
        part, todo = [], [start]
        left.discard(start)
        while todo:
            m = todo.pop()
            part.append(m)
            for (other,) in conn.execute(
                "SELECT b FROM story_links WHERE a = ? UNION SELECT a FROM story_links WHERE b = ?",
                (m, m),
            ):
                if other in left:
                    left.discard(other)
                    todo.append(other)
        parts.append(sorted(part))
    return parts


def rebuild(conn: sqlite3.Connection, records) -> int:
    """File every record anew (oldest first), keeping the story ids that still fit; how many."""
    old = dict(conn.execute("SELECT record_id, story FROM story_members"))
    indexed = _indexed_forms(conn, None)
    for table in ("story_links", "story_buckets", "story_members", "stories"):
        conn.execute(f"DELETE FROM {table}")
    done = 0
    for record in records:
        note(conn, record, mark=False)
        done += 1
    taken: set[int] = set()
    renames = []
    stories = conn.execute(
        "SELECT story, group_concat(record_id, ' ') FROM"
        " (SELECT story, record_id FROM story_members ORDER BY n) GROUP BY story ORDER BY story"
    ).fetchall()
    for story, members in stories:
        wanted = next((old[r] for r in members.split() if old.get(r) not in (None, *taken)), None)
        if wanted is not None and wanted != story:
            renames.append((story, wanted))
        taken.add(wanted or story)
    for story, wanted in renames:  # new ids are above every old one: no clash
        conn.execute("UPDATE story_members SET story = ? WHERE story = ?", (wanted, story))
        conn.execute("UPDATE stories SET id = ? WHERE id = ?", (wanted, story))
    _mark_changed(conn, indexed, _indexed_forms(conn, None))
    return done


# ---------------------------------------------------------------- the search index's view
#: A member's outlet, or NULL while the member is in the trash: ``count(DISTINCT ...)`` of it
#: is how many outlets ran the story (a member being saved has no row yet: it counts).
_LIVE_OUTLET = "CASE WHEN r.trashed IS NULL THEN outlet END"
_ROW = "LEFT JOIN records r ON r.id = m.record_id"


def _indexed_forms(conn, stories: list[int] | None) -> dict[str, tuple[int, str]]:
    """record id -> (story, outlets bucket) of the members of these stories (None: all)."""
    where, args = "", []
    if stories is not None:
        if not stories:
            return {}
        where, args = f" WHERE story IN ({','.join('?' * len(stories))})", list(stories)
    outlets = dict(
        conn.execute(
            f"SELECT story, count(DISTINCT {_LIVE_OUTLET}) FROM story_members m {_ROW}{where}"
            " GROUP BY story",
            args,
        )
    )
    return {
        rid: (story, outlets_bucket(outlets[story]))
        for rid, story in conn.execute(f"SELECT record_id, story FROM story_members{where}", args)
    }


@contextlib.contextmanager
def trash_changing(conn: sqlite3.Connection, record_ids: list[str]):
    """Around moving records to or from the trash: mark pending the members of their stories
    whose outlet count that changes (an outlet whose copies are all in the trash ran nothing)."""
    story_ids: set[int] = set()
    for start in range(0, len(record_ids), 500):
        chunk = record_ids[start : start + 500]
        story_ids.update(
            story
            for (story,) in conn.execute(
                "SELECT story FROM story_members WHERE record_id IN"
                f" ({','.join('?' * len(chunk))})",
                chunk,
            )
        )
    chunks = [sorted(story_ids)[i : i + 500] for i in range(0, len(story_ids), 500)]
    before = {rid: form for chunk in chunks for rid, form in _indexed_forms(conn, chunk).items()}
    yield
    after = {rid: form for chunk in chunks for rid, form in _indexed_forms(conn, chunk).items()}
    _mark_changed(conn, before, after)


def _mark_changed(conn, before: dict, after: dict) -> None:
    """Mark pending (a new version) the records whose indexed story fields changed."""
    changed = [(rid,) for rid in before.keys() | after.keys() if before.get(rid) != after.get(rid)]
    conn.executemany("UPDATE records SET pending = 1, version = version + 1 WHERE id = ?", changed)


def laid_over(conn: sqlite3.Connection, records: list) -> list:
    """These records with their story layer (``story_id``, ``story_outlets``) set, to index."""
    forms: dict[str, tuple[int, str]] = {}
    ids = [r.id for r in records]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        forms.update(
            (rid, (story, outlets_bucket(outlets)))
            for rid, story, outlets in conn.execute(
                f"SELECT m.record_id, m.story, (SELECT count(DISTINCT {_LIVE_OUTLET})"
                " FROM story_members o LEFT JOIN records r ON r.id = o.record_id"
                " WHERE o.story = m.story) FROM story_members m WHERE m.record_id IN"
                f" ({','.join('?' * len(chunk))})",
                chunk,
            )
        )
    return [
        replace(r, story_id=str(forms[r.id][0]), story_outlets=forms[r.id][1])
        if r.id in forms
        else r
        for r in records
    ]


# ---------------------------------------------------------------- reads
@dataclass
class Relative:
    """Another record of a record's story, as the article page shows it."""

    record_id: str
    kind: str  # "copy" or "version"
    resemblance: float | None  # the estimated share, None when related only through others
    outlet: str
    date: str | None


def story_of(conn: sqlite3.Connection, record_id: str) -> int | None:
    row = conn.execute(
        "SELECT story FROM story_members WHERE record_id = ?", (record_id,)
    ).fetchone()
    return row[0] if row else None


def relatives(conn: sqlite3.Connection, record_id: str, limit: int = 100) -> list[Relative]:
    """The other records of this record's story (not those in the trash), earliest first."""
    row = conn.execute(
        "SELECT n, story FROM story_members WHERE record_id = ?", (record_id,)
    ).fetchone()
    if row is None:
        return []
    n, story = row
    direct = {
        other: (kind, value)
        for other, kind, value in conn.execute(
            "SELECT b, kind, resemblance FROM story_links WHERE a = ?"
            " UNION ALL SELECT a, kind, resemblance FROM story_links WHERE b = ?",
            (n, n),
        )
    }
    rows = conn.execute(
        "SELECT m.n, m.record_id, m.outlet, r.date FROM story_members m"
        " LEFT JOIN records r ON r.id = m.record_id WHERE m.story = ? AND m.n != ?"
        " AND r.trashed IS NULL"  # an article in the trash is shown as nobody's copy
        " ORDER BY r.date IS NULL, r.date, m.n LIMIT ?",
        (story, n, limit),
    )
    mine = conn.execute("SELECT outlet FROM story_members WHERE n = ?", (n,)).fetchone()[0]
    return [
        Relative(rid, *direct.get(m, (_kind(mine, outlet), None)), outlet, date)
        for m, rid, outlet, date in rows
    ]


def _kind(outlet: str, other: str) -> str:
    """A version when both come from one (known) outlet, else a copy."""
    return "version" if outlet and outlet == other else "copy"


def first_seen(conn: sqlite3.Connection, story: int) -> tuple[str, str, str] | None:
    """(record id, outlet, date) of the story's earliest dated publication (not in the
    trash), or None."""
    return conn.execute(
        "SELECT m.record_id, m.outlet, r.date FROM story_members m JOIN records r ON"
        " r.id = m.record_id WHERE m.story = ? AND r.date IS NOT NULL AND r.trashed IS NULL"
        " ORDER BY r.date, m.n LIMIT 1",
        (story,),
    ).fetchone()


@dataclass
class Member:
    """A record of a story as a search hit lists it."""

    record_id: str
    title: str
    source: str
    date: str | None


@dataclass
class Summary:
    """A search hit's story: its size, its first publication and (on a page) its other records."""

    story: int
    articles: int  # records in the story, out of the trash
    outlets: int
    first_seen: tuple[str, str, str] | None  # (record id, outlet, date) of the earliest dated
    others: list[Member]  # the other records, earliest first, at most MEMBERS_SHOWN


_LIVE = "JOIN records r ON r.id = m.record_id AND r.trashed IS NULL"


def summaries(
    conn: sqlite3.Connection, record_ids: list[str], members: bool = False
) -> dict[str, Summary]:
    """Each record's story in numbers (and with ``members``, its other records): for hits."""
    try:
        own = dict(
            conn.execute(
                "SELECT record_id, story FROM story_members WHERE record_id IN"
                f" ({','.join('?' * len(record_ids))})",
                record_ids,
            )
        )
    except sqlite3.OperationalError:  # a read-only archive written before stories existed
        return {}
    stories = sorted(set(own.values()))
    marks = ",".join("?" * len(stories))
    sizes = {
        story: (articles, outlets)
        for story, articles, outlets in conn.execute(
            f"SELECT m.story, count(*), count(DISTINCT m.outlet) FROM story_members m {_LIVE}"
            f" WHERE m.story IN ({marks}) GROUP BY m.story",
            stories,
        )
    }
    out = {}
    for rid, story in own.items():
        articles, outlets = sizes.get(story, (1, 1))
        first = first_seen(conn, story) if articles > 1 else None
        others = _others(conn, story, rid) if members and articles > 1 else []
        out[rid] = Summary(story, articles, outlets, first and tuple(first), others)
    return out


def _others(conn, story: int, record_id: str) -> list[Member]:
    rows = conn.execute(
        "SELECT m.record_id, json_extract(r.data, '$.title'), json_extract(r.data, '$.source'),"
        f" r.date FROM story_members m {_LIVE} WHERE m.story = ? AND m.record_id != ?"
        " ORDER BY r.date IS NULL, r.date, m.n LIMIT ?",
        (story, record_id, MEMBERS_SHOWN),
    )
    return [Member(rid, title or "", source or "", date) for rid, title, source, date in rows]


# ---------------------------------------------------------------- check
def verify(conn: sqlite3.Connection, records) -> list[str]:
    """What disagrees between the records and the story tables (empty: all agree).

    ``archive check --repair`` and ``archive reindex`` recompute the stories.
    """
    problems = []
    members = {
        rid: (n, story, outlet, count, blob)
        for n, rid, story, outlet, count, blob in conn.execute(
            "SELECT n, record_id, story, outlet, shingles, signature FROM story_members"
        )
    }
    seen, missing, stale = set(), [], []
    for record in records:
        seen.add(record.id)
        got = members.get(record.id)
        if got is None:
            missing.append(record.id)
        elif got[2:] != _filed_form(record):
            stale.append(record.id)
    stray = sorted(set(members) - seen)
    for found, what in (
        (missing, "record(s) in no story"),
        (stale, "record(s) filed with an out-of-date signature"),
        (stray, "story member(s) without a record"),
    ):
        if found:
            problems.append(f"{len(found)} {what}, e.g. {found[0]}")
    problems += _verify_index(conn, members)
    return problems


def _verify_index(conn, members: dict) -> list[str]:
    problems = []
    buckets = conn.execute("SELECT count(*) FROM story_buckets").fetchone()[0]
    signed = sum(1 for m in members.values() if m[4] is not None)
    if buckets != signed * _minhash().BANDS:
        problems.append(f"the story index holds {buckets} bucket entries for {signed} signatures")
    by_story: dict[int, list[int]] = {}
    for n, story, *_ in members.values():
        by_story.setdefault(story, []).append(n)
    crossing = conn.execute(
        "SELECT count(*) FROM story_links l JOIN story_members x ON x.n = l.a"
        " JOIN story_members y ON y.n = l.b WHERE x.story != y.story"
    ).fetchone()[0]
    if crossing:
        problems.append(f"{crossing} link(s) join records filed in different stories")
    split = [
        s for s, ns in by_story.items() if len(ns) > 1 and len(_components(conn, sorted(ns))) > 1
    ]
    if split:
        problems.append(
            f"{len(split)} story(ies) whose records are not all related, e.g. {split[0]}"
        )
    return problems
