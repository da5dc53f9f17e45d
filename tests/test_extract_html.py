"""extract_html on small hand-written pages, one pattern per test."""

from datetime import UTC, date, datetime, timedelta, timezone

from indexer.extract import extract_html

PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of the story tells, at some length, what the council decided, why it matters, "
    f"and who objected to the plan during the long evening session.</p>"
    for n in range(1, 6)
)


def page(head="", body="", lang="en"):
    return f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


def article(extra_head="", before="", after="", title="Council approves the new bridge"):
    return page(
        head=f"<title>{title} | Example Times</title>{extra_head}",
        body=f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>{before}"
        f"<article><h1>{title}</h1>{PARAGRAPHS}</article>{after}"
        "<footer><p>Copyright Example Times. All rights reserved, no reuse without permission.</p></footer>",
    )


def test_meta_date_wins():
    result = extract_html(
        article('<meta property="article:published_time" content="2021-05-04T10:00:00+02:00">')
    )
    assert result.date == datetime(2021, 5, 4, 10, tzinfo=timezone(timedelta(hours=2)))
    assert result.date_source == "meta"


def test_jsonld_date_and_not_modified():
    ld = (
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        '"headline":"Council approves the new bridge","datePublished":"2020-02-03T08:00:00Z",'
        '"dateModified":"2021-07-01T08:00:00Z","author":{"@type":"Person","name":"Jane Roe"}}</script>'
    )
    result = extract_html(article(ld))
    assert result.date.date() == date(2020, 2, 3) and result.date_source == "json-ld"
    assert result.authors == ["Jane Roe"]


def test_jsonld_graph_author_reference():
    ld = (
        '<script type="application/ld+json">{"@graph":[{"@type":"Article","author":{"@id":"#p1"},'
        '"datePublished":"2020-02-03"},{"@type":"Person","@id":"#p1","name":"Max Muster"}]}</script>'
    )
    assert extract_html(article(ld)).authors == ["Max Muster"]


def test_time_element_date():
    before = '<p class="meta"><time datetime="2019-11-12T09:30:00+01:00">12 Nov</time></p>'
    result = extract_html(article(before=before))
    assert result.date.date() == date(2019, 11, 12) and result.date_source == "time"


def test_url_date_from_canonical():
    head = '<link rel="canonical" href="https://example.org/2018/06/07/bridge/">'
    result = extract_html(article(head))
    assert result.date.date() == date(2018, 6, 7) and result.date_source == "url"
    assert result.url == "https://example.org/2018/06/07/bridge/"


def test_url_date_wins_over_contradicting_meta():
    head = (
        '<link rel="canonical" href="https://example.org/2018/06/07/bridge/">'
        '<meta property="article:published_time" content="2020-01-01T00:00:00Z">'
    )
    result = extract_html(article(head))
    assert result.date.date() == date(2018, 6, 7) and result.date_source == "url"


def test_future_and_pre_web_dates_are_rejected():
    future = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    head = f'<meta property="article:published_time" content="{future}"><meta name="date" content="1970-01-01">'
    before = '<p class="date">Published: 14.02.2017</p>'
    result = extract_html(article(head, before=before))
    assert result.date.date() == date(2017, 2, 14) and result.date_source == "text"


def test_text_date_label():
    before = "<div>Datum: 18.10.2021</div>"
    result = extract_html(article(before=before))
    assert result.date.date() == date(2021, 10, 18) and result.date_source == "text"


def test_title_prefers_visible_heading_and_strips_site_suffix():
    head = '<meta property="og:site_name" content="Example Times">'
    assert extract_html(article(head)).title == "Council approves the new bridge"
    only_title = page(
        head="<title>Harbour reopens after storm - Example Times</title>" + head, body=PARAGRAPHS
    )
    assert extract_html(only_title).title == "Harbour reopens after storm"


def test_title_breadcrumb_and_site_heading():
    html = page(
        head="<title>example.org » Blog Archive » Podcasts in the living room</title>",
        body="<h1>example.org</h1>" + PARAGRAPHS,
    )
    html = html.replace("<head>", '<head><link rel="canonical" href="https://example.org/p/1">')
    assert extract_html(html).title == "Podcasts in the living room"


def test_title_drops_kicker_span():
    body = (
        '<h1><span class="kicker">Traffic</span> Council approves the new bridge</h1>' + PARAGRAPHS
    )
    html = page(
        head="<meta property='og:title' content='Traffic: Council approves the new bridge'>",
        body=body,
    )
    assert extract_html(html).title == "Council approves the new bridge"


