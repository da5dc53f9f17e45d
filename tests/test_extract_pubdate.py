"""Publication-date rules of ``_pubdate`` on small hand-written pages."""

from datetime import UTC, datetime

from indexer.extract import extract_html

STORY = "".join(
    f"<p>Part {n} of the report explains, in plain words, how the harbour was rebuilt "
    f"and what the fishermen think of the new quay.</p>"
    for n in range(1, 5)
)


def test_date_in_site_header_is_the_serving_day_not_the_publication_day():
    html = (
        "<html><head><title>Harbour rebuilt</title></head><body>"
        "<header><div class='top'><time datetime='2023-06-09T08:00:00+02:00'>Friday, 9 June 2023</time>"
        "</div><nav><a href='/'>Home</a> <a href='/port'>Port</a></nav></header>"
        f"<div class='story'><h2>Harbour rebuilt</h2><p>2 June 2023.</p>{STORY}</div></body></html>"
    )
    assert extract_html(html).date == datetime(2023, 6, 2, tzinfo=UTC)


def test_header_holding_the_headline_keeps_its_date():
    html = (
        "<html><head><title>Harbour rebuilt</title></head><body>"
        "<header><nav><a href='/'>Home</a></nav><h1>Harbour rebuilt</h1>"
        "<time datetime='2023-06-02T08:00:00+02:00'>2 June 2023</time></header>"
        f"<div>{STORY}</div></body></html>"
    )
    assert extract_html(html).date.date().isoformat() == "2023-06-02"


def test_current_time_and_registration_labels_are_skipped():
    html = (
        "<html><head><title>Forum: quay question</title></head><body>"
        "<p class='time'>Current time: 14.10.2023, 12:18</p>"
        "<div class='post'><dl><dd>Registriert: 18.09.2008, 05:56</dd></dl>"
        f"<p>Beitrag von harbourfan » 21.01.2019, 05:42</p>{STORY}</div></body></html>"
    )
    assert extract_html(html).date == datetime(2019, 1, 21, tzinfo=UTC)


def test_teaser_linking_to_the_page_itself_gives_its_date():
    teaser = "<li><a href='{href}'>{title}</a> <span class='teaser-date'>{day}</span></li>"
    html = (
        "<html><head><title>Harbour rebuilt</title>"
        "<link rel='canonical' href='/port/harbour-rebuilt-123'></head><body>"
        f"<article><h1>Harbour rebuilt</h1>{STORY}</article><ul class='more'>"
        + teaser.format(href="/port/other-story-99", title="Other story", day="01. July 2023")
        + teaser.format(
            href="/port/harbour-rebuilt-123", title="Harbour rebuilt", day="18. March 2023"
        )
        + "</ul></body></html>"
    )
    assert extract_html(html).date == datetime(2023, 3, 18, tzinfo=UTC)


def test_day_only_meta_yields_to_a_precise_timestamp_within_a_day():
    from indexer.extract import extract_html

    page = """<html><head><meta itemprop="datePublished" content="2019-10-18">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Lake report",
    "datePublished": "2019-10-19T03:00:00Z"}</script></head>
    <body><article><h1>Lake report</h1><p>The lake froze early this year, residents said.</p>
    </article></body></html>"""
    found = extract_html(page)
    assert found.date.isoformat() == "2019-10-19T03:00:00+00:00"
    assert found.date_source == "json-ld"


def test_day_only_meta_stays_when_the_timestamp_is_far_off():
    from indexer.extract import extract_html

    page = """<html><head><meta itemprop="datePublished" content="2019-10-18">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Lake report",
    "datePublished": "2019-11-25T03:00:00Z"}</script></head>
    <body><article><h1>Lake report</h1><p>The lake froze early this year, residents said.</p>
    </article></body></html>"""
    assert extract_html(page).date.date().isoformat() == "2019-10-18"


def _page_with(meta_time: str, byline: str) -> str:
    return (
        "<html><head><title>Quay opens</title>"
        f"<meta property='article:published_time' content='{meta_time}'></head><body>"
        f"<h1>Quay opens</h1><p class='byline'>{byline}</p><div>{STORY}</div></body></html>"
    )


def test_utc_timestamp_yields_to_the_local_day_the_page_shows():
    html = _page_with("2022-05-04T01:30:00Z", "Published 3 May 2022")
    assert extract_html(html).date.date().isoformat() == "2022-05-03"


def test_utc_timestamp_keeps_its_day_when_no_time_zone_reaches_the_shown_day():
    html = _page_with("2022-05-04T13:30:00Z", "Published 3 May 2022")
    assert extract_html(html).date.date().isoformat() == "2022-05-04"


def test_timestamp_with_an_offset_keeps_its_own_local_day():
    html = _page_with("2022-05-03T22:30:00-04:00", "Published 4 May 2022")
    assert extract_html(html).date.date().isoformat() == "2022-05-03"


def test_page_without_any_date_stays_undated():
    html = f"<html><head><title>Quay opens</title></head><body><h1>Quay opens</h1>{STORY}</body></html>"
    assert (extract_html(html).date, extract_html(html).date_source) == (None, None)


def _page(head: str, body: str) -> str:
    return f"<html><head><title>Quay opens</title>{head}</head><body>{body}</body></html>"


def test_generic_date_meta_yields_to_the_byline_date():
    html = _page(
        "<meta name='date' content='2022-05-20T10:00:00+02:00'>",
        f"<h1>Quay opens</h1><span class='date'>12.05.2022</span>{STORY}",
    )
    assert extract_html(html).date.date().isoformat() == "2022-05-12"


