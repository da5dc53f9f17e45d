"""Author rules of ``_authors`` on small hand-written pages."""

import pytest

from indexer.extract import extract_html

STORY = "".join(
    f"<p>Part {n} of the piece follows the baker through a long night, from the first dough "
    f"to the last delivery before dawn.</p>"
    for n in range(1, 5)
)


def _page(head="", body="", title="A night at the bakery"):
    return (
        f"<html><head><title>{title} | Crumbs Weekly</title>{head}</head><body>{body}</body></html>"
    )


@pytest.mark.parametrize(
    "meta",
    [
        "Crumbs Weekly",  # a part of <title> that is not the headline
        "Crumbs Weekly (www.crumbs.example)",  # a name with the site's domain
        "CRUMBS – Das Magazin für Bäcker",  # a publication, not a person
    ],
)
def test_publication_in_author_meta_is_rejected(meta):
    html = _page(
        f'<meta name="author" content="{meta}">',
        f"<article><h1>A night at the bakery</h1>{STORY}</article>",
    )
    assert extract_html(html).authors == []


def test_publication_meta_falls_through_to_the_byline():
    html = _page(
        '<meta name="author" content="Crumbs Weekly">',
        f"<article><h1>A night at the bakery</h1><p class='writer'>Ida Korn</p>{STORY}</article>",
    )
    assert extract_html(html).authors == ["Ida Korn"]


@pytest.mark.parametrize(
    "line, name",
    [
        ("Von Ida Korn", "Ida Korn"),  # capitalised at the start of a line
        (
            "Text von Ida Korn \u00a0 Illustration von Max Mehl",
            "Ida Korn",
        ),  # stops at the role word
        ("Auteur : Ida Korn", "Ida Korn"),
    ],
)
def test_text_byline_variants(line, name):
    html = _page(
        body=f"<article><h1>A night at the bakery</h1><p><em>{line}</em></p>{STORY}</article>"
    )
    assert extract_html(html).authors == [name]


def test_text_byline_after_the_headline_not_the_logo_heading():
    menu = "".join(f"<span><a href='/s{n}'>Section {n}</a></span>" for n in range(12))
    html = _page(
        body=f"<div class='logo'><h1>Crumbs</h1></div><div class='menu'>{menu}</div>"
        f"<div class='main'><h2>A night at the bakery</h2><p>Von Ida Korn</p>{STORY}</div>"
    )
    assert extract_html(html).authors == ["Ida Korn"]


def test_text_byline_under_an_h2_when_there_is_no_h1():
    html = _page(
        body=f"<div><h2>A night at the bakery</h2><p>By Ida Korn</p>{STORY}</div>", title="Bakery"
    )
    assert extract_html(html).authors == ["Ida Korn"]


def test_a_login_yields_to_a_real_name_later_in_the_ladder():
    html = _page(
        '<meta name="author" content="breadfan">',
        f"<h1>A night at the bakery</h1><p class='byline'>By Mirela Tanase</p>{STORY}",
    )
    assert extract_html(html).authors == ["Mirela Tanase"]


def test_a_login_is_kept_when_nothing_better_exists():
    html = _page('<meta name="author" content="breadfan">', f"<h1>A night</h1>{STORY}")
    assert extract_html(html).authors == ["breadfan"]


@pytest.mark.parametrize(
    "byline, expected",
    [
        ("View all posts by Mirela Tanase", ["Mirela Tanase"]),
        ("Interview: Mirela Tanase", ["Mirela Tanase"]),
        ("Follow", []),
        ("Zuletzt geändert am", []),
    ],
)
def test_byline_labels_are_not_names(byline, expected):
    html = _page(body=f"<h1>A night at the bakery</h1><span class='author'>{byline}</span>{STORY}")
    assert extract_html(html).authors == expected


def test_names_in_a_reference_list_are_not_authors():
    html = _page(
        body=f"<h1>A night at the bakery</h1>{STORY}<ol class='references'>"
        "<li><span class='author'>Ilse Korn</span>: Bread, 1999.</li></ol>"
    )
    assert extract_html(html).authors == []


def _site(head="", body="", site="Crumbs Weekly", url="https://crumbs.example/night"):
    return (
        f"<html><head><title>A night at the bakery | {site}</title>"
        f"<meta property='og:site_name' content='{site}'><link rel='canonical' href='{url}'>"
        f"{head}</head><body><article><h1>A night at the bakery</h1>{body}{STORY}</article>"
        "</body></html>"
    )


