"""The author facet lists people and agencies of a record's byline (``archive.bylines``)."""

import pytest

from archive.bylines import author_facet_values
from archive.facets import facet_values
from archive.records import Origin, Record


@pytest.mark.parametrize(
    "names, listed",
    [
        (["Redaktion"], []),  # desks, in several languages
        (["Redacción ZX"], []),
        (["Online-Team Webteam"], []),
        (["Staff Reports"], []),
        (["Support Team"], []),
        (["Ida Staff"], ["Ida Staff"]),  # a surname that is also a word
        (["abc/dpa"], ["dpa"]),  # an editor's initials and an agency
        (["stadt.example.at/ Agenturen"], []),
        (["Agencies"], ["Agencies"]),  # the wire, named alone
        (["Ida Korn / AFP"], ["Ida Korn", "AFP"]),
        (["dpa", "Ida Korn", "dpa"], ["dpa", "Ida Korn"]),
        (["jdoe42"], ["jdoe42"]),  # a login is what some pages name: it stays
    ],
)
def test_author_facet_values(names, listed):
    assert author_facet_values(names) == listed


def test_record_keeps_the_byline_and_the_facet_lists_the_authors():
    record = Record(
        id="a" * 16,
        title="t",
        body="b",
        type="html",
        origin=Origin("0" * 64, "/a.html", 1),
        authors=["Redaktion", "Ida Korn"],
    )
    assert record.authors == ["Redaktion", "Ida Korn"]
    assert facet_values(record)["author"] == ["Ida Korn"]
