"""The Whoosh schema's analysis: the words a snippet marks are the words the index holds."""

from __future__ import annotations

import pytest

from archive.whoosh_backend.schema import WordAnalyzer

TEXTS = [
    "U.S. vaccine-trials; vaccine.trial a..vaccine _vaccine vaccine_ vaccines. 3.5 vaccine.",
    ".vaccine x.vaccine vaccine.x Vaccine VACCINE vaccinated, (vaccine) «Vaccine»",
    "Die Häuser am Hafen: Haus, Hauses, Häusern. Straße und Strasse; Öl.",
    "",
    "vaccine",
]


def indexed_words(analyzer, text, limit):
    """The reference: every word the analyzer gives the index, with its place in the text."""
    return [
        (t.startchar, t.endchar, t.text) for t in analyzer(text[:limit], positions=True, chars=True)
    ]


@pytest.mark.parametrize("lang", ["en", "de", None])
@pytest.mark.parametrize("text", TEXTS)
def test_matching_marks_exactly_the_indexed_words_that_are_wanted(lang, text):
    analyzer = WordAnalyzer(lang)
    keys = {k for _, _, k in indexed_words(analyzer, text, len(text))}
    for wanted in [{k} for k in keys] + [keys, {"absent"}]:
        for limit in (len(text), 20, 0):
            expected = [w for w in indexed_words(analyzer, text, limit) if w[2] in wanted]
            assert analyzer.matching(text, wanted, limit) == expected, (wanted, limit)


def test_a_word_inside_a_dotted_word_is_not_a_word_of_its_own():
    analyzer = WordAnalyzer("en")
    text = "x.vaccine vaccine.x vaccine"
    assert analyzer.matching(text, {"vaccin"}, len(text)) == [(20, 27, "vaccin")]
