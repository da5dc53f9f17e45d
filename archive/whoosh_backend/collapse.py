"""Copies of one story as one hit: each story's best-ranked match, and how many stories match.

A record's story id (``archive.stories``) is the ``story`` facet; each document has one,
read from the facet arrays into one number per document (kept per index generation).
"""

from __future__ import annotations

import numpy as np

from archive.facets import STORY
from archive.whoosh_backend.arrays import Snapshot
from archive.whoosh_backend.evaluate import newest_first, sort_key


def story_numbers(snap: Snapshot) -> np.ndarray:
    """Each document's story as a number (its value id; one without a story is its own)."""

    def build() -> np.ndarray:
        numbers = -1 - np.arange(len(snap.live), dtype=np.int64)  # a story of its own each
        numbers[snap.facet_docs[STORY]] = snap.facet_values[STORY]
        return numbers

    return snap._kept(("story numbers",), build)


def story_count(snap: Snapshot, rows: np.ndarray) -> int:
    """How many stories the documents ``rows`` belong to."""
    return len(np.unique(story_numbers(snap)[rows])) if len(rows) else 0


def best_of_each(rows: np.ndarray, scores, snap: Snapshot, sort: str, record_ids) -> np.ndarray:
    """The best-ranked of the matching ``rows`` in each story, as ``top`` would rank them.

    Exact ties within a story (same key, same publication time) go to the smallest record
    id, as on every engine (``record_ids(docnums)`` gives the ids of the few tied ones).
    """
    if not len(rows):
        return rows
    stories = story_numbers(snap)[rows]
    primary, second = sort_key(rows, scores, snap, sort), newest_first(rows, snap)
    order = np.lexsort((rows, second, primary, stories))
    s, p, t = stories[order], primary[order], second[order]
    new_story = np.ones(len(s), dtype=bool)
    new_story[1:] = s[1:] != s[:-1]
    tie = np.zeros(len(s), dtype=bool)
    tie[1:] = ~new_story[1:] & (p[1:] == p[:-1]) & (t[1:] == t[:-1])
    run = np.cumsum(~tie)  # equal keys in one story share a run number
    starts = np.flatnonzero(new_story)
    best = rows[order[starts]]
    sizes = np.bincount(run)
    shared = np.flatnonzero(sizes[run[starts]] > 1)  # stories whose best is tied
    if len(shared):
        members = np.flatnonzero(np.isin(run, run[starts[shared]]))
        docs = rows[order[members]]
        chosen: dict[int, tuple[str, int]] = {}
        for number, doc, rid in zip(run[members], docs, record_ids(docs), strict=True):
            if number not in chosen or rid < chosen[number][0]:
                chosen[number] = (rid, int(doc))
        best[shared] = [chosen[number][1] for number in run[starts[shared]]]
    return np.sort(best)
