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


def find_terms(doc: Document, title_end: int) -> list[str]:
    """3 to 8 key terms, most salient first; none for languages without a stop list."""
    if doc.lang == "de":
        scores, forms = _german_candidates(doc, title_end)
    elif doc.lang == "en":
        scores, forms = _english_candidates(doc, title_end)
    else:
        scores, forms = Counter(), {}
    _add_proper_terms(doc, title_end, scores, forms)
    _weigh_by_rarity(doc, scores)
    _add_vocabulary_terms(doc, scores, forms)
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    terms: list[str] = []
    chosen: list[str] = []
    for key, score in ranked:
        if len(terms) >= MAX_TERMS or (score < 2.0 and len(terms) >= MIN_TERMS) or score < 1.5:
            break
        if any(f" {key} " in f" {other} " or f" {other} " in f" {key} " for other in chosen):
            continue  # a word of a phrase already chosen, or the other way round
        if any(_chained(key, other) for other in chosen):
            continue  # "local anti-terror" next to "anti-terror operation"
        chosen.append(key)
        terms.append(forms.get(key, key))
    return terms


def _weigh_by_rarity(doc: Document, scores: Counter) -> None:
    """Words every article uses are no key terms; rarer words weigh more (a tf-idf without
    a corpus: the language's word frequencies stand for the documents)."""
    if commonness("a", doc.lang) is None:
        return
    lang = doc.lang
    units = _units(doc)
    for key in list(scores):
        words = key.split()  # a phrase is as common as its commonest word
        if len(words) == 1:
            common = commonness(words[0], lang)
        else:
            common = min(commonness(word, lang) for word in words)
        if common >= TOO_COMMON or _not_a_term(key) or key in units:
            del scores[key]
            continue
        if _keyness(scores[key], len(doc.tokens), common) < MIN_KEYNESS:
            del scores[key]
            continue
        rarity = RARITY_STEP ** (PLAIN - common)
        # a word used once (and not in the title) is not raised by its rarity alone
        scores[key] *= min(MAX_RARITY if scores[key] >= MIN_SCORE else 1.0, rarity)


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
    _merge_plurals(words)
    scores: Counter = Counter(words)
    for phrase, count in phrases.items():
        if count >= 2:
            parts = phrase.split()
            scores[phrase] = count * PHRASE_BONUS * len(parts) * 0.8
    return scores, {}


def _merge_plurals(words: Counter) -> None:
    for word in list(words):
        if word.endswith("s") and word[:-1] in words:
            words[word[:-1]] += words.pop(word)


def _german_candidates(doc: Document, title_end: int) -> tuple[Counter, dict[str, str]]:
    """German nouns: capitalised words that are not just capitalised by position."""
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
                break
    for key in list(scores):
        if key in doc.generic:
            scores[key] *= 0.5
    return scores, forms


def _add_proper_terms(doc: Document, title_end: int, scores: Counter, forms: dict) -> None:
    """Repeated capitalised words and acronyms that are no tagged name ("Bitcoin", "COVID")."""
    if doc.lang == "de":
        candidates = [i for i, token in enumerate(doc.tokens) if token.all_caps]
    else:
        candidates = [
            i
            for i, token in enumerate(doc.tokens)
            if token.capitalised and (not token.sentence_start or token.all_caps)
        ]
    counts: Counter = Counter()
    for i in candidates:
        if _in_longer_name(doc, i):
            continue  # "Bay" of "Bay Area", "Estados" of "Estados Unidos"
        if _content_word(doc, i) and doc.texts[i].casefold() not in doc.generic:
            if doc.texts[i].lower() not in doc.lower_words:
                counts[doc.texts[i]] += _weight(i, title_end)
    for text, count in counts.items():
        if count >= 2:
            key = text.casefold()
            scores[key] = max(scores.get(key, 0), count * 1.2)
            forms[key] = text


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
