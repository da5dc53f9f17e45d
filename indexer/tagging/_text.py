"""Tokens with the little context the patterns need: case, sentence starts, gaps."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words of letters and digits, joined by inner hyphens, apostrophes or dots; a word glued
# to an ISO date or timestamp ("Molter2021-12-14T12:00") ends where the date begins.
_WORD = re.compile(r"[^\W\d_]{2,}(?=(?:1[89]|20)\d\d-\d\d-\d\d)|[^\W_]+(?:[-'’.][^\W_]+)*")
_POSSESSIVE = ("'s", "’s")
_SENTENCE_END = re.compile(r"[.!?:;\n•|]")
_DASHES = ("-", "–", "—", "/")

#: Abbreviations after which a dot does not end the sentence.
ABBREVIATIONS = frozenset(
    "Dr Prof Mr Mrs Ms St Gen Col Lt Sgt Capt Maj Adm Gov Sen Rep Jr Sr Rev Hon Nr "
    "Dipl Ing Mag vgl bzw ca etc Abs Art Nr Str Hr Fr Co Inc Ltd Corp No Vol Mio Mrd".split()
)


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    sentence_start: bool  # first word of a sentence (or of the text)
    joined: bool  # only spaces (or a hyphen) separate it from the previous token
    possessive: bool  # an English "'s" followed it
    gap: str  # the punctuation between the previous token and this one, spaces stripped
    line_start: bool = False  # first word of a line (or of the text)

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def all_caps(self) -> bool:
        return len(self.text) > 1 and self.text.isupper()

    @property
    def numeric(self) -> bool:
        return self.text[:1].isdigit()


def tokenize(text: str) -> list[Token]:
    """Split text into word tokens, marking sentence starts and punctuation gaps."""
    tokens: list[Token] = []
    previous_end = 0
    previous: Token | None = None
    for match in _WORD.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        possessive = word.endswith(_POSSESSIVE) and len(word) > 2
        if possessive:
            word = word[:-2]
        gap = text[previous_end:start]
        if previous is not None and gap == " ":  # most gaps: no sentence end, no line break
            token = Token(word, start, end, False, not previous.possessive, possessive, "")
        else:
            token = _token_after_gap(word, start, end, possessive, gap, previous)
        tokens.append(token)
        previous, previous_end = token, end
    return tokens


def _token_after_gap(
    word: str, start: int, end: int, possessive: bool, gap: str, previous: Token | None
) -> Token:
    """The token ``word``, its context read from the ``gap`` after the ``previous`` token."""
    gap_text = gap.strip()
    if previous is None:
        sentence_start = True
    elif _SENTENCE_END.search(gap):
        sentence_start = not (
            gap_text == "." and (previous.text in ABBREVIATIONS or _is_initial(previous.text))
        )
    else:
        sentence_start = False
    joined = (
        previous is not None
        and not previous.possessive
        and "\n" not in gap
        and (not gap_text or (gap_text == "." and not sentence_start) or gap_text in _DASHES)
    )
    line_start = previous is None or "\n" in gap
    return Token(word, start, end, sentence_start, joined, possessive, gap_text, line_start)


def _is_initial(word: str) -> bool:
    """ "J" or "J.R": single capital letters."""
    return all(len(part) == 1 and part.isupper() for part in word.split("."))


def tokenize_phrase(phrase: str) -> tuple[str, ...]:
    """The token texts of a vocabulary name, as the matcher sees them."""
    return tuple(token.text for token in tokenize(phrase))
