"""archive.places: one canonical display form per place across languages."""

import pytest

from archive import places
from archive.places import canonical_place, fold_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("München", "Munich"),
        ("Muenchen", "Munich"),
        ("munich", "Munich"),
        ("MÜNCHEN", "Munich"),
        ("Köln", "Cologne"),
        ("Koeln", "Cologne"),
        ("Wien", "Vienna"),
        ("Deutschland", "Germany"),
        ("Moskau", "Moscow"),
    ],
)
def test_alternate_names_share_one_form(name, expected):
    assert canonical_place(name) == expected


def test_unknown_name_unchanged():
    assert canonical_place("Nowhere-on-Sea Upper") == "Nowhere-on-Sea Upper"


def test_main_name_of_a_city_is_never_another_citys_alias():
    assert canonical_place("Frankfurt") == "Frankfurt"
    assert canonical_place("Paris") == "Paris"


def test_fold_name_ignores_case_accents_and_hyphens():
    assert fold_name("São  Paulo") == fold_name("sao paulo")
    assert fold_name("Baden-Baden") == "baden baden"


def test_table_is_read_once(monkeypatch):
    canonical_place("Wien")
    monkeypatch.setattr(places, "DATA_FILE", None)  # a second read would fail
    assert canonical_place("Wien") == "Vienna"
