"""The search page: URL state, facets against a brute-force count, timeline, paging, errors."""

from __future__ import annotations

import csv
import io
import random
import re
from collections import Counter
from dataclasses import replace
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from archive import stories
from archive.facets import VALUE_FACETS
from archive.search import FACET_NAMES, SearchRequest

#: Each facet's values on a record, as the brute-force count sees them.
FACET_OF = {
    **{f.name: f.values for f in VALUE_FACETS},
    "year": lambda r: [str(r.date.year)] if r.date else [],
    "month": lambda r: [f"{r.date.year}-{r.date.month:02d}"] if r.date else [],
}


def brute_matches(records, req: SearchRequest):
    """Records passing every filter (any value of a facet matches), without the engine."""
    out = []
    for r in records:
        if all(
            {v.lower() for v in FACET_OF[name](r)} & {v.lower() for v in values}
            for name, values in req.filters
        ):
            out.append(r)
    return out


def brute_counts(records, name):
    counts = Counter()
    for r in records:
        for value in {v.lower(): v for v in FACET_OF[name](r)}.values():
            counts[value] += 1
    return counts


def all_hit_ids(client, params) -> list[str]:
    ids, page = [], 1
    while True:
        every = {**params, "n": 100, "page": page, "collapse": 0}  # every copy of a story
        data = client.get("/api/search", query_string=every).get_json()
        ids += [h["id"] for h in data["hits"]]
        if page >= data["pages"]:
            return ids
        page += 1


def indexed_records(archive):
    """The records as indexed: with their story layer (the "outlets per story" facet)."""
    return stories.laid_over(archive.db, list(archive.iter_records()))


# ------------------------------------------------------------------ URL state
STATES = [
    SearchRequest(),
    SearchRequest(q="port"),
    SearchRequest(q='"red sea" OR flood -storm', sort="newest", page=3, per_page=2),
    SearchRequest(q="Zürich", filters=(("tag", ("Klima", "Zürich")), ("lang", ("de",)))),
    SearchRequest(
        filters=(("place", ("Hamburg",)), ("year", ("2023",)), ("month", ("2023-10", "2023-11"))),
        sort="oldest",
    ),
    SearchRequest(q="a&b=c?d#e", filters=(("tag", ("Washington, D.C.",)),)),
]


@pytest.mark.parametrize("state", STATES)
def test_state_url_state_round_trip(app, state):
    with app.test_request_context():
        from web.helpers import search_url

        url = search_url(state)
    parsed = urlsplit(url)
    assert parsed.path == "/search"
    again = SearchRequest.from_params(_multi(parsed.query))
    assert again == state
    with app.test_request_context():
        assert search_url(again) == url


def _multi(query: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in parse_qsl(query):
        out.setdefault(key, []).append(value)
    return out


def test_equal_searches_give_equal_urls(client):
    """Shuffled parameter order, duplicates and defaults spelled out: one canonical URL."""
    params = [
        ("q", "port"),
        ("tag", "ports"),
        ("tag", "labour"),
        ("place", "Hamburg"),
        ("sort", "relevance"),
        ("page", "1"),
        ("n", "10"),
    ]
    targets = set()
    rng = random.Random(4)
    for _ in range(5):
        rng.shuffle(params)
        response = client.get("/search?" + urlencode(params + [("tag", "ports")]))
        assert response.status_code == 302
        targets.add(response.headers["Location"])
    assert targets == {"/search?q=port&tag=labour&tag=ports&place=Hamburg"}
    assert client.get(targets.pop()).status_code == 200


def test_canonical_url_is_served_without_redirect_and_linked(client):
    response = client.get("/search?q=port&tag=ports")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<link rel="canonical" href="http://localhost/search?q=port&amp;tag=ports">' in html
    assert 'id="permalink" href="http://localhost/search?q=port&amp;tag=ports"' in html
    assert 'value="port"' in html  # the box keeps the query


def test_home_with_parameters_redirects_to_search(client):
    response = client.get("/?q=port")
    assert response.status_code == 302
    assert response.headers["Location"] == "/search?q=port"


def test_form_carries_filters_and_sort_but_not_page(client):
    html = client.get("/search?q=port&tag=ports&sort=newest&page=2&n=2").get_data(as_text=True)
    form = html.split('<form class="search-form"', 1)[1].split("</form>", 1)[0]
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)
    assert hidden == [("tag", "ports"), ("sort", "newest")]
    assert '<option value="2" selected>2</option>' in form  # the page size stays, in its select


