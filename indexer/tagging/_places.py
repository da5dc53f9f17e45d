"""Places found by cue words, German town and street endings, and compass regions."""

from __future__ import annotations

from . import _patterns as P
from ._document import Document, Mention


def places_by_cue(doc: Document, mentions: list[Mention]) -> None:
    tokens, texts = doc.tokens, doc.texts
    for i, token in enumerate(tokens):
        text = token.text
        if text in P.PLACE_CUES_BEFORE_OF and i + 1 < len(tokens) and texts[i + 1] == "of":
            _place_list(doc, i + 2, mentions)
        elif text in P.PLACE_CUES_AFTER and i > 0 and token.joined:
            j = i - 1  # "Tavush district"; "the Central District" names no place "Central"
            if texts[j] in P.COMPASS_WORDS:
                continue
            if doc.owner[j] is None and doc.is_name_word(j) and not tokens[j].sentence_start:
                _add_place(doc, j, j + 1, mentions)
        elif token.gap == "," and i > 0 and _is_us_state(doc, i):
            j = i - 1  # "Olympia, Washington"
            if doc.owner[j] is None and doc.is_name_word(j) and not tokens[j].sentence_start:
                _add_place(doc, j, j + 1, mentions)
        elif text in P.PLACE_CUES_BEFORE and i + 1 < len(tokens) and tokens[i + 1].joined:
            j = i + 1
            if doc.owner[j] is None and doc.is_name_word(j) and doc.lang == "de":
                _add_place(doc, j, j + 1, mentions)
        elif doc.lang == "de" and doc.owner[i] is None and _german_place_name(doc, i):
            _add_place(doc, i, i + 1, mentions)
        elif doc.lang == "de" and doc.owner[i] is None and (region := _compass_region(doc, i)):
            if doc.free(i, i + 1) and not doc.vocabulary.is_stopped(region):
                doc.add(Mention("place", region, i, i + 1), mentions)


def _compass_region(doc: Document, i: int) -> str | None:
    """ "Süditalien", "Ostdeutschland", "Nordeuropas": a compass word glued to a place the
    vocabulary knows is a region of it (shown without the genitive -s)."""
    text = doc.texts[i]
    if not text[:1].isupper() or "-" in text or not text.startswith(P.COMPASS_PREFIXES):
        return None
    for prefix in P.COMPASS_PREFIXES:
        rest = text[len(prefix) :]
        if not text.startswith(prefix) or len(rest) < 4 or not rest[:1].islower():
            continue
        rest = rest[:1].upper() + rest[1:]
        forms = [(rest[:-1], text[:-1])] if rest.endswith("s") else []
        for form, display in [*forms, (rest, text)]:
            entry = doc.vocabulary.lookup((form,), "de", cued=True)
            if entry is not None and entry.kind == "place":
                return display
    return None


def _german_place_name(doc: Document, i: int) -> bool:
    """ "in Wennekath", "aus Riedlingen", "Gubener Straße": a town's ending after a
    preposition of place, or a street."""
    token = doc.tokens[i]
    text = token.text
    if not token.capitalised or token.all_caps or len(text) < 5:
        return False
    lowered = text.lower()
    if lowered.endswith(P.STREET_SUFFIXES) and len(text) > 9:
        generic = lowered.replace("strasse", "straße") in P.GENERIC_STREETS
        return not generic and doc.is_name_word(i)  # "Knoopstraße", not "Landstraße"
    before = doc.texts[i - 1] if i > 0 else ""
    if before not in P.PLACE_PREPOSITIONS or not token.joined or token.gap:
        return False  # a town's name follows a preposition (TOWN_PREPOSITIONS are some)
    if not doc.is_name_word(i):
        return False
    if _foreign_town(doc, i):
        return before in P.TOWN_PREPOSITIONS
    return lowered.endswith(P.GERMAN_TOWN_SUFFIXES) and not lowered.endswith(P.NOUN_SUFFIXES)


def _foreign_town(doc: Document, i: int) -> bool:
    """ "aus Maribor", "nach Trento": a word no German noun ends like, one word alone."""
    lowered = doc.texts[i].lower()
    if lowered.endswith(P.FOREIGN_NOUN_ENDINGS) or not lowered.endswith(P.FOREIGN_TOWN_ENDINGS):
        return False
    after = doc.tokens[i + 1] if i + 1 < len(doc.tokens) else None
    return after is None or not (after.joined and not after.gap and after.capitalised)


def _is_us_state(doc: Document, i: int) -> bool:
    owner = doc.owner[i]
    return owner is not None and owner.start == i and owner.display in P.US_STATES


def _place_list(doc: Document, i: int, mentions: list[Mention]) -> None:
    """ "the cities of Jabrayil, Fuzuli, and Shusha": every name in the list."""
    tokens, texts = doc.tokens, doc.texts
    while i < len(tokens):
        if texts[i] in ("and", "und") and tokens[i].gap in ("", ","):
            i += 1
            continue
        if doc.owner[i] is not None:
            end = doc.owner[i].end
        elif doc.is_name_word(i):
            end = i + 1
            while end < len(tokens) and tokens[end].joined and doc.is_name_word(end):
                end += 1
            _add_place(doc, i, end, mentions)
        else:
            return
        if (
            end >= len(tokens)
            or tokens[end].gap not in (",", "")
            or (tokens[end].gap == "" and texts[end] not in ("and", "und"))
        ):
            return
        i = end


def _add_place(doc: Document, start: int, end: int, mentions: list[Mention]) -> None:
    display = " ".join(doc.texts[start:end])
    if doc.free(start, end) and not doc.vocabulary.is_stopped(display):
        doc.add(Mention("place", display, start, end), mentions)
