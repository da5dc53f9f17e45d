"""Stories: copies and versions found when records are saved, kept through merges and removals."""

import pytest

from archive import index_sync, stories
from archive.check import check_archive
from tests.support import (
    OTHER,
    WIRE,
    build_archive,
    html_page,
    wire_ids,
    write,
    write_wire_story,
)


def page(title, paragraphs, site, url, date=None):
    return html_page(title, "\n\n".join(paragraphs), site=site, url=url, date=date)


@pytest.fixture
def wire_archive(tmp_path):
    names = write_wire_story(tmp_path / "in")
    archive, _ = build_archive(tmp_path / "arc", tmp_path / "in")
    return archive, wire_ids(archive, names)


def test_a_copy_and_a_version_join_the_original_and_other_news_stays_apart(wire_archive):
    archive, ids = wire_archive
    db = archive.db
    story = stories.story_of(db, ids["orig.html"])
    assert stories.story_of(db, ids["copy.html"]) == story
    assert stories.story_of(db, ids["version.html"]) == story
    assert stories.story_of(db, ids["other.html"]) != story
    kinds = {r.record_id: r.kind for r in stories.relatives(db, ids["orig.html"])}
    assert kinds == {ids["copy.html"]: "copy", ids["version.html"]: "version"}
    assert stories.relatives(db, ids["other.html"]) == []


def test_first_seen_is_the_earliest_publication_and_its_outlet(wire_archive):
    archive, ids = wire_archive
    story = stories.story_of(archive.db, ids["copy.html"])
    record_id, outlet, date = stories.first_seen(archive.db, story)
    assert (record_id, outlet) == (ids["orig.html"], "coast post")
    assert date.startswith("2024-04-08T09:00")


def test_shared_share_is_exact_and_one_sided():
    whole, cut = " ".join(WIRE), " ".join(WIRE[:3])
    assert stories.shared_share(cut, whole) == 1.0
    assert 0.4 < stories.shared_share(whole, cut) < 0.6
    assert stories.shared_share(" ".join(OTHER), whole) == 0.0


def test_a_record_bridging_two_stories_merges_them_under_the_older_id(tmp_path):
    first_half, second_half = WIRE[:3], WIRE[3:]
    write(tmp_path / "in1" / "a.html", page("A", first_half, "Alpha", "https://a.example/1", None))
    write(tmp_path / "in1" / "b.html", page("B", second_half, "Beta", "https://b.example/1", None))
    archive, _ = build_archive(tmp_path / "arc", tmp_path / "in1")
    a, b = (r.id for r in sorted(archive.iter_records(), key=lambda r: r.title))
    sa, sb = stories.story_of(archive.db, a), stories.story_of(archive.db, b)
    assert sa != sb
    write(tmp_path / "in2" / "c.html", page("C", WIRE, "Gamma", "https://c.example/1", None))
    build_archive(tmp_path / "arc", tmp_path / "in2")
    (c,) = {r.id for r in archive.iter_records()} - {a, b}
    assert stories.story_of(archive.db, a) == stories.story_of(archive.db, b) == min(sa, sb)
    assert stories.story_of(archive.db, c) == min(sa, sb)
    # the bridge leaves: the part with the oldest member keeps the id, the other gets a new one
    with archive.transaction() as conn:
        stories.forget(conn, c)
    assert stories.story_of(archive.db, c) is None
    after = {stories.story_of(archive.db, a), stories.story_of(archive.db, b)}
    assert min(sa, sb) in after and len(after) == 2 and max(after) > max(sa, sb)


def test_removing_one_copy_keeps_the_rest_of_the_story(wire_archive):
    archive, ids = wire_archive
    story = stories.story_of(archive.db, ids["orig.html"])
    with archive.transaction() as conn:
        stories.forget(conn, ids["version.html"])
    assert stories.story_of(archive.db, ids["orig.html"]) == story
    assert stories.story_of(archive.db, ids["copy.html"]) == story
    assert [r.record_id for r in stories.relatives(archive.db, ids["orig.html"])] == [
        ids["copy.html"]
    ]
    rest = [r for r in archive.iter_records() if r.id != ids["version.html"]]
    assert stories.verify(archive.db, rest) == []


def test_saving_an_unchanged_record_again_changes_nothing_and_an_edit_refiles_it(wire_archive):
    archive, ids = wire_archive
    story = stories.story_of(archive.db, ids["orig.html"])
    record = archive.get(ids["copy.html"])
    with archive.transaction() as conn:
        assert stories.note(conn, record) == story
        record.body = " ".join(OTHER)
        assert stories.note(conn, record) != story
    assert stories.story_of(archive.db, ids["orig.html"]) == story


def test_reindex_recomputes_stories_and_keeps_their_ids(wire_archive):
    archive, ids = wire_archive
    before = {rid: stories.story_of(archive.db, rid) for rid in ids.values()}
    archive.db.execute("DELETE FROM story_links")  # lose the relations
    assert any("not all related" in p for p in stories.verify(archive.db, archive.iter_records()))
    index_sync.reindex(archive)
    assert {rid: stories.story_of(archive.db, rid) for rid in ids.values()} == before
    assert stories.verify(archive.db, archive.iter_records()) == []


def test_check_reports_stale_stories_and_repair_recomputes_them(wire_archive):
    archive, ids = wire_archive
    assert check_archive(archive).ok
    archive.db.execute("DELETE FROM story_members WHERE record_id = ?", (ids["copy.html"],))
    report = check_archive(archive)
    assert not report.ok
    assert f"1 record(s) in no story, e.g. {ids['copy.html']}" in report.problems
    repaired = check_archive(archive, repair=True)
    assert repaired.ok and any("stories" in r for r in repaired.repaired)
    assert check_archive(archive).ok


