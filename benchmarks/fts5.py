"""The reference: the same corpus and query mix on SQLite FTS5 (standard library ``sqlite3``).

One FTS5 table over title and body (external content), a ``docs`` table for single-valued
fields and a ``facets`` side table (doc, field, value) for multi-valued ones. A search page
is what the product's page holds: the total, the top 10 (bm25 or newest first) with a
snippet() highlight, the counts of every facet (top values of each) and a monthly timeline.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from queries import Query

#: Multi-valued facet fields and the manifest keys they come from.
#: The product's facets are source, tag, place, person, org, term, lang, type, year and month;
#: the corpus has no user tags, and its meta keywords stand for the key terms.
MULTI_FACETS = {"place": "places", "person": "people", "org": "orgs", "term": "keywords"}
#: Single-valued facet fields (columns of ``docs``).
SINGLE_FACETS = ("source", "type", "lang")
FACET_LIMIT = 50  # as the product's search page
BATCH = 2000

SCHEMA = """
CREATE TABLE docs(id INTEGER PRIMARY KEY, source TEXT, type TEXT, lang TEXT, day TEXT,
                  url TEXT, title TEXT, body TEXT);  -- small columns first: no overflow reads
CREATE VIRTUAL TABLE fts USING fts5(title, body, content='docs', content_rowid='id',
                                    tokenize='porter unicode61');
CREATE TABLE facets(doc INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL);
"""
INDEXES = """
CREATE INDEX docs_day ON docs(day);
CREATE INDEX facets_doc ON facets(doc);
CREATE INDEX facets_value ON facets(field, value, doc);
"""


def build_index(articles, db_path: Path) -> dict:
    """Index manifest entries (dicts from ``Corpus.articles()``) into a new database."""
    db_path = Path(db_path)
    db_path.unlink(missing_ok=True)
    started = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    count = 0
    docs, facets = [], []
    for article in articles:
        count += 1
        doc = article["number"] + 1
        kind = "html" if article["format"] == "html" else "text"
        docs.append(
            (
                doc,
                article["source"],
                kind,
                "en",
                article["date"][:10],
                article["url"],
                article["title"],
                article["body"],
            )
        )
        for name, key in MULTI_FACETS.items():
            facets.extend((doc, name, value) for value in article[key])
        if len(docs) >= BATCH:
            _insert(db, docs, facets)
            docs, facets = [], []
    _insert(db, docs, facets)
    db.executescript(INDEXES + "INSERT INTO fts(fts) VALUES('optimize'); ANALYZE;")
    db.commit()
    db.close()
    seconds = time.perf_counter() - started
    return {
        "count": count,
        "seconds": seconds,
        "per_s": count / seconds if seconds else 0.0,
        "mb": db_path.stat().st_size / 1e6,
    }


def _insert(db, docs, facets):
    db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)", docs)
    db.executemany(
        "INSERT INTO fts(rowid, title, body) VALUES (?,?,?)",
        [(doc[0], doc[6], doc[7]) for doc in docs],
    )
    db.executemany("INSERT INTO facets VALUES (?,?,?)", facets)


class Fts5Search:
    """Answers search pages from a database made by ``build_index``."""

    def __init__(self, db_path: Path):
        self.db = sqlite3.connect(db_path, check_same_thread=False)
        self.db.execute("PRAGMA temp_store=MEMORY")

    def close(self):
        self.db.close()

    def page(self, query: Query, with_facets: bool = True) -> dict:
        """The full page: total, top 10 with snippets, all facet counts and the timeline.

        ``with_facets=False`` leaves out the facets and the timeline (the text part alone).
        """
        where, params = self._conditions(query)
        db = self.db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS hits(id INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM hits")
        if query.match:
            db.execute(
                f"INSERT INTO hits SELECT fts.rowid FROM fts JOIN docs d ON d.id = fts.rowid"
                f" WHERE fts MATCH ? {where}",
                [query.match, *params],
            )
        else:
            db.execute(f"INSERT INTO hits SELECT d.id FROM docs d WHERE 1 {where}", params)
        total = db.execute("SELECT count(*) FROM hits").fetchone()[0]
        page = {"total": total, "hits": self._top(query, where, params)}
        if with_facets:
            page.update(facets=self._facets(), timeline=self._timeline())
        return page

    def _conditions(self, query: Query) -> tuple[str, list]:
        clauses, params = [], []
        for name, value in query.facets:
            clauses.append("AND d.id IN (SELECT doc FROM facets WHERE field = ? AND value = ?)")
            params += [name, value]
        for name, value in query.where:
            if name not in SINGLE_FACETS:
                raise ValueError(f"not a column: {name}")
            clauses.append(f"AND d.{name} = ?")
            params.append(value)
        if query.date_from:
            clauses.append("AND d.day >= ?")
            params.append(query.date_from)
        if query.date_to:
            clauses.append("AND d.day < ?")
            params.append(query.date_to)
        return " ".join(clauses), params

    def _top(self, query: Query, where: str, params: list) -> list[tuple]:
        if query.match:
            order = "fts.rank" if query.sort == "relevance" else "d.day DESC"  # rank: bm25
            sql = (
                "SELECT d.id, d.title, d.day,"
                " snippet(fts, 1, '<mark>', '</mark>', '\u2026', 24)"
                f" FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ? {where}"
                f" ORDER BY {order} LIMIT 10"
            )
            return self.db.execute(sql, [query.match, *params]).fetchall()
        sql = (
            f"SELECT d.id, d.title, d.day, substr(d.body, 1, 200) FROM docs d WHERE 1 {where}"
            f" ORDER BY d.day DESC LIMIT 10"
        )
        return self.db.execute(sql, params).fetchall()

    def _facets(self) -> dict[str, list[tuple[str, int]]]:
        counts: dict[str, list[tuple[str, int]]] = {}
        for name in SINGLE_FACETS:
            counts[name] = self.db.execute(
                f"SELECT d.{name}, count(*) AS n FROM hits CROSS JOIN docs d ON d.id = hits.id"
                f" GROUP BY d.{name} ORDER BY n DESC LIMIT {FACET_LIMIT}"
            ).fetchall()
        rows = self.db.execute(
            "SELECT f.field, f.value, count(*) AS n"
            " FROM hits CROSS JOIN facets f ON f.doc = hits.id"
            " GROUP BY f.field, f.value ORDER BY n DESC"
        ).fetchall()
        for name in MULTI_FACETS:
            counts[name] = [(value, n) for field, value, n in rows if field == name][:FACET_LIMIT]
        return counts

    def _timeline(self) -> list[tuple[str, int]]:
        return self.db.execute(
            "SELECT substr(d.day, 1, 7) AS month, count(*)"
            " FROM hits CROSS JOIN docs d ON d.id = hits.id"
            " GROUP BY month ORDER BY month"
        ).fetchall()
