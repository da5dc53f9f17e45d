"""Both engines give the same answers: hits, totals and facet counts for a fixed list of queries.

The same archive (the bundled samples, and a generated corpus) is indexed by the
Whoosh backend and rebuilt on OpenSearch from the same records; every query of
the list must give the same set of hits, the same total and the same facet
counts. Ranking may differ (BM25 on both, but over different tokenisers and
field statistics), so hit *order* is compared only for date sorts.
"""

from __future__ import annotations

import shutil
import sys
import uuid
from pathlib import Path

import pytest

from archive import index_sync
from archive.opensearch_backend import OpenSearchBackend
from archive.search import SearchRequest, search
from archive.store import open_archive
from indexer.run import run_index

pytestmark = pytest.mark.opensearch
SAMPLES = Path(__file__).resolve().parent.parent / "samples"

QUERIES = [
    {},
    {"q": "Karabakh"},
    {"q": "person:eyvazov"},
    {"q": "place:München"},
    {"q": "Karabakh war in the south, said"},
    {"q": "port"},
    {"q": "ports"},
    {"q": "Hamburg strike"},
    {"q": '"North Sea"'},
    {"q": "energy OR grid"},
    {"q": "port -Hamburg"},
    {"q": "(flood OR storm) coast"},
    {"q": "ferr*"},
    {"q": "title:harbour"},
    {"q": "date:2023"},
    {"q": "date:[2020-01-01 TO 2022-12-31]"},
    {"q": "after:2023-06"},
    {"q": "before:2021"},
    {"q": "lang:de"},
    {"q": "type:warc"},
    {"q": "", "place": ["Hamburg"]},
    {"q": "", "tag": ["ports", "energy"], "lang": ["en"]},
    {"q": "", "year": ["2023"]},
    {"q": "", "sort": "newest"},
    {"q": "Häuser"},
    {"q": "zzyzzx"},
    {"q": "https://www.gridandpower.example/2022/06/grid-operators-race-to-add-batteries/"},
    {"q": "https://nowhere.example/grid-batteries"},
    {"q": "url:gridandpower.example"},
    {"q": "url:gridandpower.example/2022/"},
    {"q": "source:gridandpower.example"},
    {"q": "copies:yes"},
    {"q": "", "sort": "newest", "collapse": "1"},  # each story's newest, in the same order
    {"q": "port", "sort": "oldest", "collapse": "1"},
]


def every_hit(archive, params) -> tuple[tuple[int, int], list[str], dict]:
    """Every article (every copy, unless ``collapse`` is asked: the relevance order picks a
    story's best, and ranking may differ), the totals of articles and stories, the facets."""
    params = {"collapse": "0", **params}
    result = search(archive, SearchRequest.from_params({**params, "n": "100"}))
    ids, page = [h.record.id for h in result.hits], 1
    while page < result.pages:
        page += 1
        more = search(archive, SearchRequest.from_params({**params, "n": "100", "page": str(page)}))
        ids += [h.record.id for h in more.hits]
    facets = {f.name: {v.value: v.count for v in f.values} for f in result.facets}
    return (result.total, result.stories), ids, facets


def compare(whoosh, opensearch) -> list[str]:
    differences = []
    for params in QUERIES:
        w_total, w_ids, w_facets = every_hit(whoosh, params)
        o_total, o_ids, o_facets = every_hit(opensearch, params)
        if w_total != o_total or sorted(w_ids) != sorted(o_ids):
            differences.append(f"{params}: hits {w_total} vs {o_total}")
        if params.get("sort") in ("newest", "oldest") and w_ids != o_ids:
            differences.append(f"{params}: order differs")
        if w_facets != o_facets:
            names = [n for n in w_facets if w_facets[n] != o_facets.get(n)]
            differences.append(f"{params}: facets differ in {names}")
    return differences


@pytest.fixture
def two_engines(tmp_path, opensearch_url):
    def build(paths):
        folder = tmp_path / "archive"
        whoosh = open_archive(folder)
        run_index(whoosh, [str(p) for p in paths], workers=1)
        backend = OpenSearchBackend(opensearch_url, f"same-{uuid.uuid4().hex[:12]}")
        opensearch = open_archive(folder, backend)
        index_sync.reindex(opensearch)
        return whoosh, opensearch

    yield build
    shutil.rmtree(tmp_path / "archive", ignore_errors=True)


def test_same_answers_on_the_sample_archive(two_engines):
    whoosh, opensearch = two_engines([SAMPLES])
    assert whoosh.count() == opensearch.index.count() > 30
    assert compare(whoosh, opensearch) == []


def test_same_answers_on_a_generated_corpus(two_engines, tmp_path):
    sys.path.insert(0, str(SAMPLES.parent / "benchmarks"))
    import corpus

    folder = tmp_path / "corpus"
    for number in range(1500):
        corpus.write_article(folder, number)
    whoosh, opensearch = two_engines([folder])
    assert whoosh.count() == opensearch.index.count() == 1500
    assert compare(whoosh, opensearch) == []
