"""People: initials, results lists, titles and given names, later surnames folded."""

from __future__ import annotations

import re

from . import _patterns as P
from ._document import (
    ARABIC_SURNAME,
    Document,
    Mention,
    is_given_name,
    is_initials,
    is_name_start,
    is_place_word,
    is_roman,
    is_title,
    surname_like,
)


def people_with_initials(doc: Document, mentions: list[Mention]) -> None:
    """ "M. Waugh", "J.R. Ewing": initials, a dot and a surname are a person."""
    tokens, texts = doc.tokens, doc.texts
    for i in range(len(tokens) - 1):
        token, nxt = tokens[i], tokens[i + 1]
        if not (is_initials(token.text) and nxt.gap == "." and nxt.joined):
            continue
        if token.text == "I" and doc.lang != "de" and len(texts[i + 1]) < 3:
            continue
        if doc.owner[i] is not None or doc.owner[i + 1] is not None:
            continue
        if _closes_a_reference(doc, i):
            continue  # "Stamp L. Allopurinol dosing": the initial ends the author "Stamp L."
        if not (doc.is_name_word(i + 1) or surname_like(doc, i + 1)):
            continue
        end = i + 2
        if end < len(tokens) and tokens[end].joined and surname_like(doc, end):
            if not tokens[end].gap and doc.owner[end] is None:
                end += 1  # "J. Smith Jones"
        start = i
        while start > 0 and tokens[start].joined and tokens[start].gap == ".":
            if not is_initials(texts[start - 1]) or doc.owner[start - 1] is not None:
                break
            start -= 1  # "John P. A. Doe": every initial
        if start > 0 and tokens[start].joined and doc.owner[start - 1] is None:
            if is_given_name(doc, start - 1):
                start -= 1  # "George W. Bush"
        display = _name_display(doc, list(range(start, end)))
        if not doc.vocabulary.is_stopped(display, texts[i + 1]):
            doc.add(Mention("person", display, start, end), mentions)


MAX_COUNTRY_WORDS = 4


def people_before_country(doc: Document, mentions: list[Mention]) -> None:
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
            and surname_like(doc, start - 1)
            and texts[start - 1] not in P.LEGAL_FORMS
        ):
            start -= 1
            if tokens[start].line_start or tokens[start].gap:
                break
        if i - start < (1 if party else 2) or not is_name_start(doc, start):
            continue
        if doc.lang != "de" and any(doc.is_common(j) for j in range(start, i)):
            continue
        display = " ".join(texts[start:i])
        if not doc.vocabulary.is_stopped(display):
            doc.add(Mention("person", display, start, i), mentions)


def person_in_run(doc: Document, run: list[int], mentions: list[Mention]) -> None:
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
        if is_title(texts[i]) and owner is None:
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
            titled = word in P.LOWER_ROLES or word in P.SAY_BEFORE or is_title(word)
    names = _name_tokens(doc, run[k:])
    given = bool(names) and is_given_name(doc, names[0]) and len(names) >= 2
    if not given:  # "den Theologen Thomas Söding", "Borussia-Manager Peter Pander"
        for m in range(k + 1, len(run) - 1):  # "den Theologen Thomas Söding"
            if is_given_name(doc, run[m]) and doc.owner[run[m]] is None:
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


def _name_tokens(doc: Document, run: list[int]) -> list[int]:
    """Up to three name words at the start of run; particles only after the first."""
    names: list[int] = []
    words = 0
    for i in run:
        if doc.owner[i] is not None:
            if not (words == 1 and _place_as_surname(doc, names[0], i)):
                break
        all_given = words >= 1 and all(is_given_name(doc, j) for j in names)
        if words >= 1 and all_given and _middle_initial(doc, i):
            names.append(i)  # "George W. Bush"
            continue
        if doc.texts[i] in P.NAME_PARTICLES or (words == 1 and _capital_particle(doc, i)):
            lead = bool(names) and is_given_name(doc, names[0])
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
            and not (is_given_name(doc, names[-1]) or _third_name(doc, names, i))
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
        is_place_word(doc, i)
        and not doc.tokens[i].all_caps
        and is_given_name(doc, first)
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
        and is_given_name(doc, names[0])
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


