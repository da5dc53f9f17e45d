import pytest

from archive import saved
from archive.errors import NotFoundError, QueryError
from archive.search import SearchRequest
from archive.store import open_archive


@pytest.mark.parametrize("raw, name", [("  Karabakh   2023 ", "Karabakh 2023"), ("Häfen", "Häfen")])
def test_names_are_tidied(raw, name):
    assert saved.check_name(raw) == name


@pytest.mark.parametrize(
    "raw, message",
    [
        ("", "Give the saved search a name"),
        ("a/b", "cannot contain"),
        ("x" * 81, "longer than"),
        ("bell\x07", "control characters"),
        ("a\\b", "cannot contain"),
        (".", "cannot be"),
        (" .. ", "cannot be"),
    ],
)
def test_bad_names_are_explained(raw, message):
    with pytest.raises(QueryError, match=message):
        saved.check_name(raw)


def test_save_load_round_trip(tmp_path):
    archive = open_archive(tmp_path / "arc")
    request = SearchRequest.from_params(
        {"q": "port", "place": ["Aden", "Djibouti"], "sort": "added", "page": "3"}
    )
    assert saved.save(archive, " Ports ", request) == "Ports"
    name, loaded, _created = saved.load(archive, "Ports")
    assert loaded == request.with_page(1)
    with pytest.raises(NotFoundError):
        saved.load(archive, "missing")
    with pytest.raises(QueryError):
        saved.save(archive, "bad", SearchRequest(q="date:yesterday"))


def test_a_saved_search_is_at_most_a_thousand_characters(tmp_path):
    """Issue 22.5: a saved search's parameters were stored whatever their size (100 MB)."""
    archive = open_archive(tmp_path / "arc")
    longest = SearchRequest.from_params({"q": "é" * 990, "place": ["Aden"]})
    assert saved.save(archive, "Longest", longest) == "Longest"
    for request in (
        SearchRequest.from_params({"q": "é" * 997, "place": ["Aden"]}),
        SearchRequest.from_params({"q": "port", "place": [f"P{n} " + "x" * 60 for n in range(18)]}),
    ):
        with pytest.raises(QueryError, match="too long to save"):
            saved.save(archive, "Too long", request)
    with pytest.raises(QueryError, match="too long to save .100,000,002 characters"):
        saved.check_params("q=" + "a" * 100_000_000)
    assert [name for name, _, _ in saved.list_saved(archive)] == ["Longest"]


def test_two_editors_never_lose_each_others_changes(tmp_path):
    from archive import accounts

    archive = open_archive(tmp_path / "arc")
    eve = accounts.add_user(archive, "eve", "editor", "correct horse battery")
    ed = accounts.add_user(archive, "ed", "editor", "correct horse battery")
    saved.save(archive, "Ports", SearchRequest(q="port"), user=eve)
    # ed cannot replace, rename or delete eve's search
    with pytest.raises(saved.NameTakenError, match="belongs to eve"):
        saved.save(archive, "Ports", SearchRequest(q="ferry"), replace=True, user=ed)
    with pytest.raises(saved.NotYoursError, match="belongs to eve"):
        saved.rename(archive, "Ports", "Mine", ed)
    with pytest.raises(saved.NotYoursError):
        saved.delete(archive, "Ports", ed)
    # eve answers "replace" after looking at an old version: nothing is replaced
    seen = saved.find(archive, "Ports").params
    saved.save(archive, "Ports", SearchRequest(q="harbour"), replace=True, user=eve)
    with pytest.raises(saved.ChangedMeanwhileError, match="changed meanwhile"):
        saved.save(archive, "Ports", SearchRequest(q="ferry"), True, eve, True, seen)
    assert saved.find(archive, "Ports").params == "q=harbour"
    archive.close()


def test_saved_searches_are_stored_listed_and_deleted(tmp_path):
    archive = open_archive(tmp_path / "a")
    saved.store(archive, "lights", "q=lighthouse")
    assert [(n, p) for n, p, _ in saved.list_saved(archive)] == [("lights", "q=lighthouse")]
    assert saved.exists(archive, "lights") and not saved.exists(archive, "Lights")
    assert saved.delete(archive, "lights") is True
    assert saved.delete(archive, "lights") is False
    assert saved.list_saved(archive) == []
    archive.close()
