"""Snippet words marked by the search itself: the same passages as analysing each text apart.

The pure parts (tags read back, offsets moved to the collapsed text) run everywhere; the
comparison with the ``_analyze`` path and the request count need an OpenSearch node.
"""

from __future__ import annotations

import shutil
import sys
import threading
import uuid
from pathlib import Path

import pytest

from archive import query as q
from archive.opensearch_backend import OpenSearchBackend
from archive.opensearch_highlights import (
    MAX_WORDS,
    collapsed_marks,
    highlight_request,
    read_marks,
)
from archive.search import SearchRequest, search
from archive.store import open_archive
from indexer.run import run_index

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PRE, POST = "\ue000", "\ue001"


def test_marks_are_read_back_as_offsets_in_the_plain_text():
    highlighted = f"Vote\n\n{PRE}001Elections{POST} and   {PRE}000votes{POST}."
    plain, marks = read_marks(highlighted)
    assert plain == "Vote\n\nElections and   votes."
    assert [(plain[s:e], key) for s, e, key in marks] == [("Elections", "001"), ("votes", "000")]


def test_a_text_holding_a_tag_character_is_not_trusted():
    assert read_marks(f"odd {PRE} text") is None
    assert read_marks(f"odd {POST} {PRE}001word{POST}") is None


def test_marks_move_to_the_collapsed_body_and_leave_title_and_note_out():
    title, body, note = "Storm  news", "The\n\nstorm   hit.\t Storm again", "storm note"
    field = f"{title}\n\n{body}\n\n{note}"
    marks = [
        (field.find(w, at), field.find(w, at) + len(w), "0")
        for w, at in (
            ("Storm", 0),
            ("storm", len(title)),
            ("Storm", len(title) + 10),
            ("storm", len(field) - 10),
        )
    ]
    moved = collapsed_marks(body, marks, len(title) + 2)
    collapsed = " ".join(body.split())
    assert [collapsed[s:e] for s, e, _ in moved] == ["storm", "Storm"]
    assert moved[0][0] == collapsed.index("storm")


def test_a_mark_across_whitespace_sends_the_text_the_slow_way():
    assert collapsed_marks("a b", [(0, 3, "0")], 0) is None


def test_no_highlight_without_words_or_with_too_many():
    assert highlight_request([], ["text_en"]) is None
    assert highlight_request(["w"] * (MAX_WORDS + 1), ["text_en"]) is None
    asked = highlight_request(["port", "ports"], ["text_en", "text"])
    assert asked["fields"]["text"]["highlight_query"] == {
        "match": {"text": {"query": "port ports"}}
    }
    assert len(set(asked["pre_tags"])) == len(asked["pre_tags"]) >= MAX_WORDS


QUERIES = [
    "port",
    "ports harbour",
    "Karabakh war in the south, said",
    '"North Sea"',
    "energy OR grid",
    "(flood OR storm) coast",
    "title:harbour",
    "Containerbrücken über",
    "ferr*",
    "Streik Hafen",
    "government",
    "police election",
    '"prime minister"',
    "vaccine trial zzyzzx",  # few all-word hits: the second, looser pass marks its hits too
]


@pytest.fixture(scope="module")
def opensearch_archive(opensearch_url, tmp_path_factory):
    sys.path.insert(0, str(SAMPLES.parent / "benchmarks"))
    import corpus

    folder = tmp_path_factory.mktemp("highlights")
    for number in range(300):
        corpus.write_article(folder / "corpus", number)
    backend = OpenSearchBackend(opensearch_url, f"marks-{uuid.uuid4().hex[:12]}")
    archive = open_archive(folder / "archive", backend)
    run_index(archive, [str(SAMPLES), str(folder / "corpus")], workers=1)
    yield archive
    archive.close()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.opensearch
@pytest.mark.parametrize("text", QUERIES)
def test_snippets_from_the_search_equal_those_of_analysing_each_text(opensearch_archive, text):
    backend = opensearch_archive.index
    result = search(opensearch_archive, SearchRequest.from_params({"q": text, "n": "50"}))
    assert result.hits
    query = result.request.query_tree
    words = q.query_words(query)
    kept = backend._local
    for hit in result.hits:  # every hit's words came with its page
        assert backend._marked(words, hit.record.body, hit.record.lang) is not None
    for hit in result.hits:
        backend._local = threading.local()  # forget the marks: the _analyze path
        slow = backend.snippets(query, hit.record.body, hit.record.lang)
        assert hit.passages == slow, hit.record.id
        backend._local = kept


@pytest.mark.opensearch
def test_a_page_with_snippets_is_one_request(opensearch_archive):
    backend = opensearch_archive.index
    calls = []
    transport = backend.client.transport
    original = transport.perform_request

    def counted(method, url, *args, **kwargs):
        calls.append(url)
        return original(method, url, *args, **kwargs)

    transport.perform_request = counted
    try:
        result = search(opensearch_archive, SearchRequest.from_params({"q": "government"}))
    finally:
        transport.perform_request = original
    assert result.total > 10 and all(hit.passages for hit in result.hits)
    assert result.facets and result.timeline
    assert len(calls) == 1 and calls[0].endswith("/_search"), calls
