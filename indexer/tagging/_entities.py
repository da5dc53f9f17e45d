"""Finding places, people and organisations: gazetteer first, then patterns by kind."""

from __future__ import annotations

from . import _patterns as P
from ._document import ARABIC_SURNAME, Document, Mention, is_given_name, is_initials
from ._orgs import acronyms_in_text, acronyms_of_orgs, fold_orgs, org_in_run, orgs_by_prefix
from ._people import (
    drop_non_people,
    fold_people,
    inverted_names,
    lone_given_names,
    people_before_country,
    people_with_initials,
    person_in_run,
)
from ._places import places_by_cue
from ._teams import teams_by_place, teams_in_tables
from ._vocabulary import Entry


def find_mentions(doc: Document) -> list[Mention]:
    """All mentions of places, people and organisations, in no particular order."""
    mentions = _match_vocabulary(doc)
    teams_in_tables(doc, mentions)
    orgs_by_prefix(doc, mentions)
    teams_by_place(doc, mentions)
    people_with_initials(doc, mentions)
    people_before_country(doc, mentions)
    for run in _runs(doc):
        org_in_run(doc, run, mentions)
        person_in_run(doc, run, mentions)
    places_by_cue(doc, mentions)
    inverted_names(doc, mentions)
    lone_given_names(doc, mentions)
    acronyms_of_orgs(doc, mentions)
    acronyms_in_text(doc, mentions)
    fold_people(doc, mentions)
    drop_non_people(doc, mentions)
    fold_orgs(mentions)
    return mentions


def _match_vocabulary(doc: Document) -> list[Mention]:
    """Longest vocabulary match at each token, left to right."""
    vocabulary, texts, lang = doc.vocabulary, doc.texts, doc.lang
    cues = P.PLACE_PREPOSITIONS | P.FOREIGN_PLACE_PREPOSITIONS.get(lang, frozenset())
    foreign = lang in P.FOREIGN_PLACE_PREPOSITIONS
    mentions: list[Mention] = []
    i, n = 0, len(texts)
    while i < n:
        found = None
        cued = i > 0 and doc.tokens[i].joined and texts[i - 1] in cues
        for size in vocabulary.lengths.get(texts[i], ()):
            if i + size <= n and all(doc.tokens[j].joined for j in range(i + 1, i + size)):
                entry = vocabulary.lookup(tuple(texts[i : i + size]), lang, cued)
                if entry is not None and foreign and entry.lang and _before_a_name(doc, i + size):
                    break  # "Francia Márquez": a country's name as a given name
                if entry is not None:
                    found = (entry, size)
                    break
        if found is None and texts[i] in vocabulary.gazetteer_lengths:
            found = _match_gazetteer(doc, i, cued)
        if found is None and foreign and texts[i] in vocabulary.foreign_gazetteer_lengths:
            found = _match_gazetteer(doc, i, cued, foreign=True)
        if found is None and doc.tokens[i].all_caps:
            found = _match_capitals(doc, i, cued)  # LINKSPARTEI, datelines "NEW YORK"
        if found is None and lang is None and len(texts[i]) > 4 and texts[i].endswith("s"):
            entry = vocabulary.lookup((texts[i][:-1],), lang)  # German genitive: Deutschlands
            if entry is not None and entry.kind in ("place", "org", "person"):
                found = (entry, 1)
        if found is None and lang == "de" and texts[i][-1:] == "s":
            entry = vocabulary.lookup((texts[i],), lang, cued)  # the genitive: Deutschlands
            if entry is not None:
                found = (entry, 1)
        if found is None:
            i += 1
            continue
        entry, size = found
        if size == 1 and not cued and doc.plain_word_at_start(i) and not _used_amid(doc, i):
            i += 1
            continue
        if size == 1 and not cued and entry.kind == "place" and _a_plain_word(doc, i):
            i += 1
            continue
        if _unit_or_surname(doc, i, size, entry):
            i += size
            continue
        surface = " ".join(texts[i : i + size])
        if not vocabulary.is_stopped(surface, entry.display):
            doc.add(Mention(entry.kind, entry.display, i, i + size), mentions)
        i += size
    return mentions


