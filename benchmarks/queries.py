"""The fixed query mix, written once in the product's query language and once for FTS5.

Document frequencies below were measured on the generated corpus (generator version 1);
``run.py`` reports the actual totals of both engines for every query.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Query:
    """One query of the mix.

    ``match`` is the FTS5 MATCH expression (None: no text, a pure filter), ``facets`` the
    multi-valued filters as (field, value) pairs, ``where`` single-valued column filters and
    ``date_from``/``date_to`` a half-open range of ISO dates.
    """

    category: str
    q: str
    match: str | None = None
    facets: tuple[tuple[str, str], ...] = ()
    where: tuple[tuple[str, str], ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    extra: dict = field(default_factory=dict, hash=False, compare=False)


#: Categories of the main mix (``search_p50_ms``/``search_p95_ms``, ``fts5_p95_ms``):
#: everything but phrases, as the issue says; ``broad`` and ``phrase`` are also reported alone.
MIX_CATEGORIES = ("one_word", "two_words", "broad", "field", "date_range")

QUERIES = (
    # one word, 2-10% of articles
    Query("one_word", "telescope", match="telescope"),
    Query("one_word", "wildfire", match="wildfire"),
    Query("one_word", "sculpture", match="sculpture"),
    Query("one_word", "berlin", match="berlin"),
    # two words (AND)
    Query("two_words", "vaccine trial", match="vaccine trial"),
    Query("two_words", "drought farmers", match="drought farmers"),
    Query("two_words", "glacier turbines", match="glacier turbines"),
    # a broad word: over 30% of articles (about 58% and 48%)
    Query("broad", "government", match="government"),
    Query("broad", "police", match="police"),
    # a field filter, alone and with a word
    Query("field", "place:Berlin", facets=(("place", "Berlin"),)),
    Query("field", "election place:London", match="election", facets=(("place", "London"),)),
    Query("field", "org:NATO", facets=(("org", "NATO"),)),
    # a date range, with a word and alone
    Query(
        "date_range",
        "election date:[2020-01-01 TO 2020-12-31]",
        match="election",
        date_from="2020-01-01",
        date_to="2021-01-01",
    ),
    Query(
        "date_range",
        "vaccine date:2021",
        match="vaccine",
        date_from="2021-01-01",
        date_to="2022-01-01",
    ),
    Query("date_range", "date:2023-09", date_from="2023-09-01", date_to="2023-10-01"),
    # phrases: content words, and common words ("last year" is in about 30% of articles)
    Query("phrase", '"interest rates"', match='"interest rates"'),
    Query("phrase", '"prime minister"', match='"prime minister"'),
    Query("phrase", '"climate change"', match='"climate change"'),
    Query("phrase", '"last year"', match='"last year"'),
)


def queries_in(*categories: str) -> list[Query]:
    return [query for query in QUERIES if query.category in categories]
