"""archive.search.request: the search state, its validation and its URL round trip."""

import pytest

from archive.errors import QueryError
from archive.search.request import SearchRequest, describe


def test_parameters_come_back_in_canonical_order():
    request = SearchRequest.from_params(
        {"n": "25", "place": ["Djibouti", " Aden "], "q": " port ", "sort": "newest", "tag": "x"}
    )
    assert request.to_params() == [
        ("q", "port"),
        ("tag", "x"),
        ("place", "Aden"),
        ("place", "Djibouti"),
        ("sort", "newest"),
        ("n", "25"),
    ]
    assert SearchRequest.from_query_string(request.query_string()) == request


@pytest.mark.parametrize(
    "params, message",
    [
        ({"sort": "best"}, "Unknown sort 'best'"),
        ({"page": "zero"}, "'page' must be a whole number"),
        ({"page": "0"}, "'page' must be between 1 and 1000"),
        ({"n": "1000"}, "'n' must be between 1 and 100"),
        ({"year": "20x3"}, "'year' takes a year such as 2023"),
        ({"month": "2023-1"}, "'month' takes a month such as 2023-09"),
        ({"type": "blog"}, "'type' is one of"),
        ({"lang": "German"}, "(for German: de)"),
        ({"q": "lang:english"}, "(for english: en)"),
        ({"q": "date:2023-13"}, "'2023-13' is not a valid calendar date"),
        ({"tag": [str(n) for n in range(21)]}, "Too many 'tag' filters: at most 20"),
        ({"collapse": "maybe"}, "'collapse' is 1 (copies of one story as one hit"),
        ({"story": "abc"}, "'story' takes a story id (a number"),
        ({"q": "story:twelve"}, "'story' takes a story id"),
        ({"outlets": "3"}, "'outlets' is one of 1, 2-5, 6+"),
        ({"q": "copies:many"}, "'copies:' is yes (other outlets ran the story too), none"),
    ],
)
def test_bad_parameters_are_explained(params, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        SearchRequest.from_params(params)


def test_toggling_a_facet_value_is_case_insensitive():
    request = SearchRequest(filters=(("place", ("shusha",)), ("year", ("2023",))))
    assert request.toggled("place", "Shusha").filters == (("year", ("2023",)),)
    assert request.toggled("place", "Baku").selected("place") == ("Baku", "shusha")
    assert request.toggled("year", "2023").filters == (("place", ("shusha",)),)


def test_toggling_goes_back_to_page_one_and_leaving_a_year_leaves_its_months():
    request = SearchRequest.from_params({"year": "2023", "month": "2023-09", "page": "4"})
    assert request.toggled("tag", "ports").page == 1
    assert request.toggled("year", "2023").filters == ()


def test_describe_says_words_filters_and_sort():
    request = SearchRequest.from_params(
        {"q": "port", "place": ["Aden", "Djibouti"], "sort": "added"}
    )
    assert describe(request) == "“port” · Place: Aden or Djibouti · sorted: recently added"
    assert describe(SearchRequest()) == "everything"


def test_collapse_is_on_by_default_and_off_is_part_of_the_url():
    assert SearchRequest.from_params({}).collapse
    every = SearchRequest.from_params({"q": "port", "collapse": "0", "story": "12"})
    assert not every.collapse and every.selected("story") == ("12",)
    assert every.to_params() == [("q", "port"), ("story", "12"), ("collapse", "0")]
    assert SearchRequest.from_query_string(every.query_string()) == every
    assert not every.toggled("tag", "x").collapse and not every.with_page(2).collapse
    assert every.with_collapse(True).to_params() == [("q", "port"), ("story", "12")]
    assert describe(every).endswith("every copy")
