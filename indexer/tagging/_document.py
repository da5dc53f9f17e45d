"""The tokens of one article, its mentions, and the word tests every finder shares."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import _patterns as P
from ._text import Token
from ._vocabulary import Vocabulary


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

    def plain_word_at_start(self, i: int) -> bool:
        """A capitalised word that opens a sentence and is a plain word there: a stop word
        or calendar word, or one the article also writes in lower case ("Oder ist ...").
        Such a word is a name only with other evidence (a cue, a use amid a sentence)."""
        token = self.tokens[i]
        if not token.sentence_start or token.all_caps:
            return False
        folded = token.text.casefold()
        return folded in self.stopwords or folded in self.calendar or folded in self.lower_words

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
            or is_title(token.text)
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


def is_title(word: str) -> bool:
    lowered = word.lower()
    if word in P.TITLES or (len(word) > 8 and lowered.endswith(P.TITLE_SUFFIXES)):
        return True
    parts = word.split("-")  # "Lieutenant-Colonel", "Vice-Admiral"
    return (
        len(parts) > 1
        and all(part in P.TITLES or part in P.TITLE_MODIFIERS for part in parts)
        and parts[-1] in P.TITLES
    )


def is_initials(text: str) -> bool:
    """ "M" or "J.R": one or more single capital letters (the dots are gaps or inside)."""
    if len(text) > 1 and text[1] != ".":
        return False  # "Mr", "Smith": no need to split
    parts = text.split(".")
    return all(len(part) == 1 and part.isupper() for part in parts)


def is_name_start(doc: Document, i: int) -> bool:
    token = doc.tokens[i]
    return token.capitalised and not token.numeric


def surname_like(doc: Document, i: int) -> bool:
    token = doc.tokens[i]
    return (
        token.capitalised
        and not token.all_caps
        and not token.numeric
        and len(token.text) > 1
        and token.text.casefold() not in doc.stopwords
        and token.text.casefold() not in doc.calendar
        and token.text not in P.ORG_HEADS
        and not is_title(token.text)
    )


def is_place_word(doc: Document, i: int) -> bool:
    owner = doc.owner[i]
    return (
        owner is not None
        and owner.kind == "place"
        and owner.start == i
        and owner.end == i + 1
        and doc.tokens[i].joined
        and not doc.tokens[i].gap
    )


def is_given_name(doc: Document, i: int) -> bool:
    text = doc.texts[i]
    given = doc.vocabulary.given_names
    return text in given or ("-" in text and all(part in given for part in text.split("-")))


def is_roman(text: str) -> bool:
    return all(char in "IVXLCDM" for char in text)


ARABIC_SURNAME = re.compile(r"(?:al|el|ad|as|ash|an|ar|at|az|abu|abd)-[A-Z]\w+$")
