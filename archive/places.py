"""One canonical display form per place, whatever language or spelling names it.

    canonical_place("München") == canonical_place("Muenchen") == "Munich"

Looked up case- and accent-insensitively in data/places.tsv (built by
data/build_places.py from the tagger's place list and GeoNames); unknown names
come back unchanged. The table is read once, on first use.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "places.tsv"
_GERMAN_VOWELS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


def fold_name(name: str) -> str:
    """Casefolded, accents removed, whitespace and hyphens collapsed: the lookup key."""
    name = " ".join(name.replace("-", " ").split()).casefold()
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _keys(name: str) -> set[str]:
    """A name's lookup keys: plain folding and German ä/ö/ü -> ae/oe/ue."""
    return {fold_name(name), fold_name(name.casefold().translate(_GERMAN_VOWELS))}


@cache
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        display, _, aliases = line.partition("\t")
        for name in [display, *aliases.split("|")]:
            for key in _keys(name) if name else ():
                table.setdefault(key, display)
    return table


def place_names() -> list[str]:
    """Every canonical display form in the table (curated places and GeoNames cities)."""
    names = []
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            names.append(line.partition("\t")[0])
    return names


def canonical_place(name: str) -> str:
    """The canonical display form of a place name; unknown names unchanged."""
    table = _table()
    for key in (fold_name(name), fold_name(name.casefold().translate(_GERMAN_VOWELS))):
        if key in table:
            return table[key]
    return name
