"""Finding places, people and organisations: gazetteer first, then patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import _patterns as P
from ._text import Token
from ._vocabulary import Entry, Vocabulary


@dataclass(slots=True)
class Mention:
    kind: str  # place, person, org, term, or adj (an adjective of a place)
    display: str
    start: int  # token index
    end: int  # exclusive


class Document:
    """The tokens of one article and the word facts the patterns ask about."""

    def __init__(self, tokens: list[Token], lang: str | None, vocabulary: Vocabulary):
        self.tokens = tokens
        self.texts = [token.text for token in tokens]
        self.lang = lang
        self.vocabulary = vocabulary
        words = vocabulary.stopwords
        if lang in ("en", "de"):
            self.stopwords = words.get(lang, frozenset())
        else:
            self.stopwords = words.get("en", frozenset()) | words.get("de", frozenset())
        self.calendar = words.get("calendar", frozenset())
        self.generic = words.get("generic", frozenset())
        self.lower_words = {text for text in self.texts if text[:1].islower()}
        self.owner: list[Mention | None] = [None] * len(tokens)
        self.content_words: dict[str, bool] = {}  # text -> could be a key term (memo)

    def is_common(self, i: int) -> bool:
        """A stop word, calendar word or a word the article also writes in lower case."""
        folded = self.texts[i].casefold()
        return (
            folded in self.stopwords
            or folded in self.calendar
            or folded in self.vocabulary.stop
            or (self.lang != "de" and folded in self.lower_words)
        )

    def is_name_word(self, i: int) -> bool:
        """Could be part of a name nobody listed: capitalised, not a common word."""
        token = self.tokens[i]
        if not token.capitalised or token.numeric or len(token.text) < 2:
            return False
        if token.all_caps or _is_contraction(token.text):
            return False
        folded = token.text.casefold()
        return not (
            self.is_common(i)
            or folded in self.generic
            or token.text in P.TITLES
            or token.text in P.ORG_HEADS
            or _is_title(token.text)
        )

    def add(self, mention: Mention, mentions: list[Mention]) -> None:
        for i in range(mention.start, mention.end):
            old = self.owner[i]
            if old is not None and old in mentions and old is not mention:
                mentions.remove(old)
                for j in range(old.start, old.end):
                    self.owner[j] = None
            self.owner[i] = mention
        mentions.append(mention)

    def free(self, start: int, end: int) -> bool:
        return all(owner is None for owner in self.owner[start:end])


def _is_contraction(word: str) -> bool:
    """ "I'd", "We're": an apostrophe followed by lower case only."""
    for mark in ("'", "’"):
        if mark in word:
            return word.rsplit(mark, 1)[1].islower()
    return False


def _is_title(word: str) -> bool:
    lowered = word.lower()
    if word in P.TITLES or (len(word) > 8 and lowered.endswith(P.TITLE_SUFFIXES)):
        return True
    parts = word.split("-")  # "Lieutenant-Colonel", "Vice-Admiral"
    return (
        len(parts) > 1
        and all(part in P.TITLES or part in P.TITLE_MODIFIERS for part in parts)
        and parts[-1] in P.TITLES
    )


def find_mentions(doc: Document) -> list[Mention]:
    """All mentions of places, people and organisations, in no particular order."""
    mentions = _match_vocabulary(doc)
    _teams_in_tables(doc, mentions)
    _orgs_by_prefix(doc, mentions)
    _teams_by_place(doc, mentions)
    _people_with_initials(doc, mentions)
    _people_before_country(doc, mentions)
    for run in _runs(doc):
        _org_in_run(doc, run, mentions)
        _person_in_run(doc, run, mentions)
    _places_by_cue(doc, mentions)
    _lone_given_names(doc, mentions)
    _acronyms_of_orgs(doc, mentions)
    _acronyms_in_text(doc, mentions)
    _fold_people(doc, mentions)
    _fold_orgs(mentions)
    return mentions


def _match_vocabulary(doc: Document) -> list[Mention]:
    """Longest vocabulary match at each token, left to right."""
    vocabulary, texts, lang = doc.vocabulary, doc.texts, doc.lang
    mentions: list[Mention] = []
    i, n = 0, len(texts)
    while i < n:
        found = None
        cued = i > 0 and texts[i - 1] in P.PLACE_PREPOSITIONS and doc.tokens[i].joined
        for size in vocabulary.lengths.get(texts[i], ()):
            if i + size <= n and all(doc.tokens[j].joined for j in range(i + 1, i + size)):
                entry = vocabulary.lookup(tuple(texts[i : i + size]), lang, cued)
                if entry is not None:
                    found = (entry, size)
                    break
        if found is None and texts[i] in vocabulary.gazetteer_lengths:
            found = _match_gazetteer(doc, i, cued)
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
        surface = " ".join(texts[i : i + size])
        if not vocabulary.is_stopped(surface, entry.display):
            doc.add(Mention(entry.kind, entry.display, i, i + size), mentions)
        i += size
    return mentions


MIN_STANDINGS_NUMBERS = 3  # "Stoke 4 3 1 0 7 4 10": a team in a standings table
MAX_TEAM_WORDS = 5


def _teams_in_tables(doc: Document, mentions: list[Mention]) -> None:
    """Teams in sports results and standings: each on its own line, followed by numbers.

    "Stoke 4 3 1 0 7 4 10", "Pohang 3 Ulsan 2 (halftime 1-0)", "Birmingham v Barnsley":
    a city named there is a club (an organisation), not a place."""
    for line in _lines(doc):
        for start, end in _table_teams(doc, line):
            owner = doc.owner[start]
            if owner is not None and (owner.start, owner.end) == (start, end):
                if owner.display in doc.vocabulary.countries:
                    continue  # a national team: "Israel 2 Bulgaria 0" names the countries
            display = _team_display(doc, start, end)
            if display and not doc.vocabulary.is_stopped(display):
                doc.add(Mention("org", display, start, end), mentions)


def _lines(doc: Document) -> list[range]:
    starts = [i for i, token in enumerate(doc.tokens) if token.line_start]
    ends = [*starts[1:], len(doc.tokens)] if starts else []
    return [range(a, b) for a, b in zip(starts, ends, strict=True)]


def _table_teams(doc: Document, line: range) -> list[tuple[int, int]]:
    tokens, texts = doc.tokens, doc.texts
    first = _team_name(doc, line.start, line.stop)
    if first is not None and _is_score(doc, first, line.stop):
        numbers = first
        while numbers < line.stop and _is_score(doc, numbers, line.stop, follows=numbers > first):
            numbers += 1
        if numbers == line.stop and numbers - first >= MIN_STANDINGS_NUMBERS:
            return [(line.start, first)]  # a standings row
        second = _team_name(doc, first + 1, line.stop)
        if second is not None and _is_score(doc, second, line.stop):
            return [(line.start, first), (first + 1, second)]  # a result: "A 3 B 2"
    for i in line:  # fixtures: "A v B", "May 15 v B"
        if texts[i] in ("v", "vs") and i + 1 < line.stop:
            after = _team_name(doc, i + 1, line.stop)
            if after is None or (after < line.stop and tokens[after].gap not in ("(", ",")):
                continue
            teams = [(i + 1, after)]
            k = i - 1
            while k > line.start and tokens[k].joined and _is_name_start(doc, k - 1):
                k -= 1
            if i > line.start and _is_name_start(doc, k) and _team_name(doc, k, i) == i:
                teams.insert(0, (k, i))
            return teams
    return []


def _is_name_start(doc: Document, i: int) -> bool:
    token = doc.tokens[i]
    return token.capitalised and not token.numeric


def _is_score(doc: Document, i: int, stop: int, follows: bool = False) -> bool:
    """A whole number of at most three digits right after a name (or a number): no
    decimals, years or dashes, which are prices, dates and bowling figures."""
    if i >= stop:
        return False
    token = doc.tokens[i]
    gaps = ("", ".", "-", "/", "(", ")") if follows else ("",)
    return token.text.isdigit() and len(token.text) <= 3 and token.gap in gaps


def _team_name(doc: Document, start: int, stop: int) -> int | None:
    """The end of a team's name of one to five capitalised words from start, or None."""
    tokens, texts = doc.tokens, doc.texts
    end = start
    while end < stop and end - start < MAX_TEAM_WORDS + 1:
        token = tokens[end]
        if end > start and not token.joined:
            break
        if token.numeric or not (token.capitalised or token.text in P.OF_WORDS):
            break
        owner = doc.owner[end]
        if owner is not None and (owner.kind == "person" or owner.start < start):
            return None
        end += 1
        if token.possessive:
            break
    if end == start or end - start > MAX_TEAM_WORDS or texts[end - 1] in P.OF_WORDS:
        return None
    if end - start >= 2 and _is_given_name(doc, start) and not tokens[start].all_caps:
        return None  # "Greg Norman 70 68 72": a golfer
    folded = [texts[i].casefold() for i in range(start, end)]
    if all(word in doc.calendar or word in doc.stopwords for word in folded):
        return None
    if end < stop and doc.owner[end - 1] is not None and doc.owner[end - 1].end > end:
        return None
    return end


