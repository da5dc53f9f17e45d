"""Key terms: salient words and phrases of one article, by statistics over its text."""

from __future__ import annotations

import math
from collections import Counter

from indexer.commonness import TOO_COMMON, commonness

from ._document import Document

MIN_TERMS = 3
MAX_TERMS = 8
TITLE_WEIGHT = 3.0  # a word in the title counts this many times
PHRASE_BONUS = 1.5  # a repeated phrase counts more than its words alone
MIN_LENGTH = 3
GERMAN_ENDINGS = ("en", "n", "e", "s", "er", "es")
#: Below indexer.commonness.TOO_COMMON a word counts more the rarer it is in its language.
PLAIN = 4.5  # a word this frequent counts once; each Zipf point less multiplies it by
RARITY_STEP = 1.6
MAX_RARITY = 3.0
MIN_SCORE = 2.0  # below this score a term needs more than its rarity
STOP_LANGUAGES = ("en", "de")  # no stop word of these languages is a key term in any page
#: Dunning's log-likelihood (G2) of a word's count in the article against its frequency in
#: the language: below this the article uses it about as often as any text would.
MIN_KEYNESS = 30.0
#: A single word this common in its language ("Zeit", "people") is a word of every subject:
#: a key term only when the article uses it far more than any text would. German spreads
#: a word's uses over more inflected forms and compounds, so each form is rarer.
GENERIC = 4.4
GENERIC_GERMAN = 4.2
GENERIC_KEYNESS = 150.0
#: Quality over number: a term scoring below this share of the best one does not stand out.
MIN_SHARE = 0.3
#: A word this much commoner in English (Zipf points) than in the article's language is a
#: foreign word there ("Harbour", "Lights" in a German text): a word of a quoted title or name.
FOREIGN = 1.0


def find_terms(doc: Document, title_end: int) -> list[str]:
    """Up to 8 key terms, most salient first: fewer when few stand out above the rest."""
    variants: dict[str, list[str]] = {}  # a German noun -> its inflected forms folded into it
    if doc.lang == "de":
        scores, forms = _german_candidates(doc, title_end, variants)
    elif doc.lang == "en":
        scores, forms = _english_candidates(doc, title_end)
    else:
        scores, forms = Counter(), {}
    _add_proper_terms(doc, title_end, scores, forms)
    _drop_name_parts(doc, title_end, scores)
    _weigh_by_rarity(doc, scores, variants)
    _add_vocabulary_terms(doc, scores, forms)
    _merge_plurals(scores)  # "cold snaps" and "cold snap"
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    best = ranked[0][1] if ranked else 0.0
    terms: list[str] = []
    chosen: list[str] = []
    for key, score in ranked:
        if len(terms) >= MAX_TERMS or (score < 2.0 and len(terms) >= MIN_TERMS) or score < 1.5:
            break
        if score < MIN_SHARE * best:
            break  # the rest do not stand out: fewer terms rather than weak ones
        if any(f" {key} " in f" {other} " or f" {other} " in f" {key} " for other in chosen):
            continue  # a word of a phrase already chosen, or the other way round
        if any(_chained(key, other) for other in chosen):
            continue  # "local anti-terror" next to "anti-terror operation"
        chosen.append(key)
        terms.append(forms.get(key, key))
    return terms


def _weigh_by_rarity(doc: Document, scores: Counter, variants: dict[str, list[str]]) -> None:
    """Words every article uses are no key terms; rarer words weigh more (a tf-idf without
    a corpus: the language's word frequencies stand for the documents). A word counted
    with its inflected forms is as common as all of them together."""
    if commonness("a", doc.lang) is None:
        return
    lang = doc.lang
    units = _units(doc)
    for key in list(scores):
        words = key.split()  # a phrase is as common as its commonest word
        if len(words) == 1:
            common = _lexeme_commonness([key, *variants.get(key, ())], lang)
        else:
            common = min(commonness(word, lang) for word in words)
        if common >= TOO_COMMON or _not_a_term(key) or key in units:
            del scores[key]
            continue
        keyness = _keyness(scores[key], len(doc.tokens), common)
        generic = len(words) == 1 and common >= (GENERIC_GERMAN if lang == "de" else GENERIC)
        if keyness < (GENERIC_KEYNESS if generic else MIN_KEYNESS):
            del scores[key]
            continue
        rarity = RARITY_STEP ** (PLAIN - common)
        # a word used once (and not in the title) is not raised by its rarity alone
        scores[key] *= min(MAX_RARITY if scores[key] >= MIN_SCORE else 1.0, rarity)


