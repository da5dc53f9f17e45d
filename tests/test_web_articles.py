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


def _random_words(rng, count: int) -> list[str]:
    """News-like words: a few very common ones (the worst case for a word diff) and many rare."""
    common = ["the", "a", "of", "and", "to", "in", "said"]
    letters = "abcdefghijklmnop"
    rare = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(800)]
    return [rng.choice(common) if rng.random() < 0.3 else rng.choice(rare) for _ in range(count)]


def _paragraphs(words: list[str], size: int) -> str:
    return "\n\n".join(" ".join(words[i : i + size]) for i in range(0, len(words), size))


@pytest.mark.parametrize("paragraph_words", [60, 7000])
def test_diff_of_two_long_versions_is_fast(paragraph_words):
    """Issue 22.3: two versions of 7,000 words took half a minute (whitespace tokens, no bound)."""
    import random
    import time

    from web.diffs import diff_html

    rng = random.Random(paragraph_words)
    old = _random_words(rng, 7000)
    new = list(old)
    for n in range(0, len(new), 50):
        new[n] = "changed"
    rewritten = _random_words(rng, 7000)
    started = time.monotonic()
    before = _paragraphs(old, paragraph_words)
    html, removed, added = diff_html(before, _paragraphs(new, paragraph_words))
    _html, gone, came = diff_html(before, _paragraphs(rewritten, 60))
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"two diffs of 7,000 words took {elapsed:.1f} s"
    changed = sum(1 for n in range(0, 7000, 50) if old[n] != "changed")
    assert (removed, added) == (changed, changed)
    assert str(html).count("<ins>changed</ins>") == changed
    assert gone > 6000 and came > 6000


def test_versions_too_large_to_compare_offer_both_texts(tmp_path):
    """Issue 22.3: two 2,000,000-character versions get a quick 'too large' page and downloads."""
    import json
    import os
    import random
    import time

    from app import create_app
    from tests.support import app_settings, build_archive, write

    rng = random.Random(3)

    def export() -> str:
        body = _paragraphs(_random_words(rng, 400_000), 80)[:2_100_000]
        return json.dumps(
            {"title": "Long harbour report", "url": "https://harbour.example/long", "body": body}
        )

    page = write(tmp_path / "saved" / "long.json", export())
    build_archive(tmp_path / "arc", page)[0].close()
    page.write_text(export(), encoding="utf-8")
    stat = page.stat()
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    archive, summary = build_archive(tmp_path / "arc", page)
    assert summary.to_dict()["updated"] == 1, summary.to_dict()
    record = next(archive.iter_records())
    versions = archive.versions(record.id)
    texts = [archive.version_text(record.id, v["sha256"]) for v in versions]
    assert [len(t) for t in texts] == [2_000_000, 2_000_000]
    archive.close()
    app = create_app(app_settings(tmp_path / "arc"))
    client = app.test_client()
    a, b = versions[0]["sha256"], versions[1]["sha256"]
    started = time.monotonic()
    response = client.get(f"/articles/{record.id}/diff?a={a}&b={b}")
    elapsed = time.monotonic() - started
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and elapsed < 5, elapsed
    assert "too large to compare" in html and "<del>" not in html
    for sha, text in zip((a, b), texts, strict=True):
        link = f"/articles/{record.id}/versions/{sha}.txt"
        assert f'href="{link}"' in html
        download = client.get(link)
        assert download.mimetype == "text/plain" and download.get_data(as_text=True) == text
        assert download.headers["Content-Disposition"].startswith("attachment;")
    assert client.get(f"/articles/{record.id}/versions/{'0' * 64}.txt").status_code == 404
    app.extensions["news_archive"].close()


