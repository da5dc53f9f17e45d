"""`archive edit`, `archive delete`, `archive trash` (cli/curation.py) through click's runner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli import main
from tests.support import PARAGRAPH, html_page, write


@pytest.fixture
def arc(tmp_path):
    folder = tmp_path / "saved"
    write(
        folder / "aden.html",
        html_page(
            "Storm closes the port of Aden",
            f"A storm closed the port of Aden.\n\n{PARAGRAPH}",
            date="2023-09-19T08:00:00+00:00",
            url="https://news.example/aden",
        ),
    )
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, ["--archive", str(tmp_path / "arc"), *args])

    assert invoke("index", str(folder), "--workers", "1").exit_code == 0
    rid = json.loads(invoke("search", "Aden", "--json").output)["hits"][0]["id"]
    return invoke, rid


def _shown(invoke, rid):
    return json.loads(invoke("show", rid, "--json").output)


def test_edit_corrects_and_reverts(arc):
    invoke, rid = arc
    result = invoke(
        "edit",
        rid[:6],
        "--title",
        "Aden port shut",
        "--date",
        "2023-09-18",
        "--tag",
        "+yemen",
        "--note",
        "ask the desk",
    )
    assert result.exit_code == 0, result.output
    assert "title, date, note, tag:yemen corrected" in result.output
    shown = _shown(invoke, rid)
    assert (shown["title"], shown["date"][:10], shown["note"]) == (
        "Aden port shut",
        "2023-09-18",
        "ask the desk",
    )
    assert shown["corrected"]["title"]["by"].startswith("cli")
    assert "1. Aden port shut" in invoke("search", "note:desk").output
    assert invoke("edit", rid, "--revert", "title").exit_code == 0
    assert _shown(invoke, rid)["title"] == "Storm closes the port of Aden"


@pytest.mark.parametrize(
    "args,message",
    [
        (["--date", "19.9.2023"], "is not a date"),
        (["--reject", "person:Nobody Here"], "not an automatic tag"),
        (["--everywhere"], "--everywhere goes with --reject"),
        ([], "Say what to correct"),
    ],
)
def test_edit_explains_bad_input(arc, args, message):
    invoke, rid = arc
    result = invoke("edit", rid, *args)
    assert result.exit_code != 0 and message in result.output
    assert "Traceback" not in result.output


def test_delete_list_restore_empty(arc):
    invoke, rid = arc
    assert "Moved 1 article to the trash" in invoke("delete", rid).output
    assert "0 matches" in invoke("search", "Aden").output
    assert "1 in the trash" in invoke("check").output
    listed = invoke("trash", "list").output
    assert rid in listed and "1 article in the trash" in listed
    assert "Restored 1 article" in invoke("trash", "restore", rid).output
    assert "1 match" in invoke("search", "Aden").output
    invoke("delete", rid)
    assert "Emptied: 0 articles" in invoke("trash", "empty", "--older-than", "30d").output
    emptied = invoke("trash", "empty").output
    assert f"removed article {rid}" in emptied and "removed original" in emptied
    assert "1 original removed" in emptied
    assert invoke("check").exit_code == 0
    assert "is not an age" in invoke("trash", "list", "--older-than", "soon").output
    assert "No article with id" in invoke("delete", "ffffffffffffffff").output


def test_tag_add_shows_the_count_and_asks(arc):
    invoke, rid = arc
    refused = invoke("tag", "add", "yemen", "--query", "Aden")
    assert "1 article matches 'Aden'" in refused.output and refused.exit_code != 0
    assert "0 matches" in invoke("search", "tag:yemen").output
    done = invoke("tag", "add", "yemen", "--query", "Aden", "--yes")
    assert "Tag 'yemen' added to 1 article" in done.output
    assert "1 match" in invoke("search", "tag:yemen").output
