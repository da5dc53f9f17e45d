"""Titles and site names of ``_metadata`` on small hand-written pages."""

import pytest

from indexer.extract import extract_html

STORY = "".join(
    f"<p>Part {n} of the story tells, at some length, what the council decided about the ferry "
    "and who objected to the plan during the long evening session.</p>"
    for n in range(1, 5)
)


def _page(head: str, body: str) -> str:
    return f"<!DOCTYPE html><html lang='en'><head>{head}</head><body>{body}{STORY}</body></html>"


@pytest.mark.parametrize(
    "heading",
    [
        "<h1><span class='subtitle'>Ferry strike</span> Council backs the new timetable</h1>",
        "<h1><span class='article__subheadline'>Ferry strike</span><br>"
        "<span class='article__headline'>Council backs the new timetable</span></h1>",
        "<h1><span class='green small'>Ferry strike</span><span class='sr'>: </span>"
        "<span itemprop='headline'>Council backs the new timetable</span></h1>",
    ],
)
def test_kicker_inside_the_heading_is_not_the_headline(heading):
    head = "<title>Ferry strike: Council backs the new timetable | Harbour Post</title>"
    assert extract_html(_page(head, heading)).title == "Council backs the new timetable"


def test_heading_showing_the_site_name_is_skipped():
    head = (
        "<title>Ferry timetable agreed | Harbour Post</title>"
        "<meta property='og:site_name' content='The Harbour Post Blog'>"
    )
    body = "<h1 class='site-title'>Harbour Post Daily</h1><h1 class='page-title'>Timetable</h1>"
    assert extract_html(_page(head, body)).title == "Timetable"
    body = "<h1 class='top-title'>Harbour Post</h1><h2 class='post'>Ferry timetable agreed</h2>"
    assert extract_html(_page(head, body)).title == "Ferry timetable agreed"


def test_ruby_readings_are_not_part_of_the_headline():
    head = "<title>NEWS DESK|新しい橋ができる</title>"
    body = "<h1 class='article-title'><ruby>新<rt>あたら</rt></ruby>しい<ruby>橋<rt>はし</rt></ruby>ができる</h1>"
    assert extract_html(_page(head, body)).title == "新しい橋ができる"


def test_bare_bar_separates_the_site_name():
    head = "<title>NEWS DESK|Council backs the new timetable</title>"
    head += "<meta property='og:site_name' content='NEWS DESK'>"
    assert extract_html(_page(head, "")).title == "Council backs the new timetable"


def test_long_title_part_beginning_with_the_site_name_is_stripped():
    head = (
        "<title>Ferry deal - Harbour Youth Association of the North (HYAN)</title>"
        "<meta property='og:site_name' content='Harbour Youth Association'>"
    )
    assert extract_html(_page(head, "<h1>Ferry deal</h1>")).title == "Ferry deal"


def test_site_name_that_is_the_page_title_gives_its_suffix():
    title = "Council backs the new timetable after a long night | Harbour Post"
    head = f"<title>{title}</title><meta property='og:site_name' content='{title}'>"
    found = extract_html(_page(head, "<h1>Council backs the new timetable after a long night</h1>"))
    assert (found.sitename, found.title) == (
        "Harbour Post",
        "Council backs the new timetable after a long night",
    )


@pytest.mark.parametrize(
    "declared",
    [
        "{$plugin.tx_news.opengraph.site_name}",
        "{{ site.name }}",
        "%SITENAME%",
        "/HarbourTV",
        "Harbour News @harbour",
        "12.03.2021",
        "6. Jahrgang",  # an ordinal label: a volume, an edition
    ],
)
def test_template_handle_or_date_is_no_site_name(declared):
    html = _page(
        f'<meta property="og:site_name" content="{declared}">'
        '<link rel="canonical" href="https://www.harbour-news.example/a/1">',
        "<article><h1>Ferry timetable changes</h1><p>The ferry leaves at noon from now on.</p>"
        "</article>",
    )
    assert extract_html(html).sitename == "harbour-news.example"


@pytest.mark.parametrize(
    ("declared", "host", "expected"),
    [
        ("Harbour Notes | Satire | Cabaret", "harbournotes.example", "Harbour Notes"),
        ("Good Tech for All | FERRYLOG.ORG", "ferrylog.org", "FERRYLOG.ORG"),
        ("Harbour Notes | Satire", "other.example", "Harbour Notes | Satire"),  # none named
    ],
)
def test_a_tagline_beside_the_declared_site_name_is_dropped(declared, host, expected):
    html = _page(
        f'<meta property="og:site_name" content="{declared}">'
        f'<link rel="canonical" href="https://www.{host}/a/1">',
        "<article><h1>Ferry timetable changes</h1><p>The ferry leaves at noon from now on.</p>"
        "</article>",
    )
    assert extract_html(html).sitename == expected


def test_a_twitter_handle_without_at_sign_is_no_site_name():
    html = _page(
        '<meta name="twitter:site" content="harbournews_tv">'
        '<link rel="canonical" href="https://www.harbour-news.example/a/1">',
        "<article><h1>Ferry timetable changes</h1></article>",
    )
    assert extract_html(html).sitename == "harbour-news.example"


def test_site_name_with_a_slash_and_twitter_site_twin_stay():
    html = _page(
        '<meta property="og:site_name" content="Harbour/Port-Post">'
        '<meta name="twitter:site" content="Harbour/Port-Post">',
        "<article><h1>Ferry timetable changes</h1></article>",
    )
    assert extract_html(html).sitename == "Harbour/Port-Post"
