"""Organisations: club and school prefixes, head nouns and legal forms, acronyms."""

from __future__ import annotations

import re

from . import _patterns as P
from ._document import Document, Mention, is_place_word, is_roman, is_title, surname_like


def _is_org_head(doc: Document, i: int) -> bool:
    text = doc.texts[i]
    if text in P.ORG_HEADS or text in P.LEGAL_FORMS or _is_org_compound(text):
        return True
    return len(text) > 9 and text[:1].isupper() and text.lower().endswith(P.ORG_HEAD_SUFFIXES)


def orgs_by_prefix(doc: Document, mentions: list[Mention]) -> None:
    """Clubs and schools named by a prefix and their town or name: "VfL Osnabrück",
    "1. FC Köln", "TU Berlin", "Universität Leipzig" (the town is part of the name)."""
    tokens, texts = doc.tokens, doc.texts
    n = len(tokens)
    for i, token in enumerate(tokens):
        text = token.text
        before_place = text in P.ORG_HEADS_BEFORE_PLACE or text in P.CLUB_WORDS_BEFORE_PLACE
        if not (text in P.CLUB_PREFIXES or before_place) or doc.owner[i] is not None:
            continue
        if before_place and not (i + 1 < n and is_place_word(doc, i + 1)):
            continue
        end = i + 1
        while end < n and end - i <= 3 and tokens[end].joined and not tokens[end].gap:
            owner = doc.owner[end]
            if owner is not None and (owner.kind not in ("place", "adj") or owner.start < i):
                break
            if owner is None and (before_place or not surname_like(doc, end)):
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


def org_in_run(doc: Document, run: list[int], mentions: list[Mention]) -> None:
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
        if named and is_place_word(doc, seat):
            end_k += 1  # "Medizinische Hochschule Hannover" (but "Gerichtshof Kanadas")
    span = run[start_k:end_k]
    while span and texts[span[-1]] in P.OF_WORDS | P.INNER_WORDS:
        span.pop()
    while (
        len(span) > 1
        and doc.owner[span[0]] is None
        and not _is_org_head(doc, span[0])
        and (
            is_title(texts[span[0]])
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


def acronyms_of_orgs(doc: Document, mentions: list[Mention]) -> None:
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


def acronyms_in_text(doc: Document, mentions: list[Mention]) -> None:
    """ "NASA", "RTL", "SWR": a short word in capitals amid ordinary text names an
    organisation, unless it is a common abbreviation (CEO, DNA, TV) or a numeral."""
    tokens, texts = doc.tokens, doc.texts
    n = len(tokens)
    terms = _acronyms_of_terms(doc) | _acronyms_of_things(doc)
    for i, token in enumerate(tokens):
        text = token.text
        if not (MIN_ACRONYM <= len(text) <= MAX_ACRONYM and text.isalpha() and text.isupper()):
            continue
        if text in terms or _ROLE.match(text):
            continue  # "an ADR", "NPCs", "GPT-4": a thing; "CMO": a chief officer
        if doc.owner[i] is not None or text in P.COMMON_ACRONYMS or is_roman(text):
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
                if tokens[end].gap or doc.owner[end] is not None or not surname_like(doc, end):
                    break
                end += 1  # "BNP Paribas", "JR West"
        elif (
            doc.lang != "de"
            and before is not None
            and token.joined
            and not token.gap
            and surname_like(doc, i - 1)
            and not _has_lower_part(texts[i - 1])
        ):
            if doc.owner[i - 1] is None and not before.sentence_start:
                start = i - 1  # "Fraunhofer IAO"
        if not (start > 0 and _ordinary(doc, start - 1)) and not (end < n and _ordinary(doc, end)):
            continue  # amid ordinary words, not in a list of codes
        display = " ".join(texts[start:end])
        if doc.free(start, end) and not doc.vocabulary.is_stopped(display):
            doc.add(Mention("org", display, start, end), mentions)


#: A chief's title: "CMO", "CIO", "CDO" (chief ... officer).
_ROLE = re.compile(r"^C[A-Z]O$")
#: An acronym in the plural ("NPCs"), or a model or type code ("GPT-4", "HLA-B").
_PLURAL = re.compile(r"([A-Z]{3,5})s")
_CODE = re.compile(r"([A-Z]{3,5})-(?:\d\w*|[A-Z])")


def _acronyms_of_things(doc: Document) -> set[str]:
    """Acronyms the article uses as common nouns: after an indefinite word ("an ADR to
    ..."), in the plural ("NPCs"), or as a model or type code glued to a number or a
    letter ("GPT-4", "HLA-B")."""
    tokens = doc.tokens
    things = set()
    for i, token in enumerate(tokens):
        text = token.text
        plural = _PLURAL.fullmatch(text) or _CODE.fullmatch(text)
        if plural:
            things.add(plural.group(1))
        elif token.all_caps and _after_indefinite(doc, i) and _ends_phrase(doc, i + 1):
            things.add(text)  # "an ADR to ...", but "an FBI agent" names the FBI
    return things


def _ends_phrase(doc: Document, i: int) -> bool:
    """Token i ends the noun phrase before it: none, after punctuation, or a stop word."""
    if i >= len(doc.tokens) or doc.tokens[i].gap or not doc.tokens[i].joined:
        return True
    return doc.texts[i].casefold() in doc.stopwords


def _after_indefinite(doc: Document, i: int) -> bool:
    """Token i follows an indefinite word ("an", "eine", "certain"); "a" counts in English
    only (in Spanish, Portuguese and Italian it is a preposition: "a CFK")."""
    if i == 0 or not doc.tokens[i].joined or doc.tokens[i].gap:
        return False
    word = doc.texts[i - 1].lower()
    return word in P.INDEFINITE_WORDS and (word != "a" or doc.lang in ("en", None))


def _acronyms_of_terms(doc: Document) -> set[str]:
    """ "beats per minute (BPM)", "intravenous immunoglobulin (IVIG)": an acronym spelled out
    in lower case before its brackets abbreviates a term, not an organisation's name."""
    tokens = doc.tokens
    return {
        tokens[i].text
        for i in range(1, len(tokens))
        if tokens[i].gap == "(" and tokens[i].all_caps and doc.texts[i - 1][:1].islower()
    }


def _has_lower_part(word: str) -> bool:
    """ "Communist-led", "Bergamo-based": a hyphenated word with a lower-case part."""
    return any(part[:1].islower() for part in word.split("-")[1:])


def _ordinary(doc: Document, i: int) -> bool:
    """A word of running text: lower case."""
    return doc.texts[i][:1].islower()


def fold_orgs(mentions: list[Mention]) -> None:
    """ "Defense Ministry" becomes "Azerbaijani Defense Ministry" when the article has both
    (the same whatever the order of the names: records are made again from originals)."""
    names = sorted({mention.display for mention in mentions if mention.kind == "org"})
    longer: dict[str, str] = {}
    for name in names:
        for other in names:  # the shortest longer name; of two as long, the first in order
            if other != name and other.endswith(" " + name):
                if name not in longer or len(other) < len(longer[name]):
                    longer[name] = other
    for mention in mentions:
        if mention.kind == "org" and mention.display in longer:
            mention.display = longer[mention.display]
