"""Addresses as the archive compares them."""

import pytest

from archive.urls import archived_original, domains, looks_like_domain, record_addresses, url_key


@pytest.mark.parametrize(
    "written",
    [
        "https://www.example.org/news/a-story",
        "http://example.org/news/a-story/",
        "example.org/news/a-story",
        "HTTPS://WWW.Example.org:443/news/a-story?utm_source=x&utm_campaign=y#comments",
        "https://example.org/news/a-story?fbclid=abc",
    ],
)
def test_one_address_however_it_is_written(written):
    assert url_key(written) == "example.org/news/a-story"


def test_parameters_that_name_the_page_stay_sorted():
    assert url_key("https://a.org/view?b=2&id=7&utm_term=z") == "a.org/view?b=2&id=7"
    assert url_key("https://a.org/view?id=7&b=2") == url_key("https://a.org/view?b=2&id=7")
    assert url_key("https://a.org/view?id=8") != url_key("https://a.org/view?id=7")


def test_ports_idna_and_nonsense():
    assert url_key("http://a.org:8080/x") == "a.org:8080/x"
    assert url_key("https://xn--fhre-loa.de/x") == "fähre.de/x"
    assert url_key("") == url_key(None) == url_key("http://") == ""
    assert url_key("http://[::1") == ""  # an invalid address is no address, not an error


def test_domains_and_what_looks_like_one():
    assert domains("https://edition.news.cnn.com/x") == [
        "edition.news.cnn.com",
        "news.cnn.com",
        "cnn.com",
    ]
    assert domains("localhost/x") == []
    assert looks_like_domain("bbc.co.uk") and not looks_like_domain("Harbour Gazette")


@pytest.mark.parametrize(
    ("copy", "original"),
    [
        (
            "https://web.archive.org/web/20130307194448/http://example.org/2008/05/a.html",
            "http://example.org/2008/05/a.html",
        ),
        (
            "http://web.archive.org/web/2019id_/https://news.example/b?id=3",
            "https://news.example/b?id=3",
        ),
        ("https://web.archive.org/web/20200101000000/http:/old.example/c", "http://old.example/c"),
        ("https://archive.org/web/20200101000000/news.example/d", "news.example/d"),
        ("https://web.archive.org/web/20200101000000/", None),
        ("https://archive.org/details/some-book", None),
        ("https://news.example/web/20200101/x", None),
        (None, None),
    ],
)
def test_a_web_archive_copy_names_the_address_it_was_captured_from(copy, original):
    assert archived_original(copy) == original


def test_a_web_archive_copy_is_found_by_its_own_address_and_the_original():
    keys, names = record_addresses(
        "https://web.archive.org/web/20130307194448/http://www.example.org/a.html"
    )
    assert keys == [
        "web.archive.org/web/20130307194448/http://www.example.org/a.html",
        "example.org/a.html",
    ]
    assert names == ["web.archive.org", "archive.org", "example.org"]
    assert record_addresses("https://example.org/a") == (["example.org/a"], ["example.org"])