def _jsonld_author(name: str) -> str:
    return (
        "<script type='application/ld+json'>"
        f'{{"@type": "BlogPosting", "author": {{"@type": "Person", "name": "{name}"}}}}</script>'
    )


def test_site_named_after_its_author_keeps_the_author():
    html = _site(_jsonld_author("Anna Korn"), site="Anna Korn", url="https://annakorn.example/n")
    assert extract_html(html).authors == ["Anna Korn"]
    html = _site(_jsonld_author("Crumbs Weekly"))  # a publication's name stays out
    assert extract_html(html).authors == []


def test_site_named_after_a_person_is_the_author_when_nothing_else_says():
    assert extract_html(_site(site="Dr. Anna Korn")).authors == ["Anna Korn"]


def test_handle_spelling_a_full_name():
    html = _site("<meta name='twitter:creator' content='@AnnaKorn'>")
    assert extract_html(html).authors == ["Anna Korn"]


def test_surname_that_is_the_domain_stays_and_staff_labels_go():
    html = _site(body="<p class='author'>Anna Korn</p>", url="https://korn.example/night")
    assert extract_html(html).authors == ["Anna Korn"]
    html = _site(body="<p class='byline'>By Anna Korn Crumbs Staff</p>", site="Crumbs")
    assert extract_html(html).authors == ["Anna Korn"]


def test_meta_naming_co_authors_beats_a_shorter_jsonld_list():
    head = _jsonld_author("Anna Korn") + "<meta name='author' content='Anna Korn,Peter Brot'>"
    assert extract_html(_site(head)).authors == ["Anna Korn", "Peter Brot"]


def test_visible_by_line_beats_metadata_naming_someone_else():
    html = _site(_jsonld_author("Peter Brot"), "<div class='byline'>By Anna Korn</div>")
    assert extract_html(html).authors == ["Anna Korn"]


def test_byline_is_cut_before_a_written_date():
    html = _site(body="<div class='byline'>By Anna Korn Feb 12, 2020</div>")
    assert extract_html(html).authors == ["Anna Korn"]


@pytest.mark.parametrize(
    "end, expected",
    [
        ("<p>(to be continued)<br><strong>Text:</strong> Klaus Brot</p>"
         "<p><strong>Fotos:</strong> Ida Mehl</p>", ["Klaus Brot"]),
        ("<div>Picture: stock<br><br>Autor: <a href='/ra'>Rechtsanwalt</a> Max Brot</div>",
         ["Max Brot"]),
        ("<p class='share'>Text: A night at the bakery @crumbs</p>", []),
    ],
)  # fmt: skip
def test_labelled_byline_at_the_end_of_the_article(end, expected):
    html = _page(body=f"<article><h1>A night at the bakery</h1>{STORY}{end}</article>")
    assert extract_html(html).authors == expected


def test_interview_byline_names_both_people():
    html = _site(body="<p class='author'>Anna Korn im Gespräch mit Peter Brot</p>")
    assert extract_html(html).authors == ["Anna Korn", "Peter Brot"]


def test_author_box_in_an_article_inside_a_layout_with_a_sidebar():
    html = (
        "<html><head><title>A night at the bakery | Crumbs Weekly</title></head><body>"
        "<div class='content right-sidebar'><article><h1>A night at the bakery</h1>"
        f"{STORY}<div class='about-box'><a rel='author' href='/author/a'>"
        "<span>Paddy</span></a></div></article></div></body></html>"
    )
    assert extract_html(html).authors == ["Paddy"]


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("Por Lucía Ferrer", ["Lucía Ferrer"]),  # "by" in Spanish, Dutch, Danish ...
        ("Door: Pieter de Wit", ["Pieter de Wit"]),
        ("Af Mette Holm", ["Mette Holm"]),
        ("Quelle: dpa", ["dpa"]),  # an agency is an author
        ("Ida Korn For Harbour Weekly", ["Ida Korn"]),
        ("Ida Korn //", ["Ida Korn"]),
        ("Ida Korn Business Columnist", ["Ida Korn"]),
        ("AP Sports Writer", []),  # a role, no name
        ("Foto: Ida Korn", []),  # a photo credit
        ("cmsadmin", []),  # a CMS login
        ("von Menschen", []),  # a common word after "von"
        ("Redaktion", ["Redaktion"]),  # a desk byline is what the page names as author
        ("nachrichten aus der stadt", []),  # a phrase, not a name
    ],
)
def test_byline_cleaning(byline, authors):
    html = _page(
        body=f"<article><h1>A night at the bakery</h1><p class='byline'>{byline}</p>{STORY}"
        "</article>"
    )
    assert extract_html(html).authors == authors


