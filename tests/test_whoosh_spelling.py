"""The spelling suggester: bounded by the search deadline and by word length (issue 22.2).

The archive is generated here with thousands of indexed words starting with "a", which is
what made a query of 1,000 "a"s cost the old suggester seconds per query.
"""

from __future__ import annotations

import json
import random
import time

import pytest

from archive.backend import DEADLINE
from archive.search import SearchRequest, search
from archive.search.run import DEFAULT_DEADLINE_S
from archive.whoosh_backend.spelling import closest_term
from tests.support import PARAGRAPH, build_archive, write


def _a_word(rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "a" + "".join(rng.choice(letters) for _ in range(rng.randint(3, 10)))


@pytest.fixture(scope="module")
def a_words_archive(tmp_path_factory):
    """An archive whose titles hold about 5,000 distinct words starting with "a"."""
    rng = random.Random(22)
    folder = tmp_path_factory.mktemp("spelling")
    articles = [
        {
            "title": " ".join(_a_word(rng) for _ in range(40)),
            "body": f"Harbour report {n}.\n\n{PARAGRAPH}",
            "url": f"https://harbour.example/a/{n}",
        }
        for n in range(130)
    ]
    articles.append({"title": "Harbour strike", "body": PARAGRAPH, "url": "https://h.example/s"})
    source = write(folder / "saved" / "a.jsonl", "\n".join(json.dumps(a) for a in articles))
    archive, summary = build_archive(folder / "arc", source)
    assert summary.to_dict()["indexed"] == len(articles)
    yield archive
    archive.close()


def test_a_word_of_a_thousand_letters_is_answered_within_the_deadline(a_words_archive):
    started = time.monotonic()
    result = search(a_words_archive, SearchRequest(q="a" * 1000))
    elapsed = time.monotonic() - started
    assert result.total == 0 and result.suggestion is None
    assert elapsed < min(DEFAULT_DEADLINE_S, 2.0), f"took {elapsed:.1f} s"


def test_the_suggester_stops_at_the_deadline_inside_one_word(a_words_archive):
    """A word of 40 letters (the longest considered) walks the word list for a while: the
    deadline stops it mid-walk, not only between words."""
    word = "a" * 40
    index = a_words_archive.index
    reader = index._reading()[0].reader()
    started = time.monotonic()
    assert closest_term(reader, "spell", word, until=time.monotonic() + 60) is None
    walk = time.monotonic() - started
    assert walk > 0.1, "the walk is too short to show the deadline works"
    token = DEADLINE.set(time.monotonic() + walk / 10)
    try:
        started = time.monotonic()
        assert index.suggest([word]) == {}
        elapsed = time.monotonic() - started
    finally:
        DEADLINE.reset(token)
    assert elapsed < walk / 2, f"{elapsed:.2f} s with a deadline of {walk / 10:.2f} s"


def test_suggestions_still_correct_real_typos(a_words_archive):
    assert a_words_archive.index.suggest(["harbuor", "Strikee"]) == {
        "harbuor": "harbour",
        "Strikee": "strike",
    }
    result = search(a_words_archive, SearchRequest(q="harbuor strikee"))
    assert result.suggestion == "harbour strike"