def _team_display(doc: Document, start: int, end: int) -> str:
    words = doc.texts[start:end]
    if all(doc.tokens[i].all_caps or len(doc.texts[i]) < 2 for i in range(start, end)):
        words = [word.capitalize() for word in words]  # "ST LOUIS" -> "St Louis"
    return " ".join(words)


def _is_initials(text: str) -> bool:
    """ "M" or "J.R": one or more single capital letters (the dots are gaps or inside)."""
    if len(text) > 1 and text[1] != ".":
        return False  # "Mr", "Smith": no need to split
    parts = text.split(".")
    return all(len(part) == 1 and part.isupper() for part in parts)


def _people_with_initials(doc: Document, mentions: list[Mention]) -> None:
    """ "M. Waugh", "J.R. Ewing": initials, a dot and a surname are a person."""
    tokens, texts = doc.tokens, doc.texts
    for i in range(len(tokens) - 1):
        token, nxt = tokens[i], tokens[i + 1]
        if not (_is_initials(token.text) and nxt.gap == "." and nxt.joined):
            continue
        if token.text == "I" and doc.lang != "de" and len(texts[i + 1]) < 3:
            continue
        if doc.owner[i] is not None or doc.owner[i + 1] is not None:
            continue
        if not (doc.is_name_word(i + 1) or _surname_like(doc, i + 1)):
            continue
        end = i + 2
        if end < len(tokens) and tokens[end].joined and _surname_like(doc, end):
            if not tokens[end].gap and doc.owner[end] is None:
                end += 1  # "J. Smith Jones"
        start = i
        if i > 0 and token.joined and doc.owner[i - 1] is None and _is_given_name(doc, i - 1):
            start = i - 1  # "George W. Bush"
        display = _name_display(doc, list(range(start, end)))
        if not doc.vocabulary.is_stopped(display, texts[i + 1]):
            doc.add(Mention("person", display, start, end), mentions)


