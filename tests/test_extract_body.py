"""Body rules of ``_body`` on small hand-written pages: credits, captions, promotion."""

import pytest

from indexer.extract import article_text, extract_html

STORY = "".join(
    f"<p>Paragraph {n} describes how the orchard survived the frost, which trees were lost "
    f"and what the growers will plant next spring.</p>"
    for n in range(1, 6)
)


def _body(inner: str) -> str:
    html = (
        f"<html><head><title>Orchard survives the frost</title></head><body>"
        f"<article><h1>Orchard survives the frost</h1>{inner}</article></body></html>"
    )
    return extract_html(html).body


@pytest.mark.parametrize(
    "line",
    [
        "Crédits photos : Agence Exemple",
        "Foto: Max Mehl",
        "Copyright: Erika Beispiel",
        "© 2024 Example Media. All rights reserved",
        "Abbildung 3: Frostschaden an einem Apfelbaum.",
        "Figure 2: The orchard in April.",
    ],
)
def test_credit_and_caption_lines_are_dropped(line):
    body = _body(STORY[:300] + f"<p>{line}</p>" + STORY[300:])
    assert line not in body
    assert "Paragraph 5 describes" in body


@pytest.mark.parametrize(
    "line",
    [
        "Get the best stories in your inbox every Friday: sign up for our newsletter!",
        "Die wichtigsten News direkt in dein Postfach!",
        "We need your help. Donate today.",
        "Sie müssen sich einloggen, um einen Kommentar zu schreiben.",
        "Immediate online access to all issues. Subscription will auto renew annually.",
        "Pour accéder en illimité aux articles :",
        "Die aktuelle Ausgabe jetzt im Abo oder als e-Paper.",
        "Möchten Sie den Artikel teilen?",
    ],
)
def test_short_promotion_paragraphs_are_dropped(line):
    body = _body(STORY + f"<p>{line}</p>")
    assert line not in body
    assert "Paragraph 5 describes" in body


def test_long_paragraph_mentioning_a_newsletter_is_kept():
    long = (
        "The growers' association says its newsletter reached every farm in the valley within "
        "a day, which is how most of them heard about the frost warning in time to light fires "
        "between the rows and save the blossoms."
    )
    assert long in _body(STORY + f"<p>{long}</p>")


@pytest.mark.parametrize("line", ["Kommentieren", "Permalink", "ERSCHIENEN IN"])
def test_stock_lines_are_dropped(line):
    assert line not in _body(STORY + f"<p>{line}</p>")


def test_related_topic_heading_ends_the_article():
    body = _body(
        STORY + "<h3>Weitere Beiträge zum Thema</h3><p>Another orchard story that is not this one, "
        "listed below the article as a teaser.</p>"
    )
    assert "Weitere Beiträge" not in body
    assert "Another orchard story" not in body


def test_short_blocks_stay_only_when_the_second_opinion_has_them():
    from indexer.extract._consensus import confirm_short_blocks

    long = "The harbour board met on Monday and agreed to rebuild the old quay before winter."
    body = f"Harbour news\n\n{long}\n\nMore stories from the port\n\nPhoto: J. Quayle"
    other = f"Harbour news {long}"
    assert confirm_short_blocks(body, other) == f"Harbour news\n\n{long}"
    assert confirm_short_blocks(body, "") == body  # no opinion: unchanged
    assert confirm_short_blocks("Only a label", "something else") == "Only a label"


def test_page_body_keeps_the_article_with_the_second_opinion():
    paragraphs = "".join(
        f"<p>Paragraph {n}: the harbour board met again and agreed, after a long debate about "
        f"money and tides, to rebuild the old quay before the winter storms arrive.</p>"
        for n in range(1, 6)
    )
    html = (
        "<html><head><title>Quay</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Quay to be rebuilt</h1>{paragraphs}</article>"
        "<footer>© Harbour Gazette</footer></body></html>"
    )
    body = extract_html(html).body
    assert body.count("Paragraph") == 5 and "Harbour Gazette" not in body


