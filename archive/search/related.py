"""Related articles: those about the same people, places, organisations and key terms first.

An engine's "more like this" finds articles that share words, and common words are
enough for it: a Syria article would get a football report. Here the candidates of
that search and of a search for the article's own names are ranked again: articles
that share a person, place, organisation or key term come first, the rarer the shared
names and the closer in time the better; articles that share only words come after.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from archive import facets as facet_table
from archive import query as q
from archive.records import Record
from archive.store import Archive

#: The facets whose shared values make two articles about the same thing.
SHARED_FACETS = ("person", "place", "org", "term")
#: Values of each facet asked for (the first ones: the tagger lists the strongest first).
VALUES_PER_FACET = 8
#: Candidates taken from each of the two searches.
CANDIDATES = 30
#: A value in more than this share of the archive, and in more than COMMON_MIN
#: articles, says little ("U.S.", "government"): it does not make articles related.
COMMON_SHARE = 0.2
COMMON_MIN = 10
#: Days over which closeness in time halves a shared name's weight... and a bit more.
TIME_SCALE_DAYS = 30.0
#: Weight of closeness in time when either article has no date.
UNDATED_CLOSENESS = 0.25


@dataclass
class _Candidate:
    record: Record
    text_score: float = 0.0  # the engine's "more like this" score, 0..1
    shared: float = 0.0  # the rarity-weighted count of the names both articles have

    def key(self, closeness: float) -> tuple:
        return (self.shared > 0, self.shared * (1.0 + closeness) + self.text_score)


def related(archive: Archive, record: Record, limit: int = 5) -> list[Record]:
    """Articles most like ``record``: names in common and close in time, then words."""
    names = _names(record)
    candidates: dict[str, _Candidate] = {}
    like = archive.index.related(record, CANDIDATES)
    best = max((score for _, score in like), default=0.0) or 1.0
    text_scores = {rid: score / best for rid, score in like}
    weights, by_names = _name_search(archive, record, names)
    ids = list(dict.fromkeys([*text_scores, *by_names]))
    for other in archive.get_many([rid for rid in ids if rid != record.id]):
        candidate = _Candidate(other, text_scores.get(other.id, 0.0))
        mine = _names(other)
        candidate.shared = sum(
            weights.get((name, value), 0.0)
            for name, values in names.items()
            for value in values & mine.get(name, set())
        )
        candidates[other.id] = candidate
    ranked = sorted(
        candidates.values(),
        key=lambda c: c.key(_closeness(record.date, c.record.date)),
        reverse=True,
    )
    return [c.record for c in ranked[:limit]]


def _names(record: Record) -> dict[str, set[str]]:
    """The record's values of each shared facet, case-folded."""
    return {
        name: {v.casefold() for v in facet_table.BY_NAME[name].values(record)}
        for name in SHARED_FACETS
    }


def _name_search(
    archive: Archive, record: Record, names: dict[str, set[str]]
) -> tuple[dict[tuple[str, str], float], list[str]]:
    """Articles with any of the record's names, and each name's weight (its rarity).

    One search: its facet counts are the number of articles with each name (every
    article that has one matches); a name past the counted ones is rarer than they are.
    """
    asked = [
        (name, value)
        for name in SHARED_FACETS
        for value in facet_table.BY_NAME[name].values(record)[:VALUES_PER_FACET]
    ]
    if not asked:
        return {}, []
    tree = q.Or(tuple(q.place_alternatives(q.Facet(n, v.lower())) for n, v in asked))
    found = archive.index.search(tree, limit=CANDIDATES + 1, facet_limit=200)
    everyone = max(archive.count(), 1)
    weights = {}
    for name, value in asked:
        counts = {v.casefold(): c for v, c in found.facets.get(name, [])}
        rarest_counted = min(counts.values(), default=1)
        count = max(counts.get(value.casefold(), rarest_counted), 1)
        if not is_common(count, everyone):
            weights[(name, value.casefold())] = math.log(1.0 + everyone / count)
    return weights, [rid for rid, _ in found.hits]


def is_common(count: int, everyone: int) -> bool:
    """Whether a name held by ``count`` of ``everyone`` articles is too common to relate them."""
    return count > COMMON_MIN and count > COMMON_SHARE * everyone


def _closeness(first: datetime | None, second: datetime | None) -> float:
    """1 for the same day, falling with the days between; a constant when undated."""
    if first is None or second is None:
        return UNDATED_CLOSENESS
    days = abs((first - second).total_seconds()) / 86400.0
    return math.exp(-days / TIME_SCALE_DAYS)