def _surname_like(doc: Document, i: int) -> bool:
    token = doc.tokens[i]
    return (
        token.capitalised
        and not token.all_caps
        and not token.numeric
        and len(token.text) > 1
        and token.text.casefold() not in doc.stopwords
        and token.text.casefold() not in doc.calendar
        and token.text not in P.ORG_HEADS
        and not _is_title(token.text)
    )


MAX_COUNTRY_WORDS = 4


def _people_before_country(doc: Document, mentions: list[Mention]) -> None:
    """ "Monica Seles (U.S.) beat ...": two or three name words before a country in
    brackets are a competitor in a results list; "Schäuble (CDU)": one to three name
    words before a party in brackets are a politician."""
    tokens, texts = doc.tokens, doc.texts
    n = len(tokens)
    for i in range(1, n):
        if tokens[i].gap != "(":
            continue
        owner = doc.owner[i]
        party = owner is not None and owner.kind == "org" and owner.display in P.PARTIES
        if owner is None or owner.start != i or not (owner.kind == "place" or party):
            continue
        if owner.end < n and not tokens[owner.end].gap.startswith(")"):
            if owner.end - i > MAX_COUNTRY_WORDS:
                continue
        start = i
        while (
            start > 0
            and i - start < 3
            and (start == i or tokens[start].joined)
            and doc.owner[start - 1] is None
            and _surname_like(doc, start - 1)
            and texts[start - 1] not in P.LEGAL_FORMS
        ):
            start -= 1
            if tokens[start].line_start or tokens[start].gap:
                break
        if i - start < (1 if party else 2) or not _is_name_start(doc, start):
            continue
        if doc.lang != "de" and any(doc.is_common(j) for j in range(start, i)):
            continue
        display = " ".join(texts[start:i])
        if not doc.vocabulary.is_stopped(display):
            doc.add(Mention("person", display, start, i), mentions)


def _match_gazetteer(doc: Document, i: int, cued: bool) -> tuple[Entry, int] | None:
    """A city of the archive's gazetteer: several words, or one word that is no common
    word, not part of a longer name and (in German, where nouns are capitalised) cued."""
    tokens, texts = doc.tokens, doc.texts
    n = len(tokens)
    for size in doc.vocabulary.gazetteer_lengths[texts[i]]:
        end = i + size
        if end > n or not all(tokens[j].joined and not tokens[j].gap for j in range(i + 1, end)):
            continue
        display = doc.vocabulary.gazetteer.get(tuple(texts[i:end]))
        if display is None:
            continue
        if end < n and tokens[end].joined and not tokens[end].gap and tokens[end].capitalised:
            continue  # "Hamilton Academical", "Santos Laguna"
        if i > 0 and tokens[i].joined and tokens[i].gap == "." and _is_initials(texts[i - 1]):
            continue  # "G. Hamilton"
        if i > 0 and tokens[i].joined and not tokens[i].gap and texts[i - 1][:1].isupper():
            if not doc.tokens[i - 1].sentence_start or _is_given_name(doc, i - 1):
                continue  # "Michael Jackson"
        if size == 1:
            if doc.is_common(i) or _is_given_name(doc, i) or tokens[i].all_caps:
                continue
            if (doc.lang != "en" or tokens[i].sentence_start) and not cued:
                continue
        return Entry("place", display), size
    return None


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
            or bool(current and _ARABIC_SURNAME.match(token.text))
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
        and not _ARABIC_SURNAME.match(doc.texts[run[end - 1]])
    ):
        end -= 1
    return run[start:end]


def _is_org_head(doc: Document, i: int) -> bool:
    text = doc.texts[i]
    if text in P.ORG_HEADS or text in P.LEGAL_FORMS or _is_org_compound(text):
        return True
    return len(text) > 9 and text[:1].isupper() and text.lower().endswith(P.ORG_HEAD_SUFFIXES)


def _is_place_word(doc: Document, i: int) -> bool:
    owner = doc.owner[i]
    return (
        owner is not None
        and owner.kind == "place"
        and owner.start == i
        and owner.end == i + 1
        and doc.tokens[i].joined
        and not doc.tokens[i].gap
    )