def test_code_after_a_self_closed_script_tag_is_not_body_text():
    paragraphs = "".join(
        f"<p>Step {n}: fold the pineapple into the batter slowly, then bake the cake for "
        f"forty minutes until golden and let it cool on a rack.</p>"
        for n in range(1, 5)
    )
    html = (
        f"<html><head><title>Cake</title></head><body><article><h1>Cake</h1>{paragraphs}"
        '<script type="text/javascript"/>\n(function() { document.addEventListener("click", '
        "function (e) { track(e); }); })();\n</script></article></body></html>"
    )
    body = extract_html(html).body
    assert "addEventListener" not in body and body.count("Step") == 4


def test_trafilatura_text_is_the_body_when_ours_finds_none(monkeypatch):
    import indexer.extract._html as html_module

    monkeypatch.setattr(html_module, "extract_body", lambda tree: "")
    second = "The second opinion has the whole article text about the quay. " * 3
    monkeypatch.setattr(html_module, "trafilatura_text", lambda tree: second)
    html = "<html><head><title>Quay</title></head><body><p>Anything.</p></body></html>"
    assert extract_html(html).body == second
    monkeypatch.setattr(html_module, "trafilatura_text", lambda tree: "Menu")
    assert extract_html(html).body == ""


def _articles(kind: str, heading: str, lead: str) -> str:
    """Four sibling ``<article>`` elements of prose, each with its own heading."""
    return "".join(
        f"<article class='{kind}'><h2>{heading} {n}</h2><p>{lead.format(n=n)}, told at length "
        "with long sentences that read like prose, about the valley, its people and the "
        "busy summer they had.</p></article>"
        for n in range(1, 5)
    )


def test_a_list_of_other_posts_beside_the_article_is_not_body():
    teasers = _articles("post", "Other post", "Teaser {n} of another post about bees, hives")
    html = (
        "<html><head><title>Orchard survives the frost</title></head><body><div id='primary'>"
        f"<article class='post-1'><h1>Orchard survives the frost</h1>{STORY}</article>"
        f"<article class='posts'>{teasers}</article></div></body></html>"
    )
    body = extract_html(html).body
    assert "Paragraph 5 describes" in body and "Teaser" not in body


def test_sections_of_one_article_as_sibling_articles_stay_together():
    sections = _articles("section", "Week", "Section {n} of the weekly report")
    html = (
        "<html><head><title>Weekly snow report</title></head><body><main>"
        f"<h1>Weekly snow report</h1>{sections}</main></body></html>"
    )
    body = extract_html(html).body
    assert all(f"Section {n} of the weekly" in body for n in range(1, 5))


STORY_PARAGRAPHS = "".join(
    f"<p>Part {n} of the report explains how the ferry timetable changes in spring and why "
    "the harbour board wants fewer late crossings.</p>"
    for n in range(1, 6)
)


def test_navigation_crumbs_and_a_repeated_headline_open_no_body():
    html = (
        "<html><head><title>Ferry timetable changes | Harbour Post</title></head><body>"
        "<article><h1>Ferry timetable changes</h1><div><p>more</p><p>more</p></div>"
        "<p>Read more</p><p>Ferry timetable changes</p>"
        f"{STORY_PARAGRAPHS}</article></body></html>"
    )
    body = extract_html(html).body
    assert body.startswith("Part 1 of the report"), body[:80]


def test_article_text_leaves_out_furniture_kept_in_the_body():
    body = "\n\n".join(
        [
            "The harbour board met on Monday in Kingsport to vote on the new ferry timetable.",
            "Image credit: Mara Quint / Harbour Photo Agency",
            "Follow us on Facebook, Instagram and Threads for more harbour news.",
            "Share this article",
            "Officials said the timetable starts in May after a final review by the board.",
        ]
    )
    text = article_text(body)
    assert "Kingsport" in text and "final review" in text
    assert "Mara Quint" not in text and "Facebook" not in text and "Share this" not in text
