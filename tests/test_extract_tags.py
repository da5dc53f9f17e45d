"""Which page keywords become tags (``indexer/extract/_tags.py``), on hand-written pages."""

from indexer.extract import extract_html
from indexer.extract._tags import subject_tags

BODY = (
    "The harbour board voted on Tuesday to dredge the eastern channel. Ferry operators "
    "said the dredging would end years of delays, while fishers warned about the eel "
    "beds. Linux servers at the port will track the work; the board's Linux team wrote "
    "the software. Vaccinations for the crews start next week."
)


def test_keywords_the_article_does_not_name_are_dropped():
    tags = ["dredging", "Ferry operators", "Kingdom breaking news", "Top Stories"]
    assert subject_tags(tags, "Board votes to dredge the channel", BODY) == [
        "dredging",
        "Ferry operators",
    ]


def test_cms_codes_slugs_handles_and_numbers_are_no_tags():
    tags = ["@desk-harbour", "front_page", "harbour-board-news", "{{tags}}", "2021", "eel"]
    assert subject_tags(tags, "Board votes", BODY) == ["eel"]


def test_times_and_ordinals_are_no_tags():
    tags = ["23h30", "8:15", "55th", "3e", "eel"]
    assert subject_tags(tags, "Board votes", BODY + " At 23h30 the 55th eel came.") == ["eel"]


def test_a_wire_credit_in_parentheses_is_no_tag():
    text = "HARBOURTON (AP) — The board voted on Monday to dredge the channel."
    assert subject_tags(["AP", "board"], "Board votes", text) == ["board"]
    named = text + " The AP reported the vote first."  # named in the text, not only credited
    assert subject_tags(["AP"], "Board votes", named) == ["AP"]


def test_common_one_word_keyword_needs_the_headline():
    # "week" is a word of every page; "board" is too, but the headline names it
    assert subject_tags(["week", "board"], "Harbour board votes", BODY) == ["board"]


def test_site_name_and_section_are_no_tags():
    tags = ["Harbour Gazette", "Gazette", "Port", "eel beds"]
    text = BODY + " Port news."
    kept = subject_tags(tags, "Board votes", text, ("Harbour Gazette", "gazette.example"), "Port")
    assert kept == ["eel beds"]


def test_case_twins_take_the_article_spelling_and_merge():
    assert subject_tags(["linux", "Linux", "LINUX"], "Board votes", BODY) == ["Linux"]


def test_inflected_keyword_counts_when_the_article_has_its_stem():
    assert subject_tags(["vaccination", "dredges"], "Board votes", BODY) == [
        "vaccination",
        "dredges",
    ]


def test_extract_html_keeps_only_subject_keywords():
    html = (
        "<html><head><title>Board votes to dredge | Harbour Gazette</title>"
        '<meta property="og:site_name" content="Harbour Gazette">'
        '<meta name="keywords" content="dredging, harbour-board-news, Gazette, local breaking news">'
        f"</head><body><article><h1>Board votes to dredge</h1><p>{BODY}</p><p>{BODY}</p>"
        "</article></body></html>"
    )
    assert extract_html(html).tags == ["dredging"]


def test_a_sentence_start_does_not_set_the_spelling():
    text = "Dredging starts in May. The board said dredging is overdue."
    assert subject_tags(["Dredging"], "Board votes", text) == ["dredging"]


def test_a_keyword_shares_a_stem_or_is_a_compound_of_the_text():
    text = "Die deutschen Häfen melden Rekorde. Der Krieg in der Ukraine bremst den Handel."
    assert subject_tags(["Deutschland", "Ukrainekrieg", "Seehandel", "Börsenkurse"], "", text) == [
        "Deutschland",
        "Ukrainekrieg",
        "Seehandel",
    ]


def test_media_types_section_labels_and_seo_news_phrases_are_no_tags():
    tags = ["video", "Liveblog", "Sport", "Politik", "Harbourton news", "dredging"]
    text = BODY + " A video shows the sport of dredging. Politik. Harbourton news at six."
    assert subject_tags(tags, "Video: the board votes on sport", text) == ["dredging"]


def test_a_keyword_the_article_writes_only_inside_a_longer_keyword_is_a_fragment():
    text = "The guide covers Rock Mountain. Rock Mountain opens in May. A mountain hut waits."
    kept = subject_tags(["Rock Mountain", "Rock", "mountain"], "Rock Mountain guide", text)
    assert kept == ["Rock Mountain", "Mountain"]  # "mountain" stands alone once: kept


def test_a_german_keyword_the_article_never_capitalises_is_no_subject():
    text = "Der Hafen beginnt im Mai mit der Auslieferung. Die Auslieferung dauert lange."
    kept = subject_tags(["beginnt", "auslieferung"], "Hafen beginnt", text, lang="de")
    assert kept == ["Auslieferung"]


def test_a_keyword_list_with_function_words_is_a_cut_sentence():
    text = "La tensión entre el puerto y la junta escaló a su máximo nivel esta semana."
    tags = ["la", "tension", "entre", "puerto", "y", "junta", "escalo"]
    assert subject_tags(tags, "Tensión en el puerto", text, lang="es") == []


def test_keywords_in_the_order_of_a_sentence_are_a_cut_sentence_but_a_tag_line_is_not():
    description = "O mistério em torno da morte da menina ganhou um elemento ainda mais intrigante."
    tags = ["mistério", "torno", "morte", "menina", "ganhou", "elemento", "intrigante"]
    assert subject_tags(tags, "Menina", description, lang="pt") == []
    tag_line = "Tags: mistério torno morte menina ganhou\nA menina ganhou. A morte é um mistério."
    kept = subject_tags(tags[:4], "Menina", tag_line + " Em torno.", lang="pt")
    assert kept == ["mistério", "torno", "menina"]  # "morte" is a word of every page


def test_a_keyword_keeps_its_own_punctuation():
    text = "Die Wildvogel- und Waldstation nimmt verletzte Vögel auf."
    assert subject_tags(["Wildvogel- und Waldstation"], "Station", text, lang="de") == [
        "Wildvogel- und Waldstation"
    ]