def _orgs_by_prefix(doc: Document, mentions: list[Mention]) -> None:
    """Clubs and schools named by a prefix and their town or name: "VfL Osnabrück",
    "1. FC Köln", "TU Berlin", "Universität Leipzig" (the town is part of the name)."""
    tokens, texts = doc.tokens, doc.texts
    n = len(tokens)
    for i, token in enumerate(tokens):
        text = token.text
        before_place = text in P.ORG_HEADS_BEFORE_PLACE or text in P.CLUB_WORDS_BEFORE_PLACE
        if not (text in P.CLUB_PREFIXES or before_place) or doc.owner[i] is not None:
            continue
        if before_place and not (i + 1 < n and _is_place_word(doc, i + 1)):
            continue
        end = i + 1
        while end < n and end - i <= 3 and tokens[end].joined and not tokens[end].gap:
            owner = doc.owner[end]
            if owner is not None and (owner.kind not in ("place", "adj") or owner.start < i):
                break
            if owner is None and (before_place or not _surname_like(doc, end)):
                break
            end = owner.end if owner is not None else end + 1
            if owner is not None:
                break  # the town ends the name: "TU Berlin", "FC Carl Zeiss Jena"
        if end == i + 1:
            continue
        start = i
        if i > 0 and texts[i - 1].isdigit() and len(texts[i - 1]) == 1 and token.gap == ".":
            start = i - 1  # "1. FC Nürnberg"
        while (
            text in P.ORG_HEADS_BEFORE_PLACE
            and start > 0
            and tokens[start].joined
            and not tokens[start].gap
            and tokens[start - 1].capitalised
            and doc.owner[start - 1] is None
            and not tokens[start - 1].sentence_start
            and _describes(doc, start - 1)
        ):
            start -= 1  # "Medizinische Hochschule Hannover"
        words = [texts[start] + "."] if start == i - 1 and texts[start].isdigit() else []
        display = " ".join([*words, *texts[start + len(words) : end]])
        if doc.free(end, end) and not doc.vocabulary.is_stopped(display):
            doc.add(Mention("org", display, start, end), mentions)


def _teams_by_place(doc: Document, mentions: list[Mention]) -> None:
    """ "Norwich City", "Boston Red Sox", "Kansas City Royals": a town followed by a team
    word or by capitalised plural nicknames is a club, not the town."""
    tokens, texts = doc.tokens, doc.texts
    n = len(tokens)
    for mention in list(mentions):
        if mention.kind != "place" or doc.owner[mention.start] is not mention:
            continue
        if mention.display in doc.vocabulary.countries or mention.display in P.US_STATES:
            continue  # "Chad Curtis", "Kansas City": no club
        if _is_given_name(doc, mention.start) or mention.display in P.OCEANS:
            continue
        end = mention.end
        if end >= n or not tokens[end].joined or tokens[end].gap:
            continue
        if texts[end] in P.TEAM_WORDS and doc.owner[end] is None:
            stop = end + 1
        else:
            stop = end
            while (
                stop < n
                and stop - end < 2
                and (stop == end or (tokens[stop].joined and not tokens[stop].gap))
                and doc.owner[stop] is None
                and _surname_like(doc, stop)
                and not doc.is_common(stop)
                and (doc.lang != "de" or stop > end)
            ):
                stop += 1
            if stop == end or not texts[stop - 1].endswith("s") or texts[stop - 1].endswith("ss"):
                continue
            if doc.lang == "de" or (stop < n and tokens[stop].joined and tokens[stop].capitalised):
                continue
        display = " ".join(texts[mention.start : stop])
        if not doc.vocabulary.is_stopped(display):
            doc.add(Mention("org", display, mention.start, stop), mentions)


def _is_federal(text: str) -> bool:
    """ "Bundesjustizministerium", "Umweltbundesamt": a German federal or state body."""
    lowered = text.lower()
    return _is_org_compound(text) and any(part in lowered for part in ("bundes", "landes"))


def _is_org_compound(text: str) -> bool:
    lowered = text.lower()
    return len(text) > 12 and lowered.endswith(P.ORG_SUFFIXES) and text[:1].isupper()


def _describes(doc: Document, i: int) -> bool:
    """A word that can stand before an organisation's head: an adjective or a place."""
    owner = doc.owner[i]
    if owner is not None:
        return owner.kind in ("adj", "place")
    text = doc.texts[i]
    if doc.lang == "de":
        return text.endswith(("e", "en", "er", "es", "sche", "schen")) and not doc.is_common(i)
    folded = text.casefold()
    return (
        text[:1].isupper()
        and not doc.tokens[i].sentence_start
        and folded not in doc.stopwords
        and folded not in doc.calendar
    )