def _lexeme_commonness(forms: list[str], lang: str) -> float:
    """The Zipf frequency of a word with all its ``forms`` (0 for a word nobody uses)."""
    per_billion = sum(10**zipf for zipf in (commonness(form, lang) for form in forms) if zipf)
    return math.log10(per_billion) if per_billion else 0.0


def _keyness(count: float, length: int, zipf: float) -> float:
    """Dunning's G2 of ``count`` uses in ``length`` words of a word of Zipf frequency
    ``zipf``: how far the article's use of it stands above what any text of its length
    would show (keyness against the language as the reference corpus)."""
    expected = max(length, 1) * 10 ** (zipf - 9)
    if count <= 0:
        return 0.0
    return 2 * (count * math.log(count / expected) - (count - expected))


def _units(doc: Document) -> set[str]:
    """Words that mostly follow a number in this article ("12 Millionen", "40 minutes"):
    units and measures, not subjects."""
    uses: Counter = Counter()
    after_number: Counter = Counter()
    previous_is_number = False
    for token in doc.tokens:
        folded = token.text.casefold()
        uses[folded] += 1
        if previous_is_number and token.joined and not token.gap:
            after_number[folded] += 1
        previous_is_number = any(map(str.isdigit, token.text))
    return {word for word, count in after_number.items() if 2 * count >= uses[word]}


def _not_a_term(key: str) -> bool:
    """An address ("www.example.org") or, in English, a verb or adverb form ("elected")."""
    if "." in key.strip("."):
        return True
    return " " not in key and key.islower() and key.endswith(("ed", "ly")) and len(key) > 4


def _weight(i: int, title_end: int) -> float:
    """What one occurrence of a word at token ``i`` counts: more in the title."""
    return TITLE_WEIGHT if i < title_end else 1.0


def _content_word(doc: Document, i: int) -> bool:
    if doc.owner[i] is not None:
        return False
    text = doc.tokens[i].text
    known = doc.content_words.get(text)
    if known is None:
        folded = text.casefold()
        known = doc.content_words[text] = (
            len(text) >= MIN_LENGTH
            and not any(map(str.isdigit, text))
            and folded not in doc.stopwords
            and not _stop_word_elsewhere(doc, folded)
            and folded not in doc.calendar
            and folded not in doc.vocabulary.stop
            and text not in doc.vocabulary.given_names
        )
    return known and not _elided(doc, i)


def _elided(doc: Document, i: int) -> bool:
    """The first part of a compound whose rest is shared: "Impf-" of "Impf- und Testzentren"."""
    after = doc.tokens[i + 1] if i + 1 < len(doc.tokens) else None
    return after is not None and after.gap == "-" and after.start - doc.tokens[i].end == 2


def _stop_word_elsewhere(doc: Document, folded: str) -> bool:
    """A stop word of another language the tagger knows: "und" quoted in an English page."""
    return any(folded in doc.vocabulary.stopwords.get(lang, ()) for lang in STOP_LANGUAGES)


def _english_candidates(doc: Document, title_end: int) -> tuple[Counter, dict[str, str]]:
    """Lower-case content words and the phrases they form (up to three words)."""
    words: Counter = Counter()
    phrases: Counter = Counter()
    generic = doc.generic
    sequence: list[str] = []

    def close() -> None:
        if len(sequence) < 2:  # most words: no phrase to count
            sequence.clear()
            return
        for size in (2, 3):
            for k in range(len(sequence) - size + 1):
                phrases[" ".join(sequence[k : k + size])] += 1
        sequence.clear()

    for i, token in enumerate(doc.tokens):
        if not token.joined or token.gap:
            close()
        lower = token.text[:1].islower() or (
            token.sentence_start and token.text.lower() in doc.lower_words
        )
        if lower and _content_word(doc, i) and not token.text.isupper():
            key = token.text.lower()
            weight = _weight(i, title_end)
            words[key] += weight * (0.5 if key in generic else 1.0)
            sequence.append(key)
        else:
            close()
    close()
    headline_only = _headline_only(doc, title_end)
    for word in headline_only:
        words.pop(word, None)
    _merge_plurals(words)
    scores: Counter = Counter(words)
    for phrase, count in phrases.items():
        if count >= 2 and not headline_only.intersection(phrase.split()):
            parts = phrase.split()
            scores[phrase] = count * PHRASE_BONUS * len(parts) * 0.8
    return scores, {}


def _headline_only(doc: Document, title_end: int) -> set[str]:
    """Words only the headline uses: a subject the article is about comes back in its body;
    a headline's verb ("league draws record crowd") does not."""
    body = {token.text.lower() for token in doc.tokens[title_end:]}
    return {token.text.lower() for token in doc.tokens[:title_end]} - body