# ------------------------------------------------------------------ facets
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"tag": "ports"},
        {"tag": ["ports", "energy"]},
        {"lang": "en", "year": "2023"},
        {"type": "json", "place": ["Hamburg", "Scotland"]},
        {"tag": "Washington, D.C."},
    ],
)
def test_facet_counts_match_a_brute_force_count(client, archive, params):
    records = indexed_records(archive)
    req = SearchRequest.from_params(params)
    matches = brute_matches(records, req)
    data = client.get("/api/search", query_string=params).get_json()
    assert data["total"] == len(matches)
    assert sorted(all_hit_ids(client, params)) == sorted(r.id for r in matches)
    for name, facet in data["facets"].items():
        # Multi-select: a facet is counted over the matches of every *other* filter.
        others = replace(req, filters=tuple((n, v) for n, v in req.filters if n != name))
        expected = brute_counts(brute_matches(records, others), name)
        got = {v["value"]: v["count"] for v in facet["values"] if v["count"]}
        assert got == dict(expected), name


@pytest.mark.parametrize("q", ["port", "Hamburg OR Bergen", "port -Hamburg", "date:2023"])
def test_facet_counts_agree_with_the_hits_of_a_text_query(client, archive, q):
    ids = set(all_hit_ids(client, {"q": q}))
    assert ids
    matches = [r for r in indexed_records(archive) if r.id in ids]
    data = client.get("/api/search", query_string={"q": q}).get_json()
    assert data["total"] == len(ids)
    for name, facet in data["facets"].items():
        got = {v["value"]: v["count"] for v in facet["values"]}
        assert got == dict(brute_counts(matches, name)), name
    # Following a facet value gives exactly its count.
    for value in data["facets"]["tag"]["values"][:4]:
        narrowed = client.get(value["toggle_url"]).get_json()
        assert narrowed["total"] == value["count"]


def test_facet_links_toggle_and_chips_remove(client):
    html = client.get("/search?q=port").get_data(as_text=True)
    assert 'href="/search?q=port&amp;tag=ports"' in html
    html = client.get("/search?q=port&tag=ports").get_data(as_text=True)
    chips = html.split('<ul class="chips">', 1)[1].split("</ul>", 1)[0]
    assert 'href="/search?q=port"' in chips and "Tag:" in chips
    facet = html.split('id="facet-tag"', 1)[1].split("</section>", 1)[0]
    selected = re.search(
        r'<a href="([^"]+)" class="facet-value selected" aria-current="true">', facet
    )
    assert selected and unescape(selected.group(1)) == "/search?q=port"
    assert "Clear all filters" in html


def test_several_values_of_one_facet_mean_any_of_them(client):
    one = client.get("/api/search?tag=energy").get_json()["total"]
    other = client.get("/api/search?tag=erosion").get_json()["total"]
    both = client.get("/api/search?tag=energy&tag=erosion").get_json()["total"]
    assert both == one + other  # no article has both tags in the fixtures


def test_month_facet_appears_within_a_selected_year(client):
    data = client.get("/api/search?year=2023").get_json()
    assert "month" in data["facets"]
    months = {v["value"] for v in data["facets"]["month"]["values"]}
    assert months and all(m.startswith("2023-") for m in months)
    assert "month" not in client.get("/api/search").get_json()["facets"]
    # Leaving the year leaves its months too.
    html = client.get("/search?year=2023&month=2023-11").get_data(as_text=True)
    assert 'href="/search?month=2023-11"' not in html


def test_long_facets_have_a_no_script_more_list(app, client):
    app.extensions["settings"] = app.extensions["settings"].with_values(facet_values_shown=2)
    html = client.get("/search").get_data(as_text=True)
    facet = html.split('id="facet-tag"', 1)[1].split("</section>", 1)[0]
    assert '<details class="facet-more">' in facet
    shown, more = facet.split('<details class="facet-more">', 1)
    assert shown.count('class="facet-value') == 2
    assert more.count('class="facet-value') >= 1


# ------------------------------------------------------------------ timeline
def test_timeline_bars_link_to_their_period_with_counts(client):
    html = client.get("/search?q=port").get_data(as_text=True)
    chart = html.split('<svg class="timeline-chart"', 1)[1].split("</svg>", 1)[0]
    bars = re.findall(r'<g role="listitem"><a href="([^"]+)" aria-label="([^"]+)"', chart)
    assert bars
    data = {
        b["label"]: b["count"]
        for b in client.get("/api/search?q=port").get_json()["timeline"]["buckets"]
    }
    for href, label in bars:
        period, count = re.match(r"(\d{4}(?:-\d\d)?): (\d+) article", label).groups()
        assert data[period] == int(count)
        narrowed = client.get("/api" + unescape(href)).get_json()
        assert narrowed["total"] == int(count)
    assert "undated not shown" in html  # the note without a date is counted apart


