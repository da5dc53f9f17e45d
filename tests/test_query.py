from datetime import date

import pytest

from archive.errors import QueryError
from archive.query import (
    MAX_CLAUSES,
    And,
    DateRange,
    Facet,
    MatchAll,
    Not,
    Or,
    Phrase,
    Term,
    address_fallback,
    parse_query_notes,
    query_words,
    relaxed,
)
from tests.support import parse_query


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
        ("place:Shusha", Facet("place", "shusha", word=True)),
        ('org:"Defense Ministry"', Facet("org", "defense ministry")),
        ("-place:Berlin", Not(Facet("place", "berlin", word=True))),
        ('title:"port strike"', Phrase(("port", "strike"), "title")),
        ("organisation:UN", Facet("org", "un", word=True)),
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
        ("date:2023-13", "not a valid calendar date"),
        ("date:yesterday", "not a date"),
        ("date:[2021 TO 2020]", "starts"),
        ("date:[2020-01-01 TO", "Write a date range"),
        ("after:", "takes a date"),
        ("place:[a TO b]", "only with date fields"),
        ("copies:lots", "'copies:' is yes .* none, or how many outlets ran it: 1, 2-5 or 6"),
    ],
)
def test_malformed_dates_explain_themselves(text, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace("[", r"\[")):
        parse_query(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(flood", Term("flood")),
        ("flood)", Term("flood")),
        ('"red sea', Phrase(("red", "sea"))),
        ("colour:red", And((Term("colour"), Term("red")))),
        ("Breaking: flood", And((Term("Breaking"), Term("flood")))),
        ("title: flood", Term("flood", "title")),
        ("title:", Term("title")),
        ("OR flood", Term("flood")),
        ("flood OR", Term("flood")),
        ("flood NOT", Term("flood")),
        ("kennedy .", Term("kennedy")),
        ("kennedy - dallas", And((Term("kennedy"), Term("dallas")))),
        ("kennedy -dallas", And((Term("kennedy"), Not(Term("dallas"))))),
        ("what is (lift) ?", And((Term("what"), Term("is"), Term("lift")))),
        ("()", MatchAll()),
        ('""', MatchAll()),
        ("*", MatchAll()),
        ("https://www.cnn.com/2023/a-story/?utm_source=x", Facet("url", "cnn.com/2023/a-story")),
        ("cnn.com/2023/a-story.", Facet("url", "cnn.com/2023/a-story")),
        ("url:cnn.com", Facet("domain", "cnn.com")),
        ("url:cnn.com/2023/", Facet("url", "cnn.com/2023", prefix=True)),
        ("and/or U.S./Mexico", And((Term("and/or"), Term("U.S./Mexico")))),
    ],
)
def test_typed_and_pasted_text_is_never_refused(text, expected):
    assert parse_query(text) == expected


def test_long_queries_run_and_say_what_was_left_out():
    node, notices = parse_query_notes(" ".join(["w"] * 70))
    assert isinstance(node, And) and len(node.children) == MAX_CLAUSES
    assert notices == [f"Only the first {MAX_CLAUSES} of the query's 70 terms were searched."]
    node, notices = parse_query_notes("word " * 300)
    assert notices and "first 1000 characters" in notices[0]


def test_relaxed_ors_the_words_and_keeps_the_rest_required():
    tree = parse_query("flood port place:aden -river")
    assert relaxed(tree) == And(
        (Facet("place", "aden", word=True), Not(Term("river")), Or((Term("flood"), Term("port"))))
    )
    assert relaxed(parse_query("flood")) is None
    assert relaxed(parse_query("flood place:aden")) is None


def test_an_address_not_saved_falls_back_to_its_words():
    tree = parse_query("https://www.cnn.com/2023/a-story/ -sport")
    assert address_fallback(tree) == And(
        (Term("cnn"), Term("com"), Term("2023"), Term("a"), Term("story"), Not(Term("sport")))
    )
    assert address_fallback(parse_query("url:cnn.com/2023/")) is None  # a prefix: no fallback
    assert address_fallback(parse_query("flood port")) is None


def test_query_words_skip_negatives_and_fields():
    tree = parse_query('storm "red sea" -river place:Aden title:port')
    assert query_words(tree) == ["storm", "red", "sea", "port"]


@pytest.mark.parametrize("text", ["-" * 999 + "a", "(" * 500 + "a", "NOT " * 100 + "a"])
def test_deep_nesting_is_a_one_line_error_not_a_crash(text):
    with pytest.raises(QueryError, match="nests more than 32 levels"):
        parse_query(text)


def test_a_place_is_also_looked_up_by_its_canonical_name():
    assert parse_query("place:München") == Or(
        (Facet("place", "münchen", word=True), Facet("place", "munich", word=True))
    )
    assert parse_query('place:"Muenchen"') == Or(
        (Facet("place", "muenchen"), Facet("place", "munich"))
    )
    assert parse_query("place:Hamburg") == Facet("place", "hamburg", word=True)


@pytest.mark.parametrize(
    "text, buckets",
    [
        ("copies:yes", ("2-5", "6+")),
        ("copies:none", ("1",)),
        ("copies:NO", ("1",)),
        ("copies:6+", ("6+",)),
    ],
)
def test_copies_stands_for_the_outlets_per_story_values(text, buckets):
    wanted = [Facet("outlets", b) for b in buckets]
    assert parse_query(text) == (wanted[0] if len(wanted) == 1 else Or(tuple(wanted)))


def test_story_is_an_exact_value():
    assert parse_query("story:12") == Facet("story", "12")