def _surname_after_given(doc: Document, i: int, names: list[int]) -> bool:
    """A capitalised common word right after a given name is a surname ("John Major"),
    unless the article also writes it in lower case or it starts a sentence."""
    token = doc.tokens[i]
    if names and ARABIC_SURNAME.match(token.text):
        return not token.sentence_start  # "Ali al-Nuaimi", "Rami al-Saadani"
    return (
        len(names) == 1
        and is_given_name(doc, names[0])
        and token.capitalised
        and not (token.all_caps or token.numeric or token.sentence_start)
        and len(token.text) > 2
        and token.text.casefold() not in doc.lower_words
        and token.text not in P.TITLES
        and token.text not in P.ORG_HEADS
    )


_ARTICLE_PARTICLES = frozenset({"der", "den"})


def _after_von(doc: Document, i: int) -> bool:
    return i > 0 and doc.texts[i - 1] in ("von", "van")


def lone_given_names(doc: Document, mentions: list[Mention]) -> None:
    """German: "Sohn Tobias", "die 17-jährige Caroline": a known given name alone amid
    the sentence is a person (German news and stories name people by first name)."""
    if doc.lang != "de":
        return
    tokens = doc.tokens
    full_names: dict[str, str] = {}
    for mention in mentions:
        words = mention.display.split()
        if mention.kind == "person" and len(words) >= 2 and not words[-1].endswith("."):
            full_names.setdefault(words[0], mention.display)
    for i, token in enumerate(tokens):
        if doc.owner[i] is not None or token.all_caps or len(token.text) < 3:
            continue
        if not is_given_name(doc, i) or token.text in P.GIVEN_NAMES_AS_NOUNS or doc.is_common(i):
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        dotted = i + 2 < len(tokens) and tokens[i + 2].gap.startswith(".")
        if after is not None and after.joined and not after.gap and dotted:
            if is_initials(after.text) and len(after.text) == 1 or is_roman(after.text):
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
        # a given name alone is a person as part of a full name of the article, or after
        # a word that says it names one ("Sohn Tobias", "Bischof Avitus")
        full = full_names.get(token.text)
        kin = i > 0 and token.gap in ("", ",") and _kin_before(doc, i - 1)
        if full or kin or _listed_with_names(doc, i) or _in_clause(doc, i):
            doc.add(Mention("person", full or token.text, i, i + 1), mentions)


#: Words before a noun, not before a name alone ("die neue Fritz!", "der Crown").
_DETERMINERS = frozenset(
    "der die das den dem des ein eine einen einem einer eines kein keine keinen keinem "
    "keiner dieser diese dieses diesen diesem jener jene jenes neue neuen neuer neues "
    "andere anderen beim zum zur vom im am als the a an".split()
)


def _in_clause(doc: Document, i: int) -> bool:
    """German: a given name alone as a subject or object of a clause is a person ("Lucy
    gefällt die Idee nicht", "gegen Mario eine Verfügung", "mit Yvonne in Frankreich"):
    it opens the sentence or follows a lower-case word other than an article ("beim
    Martin", "als Jude" name no one), and a lower-case word follows it."""
    tokens = doc.tokens
    token = tokens[i]
    if not token.sentence_start:
        previous = tokens[i - 1]
        if token.gap not in ("", ",") or token.line_start:
            return False
        if previous.text.lower() in _DETERMINERS:
            return False  # "beim Martin", "Der Jude an sich": a noun or a place
        lower = previous.text[:1].islower()
        if not lower and not (previous.sentence_start and doc.is_common(i - 1)):
            return False  # "Hadden Dolores": a surname; "Für Walter" opens a clause
    if i + 1 >= len(tokens):
        return False
    after = tokens[i + 1]
    return after.joined and not after.gap and after.text[:1].islower()


_AND = frozenset({"und", "and", "oder", "sowie"})


def _listed_with_names(doc: Document, i: int) -> bool:
    """ "Justin, Alex und Max": a given name in a list with other people's names."""
    tokens, texts = doc.tokens, doc.texts
    neighbours = []
    if i > 1 and texts[i - 1] in _AND:
        neighbours.append(i - 2)
    elif i > 0 and tokens[i].gap == ",":
        neighbours.append(i - 1)
    if i + 2 < len(tokens) and texts[i + 1] in _AND:
        neighbours.append(i + 2)
    elif i + 1 < len(tokens) and tokens[i + 1].gap == ",":
        neighbours.append(i + 1)
    return any(
        is_given_name(doc, j) or (doc.owner[j] is not None and doc.owner[j].kind == "person")
        for j in neighbours
    )


