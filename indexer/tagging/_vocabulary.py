"""The vocabulary: built-in gazetteer and word lists merged with the user's file."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ._text import tokenize_phrase

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
BUILTIN_FILES = ("places.txt", "orgs.txt", "people.txt")

#: Section name in a vocabulary file -> the kind of tag it holds.
SECTIONS = {
    "places": "place",
    "place": "place",
    "people": "person",
    "person": "person",
    "orgs": "org",
    "organisations": "org",
    "organizations": "org",
    "terms": "term",
    "stop": "stop",
}

#: Endings a trailing "*" adds to a German adjective stem.
GERMAN_ENDINGS = ("", "e", "en", "er", "es", "em")

_SECTION = re.compile(r"^\[\s*([A-Za-z]+)\s*\]$")
_LANG_SUFFIX = re.compile(r"@([a-z]{2})$")


@dataclass(frozen=True)
class Entry:
    """What a matched alias stands for."""

    kind: str  # place, person, org, term or adj (an adjective of a place)
    display: str
    lang: str | None = None  # the alias only counts in articles of this language
    cue: bool = False  # only right after a preposition ("in Halle"): the word has other senses


@dataclass
class Vocabulary:
    """Everything the tagger looks names up in; build it with load_vocabulary()."""

    names: dict[tuple[str, ...], tuple[Entry, ...]] = field(default_factory=dict)
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)  # first token -> lengths
    given_names: frozenset[str] = frozenset()
    stop: frozenset[str] = frozenset()  # casefolded surface or display forms never tagged
    stopwords: dict[str, frozenset[str]] = field(default_factory=dict)
    # cities of the archive's gazetteer that no vocabulary line names: matched last, and
    # a single word only where it cannot be a common word or part of another name
    gazetteer: dict[tuple[str, ...], str] = field(default_factory=dict)
    gazetteer_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    countries: frozenset[str] = frozenset()  # display forms of the places.txt countries

    def lookup(self, tokens: tuple[str, ...], lang: str | None, cued: bool = False) -> Entry | None:
        entry = self._lookup(tokens, lang, cued)
        if entry is None and lang == "de" and tokens and _is_genitive(tokens[-1]):
            # German genitive of a name: "Kanadas", "Baden-Württembergs", "Großbritanniens"
            entry = self._lookup((*tokens[:-1], tokens[-1][:-1]), lang, cued)
            if entry is not None and entry.kind not in ("place", "org", "person"):
                entry = None
        return entry

    def _lookup(self, tokens: tuple[str, ...], lang: str | None, cued: bool) -> Entry | None:
        for entry in self.names.get(tokens, ()):
            if entry.lang is not None and entry.lang != lang:
                continue
            if cued or not entry.cue:
                return entry
            if entry.lang == lang:
                return None  # "?Essen@de": in German only after a cue, whatever else says
        return None

    @cached_property
    def foreign_gazetteer(self) -> dict[tuple[str, ...], str]:
        """Places under their other names (Londres, Москве), for articles in languages other
        than English and German: built on first use, so other archives never pay for it."""
        not_places = self.stop | self.stopwords.get("homonyms", frozenset())
        return _foreign_gazetteer(self.names, self.gazetteer, not_places)

    @cached_property
    def foreign_gazetteer_lengths(self) -> dict[str, tuple[int, ...]]:
        return _lengths(self.foreign_gazetteer)

    def is_place(self, name: str) -> bool:
        """Whether ``name`` is a place of the vocabulary or of the cities' gazetteer."""
        tokens = tokenize_phrase(name)
        entry = self.lookup(tokens, None, cued=True)
        return (entry is not None and entry.kind == "place") or tokens in self.gazetteer

    def is_stopped(self, *forms: str) -> bool:
        return any(form.casefold() in self.stop for form in forms)


def _is_genitive(word: str) -> bool:
    """ "Kanadas": a capitalised word of five letters or more ending in -s (not -ss)."""
    return len(word) > 4 and word.endswith("s") and not word.endswith("ss") and word[:1].isupper()


@dataclass
class _Line:
    kind: str
    display: str
    aliases: list[tuple[str, str | None, str]]  # text, lang, marker ("", "~" or "?")
    arrow: bool = False  # an "alias -> Display" line: joins Display wherever it is