@pytest.mark.parametrize(
    "line, name",
    [
        ("Por Lucía Ferrer", "Lucía Ferrer"),
        ("Par Élodie Marchand", "Élodie Marchand"),
        ("Di Marco Rossi", "Marco Rossi"),
        ("Av Åsa Lind", "Åsa Lind"),
    ],
)
def test_text_byline_opened_by_by_in_other_languages(line, name):
    html = _page(body=f"<article><h1>A night at the bakery</h1><p>{line}</p>{STORY}</article>")
    assert extract_html(html).authors == [name]


def test_by_in_other_languages_inside_a_sentence_is_no_byline():
    teaser = "<p>UN DURO CRUCE POR LA DEUDA EXTERNA</p>"
    html = _page(body=f"<article><h1>A night at the bakery</h1>{teaser}{STORY}</article>")
    assert extract_html(html).authors == []


def test_a_lone_by_label_takes_the_name_in_the_next_block():
    byline = "<div><p class='label'><strong>By</strong></p></div><div><p>Ida Korn</p></div>"
    html = _page(body=f"<article><h1>A night at the bakery</h1>{byline}{STORY}</article>")
    assert extract_html(html).authors == ["Ida Korn"]


def test_french_byline_class():
    byline = "<div class='dates_auteurs'>par <span>Élodie Marchand</span>, 21 juin 2018</div>"
    html = _page(body=f"<article><h1>A night at the bakery</h1>{byline}{STORY}</article>")
    assert extract_html(html).authors == ["Élodie Marchand"]


def test_head_of_a_long_byline_block_before_its_date():
    teaser = "A long teaser of the piece that follows, longer than any byline could be " * 2
    byline = f"<div class='author'>Ida Korn , 21. Jan. 2015 {teaser}</div>"
    html = _page(body=f"<article><h1>A night at the bakery</h1>{byline}{STORY}</article>")
    assert extract_html(html).authors == ["Ida Korn"]
    byline = f"<div class='author'>Bakeries 21. Jan. 2015 {teaser}</div>"  # one word: a section
    html = _page(body=f"<article><h1>A night at the bakery</h1>{byline}{STORY}</article>")
    assert extract_html(html).authors == []


def test_byline_of_a_post_inside_a_blog_widget():
    html = _page(
        body="<div class='widget Blog'><div class='post hentry'><h1>A night at the bakery</h1>"
        f"{STORY}<div class='post-footer'><span class='post-author'>Posted by "
        "<a rel='author' href='/profile/1'>Ida Korn</a></span></div></div></div>"
    )
    assert extract_html(html).authors == ["Ida Korn"]


@pytest.mark.parametrize("phrase", ["Catch more fish", "En kiosques : juillet"])
def test_a_phrase_is_no_name(phrase):
    html = _page(body=f"<h1>A night at the bakery</h1><p class='author'>{phrase}</p>{STORY}")
    assert extract_html(html).authors == []


def test_one_word_name_in_the_metadata_is_completed_by_the_byline():
    html = _site(_jsonld_author("Ida"), "<div class='byline'><p>By</p><p>Ida Korn</p></div>")
    assert extract_html(html).authors == ["Ida Korn"]
    html = _site(_jsonld_author("Ida"), "<p class='author'>Ida Leave a comment</p>")
    assert extract_html(html).authors == ["Ida"]  # a common word does not complete a name


@pytest.mark.parametrize(
    "end, expected",
    [
        ("<p><b><i>Anna Korn</i></b></p>", ["Anna Korn"]),
        ("<p><b>Anna Korn</b></p><p>More to read after the signature, a long line.</p>", []),
        ("<p>Anna Korn</p>", []),  # not set apart: a line of the text
        ("<p><b>Bread Korn</b></p>", []),  # no given name: no signature
    ],
)
def test_signature_closing_the_article(end, expected):
    html = _page(body=f"<article><h1>A night at the bakery</h1><div>{STORY}{end}</div></article>")
    assert extract_html(html).authors == expected


def test_bylines_of_teasers_to_other_stories_are_not_the_authors():
    teaser = (
        "<div class='teaser-content'><h3>Another story</h3>"
        "<div class='author-name'>Von Max Mehl</div></div>"
    )
    html = _page(body=f"{teaser}<article><h1>A night at the bakery</h1>{STORY}</article>")
    assert extract_html(html).authors == []