def _org_in_run(doc: Document, run: list[int], mentions: list[Mention]) -> None:
    texts = doc.texts
    heads = [k for k, i in enumerate(run) if _is_org_head(doc, i) and doc.owner[i] is None]
    if not heads:
        return
    last = heads[-1]
    first = heads[0]
    if first + 1 < len(run) and texts[run[first + 1]] in P.OF_WORDS:
        start_k, end_k = first, len(run)  # "Ministry of Foreign Affairs", "X Bundesamt für Y"
        while start_k > 0 and _describes(doc, run[start_k - 1]):
            start_k -= 1  # "Deutschen Vereins für ...", "Federal Ministry of ..."
        head = texts[run[first]]
        if doc.lang == "de" and start_k == first and texts[run[first + 1]] in ("der", "des"):
            if not (_is_federal(head) or head.lower().startswith(("bundes", "landes"))):
                return  # "Organisation der Spiele", "Bank der Spötter": a noun and its genitive
    else:
        start_k, end_k = 0, last + 1
        for k in range(last - 1, -1, -1):  # "Troops of the Armenian Armed Forces"
            if texts[run[k]] in P.OF_WORDS:
                start_k = k + 1
                break
        seat = run[end_k] if end_k < len(run) else None
        named = seat is not None and (texts[seat],) in doc.vocabulary.names  # not a genitive
        if named and _is_place_word(doc, seat):
            end_k += 1  # "Medizinische Hochschule Hannover" (but "Gerichtshof Kanadas")
    span = run[start_k:end_k]
    while span and texts[span[-1]] in P.OF_WORDS | P.INNER_WORDS:
        span.pop()
    while (
        len(span) > 1
        and doc.owner[span[0]] is None
        and not _is_org_head(doc, span[0])
        and (
            _is_title(texts[span[0]])
            or texts[span[0]] in P.OF_WORDS | P.INNER_WORDS
            or texts[span[0]].casefold() in doc.generic
            or (texts[span[0]].casefold() in doc.stopwords)
        )
    ):
        span.pop(0)  # "Präsidentin des Deutschen Caritasverbandes"
    while len(span) > 1 and doc.lang == "de" and texts[span[0]][:1].islower():
        span.pop(0)  # "das russische Verteidigungsministerium": a description, not a name
    if doc.lang == "de" and len(span) == 1 and not _is_federal(texts[span[0]]):
        return  # "Gesundheitsministerium", "Institut": any country's, any town's
    if doc.lang == "de" and _is_org_compound(texts[span[0]]) and not _is_federal(texts[span[0]]):
        if not any(doc.owner[i] is not None and doc.owner[i].kind == "place" for i in span):
            return  # "Gesundheitsministerium des Landes" (but "... des Landes Brandenburg")
    own = [i for i in span if doc.owner[i] is None]
    descriptive = [
        i
        for i in span
        if doc.owner[i] is not None
        or not (_is_org_head(doc, i) or texts[i] in P.OF_WORDS | P.INNER_WORDS or doc.is_common(i))
    ]
    if not own:
        return
    single = len(span) == 1 and _is_org_compound(texts[span[0]])
    if not descriptive and not single:
        return  # "Ministry" alone, "The Government"
    if any(doc.owner[i] is not None and doc.owner[i].kind == "person" for i in span):
        return
    legal = texts[span[-1]] in P.LEGAL_FORMS
    if legal and len(span) == 2 and doc.owner[span[0]] is not None:
        return  # "Siemens AG": the vocabulary already knows Siemens
    if _adjective_and_generic_head(doc, span):
        return
    cut = [k for k, i in enumerate(span[:-1]) if _is_company_noun(texts[i])]
    if doc.lang == "de" and cut and not _is_org_head(doc, span[cut[-1] + 1]):
        span = span[cut[-1] + 1 :]  # "die Firma Century Media", "das Unternehmen Läpple AG"
    display = " ".join(texts[i] for i in span)
    if doc.vocabulary.is_stopped(display):
        return
    doc.add(Mention("org", display, span[0], span[-1] + 1), mentions)


def _is_company_noun(text: str) -> bool:
    """ "Firma", "Unternehmen", "Formenbau-Unternehmen", "Elektronikkonzern"."""
    lowered = text.lower()
    return text in P.COMPANY_NOUNS or (
        text[:1].isupper() and lowered.endswith(tuple(w.lower() for w in P.COMPANY_NOUNS))
    )


def _adjective_and_generic_head(doc: Document, span: list[int]) -> bool:
    """ "Evangelische Kirche", "Jüdische Museum", "Großes Theater": a plain adjective
    (not a place's "Berliner", not one the vocabulary knows) before a head any town has."""
    if doc.lang != "de" or len(span) != 2 or doc.owner[span[0]] is not None:
        return False
    adjective, head = doc.texts[span[0]], doc.texts[span[1]]
    return (
        head in P.GENERIC_INSTITUTIONS
        and adjective.endswith(("e", "en", "es", "em"))
        and not adjective.endswith("er")
    )


def _person_in_run(doc: Document, run: list[int], mentions: list[Mention]) -> None:
    free = [i for i in run if doc.owner[i] is None or doc.owner[i].kind in ("adj",)]
    if not free:
        return
    tokens, texts = doc.tokens, doc.texts
    k = 0
    titled = False
    # title phrase: modifiers, adjectives, places and titles before the name
    while k < len(run):
        i = run[k]
        owner = doc.owner[i]
        if _is_title(texts[i]) and owner is None:
            titled = True
        elif not (
            texts[i] in P.TITLE_MODIFIERS
            or (owner is not None and owner.kind in ("adj", "place", "org"))
        ):
            break
        k += 1
    if not titled:
        before = run[0] - 1
        if before >= 0 and tokens[run[0]].joined:
            word = texts[before]
            titled = word in P.LOWER_ROLES or word in P.SAY_BEFORE or _is_title(word)
    names = _name_tokens(doc, run[k:])
    given = bool(names) and _is_given_name(doc, names[0]) and len(names) >= 2
    if not given:  # "den Theologen Thomas Söding", "Borussia-Manager Peter Pander"
        for m in range(k + 1, len(run) - 1):  # "den Theologen Thomas Söding"
            if _is_given_name(doc, run[m]) and doc.owner[run[m]] is None:
                later = _name_tokens(doc, run[m:])
                if len(later) >= 2:
                    names, given = later, True
                    break
    if not names:
        return
    after = names[-1] + 1
    said_after = (
        after < len(tokens) and texts[after] in P.SAY_AFTER and tokens[after].gap in ("", ",")
    )
    if (
        titled
        and len(names) == 1
        and doc.lang == "de"
        and run[0] > 0
        and texts[run[0] - 1] in P.SAY_BEFORE
        and not _surname_after_saying(doc, names[0])
    ):
        return  # German nouns are capitalised: "sagte Manuskript" is no name
    if not (titled or given or (said_after and len(names) >= 2)):
        if not _repeated_name(doc, names):
            return
    if not titled and not given and tokens[names[0]].sentence_start and len(names) < 2:
        return
    display = _name_display(doc, names)
    if doc.vocabulary.is_stopped(display):
        return
    doc.add(Mention("person", display, names[0], names[-1] + 1), mentions)


