"""Every search has a deadline: expensive parts degrade, the result says so, no search waits."""

from __future__ import annotations

import threading

import pytest

from archive.search import SearchRequest, search
from archive.whoosh_backend import evaluate
from tests.test_search_run import archive  # noqa: F401 - the module's archive fixture

#: The paragraph every test page carries: its words are in most articles.
COMMON = "the measures would be reviewed after the winter when the new figures are published"


def run(archive, text, deadline_s=3.0, **params):  # noqa: F811
    return search(archive, SearchRequest.from_params({"q": text, **params}), deadline_s=deadline_s)


def test_a_phrase_of_a_hundred_frequent_words_is_searched_as_its_words(archive):  # noqa: F811
    words = (COMMON.split() * 10)[:100]
    result = run(archive, '"' + " ".join(words) + '"')
    assert result.exact_total == run(archive, " ".join(set(words))).exact_total > 0
    assert f"more than {evaluate.MAX_PHRASE_WORDS} words was searched as its words" in (
        result.notice or ""
    )


def test_a_short_phrase_is_still_a_phrase(archive):  # noqa: F811
    result = run(archive, '"the winter when the new figures"')
    assert result.total > 0 and result.notice is None
    assert run(archive, '"the new winter when the figures"').total == 0


def test_wildcards_expand_to_a_bounded_number_of_words(archive, monkeypatch):  # noqa: F811
    monkeypatch.setattr(evaluate, "MAX_EXPANSIONS", 5)
    letters = "abcdefghilmnoprstuw"
    query = " OR ".join(a + b + "*" for a in letters for b in "aeiou")
    result = run(archive, query)
    assert "only the first 5 were searched" in (result.notice or "")


def test_past_the_deadline_a_phrase_is_its_words_and_spelling_is_skipped(archive):  # noqa: F811
    assert run(archive, "harvset").suggestion is not None  # with time: "did you mean"
    result = run(archive, '"the winter when the new figures"', deadline_s=0.0)
    assert result.timed_out
    assert "took too long: a phrase was searched as its words" in result.notice
    assert run(archive, "harvset", deadline_s=0.0).suggestion is None


def test_a_slow_search_never_blocks_another(archive, monkeypatch):  # noqa: F811
    """A search stuck in the engine (here: held in its phrase) while another one runs."""
    entered, release = threading.Event(), threading.Event()
    original = evaluate.Evaluation._phrase_mask

    def held(self, fieldname, tokens):
        if "winter" in tokens:
            entered.set()
            release.wait(30)
        return original(self, fieldname, tokens)

    monkeypatch.setattr(evaluate.Evaluation, "_phrase_mask", held)
    done = []
    slow = threading.Thread(target=lambda: done.append(run(archive, '"the winter when"')))
    slow.start()
    try:
        assert entered.wait(30)
        normal = run(archive, "port Aden")  # the slow one is still inside the engine
        assert normal.total == 2 and not done and slow.is_alive()
    finally:
        release.set()
        slow.join(30)
    assert done and done[0].total > 0


@pytest.mark.parametrize("page", ["/search", "/api/search"])
def test_the_page_says_what_was_shortened(client, page):
    response = client.get(page, query_string={"q": '"' + " ".join(["said"] * 40) + '"'})
    assert response.status_code == 200
    assert b"was searched as its words" in response.data


def test_past_the_deadline_wildcards_stop_expanding(archive):  # noqa: F811
    """Counted over the query's wildcards together: each of these expands to a few words only."""
    letters = "abcdefghilmnoprstuw"
    result = run(archive, " OR ".join(a + b + "*" for a in letters for b in "aeiou"), 0.0)
    assert result.timed_out
    assert "its wildcards were cut short" in result.notice


def test_past_the_deadline_the_timeline_stays_by_month(archive):  # noqa: F811
    """A timeline by day is a count query per day: skipped when the time is up."""
    assert run(archive, "", year="2023", month="2023-09").timeline_unit == "day"
    late = run(archive, "", deadline_s=0.0, year="2023", month="2023-09")
    assert late.timeline_unit == "month" and late.total > 0
    assert "count its matches day by day" in late.notice
