"""find_dates, URL dates and machine-readable date values."""

from datetime import date

import pytest

from indexer.extract import find_dates
from indexer.extract._dates import find_url_date, parse_date_value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It began on September 19, 2023 in the valley.", [date(2023, 9, 19)]),
        ("It began on 19 September 2023.", [date(2023, 9, 19)]),
        ("Am 19. September 2023 begann es.", [date(2023, 9, 19)]),
        ("Stand 19.09.2023, Berlin", [date(2023, 9, 19)]),
        ("Released 2023-09-19 to the public.", [date(2023, 9, 19)]),
        ("Filed Sept. 19, 2023 by the clerk.", [date(2023, 9, 19)]),
        ("Am 3. März 2021 und am 1. Dez. 2020.", [date(2021, 3, 3), date(2020, 12, 1)]),
        ("Posted 28.09.19 12:44 by a user", [date(2019, 9, 28)]),
    ],
)
def test_find_dates_forms(text, expected):
    assert find_dates(text) == expected


def test_find_dates_dedups_in_order_of_first_mention():
    text = "On 2020-11-10 and then 27 September 2020, again November 10, 2020."
    assert find_dates(text) == [date(2020, 11, 10), date(2020, 9, 27)]


@pytest.mark.parametrize(
    "text",
    ["In 2023 there were 480 cameras and 10,000 troops.", "Version 1.2.10 ships", "Call 12345678."],
)
def test_find_dates_ignores_numbers_and_years(text):
    assert find_dates(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("19.09.2023", [date(2023, 9, 19)]),  # at the very start of the text
        ("v1.19.09.2023", []),  # a dot before the day: part of a version number
        ("119.09.2023 and 3.19.09.2023", []),  # a digit or a dot before it
        ("x2023-09-19", [date(2023, 9, 19)]),  # a letter before an ISO date is no number
        ("12023-09-19 and .2023-09-19", []),
        ("Nr19 September 2023 and a.19 September 2023", []),  # a word character or dot
        ("(19 September 2023) 4.5.2021", [date(2023, 9, 19), date(2021, 5, 4)]),
        ("3.4.21 7:05 and 3.4.21 then", [date(2021, 4, 3)]),  # two-digit year: clock needed
    ],
)
def test_find_dates_boundaries(text, expected):
    """What may stand before a date's first digit (the patterns open with that digit)."""
    assert find_dates(text) == expected


def test_find_dates_rejects_impossible_days():
    assert find_dates("February 30, 2023 and 31.04.2022") == []


def test_sample_article_dates():
    text = (
        "The operation, initiated on September 19, 2023, followed the war. Over 30,000 people were "
        "affected in 1991. On September 27, 2020, the conflict escalated; it ended on November 10, 2020."
    )
    assert find_dates(text) == [date(2023, 9, 19), date(2020, 9, 27), date(2020, 11, 10)]


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.org/2020/01/20/some-story/", date(2020, 1, 20)),
        ("https://example.org/posts/2019-12-22-title", date(2019, 12, 22)),
        ("https://example.org/news/20210318/story.html", date(2021, 3, 18)),
        ("https://example.org/2020/05/story.html", None),
        ("https://example.org/article-12345678", None),
    ],
)
def test_find_url_date(url, expected):
    assert find_url_date(url) == expected


def test_parse_date_value_keeps_offset_and_day():
    found = parse_date_value("2019-12-09T19:00:49+01:00")
    assert found.date() == date(2019, 12, 9) and found.utcoffset().total_seconds() == 3600


def test_parse_date_value_naive_is_utc_and_partial_is_none():
    assert parse_date_value("22.04.2020").tzinfo is not None
    assert parse_date_value("2020") is None
    assert parse_date_value("Tue, 22 Apr 2020 10:00:00 CEST").date() == date(2020, 4, 22)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Publicado el 14 de enero de 2016 en Lima", date(2016, 1, 14)),
        ("Stand: 3. März 2021", date(2021, 3, 3)),
        ("Mis à jour le 1er août 2020", date(2020, 8, 1)),
        ("Pubblicato il 12 febbraio 2019", date(2019, 2, 12)),
        ("Atualizado em 5 de março de 2020", date(2020, 3, 5)),
        ("publié le 9 décembre 2019", date(2019, 12, 9)),
    ],
)
def test_dates_in_other_languages(text, expected):
    assert find_dates(text) == [expected]
    assert parse_date_value(text[text.index(next(c for c in text if c.isdigit())) :]).date() == (
        expected
    )


def test_east_asian_year_month_day_dates():
    assert find_dates("投稿日 2020年07月12日 | 更新 2019년 3월 5일") == [
        date(2020, 7, 12),
        date(2019, 3, 5),
    ]


def test_parse_date_value_marks_a_timestamp_without_zone():
    from indexer.extract._dates import NAIVE_UTC

    assert parse_date_value("2020-09-29 23:43:13").tzinfo is NAIVE_UTC
    assert parse_date_value("2020-09-29T23:43:13Z").tzinfo is not NAIVE_UTC
