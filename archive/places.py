"""One canonical display form per place, whatever language or spelling names it.

    canonical_place("München") == canonical_place("Muenchen") == "Munich"

Looked up case- and accent-insensitively in data/places.tsv (built by
data/build_places.py from the tagger's place list, CLDR country names and GeoNames
cities with their alternate names in any script: Київ, Kiew and Kiev are Kyiv);
unknown names come back unchanged. The table is read once, on first use. An alias
marked ``@lang`` is a name in that language (``Alemania@es``): it canonicalises
everywhere, and the tagger looks it up in articles of that language only.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "places.tsv"
_GERMAN_VOWELS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_UMLAUTS = frozenset("äöüÄÖÜ")


def fold_name(name: str) -> str:
    """Casefolded, accents removed, whitespace and hyphens collapsed: the lookup key."""
    name = " ".join(name.replace("-", " ").split()).casefold()
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _keys(name: str) -> list[str]:
    """A name's lookup keys: plain folding, and German ä/ö/ü -> ae/oe/ue if it has them."""
    keys = [fold_name(name)]
    if not _UMLAUTS.isdisjoint(name):
        keys.append(fold_name(name.casefold().translate(_GERMAN_VOWELS)))
    return keys


@cache
def _rows() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(display, aliases) of every line of the table, aliases with their @lang marks."""
    rows = []
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            display, _, aliases = line.partition("\t")
            rows.append((display, tuple(alias for alias in aliases.split("|") if alias)))
    return tuple(rows)


@cache
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for display, aliases in _rows():
        for name in (display, *aliases):
            for key in _keys(name.partition("@")[0]):
                table.setdefault(key, display)
    return table


def place_names() -> list[str]:
    """Every canonical display form in the table (curated places and GeoNames cities)."""
    return [display for display, _ in _rows()]


def city_aliases() -> list[tuple[str, str]]:
    """(display, alias) of every alias that is not marked with a language."""
    return [(d, alias) for d, aliases in _rows() for alias in aliases if "@" not in alias]


def names_in_languages() -> list[tuple[str, str, str]]:
    """(display, name, lang) of every alias marked as a name in one language."""
    found = []
    for display, aliases in _rows():
        for alias in aliases:
            name, _, lang = alias.partition("@")
            if lang:
                found.append((display, name, lang))
    return found


def canonical_place(name: str) -> str:
    """The canonical display form of a place name; unknown names unchanged."""
    table = _table()
    for key in (fold_name(name), fold_name(name.casefold().translate(_GERMAN_VOWELS))):
        if key in table:
            return table[key]
    return name