def _lone_given_names(doc: Document, mentions: list[Mention]) -> None:
    """German: "Sohn Tobias", "die 17-jährige Caroline": a known given name alone amid
    the sentence is a person (German news and stories name people by first name)."""
    if doc.lang != "de":
        return
    tokens = doc.tokens
    for i, token in enumerate(tokens):
        if doc.owner[i] is not None or token.all_caps or len(token.text) < 3:
            continue
        if not _is_given_name(doc, i) or token.text in P.GIVEN_NAMES_AS_NOUNS or doc.is_common(i):
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        dotted = i + 2 < len(tokens) and tokens[i + 2].gap.startswith(".")
        if after is not None and after.joined and not after.gap and dotted:
            if _is_initials(after.text) and len(after.text) == 1 or _is_roman(after.text):
                # "Claudia B.", "Susanne R.": a name shortened in the news; "Elisabeth II."
                if doc.free(i, i + 2):
                    doc.add(Mention("person", f"{token.text} {after.text}.", i, i + 2), mentions)
                continue
        if token.sentence_start:
            if not (after is not None and after.joined and after.gap in ("", ",")):
                continue
            if not after.text[:1].islower() or after.text in P.NAME_PARTICLES:
                continue  # "Judith hat sich getraut", "Thomas dachte": a clause follows
        if after is not None and after.joined and not after.gap:
            if after.capitalised or after.text in P.NAME_PARTICLES:
                continue  # part of a longer name: "Giacomo della Porta"
            later = tokens[i + 2] if i + 2 < len(tokens) else None
            if after.text in ("des", "der") and later is not None and later.capitalised:
                continue  # an epithet: "Johannes des Täufers"
        if i > 0 and token.joined and not token.gap.strip("."):
            previous = doc.texts[i - 1]
            owner = doc.owner[i - 1]
            if owner is not None and owner.kind != "adj":
                continue  # inside a longer name: "FC Max"
            if previous in P.SAINT_WORDS or any(c.isupper() for c in previous[1:]):
                continue  # "St. Georg", "San Juan" (places, churches); "LeBron James"
        doc.add(Mention("person", token.text, i, i + 1), mentions)


def _name_display(doc: Document, names: list[int]) -> str:
    """The words of a name, initials with their dot: "George W. Bush"."""
    words = []
    for i in names:
        initial = _is_initials(doc.texts[i]) and i + 1 < len(doc.tokens)
        dotted = initial and doc.tokens[i + 1].gap == "."
        words.append(doc.texts[i] + "." if dotted else doc.texts[i])
    return " ".join(words)


def _surname_after_saying(doc: Document, i: int) -> bool:
    """ "sagte Müller.", "erklärte Schäuble am Montag": after a verb of saying, a word that
    ends the clause or meets a lower-case word, with no ending of a German noun."""
    nxt = i + 1
    ends = nxt >= len(doc.tokens) or doc.tokens[nxt].gap in (".", ",", ":", ";", "!", "?")
    lower = nxt < len(doc.tokens) and doc.texts[nxt][:1].islower()
    word = doc.texts[i].lower()
    return (ends or lower) and not word.endswith(P.GERMAN_NOUN_ENDINGS) and len(word) > 3


def _is_given_name(doc: Document, i: int) -> bool:
    text = doc.texts[i]
    given = doc.vocabulary.given_names
    return text in given or ("-" in text and all(part in given for part in text.split("-")))


_ARTICLE_PARTICLES = frozenset({"der", "den"})
_ARABIC_SURNAME = re.compile(r"(?:al|el|ad|as|ash|an|ar|at|az|abu|abd)-[A-Z]\w+$")


def _after_von(doc: Document, i: int) -> bool:
    return i > 0 and doc.texts[i - 1] in ("von", "van")


def _surname_after_given(doc: Document, i: int, names: list[int]) -> bool:
    """A capitalised common word right after a given name is a surname ("John Major"),
    unless the article also writes it in lower case or it starts a sentence."""
    token = doc.tokens[i]
    if names and _ARABIC_SURNAME.match(token.text):
        return not token.sentence_start  # "Ali al-Nuaimi", "Rami al-Saadani"
    return (
        len(names) == 1
        and _is_given_name(doc, names[0])
        and token.capitalised
        and not (token.all_caps or token.numeric or token.sentence_start)
        and len(token.text) > 2
        and token.text.casefold() not in doc.lower_words
        and token.text not in P.TITLES
        and token.text not in P.ORG_HEADS
    )