def _kin_before(doc: Document, i: int) -> bool:
    """A kin word, a title or an age right before a given name: it names a person."""
    text = doc.texts[i]
    return (
        text in P.KIN_WORDS
        or text.lower() in P.LOWER_ROLES
        or is_title(text)
        or text.endswith(P.AGE_ENDINGS)
    )


def _name_display(doc: Document, names: list[int]) -> str:
    """The words of a name, initials with their dot: "George W. Bush"."""
    words = []
    for i in names:
        initial = is_initials(doc.texts[i]) and i + 1 < len(doc.tokens)
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


def fold_people(doc: Document, mentions: list[Mention]) -> None:
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


_GROUP = re.compile(r"^[A-Z]{2,}s$")  # "MPs", "CEOs": a group of people


def drop_non_people(doc: Document, mentions: list[Mention]) -> None:
    """Person mentions that name no person: products ("Phone Pro"), districts ("Harbourton
    South"), streets ("Albert Quay"), landforms ("Harbourton Valley"), outlets ("Harbour Online
    Library"), groups ("Opposition MPs"), bodies ("Supreme Court", "Casa de Gobierno"),
    and a name cut at an initial whose surname follows ("Donald J." of "Donald J. Doe")."""
    for mention in [m for m in mentions if m.kind == "person"]:
        words = mention.display.split()
        last = words[-1]
        cut = last.endswith(".") and len(last) == 2 and _surname_follows(doc, mention.end)
        if (
            (len(words) > 1 and last in P.PRODUCT_WORDS)
            or last in P.STREET_WORDS
            or (len(words) > 1 and last in P.LANDFORM_WORDS)
            or any(word in P.NON_PERSON_WORDS for word in words)
            or _GROUP.match(last)
            or (len(words) > 1 and any(word in P.COMPASS_WORDS for word in words))
            or any(word in P.ORG_HEADS for word in words)
            or cut
        ):
            mentions.remove(mention)
            for i in range(mention.start, mention.end):
                if doc.owner[i] is mention:
                    doc.owner[i] = None


def _surname_follows(doc: Document, end: int) -> bool:
    return end < len(doc.tokens) and doc.tokens[end].joined and doc.tokens[end].capitalised


def inverted_names(doc: Document, mentions: list[Mention]) -> None:
    """ "Bauer, Anna 1992", "Ford, Martin. 2016": a surname, a comma and a known given name
    in a list or a reference (a line or entry of its own) are one person, "Anna Bauer"."""
    tokens, texts = doc.tokens, doc.texts
    for i in range(1, len(tokens)):
        token, surname = tokens[i], tokens[i - 1]
        owner = doc.owner[i - 1]
        if token.gap != "," or doc.owner[i] is not None:
            continue
        if owner is not None and (owner.kind == "person" or owner.end - owner.start > 1):
            continue  # a one-word organisation or place may be a surname: "Ford, Martin."
        if not is_given_name(doc, i) or is_given_name(doc, i - 1) or not surname_like(doc, i - 1):
            continue
        opens = surname.line_start or surname.gap in (";", "/") or surname.sentence_start
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        closes = (
            after is None
            or after.line_start
            or after.gap in (";", ":", "/")
            or (after.numeric and after.gap in ("", ".", ","))
        )
        if opens and closes:
            display = f"{texts[i]} {texts[i - 1]}"
            if not doc.vocabulary.is_stopped(display):
                doc.add(Mention("person", display, i - 1, i + 1), mentions)


def _closes_a_reference(doc: Document, i: int) -> bool:
    """Initials after a surname ("Stamp L.", "Adwan, M.H."): a reference's author, whose
    initials end the name instead of opening the next one."""
    if i == 0 or not (doc.tokens[i].joined or doc.tokens[i].gap == ","):
        return False
    if doc.tokens[i].gap not in ("", ","):
        return False
    before = doc.texts[i - 1]
    if doc.tokens[i].gap == "," and i >= 2 and doc.tokens[i - 1].joined:
        if is_given_name(doc, i - 2):
            return False  # "Heinrich Funke, W. Müller": a full name, then the next author
    return (
        before[:1].isupper()
        and not doc.tokens[i - 1].all_caps
        and not is_given_name(doc, i - 1)
        and not is_title(before)
        and not is_initials(before)
        and doc.owner[i - 1] is None
    )