# ------------------------------------------------------------------ paging and sorting
def test_paging_through_all_results_gives_each_hit_once(client):
    total = client.get("/api/search?q=port").get_json()["total"]
    seen, page = [], 1
    while True:
        html = client.get(
            f"/search?q=port&page={page}&n=2&collapse=0"
            if page > 1
            else "/search?q=port&n=2&collapse=0"
        ).get_data(as_text=True)
        seen += re.findall(r'<h3 class="hit-title"><a href="/articles/([0-9a-f]{16})[?"]', html)
        match = re.search(r'<a href="([^"]+)" rel="next">', html)
        if not match:
            break
        page += 1
        assert unescape(match.group(1)) == f"/search?q=port&page={page}&n=2&collapse=0"
    assert len(seen) == total == len(set(seen))
    assert f'start="{2 * (page - 1) + 1}"' in html


def test_sort_newest_orders_by_date_undated_last(client):
    hits = client.get("/api/search?q=port&sort=newest&n=100").get_json()["hits"]
    dates = [h["date"] for h in hits]
    dated = [d[:10] for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates[-1] is None


def test_page_past_the_end_says_so(client):
    response = client.get("/search?q=port&page=40")
    assert response.status_code == 200
    assert "No matches on page 40" in response.get_data(as_text=True)


# ------------------------------------------------------------------ empty states and errors
def test_empty_archive_says_how_to_add_articles(empty_app):
    html = empty_app.test_client().get("/").get_data(as_text=True)
    folder = empty_app.extensions["settings"].archive_dir
    assert "This archive is empty" in html and f"archive --archive {folder} index" in html


def test_no_results_suggests_next_steps(client):
    html = client.get("/search?q=zzyzzx&tag=ports").get_data(as_text=True)
    assert "No articles match" in html
    assert 'href="/search?q=zzyzzx"' in html  # remove the filter
    assert "browse everything" in html


def test_did_you_mean_links_to_the_corrected_search(client):
    html = client.get("/search?q=dockworkrs").get_data(as_text=True)
    match = re.search(r'Did you mean <a href="([^"]+)"', html)
    assert match, "no suggestion"
    assert client.get("/api" + unescape(match.group(1))).get_json()["total"] > 0


@pytest.mark.parametrize(
    "query, message",
    [
        ("date:yesterday", "is not a date"),
        ("after:", "takes a date"),
        ("date:2023-13", "not a valid calendar date"),
    ],
)
def test_malformed_query_keeps_the_text_and_explains(client, query, message):
    response = client.get("/search", query_string={"q": query, "tag": "ports"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in unescape(html)
    assert f'value="{query}"' in html
    assert 'aria-invalid="true"' in html
    assert '<input type="hidden" name="tag" value="ports">' in html


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "flood OR", "nosuchfield:x", "Breaking: port", "x " * 600, "port .", "(port"],
)
def test_typed_and_pasted_queries_are_never_refused(client, query):
    page = client.get("/search", query_string={"q": query}, follow_redirects=True)
    assert page.status_code == 200
    api = client.get("/api/search", query_string={"q": query})
    assert api.status_code == 200
    if len(query) > 1000:
        assert "first 1000 characters" in api.get_json()["notice"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"page": "abc"}, "'page' must be a whole number"),
        ({"page": "0"}, "'page' must be between"),
        ({"sort": "best"}, "Unknown sort"),
        ({"n": "1000"}, "'n' must be between"),
        ({"year": "20x3"}, "'year' takes a year"),
        ({"month": "2023-99"}, "not a valid calendar date"),
    ],
)
def test_bad_parameters_are_400_with_a_reason(client, params, message):
    response = client.get("/search", query_string=params)
    assert response.status_code == 400
    assert message in unescape(response.get_data(as_text=True))
    api = client.get("/api/search", query_string=params)
    assert api.status_code == 400
    assert message in api.get_json()["error"]["message"]