def _name_tokens(doc: Document, run: list[int]) -> list[int]:
    """Up to three name words at the start of run; particles only after the first."""
    names: list[int] = []
    words = 0
    for i in run:
        if doc.owner[i] is not None:
            if not (words == 1 and _place_as_surname(doc, names[0], i)):
                break
        all_given = words >= 1 and all(_is_given_name(doc, j) for j in names)
        if words >= 1 and all_given and _middle_initial(doc, i):
            names.append(i)  # "George W. Bush"
            continue
        if doc.texts[i] in P.NAME_PARTICLES or (words == 1 and _capital_particle(doc, i)):
            lead = bool(names) and _is_given_name(doc, names[0])
            if not (words == 1 or (lead and doc.texts[i] in ("von", "van", "de"))) or (
                doc.texts[i] in _ARTICLE_PARTICLES and not _after_von(doc, i)
            ):
                break  # "der", "den" only as in "von der Leyen", never "Ausgang der Wahl"
            names.append(i)  # "Heinrich Gottlob von Miltitz"
            continue
        if (words == 3 and not all_given) or words == 4:
            break
        if not (doc.is_name_word(i) or _surname_after_given(doc, i, names)):
            break
        after_particle = doc.texts[names[-1]] in P.NAME_PARTICLES if names else False
        if (
            words == 2
            and not after_particle
            and not (_is_given_name(doc, names[-1]) or _third_name(doc, names, i))
        ):
            break  # a third word after two given names ("Anna Maria Roth") or at the end
        names.append(i)
        words += 1
        if names[-1] != names[0] and doc.texts[names[-2]] in P.NAME_PARTICLES:
            break  # "Ursula von der Leyen": the particles end the name
    while names and doc.texts[names[-1]] in P.NAME_PARTICLES:
        names.pop()
    return names


def _middle_initial(doc: Document, i: int) -> bool:
    nxt = i + 1
    return (
        len(doc.texts[i]) == 1
        and doc.texts[i].isupper()
        and nxt < len(doc.tokens)
        and doc.tokens[nxt].gap == "."
        and doc.tokens[nxt].joined
        and doc.tokens[nxt].capitalised
    )


def _place_as_surname(doc: Document, first: int, i: int) -> bool:
    """ "Neil Jordan": a one-word place right after a given name is a surname."""
    return (
        _is_place_word(doc, i)
        and not doc.tokens[i].all_caps
        and _is_given_name(doc, first)
        and doc.owner[first] is None
        and doc.texts[first] not in doc.vocabulary.lengths
    )


def _capital_particle(doc: Document, i: int) -> bool:
    """ "Wilfried Van Moer", "Filip De Wilde": a capitalised particle before a surname."""
    nxt = i + 1
    return (
        doc.texts[i] in P.CAPITAL_PARTICLES
        and nxt < len(doc.tokens)
        and doc.tokens[nxt].joined
        and doc.tokens[nxt].capitalised
        and doc.owner[nxt] is None
    )


def _third_name(doc: Document, names: list[int], i: int) -> bool:
    """ "Jose Soler Puig": a third name word after a given name, ending the run."""
    nxt = i + 1
    more = nxt < len(doc.tokens) and doc.tokens[nxt].joined and doc.tokens[nxt].capitalised
    return (
        doc.lang != "de"  # German nouns are capitalised: "Margot Friedländers Geburtstag"
        and _is_given_name(doc, names[0])
        and not more
        and not doc.tokens[i].gap
        and doc.texts[names[-1]] not in P.NAME_PARTICLES
    )


def _repeated_name(doc: Document, names: list[int]) -> bool:
    """Two or three capitalised words used again, whole or by the last one alone."""
    if doc.lang == "de" or not 2 <= len(names) <= 3:
        return False
    texts = doc.texts
    words = tuple(texts[i] for i in names)
    surname = words[-1]
    size = len(words)
    alone = 0
    for j, text in enumerate(texts):
        if text == words[0] and tuple(texts[j : j + size]) == words:
            continue
        if text == surname and doc.owner[j] is None and not doc.tokens[j].sentence_start:
            if not (j > 0 and doc.tokens[j].joined and texts[j - 1][:1].isupper()):
                alone += 1
    return alone >= 1


def _places_by_cue(doc: Document, mentions: list[Mention]) -> None:
    tokens, texts = doc.tokens, doc.texts
    for i, token in enumerate(tokens):
        text = token.text
        if text in P.PLACE_CUES_BEFORE_OF and i + 1 < len(tokens) and texts[i + 1] == "of":
            _place_list(doc, i + 2, mentions)
        elif text in P.PLACE_CUES_AFTER and i > 0 and token.joined:
            j = i - 1
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