@pytest.fixture
def story_app(tmp_path):
    """An app over an archive holding a wire story, a copy, a version and another article."""
    from app import create_app
    from tests.support import app_settings, build_archive, wire_ids, write_wire_story

    names = write_wire_story(tmp_path / "saved")
    archive, _ = build_archive(tmp_path / "arc", tmp_path / "saved")
    ids = wire_ids(archive, names)
    archive.close()
    app = create_app(app_settings(tmp_path / "arc"))
    yield app, ids
    app.extensions["news_archive"].close()


def test_also_published_by_lists_copies_and_versions_with_shares_and_first_seen(story_app):
    app, ids = story_app
    client = app.test_client()
    html = unescape(client.get(f"/articles/{ids['copy.html']}").get_data(as_text=True))
    panel = html.split('id="story"', 1)[1].split("</section>", 1)[0]
    first = panel.split('id="first-seen"', 1)[1].split("</p>", 1)[0]
    assert "Coast Post, 2024-04-08" in first and "Record herring catch in the bay</a>" in first
    copies = panel.split('id="story-copies"', 1)[1].split("</ul>", 1)[0]
    # the copy has a local paragraph the original lacks: the original has ~4/5 of its text
    assert copies.count("<li>") == 2 and "first seen" in copies
    shares = [int(s) for s in re.findall(r"has (\d+) % of this text", copies)]
    assert len(shares) == 2 and all(60 <= s < 100 for s in shares), shares
    assert f"/articles/{ids['copy.html']}/compare/{ids['orig.html']}" in copies
    assert 'id="story-versions"' not in panel  # no other Island Herald article
    orig = unescape(client.get(f"/articles/{ids['orig.html']}").get_data(as_text=True))
    assert "First seen here" in orig
    versions = orig.split('id="story-versions"', 1)[1].split("</ul>", 1)[0]
    assert f'/articles/{ids["version.html"]}"' in versions
    other = client.get(f"/articles/{ids['other.html']}").get_data(as_text=True)
    assert 'id="story"' not in other


def test_compare_shows_a_word_diff_between_two_publications_of_a_story(story_app):
    app, ids = story_app
    client = app.test_client()
    page = client.get(f"/articles/{ids['orig.html']}/compare/{ids['version.html']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<del>harbour</del>" in html and "<ins>port</ins>" in html
    assert "1 word only here, 1 word only there." in html
    apart = client.get(f"/articles/{ids['orig.html']}/compare/{ids['other.html']}")
    assert apart.status_code == 404 and "is not a copy or version" in apart.get_data(as_text=True)


def test_both_pages_say_that_one_claims_the_others_address(claimed_address_app):
    """Issue 22.1: the page kept apart says whose address it claims (a link), and the genuine
    article's page says that another saved page claims its address (a link back)."""
    app, genuine, claimant = claimed_address_app
    client = app.test_client()
    page = client.get(f"/articles/{genuine}").get_data(as_text=True)
    notice = re.search(r'<dd class="notice" id="claimed-by">(.*?)</dd>', page, re.S)
    assert notice, page
    assert "Another saved page claims the address of this article" in notice.group(1)
    assert f'href="/articles/{claimant}">Cycle lane approved</a>' in notice.group(1)
    assert "Spam Daily" in notice.group(1)
    assert "https://www.coastpost.example/herring/#top" in notice.group(1)
    assert "<h1>Record herring catch in the bay</h1>" in page  # its own text, unchanged
    page = client.get(f"/articles/{claimant}").get_data(as_text=True)
    notice = re.search(r'<dd class="notice" id="claimed-url">(.*?)</dd>', page, re.S)
    assert notice and "claims the address of another article" in notice.group(1), page
    assert f'href="/articles/{genuine}">Record herring catch in the bay</a>' in notice.group(1)
    assert 'id="claimed-by"' not in page


def test_an_article_nobody_claims_has_no_claim_notice(client, archive):
    record = record_where(archive, title="Hamburg dockworkers strike over automation")
    page = client.get(f"/articles/{record.id}").get_data(as_text=True)
    assert 'id="claimed-by"' not in page and 'id="claimed-url"' not in page