FUZZ_VALUES = [
    "",
    " ",
    "-1",
    "0",
    "1e3",
    "99999999999999999999",
    "NaN",
    "1.5",
    "2023-02-30",
    "\x00",
    "a\x00b",
    "ü" * 300,
    "\U0001f600",
    "<script>",
    "' OR 1=1 --",
    "%00",
    "[",
    "]",
    "(",
    ")",
    '"',
    "*",
    "**",
    "-",
    "NOT",
    "AND",
    "OR",
    "date:[",
    "x" * 5000,
    "\ud7ff",
    "\u202e",
    "../../etc/passwd",
    "date:[2020 TO 2010]",
    "tag:",
    "9999",
]
FUZZ_KEYS = [
    "q",
    "page",
    "n",
    "sort",
    "year",
    "month",
    "tag",
    "place",
    "source",
    "lang",
    "type",
    "unknown",
    "q[]",
    "",
    "\x00",
]


@pytest.mark.parametrize("path", ["/search", "/", "/api/search", "/search.csv", "/search.jsonl"])
def test_no_parameters_give_a_500(client, path):
    rng = random.Random(path)
    for _ in range(120):
        params = [
            (rng.choice(FUZZ_KEYS), rng.choice(FUZZ_VALUES)) for _ in range(rng.randint(1, 4))
        ]
        response = client.get(path + "?" + urlencode(params))
        assert response.status_code in (200, 302, 400), (params, response.status_code)
        response.close()
        if response.status_code == 302:  # to the canonical URL, which is served as is
            response = client.get(response.headers["Location"])
            assert response.status_code in (200, 400), (params, response.status_code)
            response.close()


@pytest.mark.parametrize(
    "path",
    [
        "/articles/%00",
        "/articles/..%2F..%2Fetc",
        "/articles/" + "a" * 300,
        "/articles/0123456789abcdef/original?sha256=%00",
        "/api/articles/%F0%9F%98%80",
        "/saved/%00/feed.atom",
        "/saved/" + "x" * 500 + "/feed.atom",
        "/nope",
        "/static/..%2Fapp.py",
    ],
)
def test_odd_paths_are_404_not_500(client, path):
    assert client.get(path).status_code == 404


def test_every_facet_name_is_accepted_as_a_parameter(client):
    for name in FACET_NAMES:
        value = {"year": "2023", "month": "2023-11", "lang": "de", "type": "html", "story": "1"}
        value = {**value, "outlets": "2-5"}.get(name, "x")
        assert client.get("/api/search", query_string={name: value}).status_code == 200


def test_timeline_draws_at_most_max_bars(app):
    from archive.search import SearchResult, TimelineBucket
    from web.timeline import MAX_BARS, timeline_chart

    buckets = [TimelineBucket(str(y), 1, "year", None, None) for y in range(1800, 2001)]
    result = SearchResult(SearchRequest(), 201, [], [], buckets, "year", 0)
    with app.test_request_context():
        chart = timeline_chart(SearchRequest(), result)
    assert len(chart.bars) == MAX_BARS
    assert chart.earlier == 201 - MAX_BARS and chart.last == "2000"


@pytest.mark.parametrize("name, value", [("type", "docx"), ("lang", "german")])
def test_impossible_type_and_lang_filters_are_explained(client, name, value):
    response = client.get("/api/search", query_string={name: value})
    assert response.status_code == 400
    assert "such as en, de" in response.get_data(
        as_text=True
    ) or "html, text, warc, json, mhtml, pdf" in response.get_data(as_text=True)


def test_page_size_choice(client):
    html = client.get("/search?q=port").get_data(as_text=True)
    select = html.split('<select id="page-size" name="n">', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="(\d+)"', select) == ["10", "25", "50", "100"]
    assert '<option value="10" selected>' in select
    response = client.get("/search?q=port&n=25")
    assert response.status_code == 200
    assert '<option value="25" selected>' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "args, location",
    [
        (
            "q=port&from_date=2023-03-01&to_date=2023-09-30&n=10",
            "/search?q=port+after%3A2023-02-28+before%3A2023-10-01",
        ),
        (
            "q=&from_date=2024-01-01&to_date=&tag=ports&page=3",
            "/search?q=after%3A2023-12-31&tag=ports",
        ),
        ("to_date=2020-12-31", "/search?q=before%3A2021-01-01"),
    ],
)
def test_from_and_to_dates_become_after_and_before(client, args, location):
    response = client.get("/search?" + args)
    assert response.status_code == 303
    assert response.headers["Location"] == location
    assert client.get(location).status_code == 200