def _acronyms_of_orgs(doc: Document, mentions: list[Mention]) -> None:
    """ "Federal Office for X (FOX)": later uses of FOX are that organisation."""
    tokens = doc.tokens
    expansions: dict[str, str] = {}
    for mention in mentions:
        j = mention.end
        if (
            mention.kind == "org"
            and j < len(tokens)
            and tokens[j].all_caps
            and tokens[j].gap == "("
        ):
            expansions[tokens[j].text] = mention.display
    if not expansions:
        return
    for i, token in enumerate(tokens):
        display = expansions.get(token.text)
        if display and doc.owner[i] is None:
            doc.add(Mention("org", display, i, i + 1), mentions)


MIN_ACRONYM, MAX_ACRONYM = 3, 5  # two capitals (SA, BA, KV) name too many things


def _acronyms_in_text(doc: Document, mentions: list[Mention]) -> None:
    """ "NASA", "RTL", "SWR": a short word in capitals amid ordinary text names an
    organisation, unless it is a common abbreviation (CEO, DNA, TV) or a numeral."""
    tokens, texts = doc.tokens, doc.texts
    n = len(tokens)
    for i, token in enumerate(tokens):
        text = token.text
        if not (MIN_ACRONYM <= len(text) <= MAX_ACRONYM and text.isalpha() and text.isupper()):
            continue
        if doc.owner[i] is not None or text in P.COMMON_ACRONYMS or _is_roman(text):
            continue
        if text.casefold() in doc.stopwords or doc.vocabulary.is_stopped(text):
            continue
        before = tokens[i - 1] if i > 0 else None
        after = tokens[i + 1] if i + 1 < n else None
        neighbours = (before if token.joined else None, after)
        if any(t is not None and t.all_caps for t in neighbours):
            continue  # a headline or a table written in capitals
        if any(
            t is not None and t.numeric and (t is before or t is after and t.joined)
            for t in (before, after)
        ):
            continue  # "32 KB", "CHF 7", "EC 135", "6. MSG": units, currencies, models
        if doc.lang == "de" and any(
            t is not None and t.capitalised and not t.sentence_start and not t.gap
            for t in (before if token.joined else None, after if after and after.joined else None)
        ):
            continue  # "PKN Orlen", "Opel Astra OPC": part of a longer name or a model
        start, end = i, i + 1
        if after is not None and after.joined and not after.gap and after.capitalised:
            if texts[i + 1] in P.EVENT_WORDS:
                continue  # "UEFA Cup", "PGA Tour": an event
            # German nouns are capitalised: "SWR Fernsehen" is SWR's television
            while doc.lang != "de" and end < n and end - i <= 2 and tokens[end].joined:
                if tokens[end].gap or doc.owner[end] is not None or not _surname_like(doc, end):
                    break
                end += 1  # "BNP Paribas", "JR West"
        elif (
            doc.lang != "de"
            and before is not None
            and token.joined
            and not token.gap
            and _surname_like(doc, i - 1)
            and not _has_lower_part(texts[i - 1])
        ):
            if doc.owner[i - 1] is None and not before.sentence_start:
                start = i - 1  # "Fraunhofer IAO"
        if not (start > 0 and _ordinary(doc, start - 1)) and not (end < n and _ordinary(doc, end)):
            continue  # amid ordinary words, not in a list of codes
        display = " ".join(texts[start:end])
        if doc.free(start, end) and not doc.vocabulary.is_stopped(display):
            doc.add(Mention("org", display, start, end), mentions)


def _has_lower_part(word: str) -> bool:
    """ "Communist-led", "Bergamo-based": a hyphenated word with a lower-case part."""
    return any(part[:1].islower() for part in word.split("-")[1:])


def _ordinary(doc: Document, i: int) -> bool:
    """A word of running text: lower case."""
    return doc.texts[i][:1].islower()


def _is_roman(text: str) -> bool:
    return all(char in "IVXLCDM" for char in text)


def _fold_people(doc: Document, mentions: list[Mention]) -> None:
    """Single-surname mentions ("Eyvazov", "Eyvazovs") become the full name."""
    people = {mention.display for mention in mentions if mention.kind == "person"}
    for mention in mentions:  # German genitive: "Margot Friedländers Geburtstag"
        if (
            mention.kind == "person"
            and mention.display.endswith("s")
            and mention.display[:-1] in people
        ):
            mention.display = mention.display[:-1]
    full: dict[str, str] = {}
    for mention in mentions:
        if mention.kind == "person" and mention.end - mention.start >= 2:
            full.setdefault(doc.texts[mention.end - 1], mention.display)
    if not full:
        return
    for mention in mentions:
        if mention.kind == "person" and mention.end - mention.start == 1:
            mention.display = full.get(mention.display, mention.display)
    for i, text in enumerate(doc.texts):
        if doc.owner[i] is not None or not text[:1].isupper():
            continue
        display = full.get(text) or (full.get(text[:-1]) if text.endswith("s") else None)
        if display:
            doc.add(Mention("person", display, i, i + 1), mentions)


def _fold_orgs(mentions: list[Mention]) -> None:
    """ "Defense Ministry" becomes "Azerbaijani Defense Ministry" when the article has both."""
    names = {mention.display for mention in mentions if mention.kind == "org"}
    longer: dict[str, str] = {}
    for name in names:
        for other in names:
            if other != name and other.endswith(" " + name):
                if name not in longer or len(other) < len(longer[name]):
                    longer[name] = other
    for mention in mentions:
        if mention.kind == "org" and mention.display in longer:
            mention.display = longer[mention.display]
