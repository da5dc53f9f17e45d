"""archive.search.results: the timeline buckets' selection and narrowing."""

from datetime import date

from archive.search.request import SearchRequest
from archive.search.results import TimelineBucket, bucket_request, bucket_selected


def test_a_month_bucket_toggles_its_month_filter():
    bucket = TimelineBucket("2023-09", 4, "month", date(2023, 9, 1), date(2023, 9, 30))
    request = SearchRequest(q="port", filters=(("year", ("2023",)),))
    narrowed = bucket_request(request, bucket)
    assert narrowed.selected("month") == ("2023-09",) and not bucket_selected(request, bucket)
    assert bucket_selected(narrowed, bucket)
    assert bucket_request(narrowed, bucket) == request


def test_a_day_bucket_adds_a_date_to_the_query_text():
    day = date(2023, 9, 19)
    bucket = TimelineBucket("2023-09-19", 2, "day", day, day)
    request = SearchRequest(q="port", filters=(("month", ("2023-09",)),), page=3)
    narrowed = bucket_request(request, bucket)
    assert narrowed.q == "port date:2023-09-19" and narrowed.page == 1
    assert narrowed.filters == request.filters
    assert bucket_selected(narrowed, bucket) and not bucket_selected(request, bucket)