def test_a_bad_from_date_is_explained(client):
    response = client.get("/search?q=port&from_date=2023-13-01")
    assert response.status_code == 400
    assert "from date must be a date" in response.get_data(as_text=True)


def test_timeline_has_year_labels_under_its_bars_that_link_to_the_year(client):
    html = client.get("/search").get_data(as_text=True)
    labels = html.split('<ol class="timeline-labels"', 1)[1].split("</ol>", 1)[0]
    bars = html.split('<svg class="timeline-chart"', 1)[1].split("</svg>", 1)[0]
    assert labels.count("<li>") == bars.count('role="listitem"')  # one slot per bar
    years = re.findall(r'<a href="/search\?year=(\d{4})">(\d{4})</a>', labels)
    assert years and all(a == b for a, b in years)
    year = years[0][0]
    page = client.get(f"/search?year={year}").get_data(as_text=True)
    assert "Matches per month" in page  # a year's bars are its months


def test_year_labels_thin_out_when_there_are_many(app):
    from archive.search import SearchResult, TimelineBucket
    from web.timeline import MAX_LABELS, timeline_chart

    buckets = [TimelineBucket(str(y), 1, "year", None, None) for y in range(1950, 2001)]
    result = SearchResult(SearchRequest(), 51, [], [], buckets, "year", 0)
    with app.test_request_context():
        chart = timeline_chart(SearchRequest(), result)
    shown = [text for text, _ in chart.labels if text]
    assert len(chart.labels) == 51 and 1 < len(shown) <= MAX_LABELS and shown[0] == "1950"


def test_timeline_goes_from_a_month_to_its_days(client):
    months = client.get("/api/search?q=port").get_json()["timeline"]["buckets"]
    month = next(b for b in months if b["count"])["label"]
    if len(month) == 4:  # years shown: pick that year's first month with matches
        year_months = client.get(f"/api/search?q=port&year={month}").get_json()["timeline"][
            "buckets"
        ]
        month = next(b for b in year_months if b["count"])["label"]
    html = unescape(client.get(f"/search?q=port&month={month}").get_data(as_text=True))
    assert "Matches per day" in html
    days = re.findall(r'<a href="(/search\?q=port\+date%3A(\d{4}-\d{2}-\d{2})&month=[^"]+)"', html)
    assert days and all(d.startswith(month) for _, d in days)
    total = client.get(f"/api/search?q=port&month={month}").get_json()["total"]
    counted = sum(
        client.get(f"/api/search?q=port+date:{d}&month={month}").get_json()["total"]
        for _, d in days
    )
    assert counted == total


def test_an_error_page_keeps_the_page_size(client):
    response = client.get("/search?q=date:2023-13&n=25")
    assert response.status_code == 400
    assert '<option value="25" selected>' in response.get_data(as_text=True)


def test_articles_with_some_of_the_words_come_under_their_own_heading(client):
    data = client.get("/api/search", query_string={"q": "hamburg automation strike"}).get_json()
    assert 0 < data["exact_total"] < data["total"], data  # the fixture has both kinds
    html = client.get("/search", query_string={"q": "hamburg automation strike"}).get_data(
        as_text=True
    )
    exact, _, partial = html.partition('id="partial-heading"')
    assert partial, "no heading before the articles with some of the words"
    assert exact.count('class="hit"') == data["exact_total"]
    assert partial.count('class="hit"') == len(data["hits"]) - data["exact_total"]
    assert "all of your words; these articles have some of them" in partial.split("</h3>")[0]
    exact = data["exact_total"]
    assert _headline(html) == f"{exact} match{'' if exact == 1 else 'es'}"  # not the others


def _headline(html: str) -> str:
    return re.search(r'id="results-heading">([^<]*)</h2>', html).group(1)


def test_the_headline_counts_the_articles_with_every_word(client):
    data = client.get("/api/search", query_string={"q": "dockworkers zzyzzx"}).get_json()
    assert data["exact_total"] == 0 < data["total"], data
    html = client.get("/search", query_string={"q": "dockworkers zzyzzx"}).get_data(as_text=True)
    some = data["total"]
    assert _headline(html) == (
        f"No article has all of these words; {some} {'has' if some == 1 else 'have'} some of them"
    )
    assert f"all {some} articles found (0 with all the words, {some} with some)" in html