def _merge_plurals(words: Counter) -> None:
    for word in list(words):
        if word.endswith("s") and word[:-1] in words:
            words[word[:-1]] += words.pop(word)


def _german_candidates(
    doc: Document, title_end: int, variants: dict[str, list[str]]
) -> tuple[Counter, dict[str, str]]:
    """German nouns: capitalised words that are not just capitalised by position; the
    inflected forms folded into a base go to ``variants``."""
    capitalised_inside = {
        token.text for token in doc.tokens if token.capitalised and not token.sentence_start
    }
    scores: Counter = Counter()
    forms: dict[str, str] = {}
    for i, token in enumerate(doc.tokens):
        text = token.text
        if not token.capitalised or token.all_caps or not _content_word(doc, i) or len(text) < 4:
            continue
        if token.sentence_start and text not in capitalised_inside:
            continue
        if _in_longer_name(doc, i):
            continue  # "Professor" of "Professor Christian Drosten"
        key = text.casefold()
        scores[key] += _weight(i, title_end)
        forms.setdefault(key, text)
    for key in list(scores):  # fold inflected forms into the base: Menschen -> Mensch
        for ending in GERMAN_ENDINGS:
            base = key[: -len(ending)]
            if key.endswith(ending) and base in scores and len(base) >= 4:
                scores[base] += scores.pop(key)
                variants.setdefault(base, []).append(key)
                break
    for key in list(scores):
        if key in doc.generic:
            scores[key] *= 0.5
    return scores, forms


def _add_proper_terms(doc: Document, title_end: int, scores: Counter, forms: dict) -> None:
    """Repeated capitalised words and acronyms that are no tagged name ("Bitcoin", "COVID").

    Where common nouns are written in lower case (all languages but German), a capitalised
    word is a name: a key term only when the headline names it too or it is coined; and a
    capital only in the headline is the headline's title case ("Google Bets on ...")."""
    if doc.lang == "de":
        candidates = [i for i, token in enumerate(doc.tokens) if token.all_caps]
    else:
        candidates = [
            i
            for i, token in enumerate(doc.tokens)
            if token.capitalised and (not token.sentence_start or token.all_caps)
        ]
    headline = {doc.texts[i] for i in candidates if i < title_end}
    in_body = {doc.texts[i] for i in candidates if i >= title_end}
    short_names = _short_names(doc)
    counts: Counter = Counter()
    for i in candidates:
        if _in_longer_name(doc, i):
            continue  # "Bay" of "Bay Area", "Estados" of "Estados Unidos"
        text = doc.texts[i]
        if text in short_names:
            continue
        if doc.lang != "de" and (text not in headline and not _coined(text) or text not in in_body):
            continue  # a name the name finders missed ("Marlowe"), a headline in title case
        if _content_word(doc, i) and doc.texts[i].casefold() not in doc.generic:
            if doc.texts[i].lower() not in doc.lower_words:
                counts[doc.texts[i]] += _weight(i, title_end)
    for text, count in counts.items():
        if count >= 2:
            key = text.casefold()
            scores[key] = max(scores.get(key, 0), count * 1.2)
            forms[key] = text


def _short_names(doc: Document) -> set[str]:
    """Acronyms the article brings in for a capitalised name: "Arbeitsgemeinschaft
    Wasserkraft (AGW)" is a name (an organisation's), no key term."""
    tokens = doc.tokens
    return {
        tokens[i].text
        for i in range(1, len(tokens))
        if tokens[i].all_caps
        and tokens[i].gap.startswith("(")
        and tokens[i - 1].capitalised
        and not tokens[i - 1].all_caps
        and not tokens[i - 1].sentence_start
    }


def _drop_name_parts(doc: Document, title_end: int, scores: Counter) -> None:
    """A capitalised word that is part of a longer name somewhere in the article is no key
    term alone, nor are its inflected forms: "Lights" of the band "Harbour Lights",
    "Kowalskis" of "Anna Kowalski", "Иванова" of "Пётр Иванов"."""
    parts = _name_parts(doc, title_end) - _alone_in_title(doc, title_end)
    if not parts:
        return
    for key in list(scores):
        if " " in key or key in doc.lower_words:
            continue  # a phrase, or a word the article also writes in lower case
        if any(_same_stem(key, part) for part in parts):
            del scores[key]