def _unit_or_surname(doc: Document, i: int, size: int, entry: Entry) -> bool:
    """A vocabulary name that is part of something else here: a unit after a number ("26
    Tesla", "306 HP"), a surname after a given name ("Vicky Ford"), a given name before a
    surname ("Virginia Crosbie"), a street ("Main Street", "Washington St") or, but in
    German (whose nouns are capitalised), the last word of a longer name ("Rathcormac Inn")."""
    token = doc.tokens[i]
    after_word = i > 0 and token.joined and not token.gap
    if entry.kind == "org" and after_word and doc.tokens[i - 1].numeric:
        return True
    if size != 1 or entry.kind not in ("org", "place"):
        return False
    nxt = doc.tokens[i + 1] if i + 1 < len(doc.tokens) else None
    glued = nxt is not None and nxt.joined and not nxt.gap
    if entry.kind == "place" and glued and nxt.text in P.STREET_WORDS:
        return True
    if entry.kind == "place" and glued and nxt.capitalised and not nxt.all_caps:
        if is_given_name(doc, i) and doc.owner[i + 1] is None:
            return True
    if entry.kind == "place" and doc.lang != "de" and after_word and _inside_a_name(doc, i - 1):
        return True  # "Rathcormac Inn": the last word of a longer name
    return (
        after_word
        and doc.owner[i - 1] is None
        and not doc.tokens[i - 1].all_caps
        and is_given_name(doc, i - 1)
    )


def _inside_a_name(doc: Document, j: int) -> bool:
    """Token j is a capitalised word amid a sentence that no finder knows and the article
    never writes in lower case: the first part of a longer name."""
    token = doc.tokens[j]
    return (
        token.capitalised
        and not token.all_caps
        and not token.sentence_start
        and not token.line_start
        and doc.owner[j] is None
        and not doc.is_common(j)
        and token.text not in P.COMPASS_WORDS
        and (token.text,) not in doc.vocabulary.names
    )


def _a_plain_word(doc: Document, i: int) -> bool:
    """German: a one-word place the article also writes in lower case ("oder") or after a
    demonstrative ("diese Konstanz"): a plain word, unless cued ("an der Oder")."""
    if doc.lang != "de":
        return False
    if doc.texts[i].casefold() in doc.lower_words:
        return True
    return i > 0 and doc.texts[i - 1].lower() in P.DEMONSTRATIVES


def _used_amid(doc: Document, i: int) -> bool:
    """The word at i is also written, capitalised, amid a sentence of the article."""
    text = doc.texts[i]
    return any(
        doc.texts[j] == text and not doc.tokens[j].sentence_start for j in range(len(doc.texts))
    )


def _match_gazetteer(
    doc: Document, i: int, cued: bool, foreign: bool = False
) -> tuple[Entry, int] | None:
    """A city of the archive's gazetteer: several words, or one word that is no common
    word, not part of a longer name and (but in English) cued. ``foreign``: under its
    other names, in an article of another language."""
    tokens, texts, vocabulary = doc.tokens, doc.texts, doc.vocabulary
    table = vocabulary.foreign_gazetteer if foreign else vocabulary.gazetteer
    lengths = vocabulary.foreign_gazetteer_lengths if foreign else vocabulary.gazetteer_lengths
    n = len(tokens)
    for size in lengths[texts[i]]:
        end = i + size
        if end > n or not all(tokens[j].joined and not tokens[j].gap for j in range(i + 1, end)):
            continue
        display = table.get(tuple(texts[i:end]))
        if display is None:
            continue
        if end < n and tokens[end].joined and not tokens[end].gap and tokens[end].capitalised:
            continue  # "Hamilton Academical", "Santos Laguna"
        if foreign and _inner_word_then_name(doc, end):
            continue  # "Castel di Sangro", "Santa Cruz de la Sierra": a longer name
        if i > 0 and tokens[i].joined and tokens[i].gap == "." and is_initials(texts[i - 1]):
            continue  # "G. Hamilton"
        if i > 0 and tokens[i].joined and not tokens[i].gap and texts[i - 1][:1].isupper():
            if not doc.tokens[i - 1].sentence_start or is_given_name(doc, i - 1):
                continue  # "Michael Jackson"
        if size == 1:
            if doc.is_common(i) or is_given_name(doc, i) or tokens[i].all_caps:
                continue
            if (doc.lang != "en" or tokens[i].sentence_start) and not cued:
                continue
        return Entry("place", display), size
    return None


