"""A document's terms made directly: the very rows Whoosh's own fields yield."""

from __future__ import annotations

import pytest

from archive.whoosh_backend.document_terms import (
    FREQUENCY,
    POSITIONS,
    DocumentTerms,
    direct_kind,
)
from archive.whoosh_backend.schema import build_schema

TEXTS = [
    "",
    "Storm",
    "The storm hit the harbour of the city last year, and the year before: the storm again.",
    "Die Hafenarbeiter in Hamburg streikten auch am Montag; der Streik geht weiter.",
    "U.S. GDP grew 3.5 per cent in the U.S. (Q3); Café Ñandú, naïve résumé, ÉCOLE école",
    "word " * 300 + "of the " * 200,  # positions past 255 and 65,535 bytes of pickles
    "Москва и Киев: переговоры в Женеве, 12 декабря",
    "a\u00a0b\tc\n\nd_e f-g h'i 2024-01-05 x.y.z",
]


@pytest.fixture(scope="module")
def schema():
    return build_schema()


def test_every_text_field_is_made_directly_and_nothing_else(schema):
    kinds = {name: direct_kind(field) for name, field in schema.items()}
    assert kinds["text_en"] == kinds["title"] == kinds["byline"] == POSITIONS
    assert kinds["pairs"] == kinds["spell"] == FREQUENCY
    assert kinds["id"] is kinds["day"] is kinds["url"] is kinds["place"] is None


@pytest.mark.parametrize("text", TEXTS)
def test_the_rows_are_whooshs_own_for_every_text_field(schema, text):
    terms = DocumentTerms()  # one per document: its fields share each text's words
    for name, field in schema.items():
        kind = direct_kind(field)
        if kind:
            assert terms.rows(field, kind, text) == list(field.index(text)), name


def test_two_fields_of_one_text_get_their_own_forms(schema):
    terms = DocumentTerms()
    text = "The strikes of the dockers, the strikes of the year"
    stemmed = {row[0] for row in terms.rows(schema["text_en"], POSITIONS, text)}
    plain = {row[0] for row in terms.rows(schema["text"], POSITIONS, text)}
    pairs = {row[0] for row in terms.rows(schema["pairs"], FREQUENCY, text)}
    assert b"strike" in stemmed and b"strikes" in plain and b"strike" not in plain
    assert pairs == {b"of the", b"the year"}