def test_short_bodies_get_no_signature_but_a_story_of_their_own(tmp_path):
    write(
        tmp_path / "in" / "a.html", page("A", ["Brief note."], "Alpha", "https://a.example/x", None)
    )
    write(
        tmp_path / "in" / "b.html", page("B", ["Brief note."], "Beta", "https://b.example/x", None)
    )
    archive, _ = build_archive(tmp_path / "arc", tmp_path / "in")
    got = {stories.story_of(archive.db, r.id) for r in archive.iter_records()}
    assert len(got) == 2 and None not in got
    assert archive.db.execute("SELECT count(*) FROM story_buckets").fetchone()[0] == 0


def test_check_of_an_archive_without_story_tables_says_what_to_do(wire_archive):
    archive, _ids = wire_archive
    archive.db.execute("DROP TABLE story_members")  # as a read-only archive written before stories
    report = check_archive(archive)
    assert not report.ok
    assert any("has no stories yet: `archive check --repair`" in p for p in report.problems)


def test_an_edited_article_standing_alone_keeps_its_story_id(wire_archive):
    archive, ids = wire_archive
    record = archive.get(ids["other.html"])
    story = stories.story_of(archive.db, record.id)
    count = "SELECT shingles FROM story_members WHERE record_id = ?"
    before = archive.db.execute(count, (record.id,)).fetchone()[0]
    with archive.transaction() as conn:
        record.body += "\n\nThe council will vote on the budget for the lane in May."
        assert stories.note(conn, record) == story
    assert archive.db.execute(count, (record.id,)).fetchone()[0] > before  # filed anew


def _found(archive, text: str) -> set[str]:
    from archive.search import SearchRequest, search

    result = search(archive, SearchRequest(q=text, collapse=False, per_page=100), partial=False)
    return {h.record.id for h in result.hits}


def test_the_index_holds_each_story_and_a_changed_story_sends_its_members_again(wire_archive):
    archive, ids = wire_archive
    story = stories.story_of(archive.db, ids["orig.html"])
    members = {ids["orig.html"], ids["copy.html"], ids["version.html"]}
    assert _found(archive, f"story:{story}") == members
    assert _found(archive, "copies:yes") == members  # two outlets ran it
    assert _found(archive, "copies:none") == {ids["other.html"]}
    with archive.transaction() as conn:  # the copy leaves: one outlet is left
        stories.forget(conn, ids["copy.html"])
    assert index_sync.pending_count(archive) == 3  # the copy and the two that stay
    index_sync.index_pending(archive)
    assert _found(archive, "copies:none") == {
        ids["orig.html"],
        ids["version.html"],
        ids["other.html"],
    }
    assert _found(archive, f"story:{story}") == {ids["orig.html"], ids["version.html"]}


def test_a_growing_story_marks_only_members_whose_indexed_form_changed(wire_archive, tmp_path):
    archive, ids = wire_archive
    write(
        tmp_path / "more" / "third.html", page("Herring", WIRE, "Third Post", "https://t.example/h")
    )
    build_archive(archive.path, tmp_path / "more")  # 2 -> 3 outlets: still "2-5", none sent again
    assert index_sync.pending_count(archive) == 0
    assert len(_found(archive, "copies:2-5")) == 4


def test_summaries_give_a_hit_its_story_in_numbers_and_its_other_articles(wire_archive):
    archive, ids = wire_archive
    told = stories.summaries(archive.db, [ids["copy.html"], ids["other.html"]], members=True)
    copy, other = told[ids["copy.html"]], told[ids["other.html"]]
    assert (copy.articles, copy.outlets, copy.first_seen[0]) == (3, 2, ids["orig.html"])
    assert [m.record_id for m in copy.others] == [ids["orig.html"], ids["version.html"]]
    assert copy.others[0].title == "Record herring catch in the bay"
    assert (other.articles, other.outlets, other.first_seen, other.others) == (1, 1, None, [])


@pytest.mark.parametrize(
    ("count", "bucket"), [(0, "1"), (1, "1"), (2, "2-5"), (5, "2-5"), (6, "6+")]
)
def test_outlets_buckets(count, bucket):
    assert stories.outlets_bucket(count) == bucket


def test_an_article_in_the_trash_is_nobodys_copy_and_never_first_seen(wire_archive):
    from archive import trash

    archive, ids = wire_archive
    db = archive.db
    story = stories.story_of(db, ids["copy.html"])
    trash.move(archive, [ids["orig.html"]], "eddie")
    assert [r.record_id for r in stories.relatives(db, ids["copy.html"])] == [ids["version.html"]]
    assert stories.first_seen(db, story)[0] == ids["copy.html"]  # the earliest left
    trash.restore(archive, [ids["orig.html"]], "eddie")
    assert {r.record_id for r in stories.relatives(db, ids["copy.html"])} == {
        ids["orig.html"],
        ids["version.html"],
    }
    assert stories.first_seen(db, story)[0] == ids["orig.html"]


def test_a_copy_in_the_trash_leaves_its_story_with_fewer_outlets(wire_archive):
    """The outlets facet and ``copies:`` count the outlets whose copies are out of the trash."""
    from archive import index_sync, trash

    archive, ids = wire_archive
    coast_post = {ids["orig.html"], ids["version.html"]}
    trash.move(archive, [ids["copy.html"]], "eddie")  # the other outlet's copy
    index_sync.index_pending(archive)
    assert _found(archive, "copies:yes") == set()
    assert _found(archive, "copies:none") == coast_post | {ids["other.html"]}
    trash.restore(archive, [ids["copy.html"]], "eddie")
    index_sync.index_pending(archive)
    assert _found(archive, "copies:yes") == coast_post | {ids["copy.html"]}
