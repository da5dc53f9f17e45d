"""Article pages: provenance, tags as searches, escaping, and originals byte for byte."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from tests.conftest import HTML_PAGE, WARC_PAGES


def record_where(archive, **wanted):
    for record in archive.iter_records():
        if all(getattr(record, k) == v for k, v in wanted.items()):
            return record
    raise AssertionError(f"no record with {wanted}")


def test_article_page_shows_where_it_came_from(client, archive):
    record = record_where(archive, title="Hamburg dockworkers strike over automation")
    html = client.get(f"/articles/{record.id}").get_data(as_text=True)
    assert "<h1>Hamburg dockworkers strike over automation</h1>" in html
    assert "Harbour Gazette" in html and "Eleanor Quayle" in html
    assert "(date from: export)" in html
    assert (
        '<a href="https://harbour.example/news/hamburg-strike" rel="noopener noreferrer external"'
    ) in html
    assert "export.jsonl" in html and "item line 1" in html
    # Paragraphs of the body, each its own <p>.
    assert "<p>Container terminals in Hamburg stood idle" in html
    assert "<p>The union said talks" in html


def test_tags_link_to_faceted_searches(client, archive):
    record = record_where(archive, title="Hamburg dockworkers strike over automation")
    html = client.get(f"/articles/{record.id}").get_data(as_text=True)
    assert 'href="/search?tag=ports"' in html
    assert 'href="/search?place=Hamburg"' in html
    assert 'href="/search?source=Harbour+Gazette"' in html
    for href in set(re.findall(r'href="(/search\?(?:tag|place|term|person|org)=[^"]+)"', html)):
        data = client.get("/api" + unescape(href) + "&n=100").get_json()
        assert data["total"] <= 100, href  # all hits are on this one page...
        assert record.id in {h["id"] for h in data["hits"]}, href  # ...and the article is one
    # Dates mentioned, linked to a search of that day.
    assert "2023-10-02" in record.dates_mentioned
    assert 'href="/search?q=date%3A2023-10-02"' in html


def test_article_content_is_never_raw_html(client, archive):
    record = record_where(archive, source="Odd <Source> & Co")
    html = client.get(f"/articles/{record.id}").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "<b>bold</b>" not in html and "<b>tag</b>" not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert "Odd &lt;Source&gt; &amp; Co" in html
    # A javascript: address is shown as text, never as a link.
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html
    # Hits and snippets are escaped too.
    search = client.get("/search?q=ampersands").get_data(as_text=True)
    assert "<script>alert" not in search and "<b>bold</b>" not in search
    assert "<mark>ampersands</mark>" in search


def test_related_articles_are_listed_and_linked(client, archive):
    record = record_where(archive, title="Hamburg dockworkers strike over automation")
    html = client.get(f"/articles/{record.id}").get_data(as_text=True)
    section = html.split('id="related-heading"', 1)[1]
    links = re.findall(r'href="/articles/([0-9a-f]{16})"', section)
    assert links and record.id not in links
    assert client.get(f"/articles/{links[0]}").status_code == 200


def test_versions_are_listed(client, archive):
    record = record_where(archive, title="Sea wall plan for the port of Lerwick")
    html = client.get(f"/articles/{record.id}").get_data(as_text=True)
    assert "sea-wall.html" in html and record.origin.sha256[:16] in html


@pytest.mark.parametrize(
    "title, suffix, media",
    [
        ("Sea wall plan for the port of Lerwick", ".html", "text/html"),
        ("Storm closes Aberdeen harbour", ".jsonl", "application/x-ndjson"),
    ],
)
def test_original_is_the_saved_file_byte_for_byte(client, archive, title, suffix, media):
    record = record_where(archive, title=title)
    response = client.get(f"/articles/{record.id}/original")
    assert response.status_code == 200
    assert response.data == Path(record.origin.path).read_bytes()
    assert response.data == archive.read_original(record.origin.sha256)
    assert response.headers["Content-Type"] == media
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and Path(record.origin.path).name in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_original_of_a_warc_record_is_its_html_payload(client, archive):
    records = [r for r in archive.iter_records() if r.type == "warc"]
    assert len(records) == len(WARC_PAGES)
    payloads = set()
    for record in records:
        response = client.get(f"/articles/{record.id}/original")
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        assert response.headers["Content-Disposition"].startswith("attachment;")
        url, when, title, body = next(p for p in WARC_PAGES if p[2] == record.title)
        saved = HTML_PAGE.format(title=title, slug=url.rsplit("/", 1)[-1], date=when, body=body)
        assert response.data == saved.encode("utf-8")
        payloads.add(response.data)
    assert len(payloads) == len(records)


def test_original_of_an_unknown_version_is_404(client, archive):
    record = record_where(archive, title="Sea wall plan for the port of Lerwick")
    response = client.get(f"/articles/{record.id}/original?sha256={'0' * 64}")
    assert response.status_code == 404


def test_unknown_article_is_a_404_page(client):
    response = client.get("/articles/0123456789abcdef")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Not Found" in html and "0123456789abcdef" in html
    assert '<form class="search-form compact"' in html
    assert client.get("/articles/0123456789abcdef/original").status_code == 404
    api = client.get("/api/articles/0123456789abcdef")
    assert api.status_code == 404 and api.get_json()["error"]["status"] == 404


def test_security_headers_on_every_page(client):
    for path in ("/", "/search?q=port", "/saved", "/articles/0123456789abcdef", "/api/search"):
        headers = client.get(path).headers
        assert headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["X-Frame-Options"] == "DENY"


def test_back_to_results_keeps_query_filters_and_page(client, archive):
    html = client.get("/search?q=Hamburg&tag=ports&n=1").get_data(as_text=True)
    href = unescape(re.search(r'class="hit-title"><a href="([^"]+)"', html).group(1))
    assert "from=" in href
    article = client.get(href).get_data(as_text=True)
    back = unescape(re.search(r'<a href="([^"]+)" id="back-to-results"', article).group(1))
    assert back == "/search?q=Hamburg&tag=ports&n=1"
    # the search words are marked in the body, escaped
    assert '<mark class="search-word">Hamburg</mark>' in article
    # a broken or hostile "from" is ignored, not reflected
    record_id = href.split("?")[0].rsplit("/", 1)[1]
    plain = client.get(f"/articles/{record_id}?from=q%3Ddate%253A2023-13%3Cscript%3E").get_data(
        as_text=True
    )
    assert "back-to-results" not in plain and "<script>" not in plain.split("<main", 1)[1]


def test_highlight_words_escapes_and_marks_word_starts(app):
    from web.helpers import highlight_words

    marked = str(highlight_words("Storms <b>hit</b> the storm-wall; a brainstorm.", ["storm"]))
    assert marked == (
        '<mark class="search-word">Storms</mark> &lt;b&gt;hit&lt;/b&gt; the '
        '<mark class="search-word">storm</mark>-wall; a brainstorm.'
    )


def test_citation_block_and_twins(client, archive):
    record = record_where(archive, title="Hamburg dockworkers strike over automation")
    html = unescape(client.get(f"/articles/{record.id}").get_data(as_text=True))
    block = html.split('<pre class="citation"', 1)[1].split("</pre>", 1)[0]
    for line in (
        "Title: Hamburg dockworkers strike over automation",
        "Source: Harbour Gazette",
        "URL: https://harbour.example/news/hamburg-strike",
        f"Published: {record.date.isoformat()} (date from: export)",
        f"Archived: {record.added.isoformat()}",
        f"SHA-256 of the original: {record.origin.sha256}",
        f"Archive record: http://localhost/articles/{record.id}",
    ):
        assert line in block, line
    assert f'href="/api/articles/{record.id}"' in html
    assert f'href="/articles/{record.id}.csv"' in html
    response = client.get(f"/articles/{record.id}.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    import csv
    import io

    header, row = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    data = dict(zip(header, row, strict=True))
    assert data["SHA-256 of the original"] == record.origin.sha256
    assert data["Body"].startswith("Container terminals in Hamburg")


def test_view_the_original_inline_but_sandboxed(client, archive):
    record = record_where(archive, title="Hamburg dockworkers strike over automation")
    html = client.get(f"/articles/{record.id}").get_data(as_text=True)
    assert f'href="/articles/{record.id}/original?view=1"' in html
    response = client.get(f"/articles/{record.id}/original?view=1")
    assert response.headers["Content-Disposition"].startswith("inline;")
    csp = response.headers["Content-Security-Policy"]
    assert "sandbox" in csp.split(";")[-1] and "allow-scripts" not in csp
    assert "script-src" not in csp and "default-src 'none'" in csp
    assert response.data == archive.read_original(record.origin.sha256)


def test_a_warc_article_shows_its_capture(client, archive):
    record = next(r for r in archive.iter_records() if r.type == "warc")
    member = archive.read_member(record.origin.sha256, record.origin.member)
    html = unescape(client.get(f"/articles/{record.id}").get_data(as_text=True))
    block = html.split('id="warc-capture"', 1)[1].split("</dl>", 1)[0]
    assert member.captured in block and member.target_url in block
    assert "<dt>HTTP status</dt><dd>200</dd>" in block


@pytest.fixture
def versioned(tmp_path):
    """An app over an archive holding one article saved twice (edited) and one copy of a file."""
    import shutil

    from app import create_app
    from tests.support import app_settings, build_archive, edit_article, edited_article

    source = tmp_path / "saved"
    page = edited_article(source)
    build_archive(tmp_path / "arc", source)[0].close()
    shutil.copy(page, source / "quay-copy.html")  # the same bytes: a duplicate file
    build_archive(tmp_path / "arc", source)[0].close()
    edit_article(page)
    archive, summary = build_archive(tmp_path / "arc", page)
    assert summary.to_dict()["updated"] == 1, summary.to_dict()
    archive.close()
    app = create_app(app_settings(tmp_path / "arc"))
    yield app, source
    app.extensions["news_archive"].close()


def test_diff_between_two_versions(versioned):
    app, source = versioned
    client = app.test_client()
    archive = app.extensions["news_archive"]
    record = next(archive.iter_records())
    versions = archive.versions(record.id)
    assert len(versions) == 2
    html = unescape(client.get(f"/articles/{record.id}").get_data(as_text=True))
    form = html.split('class="diff-form"', 1)[1].split("</form>", 1)[0]
    assert 'method="get"' in form and f'value="{versions[0]["sha256"]}" selected' in form
    # both files are listed, the copy as a duplicate
    files = html.split('id="article-files"', 1)[1].split("</ul>", 1)[0]
    assert str(source / "quay.html") in files
    assert f'{source / "quay-copy.html"}</code> <span class="muted">(duplicate)' in files
    a, b = versions[0]["sha256"], versions[1]["sha256"]
    page = client.get(f"/articles/{record.id}/diff?a={a}&b={b}").get_data(as_text=True)
    assert "<del>2 million.</del>" in page or "<del>2</del>" in page
    assert "<ins>" in page and "more than planned" in page
    assert "removed" in page and "added" in page
    assert client.get(f"/articles/{record.id}/diff?a={a}&b={'0' * 64}").status_code == 404


def test_diff_escapes_the_texts():
    from web.diffs import diff_html

    html, removed, added = diff_html("a <b>x</b>\n\nend", "a <i>y</i>\n\nend")
    assert "<b>" not in str(html) and "&lt;i&gt;y&lt;/i&gt;" in str(html)
    assert (removed, added) == (1, 1)
    assert '<span class="para-break"></span>' in str(html)


def test_an_article_without_a_source_says_so_without_an_empty_filter_link(tmp_path):
    from app import create_app
    from tests.support import PARAGRAPH, app_settings, build_archive, write

    write(tmp_path / "saved" / "notes.txt", f"Notes on the harbour\n\n{PARAGRAPH}")
    archive, _summary = build_archive(tmp_path / "arc", tmp_path / "saved")
    record = next(archive.iter_records())
    archive.close()
    assert not record.source
    app = create_app(app_settings(tmp_path / "arc"))
    html = app.test_client().get(f"/articles/{record.id}").get_data(as_text=True)
    app.extensions["news_archive"].close()
    assert "unknown source" in html and "source=&" not in html and 'source="' not in html