def _name_parts(doc: Document, title_end: int) -> set[str]:
    """The folded words of the article's people and of capitalised words written side by
    side as one name (in German, where nouns stand side by side, only a pair that is no
    two German nouns: see ``_foreign_pair``)."""
    tokens = doc.tokens
    parts = {
        tokens[i].text.casefold()
        for i, owner in enumerate(doc.owner)
        if owner is not None and owner.kind == "person"
    }
    german = doc.lang == "de"
    for i in range(1, len(tokens)):
        first, second = tokens[i - 1], tokens[i]
        if not _glued_capitals(first, second):
            continue
        if first.all_caps or second.all_caps or first.numeric or second.numeric:
            continue
        if any(doc.owner[j] is not None and doc.owner[j].kind == "place" for j in (i - 1, i)):
            continue  # two names side by side: "FlowNet Kenya"
        if not german and (first.sentence_start or i - 1 < title_end):
            continue  # a sentence's first word, or a title in title case
        if german and not _foreign_pair(doc, first.text, second.text, first.sentence_start):
            continue
        parts.add(first.text.casefold())
        parts.add(second.text.casefold())
    return parts


def _foreign_pair(doc: Document, first: str, second: str, opens_sentence: bool) -> bool:
    """Two capitalised words that are no two nouns of the article's language: both
    commoner in English ("Marlowe Fenwick"), or (amid a sentence, where a capital
    is no mere sentence start) one a given name or a foreign word."""
    if all(_english_lead(doc, word) > 0 for word in (first, second)):
        return True
    if opens_sentence:
        return False  # "Ob Homeoffice ...": a conjunction before a loan word
    given = doc.vocabulary.given_names
    return first in given or second in given or _foreign(doc, first) or _foreign(doc, second)


def _alone_in_title(doc: Document, title_end: int) -> set[str]:
    """The folded capitalised words the headline writes alone, not within a longer name:
    the headline names its subject ("... la nueva Ley")."""
    tokens = doc.tokens
    alone = set()
    for i in range(title_end):
        if not tokens[i].capitalised:
            continue
        before = i > 0 and _glued_capitals(tokens[i - 1], tokens[i])
        after = i + 1 < title_end and _glued_capitals(tokens[i], tokens[i + 1])
        if not (before or after):
            alone.add(tokens[i].text.casefold())
    return alone


def _glued_capitals(first, second) -> bool:
    return second.joined and not second.gap and first.capitalised and second.capitalised


def _same_stem(word: str, other: str) -> bool:
    """One word, or one an inflected form of the other ("Анзорова", "Анзоров")."""
    if word == other:
        return True
    short, long_ = sorted((word, other), key=len)
    return len(short) >= 4 and len(long_) - len(short) <= 2 and long_.startswith(short)


def _foreign(doc: Document, word: str) -> bool:
    """A word much commoner in English than in the article's language."""
    return _english_lead(doc, word) >= FOREIGN


def _english_lead(doc: Document, word: str) -> float:
    """How many Zipf points commoner ``word`` is in English than in the article's language."""
    own = commonness(word, doc.lang)
    return -9.0 if own is None else (commonness(word, "en") or 0.0) - own


def _coined(word: str) -> bool:
    """Written like a coined word, not a name: an acronym, a capital or digit inside
    ("COVID", "TideWise", "e-ID", "5G")."""
    return word.isupper() or any(char.isupper() or char.isdigit() for char in word[1:])


def _in_longer_name(doc: Document, i: int) -> bool:
    """A capitalised word glued to a capitalised neighbour: a word of a longer name."""
    tokens = doc.tokens
    token = tokens[i]
    before = i > 0 and token.joined and not token.gap and tokens[i - 1].capitalised
    before = before and not tokens[i - 1].sentence_start
    after = i + 1 < len(tokens) and tokens[i + 1].joined and not tokens[i + 1].gap
    after = after and tokens[i + 1].capitalised
    if doc.lang == "de":  # German nouns stand side by side; a tagged name is the evidence
        return any(
            j < len(tokens) and doc.owner[j] is not None and doc.owner[j].kind != "term"
            for j, glued in ((i - 1, before), (i + 1, after))
            if glued
        )
    return before or after


def _add_vocabulary_terms(doc: Document, scores: Counter, forms: dict) -> None:
    """Terms listed in the vocabulary's [terms] section always qualify when present."""
    seen: set[int] = set()
    for owner in doc.owner:
        if owner is not None and owner.kind == "term" and id(owner) not in seen:
            seen.add(id(owner))
            key = owner.display.casefold()
            scores[key] = max(scores.get(key, 0), 2.0) + 1.0
            forms[key] = owner.display


def _chained(phrase: str, other: str) -> bool:
    """Two phrases that overlap at their ends."""
    words, others = phrase.split(), other.split()
    if len(words) < 2 and len(others) < 2:
        return False
    return words[-1] == others[0] or words[0] == others[-1]
