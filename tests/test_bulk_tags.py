"""archive/bulk_tags.py: a tag on every article matching the whole search, kept as corrections."""

from __future__ import annotations

import pytest

from archive import audit, bulk_tags, index_sync
from archive.errors import ArchiveError
from archive.search import SearchRequest, search
from indexer.reextract import reextract
from tests.support import PARAGRAPH, build_archive, html_page, write


@pytest.fixture
def arc(tmp_path):
    files = tmp_path / "files"
    for n, title in enumerate(["Walrus sighted", "Walrus counted", "Seal pups"]):
        write(
            files / f"{n}.html",
            html_page(title, f"{title} on the ice.\n\n{PARAGRAPH}", url=f"https://x.example/{n}"),
        )
    archive, _ = build_archive(tmp_path / "archive", files)
    yield archive
    archive.close()


def _tagged(archive, tag):
    every = SearchRequest(q=f"tag:{tag}", collapse=False)  # the pages share a paragraph
    return {h.record.title for h in search(archive, every).hits}


def test_a_tag_goes_on_every_full_match_and_survives_reextract(arc):
    bulk = bulk_tags.plan(arc, "arctic", "add", SearchRequest(q="walrus ice"))
    assert bulk.count == 2  # "Seal pups" matches only "ice": a partial match, not tagged
    assert bulk_tags.apply(arc, bulk, "eddie", "walrus ice") == 2
    index_sync.index_pending(arc)
    reextract(arc)
    assert _tagged(arc, "arctic") == {"Walrus sighted", "Walrus counted"}
    assert audit.entries(arc)[0].detail.startswith("tag 'arctic' added to 2 articles")
    removal = bulk_tags.plan(arc, "arctic", "remove", SearchRequest(q="counted"))
    bulk_tags.apply(arc, removal, "eddie", "counted")
    index_sync.index_pending(arc)
    assert _tagged(arc, "arctic") == {"Walrus sighted"}


@pytest.mark.parametrize("tag,action", [("", "add"), ("ok", "rename")])
def test_bad_requests_are_explained(arc, tag, action):
    with pytest.raises(ArchiveError):
        bulk_tags.plan(arc, tag, action, SearchRequest(q="walrus"))