def test_visible_byline_checks_jsonld_and_meta_apart():
    head = _jsonld_author("Peter Brot") + "<meta name='author' content='Anna Korn, Ida Mehl'>"
    html = _site(head, "<div class='byline'>By Anna Korn, Ida Mehl</div>")
    assert extract_html(html).authors == ["Anna Korn", "Ida Mehl"]


def test_an_agency_as_jsonld_organisation_is_an_author():
    head = (
        "<script type='application/ld+json'>"
        '{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Agencia EFE"}}'
        "</script>"
    )
    assert extract_html(_site(head)).authors == ["Agencia EFE"]
    head = head.replace("Agencia EFE", "Crumbs Weekly")  # the site itself
    assert extract_html(_site(head)).authors == []


def test_site_named_with_an_initial_and_a_surname_is_its_author():
    assert extract_html(_site(site="A.Korn", url="https://akorn.example/n")).authors == ["A.Korn"]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Die Zulassung von Neustoffen verlangt Prüfungen", []),  # "von" inside a sentence
        ("Ein Beitrag von Anna Korn", ["Anna Korn"]),  # a full name
        ("Posted by Olga", ["Olga"]),  # a given name
    ],
)
def test_one_word_after_by_inside_a_sentence(line, expected):
    html = _page(body=f"<article><h1>A night at the bakery</h1><p>{line}</p>{STORY}</article>")
    assert extract_html(html).authors == expected


def test_meta_tag_confirmed_by_the_byline_beats_one_listing_references():
    head = (
        "<meta name='author' content='K. Mehl, P. Brot, '>"  # the paper's references
        "<meta name='dc.creator' content='Anna Korn'>"
    )
    html = _site(head, "<span itemprop='author'>Anna Korn</span>")
    assert extract_html(html).authors == ["Anna Korn"]
    html = _site(head)  # nothing on the page to say which: the first meta tag
    assert extract_html(html).authors == ["K. Mehl", "P. Brot"]


@pytest.mark.parametrize(
    "head, expected",
    [
        (_jsonld_author("H&#233;l&#232;ne Korn"), ["Hélène Korn"]),  # entities in JSON-LD
        ("<meta name='author' content='Ministry of Bread and Baking'>", []),  # no list of names
        ("<meta name='author' content='Kornbund 90/Die Bäcker Fraktion'>", []),  # not a date
        ("<meta name='author' content='anónimo'>", []),
        ("<meta name='author' content='Portal crumbs'>", []),  # a word left beside the site
        ("<meta name='author' content='Anna crumbs'>", ["Anna"]),  # a given name stays
    ],
)
def test_metadata_author_cleaning(head, expected):
    assert extract_html(_site(head, site="Crumbs")).authors == expected


def test_a_label_with_a_colon_before_the_name_in_any_script():
    html = _page(
        body=f"<h1>A night at the bakery</h1><p class='author'>質問者： あいぎゅ</p>{STORY}"
    )
    assert extract_html(html).authors == ["あいぎゅ"]
    html = _page(body=f"<h1>A night at the bakery</h1><p class='author'>回答者：</p>{STORY}")
    assert extract_html(html).authors == []


def test_a_word_of_the_host_is_the_site_not_the_author():
    html = _site("<meta name='author' content='krm'>", url="https://krm-baking.example/n")
    assert extract_html(html).authors == []


def test_one_word_author_completed_by_the_author_box_biography():
    box = (
        "<div class='author-box'><div class='author-box__bio'>Ida Korn - baker and writer, "
        "at the oven since 2002.</div></div>"
    )
    html = _site(_jsonld_author("Ida"), box)
    assert extract_html(html).authors == ["Ida Korn"]
    html = _site(_jsonld_author("Ida"), box.replace("Ida Korn -", "Max Mehl -"))
    assert extract_html(html).authors == ["Ida"]  # someone else's biography


def test_site_named_as_a_persons_blog_is_by_that_person():
    html = _site(site="Anna Korn's Blog", url="https://annakorn.example/n")
    assert extract_html(html).authors == ["Anna Korn"]


@pytest.mark.parametrize("name", ["ऐश्ली कुटिन्हो", "حسام أبو العلا", "山田 太郎"])
def test_names_in_scripts_without_capitals(name):
    assert extract_html(_site(_jsonld_author(name))).authors == [name]