def _before_a_name(doc: Document, i: int) -> bool:
    """Token i is a capitalised word glued to the name before it (no punctuation between)."""
    return (
        i < len(doc.tokens)
        and doc.tokens[i].joined
        and not doc.tokens[i].gap
        and (doc.tokens[i].capitalised and not doc.is_common(i))
    )


def _inner_word_then_name(doc: Document, i: int) -> bool:
    """Token i is a lower-case word inside place names ("di", "de la") before a capital."""
    tokens = doc.tokens
    j = i
    while j < len(tokens) and j < i + 2 and tokens[j].text in P.INNER_PLACE_WORDS:
        j += 1
    return i < j < len(tokens) and tokens[j].capitalised and not tokens[j].gap


def _match_capitals(doc: Document, i: int, cued: bool) -> tuple[Entry, int] | None:
    """The longest vocabulary name written in capitals from token i, title-cased."""
    texts = doc.texts
    for size in doc.vocabulary.lengths.get(texts[i].capitalize(), ()):
        span = range(i, i + size)
        if i + size > len(texts) or (size == 1 and len(texts[i]) < 4):
            continue
        if all(doc.tokens[j].all_caps for j in span) and all(
            doc.tokens[j].joined for j in span[1:]
        ):
            key = tuple(texts[j].capitalize() for j in span)
            entry = doc.vocabulary.lookup(key, doc.lang, cued)
            if entry is not None:
                return entry, size
    return None


def _runs(doc: Document) -> list[list[int]]:
    """Stretches of capitalised words (with inner "of", "für"...) that could be one name."""
    runs: list[list[int]] = []
    current: list[int] = []
    has_of = False
    for i, token in enumerate(doc.tokens):
        owner = doc.owner[i]
        name_like = (
            (token.capitalised and not token.numeric)
            or (owner is not None and owner.kind != "term")
            or bool(current and ARABIC_SURNAME.match(token.text))
        )
        inner = token.text in P.OF_WORDS or (has_of and token.text in P.INNER_WORDS)
        inner = inner or token.text in P.NAME_PARTICLES
        if current and token.joined and (name_like or inner):
            current.append(i)
            has_of = has_of or token.text in P.OF_WORDS
        else:
            if current:
                runs.append(current)
            current, has_of = ([i], False) if name_like else ([], False)
        if token.possessive and current:
            runs.append(current)
            current, has_of = [], False
    if current:
        runs.append(current)
    return [trimmed for run in runs if (trimmed := _trim(doc, run))]


def _trim(doc: Document, run: list[int]) -> list[int]:
    """Drop leading noise (sentence-initial common words, "The") and trailing joiners."""
    start, end = 0, len(run)
    while start < end:
        i = run[start]
        token = doc.tokens[i]
        if doc.owner[i] is not None:
            break
        folded = token.text.casefold()
        noise = folded in doc.stopwords or folded in doc.calendar or not token.capitalised
        if token.sentence_start and not noise and start + 1 < end:
            noise = doc.is_common(i) or (doc.lang != "de" and folded.endswith(("ing", "ed", "ly")))
        if not noise:
            break
        start += 1
    while (
        end > start
        and not doc.tokens[run[end - 1]].capitalised
        and doc.owner[run[end - 1]] is None
        and not ARABIC_SURNAME.match(doc.texts[run[end - 1]])
    ):
        end -= 1
    return run[start:end]