@pytest.mark.parametrize(
    "pasted, words",
    [
        ("https://hamburg.strike/dockworkers", "{exact} {articles_have} its words:"),
        ("https://harbour.example/news/hamburg", "No article has all its words; {some} have some"),
    ],
)
def test_an_unsaved_address_says_so_alone_above_its_words_own_count(client, pasted, words):
    data = client.get("/api/search", query_string={"q": pasted}).get_json()
    assert data["address_notice"] == "No article saved from this address is in the archive."
    assert data["notice"] is None, data
    html = client.get("/search", query_string={"q": pasted}).get_data(as_text=True)
    assert _headline(html) == data["address_notice"]  # no "N matches" above it
    exact, some = data["exact_total"], data["total"] - data["exact_total"]
    expected = words.format(
        exact=exact, some=some, articles_have="article has" if exact == 1 else "articles have"
    )
    assert re.search(r'id="address-words"[^>]*>([^<]*)</p>', html).group(1).startswith(expected)
    assert html.index('id="address-words"') < html.index('class="hit"')


def test_what_was_left_out_of_a_query_is_said_on_the_page(client):
    page = client.get("/search", query_string={"q": "port " * 300}, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert 'id="query-notice"' in html and "first 1000 characters" in html


def test_the_page_offers_exports_with_the_some_words_articles_only_when_it_shows_them(client):
    html = client.get("/search", query_string={"q": "hamburg automation strike"}).get_data(
        as_text=True
    )
    offer = re.search(r'<p class="exports" id="exports-partial">(.*?)</p>', html).group(1)
    links = [unescape(h) for h in re.findall(r'href="([^"]+)"', offer)]
    assert [link.split("?")[0] for link in links] == [
        "/search.csv",
        "/search.jsonl",
        "/search.atom",
    ]
    assert all(link.endswith("&partial=1") for link in links)
    rows = csv.DictReader(io.StringIO(client.get(links[0]).get_data(as_text=True)))
    assert "true" in {row["partial"] for row in rows}
    exact_only = client.get("/search", query_string={"q": "port"}).get_data(as_text=True)
    assert 'id="exports-partial"' not in exact_only


# ------------------------------------------------------------------ stories
@pytest.fixture
def wire_client(tmp_path):
    from tests.support import browser_client, wire_story_app

    with wire_story_app(tmp_path) as (app, ids):
        yield browser_client(app), ids


def test_copies_collapse_into_one_hit_that_lists_the_others_without_script(wire_client):
    client, ids = wire_client
    html = client.get("/search?q=herring&sort=oldest").get_data(as_text=True)
    assert "3 articles in 1 story" in html
    hits = re.findall(r'<h3 class="hit-title"><a href="/articles/([0-9a-f]{16})[?"]', html)
    assert hits == [ids["orig.html"]]
    details = html.split('<details class="story-more">', 1)[1].split("</details>", 1)[0]
    assert "<summary>+ 2 (1 other outlet)</summary>" in details
    assert "First seen: this article, 2024-04-08" in details
    listed = re.findall(r'href="/articles/([0-9a-f]{16})[?"]', details)
    assert listed == [ids["copy.html"], ids["version.html"]]
    every = re.search(r'class="story-all" href="([^"]+)"', details).group(1)
    story = stories.story_of(client.application.extensions["news_archive"].db, ids["orig.html"])
    assert unescape(every) == f"/search?story={story}&sort=oldest&collapse=0"
    listing = client.get(unescape(every)).get_data(as_text=True)
    assert len(re.findall(r'<h3 class="hit-title">', listing)) == 3
    assert "One of 3 articles of a story" in listing


def test_collapse_0_shows_every_copy_and_the_toggle_goes_back(wire_client):
    client, ids = wire_client
    html = client.get("/search?q=herring&collapse=0").get_data(as_text=True)
    assert len(re.findall(r'<h3 class="hit-title">', html)) == 3
    toggle = re.search(r'<p class="collapse-toggle"><a href="([^"]+)">One hit per story', html)
    assert unescape(toggle.group(1)) == "/search?q=herring"
    assert 'name="collapse" value="0"' in html  # the query box keeps it
    assert client.get("/search?q=herring&collapse=2").status_code == 400


def test_the_outlets_facet_and_the_story_filter(wire_client):
    client, ids = wire_client
    data = client.get("/api/search?collapse=0").get_json()
    assert {v["value"]: v["count"] for v in data["facets"]["outlets"]["values"]} == {
        "2-5": 3,
        "1": 1,
    }
    assert "story" not in data["facets"]
    alone = client.get("/api/search?q=copies:none").get_json()
    assert [h["id"] for h in alone["hits"]] == [ids["other.html"]]