def parse_vocabulary(text: str, source: str = "<string>") -> tuple[list[_Line], set[str]]:
    """Read a vocabulary file: entries per section, and the stop list."""
    lines: list[_Line] = []
    stop: set[str] = set()
    kind = "term"
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        section = _SECTION.match(line)
        if section:
            name = section.group(1).lower()
            if name not in SECTIONS:
                log.warning("%s:%d: unknown section [%s], lines skipped", source, number, name)
            kind = SECTIONS.get(name, "skip")
            continue
        if kind == "skip":
            continue
        if kind == "stop":
            stop.update(part.strip().casefold() for part in line.split("|") if part.strip())
            continue
        if "->" in line:
            alias, _, display = (part.strip() for part in line.partition("->"))
            parts = [display, alias]
        else:
            parts = [part.strip() for part in line.split("|")]
        parts = [part for part in parts if part]
        if not parts or parts[0].startswith(("~", "?")):
            log.warning("%s:%d: no display form, line skipped", source, number)
            continue
        aliases = [_parse_alias(part) for part in parts]
        display = _LANG_SUFFIX.sub("", parts[0])
        lines.append(_Line(kind, display, aliases, arrow="->" in line))
    return lines, stop


def _parse_alias(part: str) -> tuple[str, str | None, str]:
    lang = None
    found = _LANG_SUFFIX.search(part)
    if found:
        lang = found.group(1)
        part = part[: found.start()]
    marker = part[0] if part[:1] in ("~", "?") else ""
    return part[len(marker) :].strip(), lang, marker


def _expand(alias: str) -> list[str]:
    """The surface forms of one alias: German adjective endings, capitalised variant."""
    forms = [alias[:-1] + ending for ending in GERMAN_ENDINGS] if alias.endswith("*") else [alias]
    for form in list(forms):
        if form[:1].islower():
            forms.append(form[:1].upper() + form[1:])
    return forms


def _read_words(path: Path) -> dict[str, frozenset[str]]:
    sections: dict[str, set[str]] = {"": set()}
    current = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        section = _SECTION.match(line)
        if section:
            current = section.group(1).lower()
            sections.setdefault(current, set())
            continue
        sections[current].update(word.casefold() for word in line.split())
    return {name: frozenset(words) for name, words in sections.items()}


def build_vocabulary(lines: list[_Line], stop: set[str]) -> Vocabulary:
    """Index entry lines (later lines win) into a Vocabulary with the built-in word lists."""
    renamed: dict[tuple[str, str], str] = {}  # (kind, old display) -> new display
    displays = {(line.kind, line.display) for line in lines}
    kinds = {line.display: line.kind for line in lines if not line.arrow}
    for line in lines:
        if line.arrow:
            line.kind = kinds.get(line.display, line.kind)
    mapping: dict[tuple[tuple[str, ...], str | None], Entry] = {}
    for line in lines:
        for text, lang, marker in line.aliases:
            if not marker and text != line.display and (line.kind, text) in displays:
                renamed[(line.kind, text)] = line.display
            kind = "adj" if marker == "~" else line.kind
            for form in _expand(text):
                key = tokenize_phrase(form)
                if key:
                    mapping[(key, lang)] = Entry(kind, line.display, lang, marker == "?")
    names: dict[tuple[str, ...], list[Entry]] = {}
    for (key, _lang), entry in mapping.items():
        target_kind = "place" if entry.kind == "adj" else entry.kind
        display = renamed.get((target_kind, entry.display), entry.display)
        if display != entry.display:
            entry = Entry(entry.kind, display, entry.lang, entry.cue)
        # language-specific aliases are tried first
        names.setdefault(key, []).insert(0 if entry.lang else len(names.get(key, [])), entry)
    lengths: dict[str, set[int]] = {}
    for key in names:
        lengths.setdefault(key[0], set()).add(len(key))
    words = _read_words(DATA_DIR / "stopwords.txt")
    given = (DATA_DIR / "names.txt").read_text(encoding="utf-8")
    given_names = frozenset(
        word for line in given.splitlines() if not line.startswith("#") for word in line.split()
    )
    gazetteer = _gazetteer(names, stop | words.get("homonyms", frozenset()))
    return Vocabulary(
        gazetteer=gazetteer,
        gazetteer_lengths=_lengths(gazetteer),
        countries=_countries(),
        names={key: tuple(entries) for key, entries in names.items()},
        lengths={first: tuple(sorted(sizes, reverse=True)) for first, sizes in lengths.items()},
        given_names=given_names,
        stop=frozenset(stop),
        stopwords=words,
    )


_INNER_PLACE_WORDS = frozenset({"de", "del", "la", "am", "an", "der"})


def _gazetteer(names: dict, stop: set[str] | frozenset[str]) -> dict[tuple[str, ...], str]:
    """Display forms of the archive's place table (GeoNames cities) not in the vocabulary."""
    from archive.places import place_names

    table: dict[tuple[str, ...], str] = {}
    for display in place_names():
        key = tokenize_phrase(display)
        if not key or key in names or display.casefold() in stop or len(display) < 4:
            continue
        if not all(word[:1].isupper() or word in _INNER_PLACE_WORDS for word in key):
            continue
        table.setdefault(key, display)
    return table


