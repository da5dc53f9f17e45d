from datetime import date

import pytest

from archive.errors import QueryError
from archive.query import And, DateRange, Facet, MatchAll, Not, Or, Phrase, Term, parse_query, query_words


def test_words_are_anded():
    assert parse_query("flood port") == And((Term("flood"), Term("port")))


def test_empty_query_matches_all():
    assert parse_query("   ") == MatchAll()


@pytest.mark.parametrize(
    "text, tree",
    [
        ('"red sea" OR suez', Or((Phrase(("red", "sea")), Term("suez")))),
        ("flood -river", And((Term("flood"), Not(Term("river"))))),
        ("flood NOT river", And((Term("flood"), Not(Term("river"))))),
        ("a AND b", And((Term("a"), Term("b")))),
        ("(a OR b) c", And((Or((Term("a"), Term("b"))), Term("c")))),
        ("place:Shusha", Facet("place", "shusha")),
        ('org:"Defense Ministry"', Facet("org", "defense ministry")),
        ("-place:Berlin", Not(Facet("place", "berlin"))),
        ('title:"port strike"', Phrase(("port", "strike"), "title")),
        ("organisation:UN", Facet("org", "un")),
        ("energ*", Term("energ", None, prefix=True)),
    ],
)
def test_parse(text, tree):
    assert parse_query(text) == tree


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("date:2023", date(2023, 1, 1), date(2023, 12, 31)),
        ("date:2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("date:2023-09-19", date(2023, 9, 19), date(2023, 9, 19)),
        ("date:[2020-01-01 TO 2020-12-31]", date(2020, 1, 1), date(2020, 12, 31)),
        ("date:[2020 TO *]", date(2020, 1, 1), None),
        ("after:2021", date(2022, 1, 1), None),
        ("before:2021-03", None, date(2021, 2, 28)),
    ],
)
def test_dates(text, start, end):
    assert parse_query(text) == DateRange(start, end)


@pytest.mark.parametrize(
    "text, message",
    [
        ("(flood", "not closed"),
        ("flood)", "without an opening"),
        ('"red sea', "quotation mark"),
        ("colour:red", "Unknown field 'colour:'"),
        ("date:2023-13", "not a valid calendar date"),
        ("date:yesterday", "not a date"),
        ("date:[2021 TO 2020]", "starts"),
        ("date:[2020-01-01 TO", "not closed"),
        ("OR flood", "OR needs"),
        ("flood OR", "OR needs"),
        ("flood NOT", "NOT needs"),
        ("()", "Empty parentheses"),
        ("title:", "needs a value"),
        ('""', "empty phrase"),
        ("place:[a TO b]", "only with date fields"),
        ("*", "wildcard"),
        ("x" * 1001, "longer than"),
        (" ".join(["w"] * 70), "more than"),
    ],
)
def test_malformed_queries_explain_themselves(text, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace("[", r"\[")):
        parse_query(text)


def test_query_words_skip_negatives_and_fields():
    tree = parse_query('storm "red sea" -river place:Aden title:port')
    assert query_words(tree) == ["storm", "red", "sea", "port"]