def test_byline_patterns():
    assert extract_html(
        article(before='<div class="byline">By Anna Smith and Bob Jones | May 3</div>')
    ).authors == ["Anna Smith", "Bob Jones"]
    assert extract_html(
        article(before='<span class="autor">Von Erika Mustermann, 3. Mai 2021</span>')
    ).authors == ["Erika Mustermann"]
    assert extract_html(article(before='<a rel="author" href="/u/x">Jo Doe</a>')).authors == [
        "Jo Doe"
    ]


def test_author_rejects_site_names_urls_and_handles():
    head = (
        '<meta property="og:site_name" content="Example Times">'
        '<meta name="author" content="Example Times">'
        '<meta property="article:author" content="https://facebook.com/example">'
        '<meta name="twitter:creator" content="@example">'
    )
    assert extract_html(article(head)).authors == []


def test_author_in_comments_is_ignored():
    after = '<div class="comments"><div class="comment-author">Troll Person</div><p>Nice.</p></div>'
    assert extract_html(article(after=after)).authors == []


def test_body_keeps_paragraphs_and_drops_boilerplate():
    before = '<div class="cookie-banner"><p>We use cookies to improve your experience on this site.</p></div>'
    after = (
        '<div class="share-buttons"><a href="#">Share</a></div>'
        '<div class="related-articles"><ul><li><a href="/a">Another story about bridges</a></li>'
        '<li><a href="/b">Yet another story</a></li></ul></div>'
        '<div id="comments"><p>First comment: what a waste of money this whole bridge is.</p></div>'
    )
    body = extract_html(article(before=before, after=after)).body
    assert body.count("\n\n") == 4 and body.startswith("Paragraph 1 of the story")
    for junk in ("cookies", "Another story", "First comment", "Copyright", "Home", "Share"):
        assert junk not in body
    assert "Council approves" not in body  # the headline is the title, not body text


def test_body_cuts_author_box_and_link_lists():
    inner = (
        PARAGRAPHS
        + "<h3>Über den Autor</h3><p>Max schreibt seit 20 Jahren über Brücken und Straßen.</p>"
        "<ul><li><a href='/1'>Link one</a></li><li><a href='/2'>Link two</a></li></ul>"
    )
    html = page(body=f'<div class="entry-content">{inner}</div>')
    body = extract_html(html).body
    assert "Paragraph 5" in body and "Max schreibt" not in body and "Link one" not in body


def test_body_from_br_separated_text():
    text = "<br><br>".join(
        f"Line {n} of a blog post that has no paragraph tags at all, only breaks." for n in range(8)
    )
    html = page(
        body=f"<div class='sidebar'><a href='/x'>Archive</a></div><div class='post-body'>{text}</div>"
    )
    body = extract_html(html).body
    assert "Line 0" in body and "Line 7" in body and "Archive" not in body


def test_description_tags_lang_sitename():
    head = (
        '<meta property="og:site_name" content="Example Times">'
        '<meta name="description" content="A short summary.">'
        '<meta name="keywords" content="bridges, council; city">'
        '<meta property="article:tag" content="Council">'
    )
    result = extract_html(article(head))
    assert result.description == "A short summary."
    # "city": a word of every page that the headline does not name; "council" as the article
    # writes it (indexer/extract/_tags.py)
    assert result.tags == ["council", "bridges"]
    assert result.lang == "en" and result.sitename == "Example Times"


def test_language_detected_without_declaration():
    german = "".join(
        "<p>Der Gemeinderat hat am Abend beschlossen, dass die neue Brücke gebaut wird.</p>"
        for _ in range(5)
    )
    html = "<html><head><title>Brücke</title></head><body>" + german + "</body></html>"
    assert extract_html(html).lang == "de"


def test_sitename_falls_back_to_the_title_suffix_then_the_domain():
    head = '<link rel="canonical" href="https://www.example.org/story">'
    assert extract_html(article(head)).sitename == "Example Times"
    bare = page(head=f"<title>Council approves the bridge</title>{head}", body=PARAGRAPHS)
    assert extract_html(bare).sitename == "example.org"


def test_a_dash_inside_the_headline_is_no_site_suffix():
    html = page(head="<title>Bridge approved - the council votes 7-2</title>", body=PARAGRAPHS)
    assert extract_html(html).sitename == ""


def test_latin1_bytes_with_meta_charset():
    html = article('<meta charset="iso-8859-1">', title="Straßenbau in Köln").encode("cp1252")
    result = extract_html(html)
    assert result.title == "Straßenbau in Köln"


def test_broken_input_never_raises():
    for data in (b"", b"\x00\xff\xfe", "<html><body><p>x", b"<?xml version='1.0'?><html></html>"):
        result = extract_html(data)
        assert result.date is None and isinstance(result.body, str)