#: Russian case endings of a one-word name, by its ending: Германия -> Германии, Германию.
_RUSSIAN_CASES = (
    ("ия", ("ии", "ию", "ией")),
    ("я", ("и", "е", "ю", "ей")),
    ("а", ("ы", "е", "у", "ой")),
)
_RUSSIAN_CONSONANT_CASES = ("а", "е", "у", "ом")


def russian_forms(name: str) -> list[str]:
    """A one-word Russian name and its oblique cases (Франция, Франции, Францию, Францией)."""
    if " " in name or "-" in name or not name[-1:].isalpha():
        return [name]
    for ending, cases in _RUSSIAN_CASES:
        if name.endswith(ending):
            stem = name[: -len(ending)]
            if ending == "а" and stem[-1:] in "кгхжшчщ":
                cases = ("и", "е", "у", "ой")
            return [name, *(stem + case for case in cases)]
    if name[-1] in "бвгджзклмнпрстфхцчшщ":
        return [name, *(name + case for case in _RUSSIAN_CONSONANT_CASES)]
    return [name]


def _names_in_languages() -> list[_Line]:
    """The archive's names of countries and regions in one language each (CLDR: "Alemania"
    in Spanish articles), Russian ones with their cases."""
    from archive.places import names_in_languages

    lines = []
    for display, name, lang in names_in_languages():
        forms = russian_forms(name) if lang == "ru" else [name]
        lines.append(_Line("place", display, [(form, lang, "") for form in forms]))
    return lines


def _lengths(table) -> dict[str, tuple[int, ...]]:
    """First token -> the lengths of the keys that start with it, longest first."""
    lengths: dict[str, set[int]] = {}
    for key in table:
        lengths.setdefault(key[0], set()).add(len(key))
    return {first: tuple(sorted(sizes, reverse=True)) for first, sizes in lengths.items()}


def _foreign_gazetteer(names: dict, gazetteer: dict, stop) -> dict[tuple[str, ...], str]:
    """The gazetteer's cities under their other Latin and Cyrillic names (Russian ones with
    their cases), for articles in other languages than English and German."""
    from archive.places import city_aliases

    places = {e.display for entries in names.values() for e in entries if e.kind == "place"}
    places |= set(gazetteer.values())
    table: dict[tuple[str, ...], str] = {}
    for display, alias in city_aliases():
        if display not in places or len(alias) < 4 or alias.casefold() in stop:
            continue
        if not _latin_or_cyrillic(alias):
            continue
        forms = russian_forms(alias) if _CYRILLIC.search(alias) else [alias]
        for form in forms:
            key = (form,) if form.isalpha() else tokenize_phrase(form)
            if (
                key
                and key not in names
                and key not in gazetteer
                and all(word[:1].isupper() or word in _INNER_PLACE_WORDS for word in key)
            ):
                table.setdefault(key, display)
    return table


_OTHER_SCRIPTS = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0400-\u04FF]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def _latin_or_cyrillic(name: str) -> bool:
    return _OTHER_SCRIPTS.search(name) is None


def _countries() -> frozenset[str]:
    """Display forms listed under "Countries" in places.txt (national teams are places)."""
    countries, inside = set(), False
    for raw in (DATA_DIR / "places.txt").read_text(encoding="utf-8").splitlines():
        if raw.startswith("# ---"):
            inside = "Countries" in raw
        elif inside and raw.strip() and not raw.startswith("#"):
            countries.add(_LANG_SUFFIX.sub("", raw.split("|")[0].strip()))
    return frozenset(countries)


def load_vocabulary(user_file: Path | str | None = None) -> Vocabulary:
    """The built-in vocabulary, merged with the user's vocabulary file if one is given.

    The user's lines come last, so they win: an alias that the user maps elsewhere
    moves there, and a built-in display form that the user lists as an alias is
    renamed to the user's display form everywhere.
    """
    lines: list[_Line] = []
    stop: set[str] = set()
    for name in BUILTIN_FILES:
        path = DATA_DIR / name
        more, more_stop = parse_vocabulary(path.read_text(encoding="utf-8"), str(path))
        lines += more
        stop |= more_stop
    lines += _names_in_languages()
    if user_file is not None:
        path = Path(user_file)
        more, more_stop = parse_vocabulary(path.read_text(encoding="utf-8"), str(path))
        lines += more
        stop |= more_stop
    return build_vocabulary(lines, stop)