def test_timestamp_without_zone_is_not_moved_to_the_next_shown_day():
    html = _page(
        "<script type='application/ld+json'>"
        '{"@type": "NewsArticle", "datePublished": "2022-05-03 23:10:00"}</script>',
        f"<div class='date'>Tuesday, May 4, 2022 02:45 PM</div><h1>Quay opens</h1>{STORY}",
    )
    assert extract_html(html).date.date().isoformat() == "2022-05-03"


def test_date_inside_the_headline_is_its_topic_and_the_nearest_date_wins():
    html = _page(
        "",
        "<h1>Results of the regatta (2022/5/7-8)</h1><p>Harbour desk 2022/05/09</p>"
        f"{STORY}<p>The next regatta is on 2022/06/04.</p>",
    )
    assert extract_html(html).date.date().isoformat() == "2022-05-09"
    html = _page(
        "",
        "<p>Back to the newsroom 06.05.2022</p><h1>Quay opens</h1>"
        f"<p>Bookings run from 9.1.2023 to 10.2.2023.</p>{STORY}",
    )
    assert extract_html(html).date.date().isoformat() == "2022-05-06"


def test_time_of_a_reader_comment_is_not_the_article_date():
    html = _page(
        "",
        f"<h1>Quay opens</h1>{STORY}<p>Published on 16.05.2022</p>"
        "<ol class='comment-list'><li><div><a href='#c1'>"
        "<time datetime='2022-05-24T03:36:11+02:00'>24 May 2022</time></a></div>"
        "<p>Thanks for the report.</p></li></ol>",
    )
    assert extract_html(html).date.date().isoformat() == "2022-05-16"


def test_link_to_a_comment_of_the_page_is_no_teaser():
    html = _page(
        "<link rel='canonical' href='/port/quay-opens'>",
        f"<h1>Quay opens</h1><p>Harbour desk · May 2, 2022</p>{STORY}"
        "<ul><li><a href='/port/quay-opens#comment-7'>Reader</a> · May 8, 2022</li></ul>",
    )
    assert extract_html(html).date.date().isoformat() == "2022-05-02"


def test_page_showing_its_update_day_is_dated_by_it():
    head = (
        "<meta property='article:published_time' content='2021-11-22T17:42:22Z'>"
        "<meta property='article:modified_time' content='{modified}'>"
    )
    body = f"<h1>Quay opens</h1><p class='date'>Updated 1 March 2022</p>{STORY}"
    html = _page(head.format(modified="2022-03-01T09:00:00Z"), body)
    assert extract_html(html).date.date().isoformat() == "2022-03-01"
    html = _page(head.format(modified="2022-03-05T09:00:00Z"), body)  # not the update shown
    assert extract_html(html).date.date().isoformat() == "2021-11-22"


def test_url_day_does_not_override_a_date_the_page_shows():
    html = _page(
        "<link rel='canonical' href='https://example.org/news/2022/05/02/quay-opens'>"
        "<meta property='article:published_time' content='2022-05-08T06:00:00-05:00'>",
        f"<h1>Quay opens</h1><time datetime='2022-05-08T06:00:00-05:00'>08 May 2022</time>{STORY}",
    )
    assert extract_html(html).date.date().isoformat() == "2022-05-08"


def test_update_day_shown_after_the_headline_dates_the_page():
    head = (
        "<meta property='article:published_time' content='2021-11-29T14:13:37+00:00'>"
        "<meta property='article:modified_time' content='2022-01-12T14:27:30+00:00'>"
    )
    html = _page(head, f"<h1>Quay opens</h1><p>Harbour desk, 12. Januar 2022</p>{STORY}")
    assert extract_html(html).date.date().isoformat() == "2022-01-12"


def test_event_dates_are_not_publication_dates():
    html = _page(
        "",
        "<div class='field--type-daterange'>19.1.2023, 10:00-11:30</div>"
        f"<h1>Quay opens</h1><p>Photo: harbour 20.12.2022</p>{STORY}",
    )
    assert extract_html(html).date.date().isoformat() == "2022-12-20"


def test_wiki_page_is_dated_by_its_revision():
    wiki = "<meta name='generator' content='MediaWiki 1.39.0'>"
    body = (
        f"<h1>Quay</h1><p>The next meeting is on 5 February 2024.</p>{STORY}"
        "<footer><ul><li id='footer-info-lastmod'>This page was last edited on "
        "29 January 2024, at 13:22.</li></ul></footer>"
    )
    assert extract_html(_page(wiki, body)).date.date().isoformat() == "2024-01-29"
    jsonld = (
        '<script type=\'application/ld+json\'>{"@type": "Article", '
        '"datePublished": "2005-07-26T16:22:26Z", "dateModified": "2024-04-07T12:33:32Z"}'
        "</script>"
    )
    assert extract_html(_page(wiki + jsonld, body)).date.date().isoformat() == "2024-04-07"


def test_an_impossible_time_zone_drops_that_date_not_the_article():
    """Issue 22.13: ``+99:99`` made the comparison raise and rejected the whole article."""
    page = (
        b"<html><head><title>Harbour report</title>"
        b'<meta property="article:published_time" content="2023-05-02T08:00:00+99:99">'
        b"</head><body><article><h1>Harbour report</h1>"
        b'<time datetime="2023-05-03T09:00:00+02:00">3 May 2023</time>'
        b"<p>Officials said the measures would be reviewed after the winter.</p>"
        b"</article></body></html>"
    )
    result = extract_html(page)
    assert result.title == "Harbour report"
    assert result.date == datetime(2023, 5, 3, 7, 0, tzinfo=UTC) and result.date_source == "time"
