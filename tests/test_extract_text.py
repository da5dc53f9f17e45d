"""extract_text: front matter, headings, first sentences and datelines."""

from datetime import date

from indexer.extract import extract_text
from indexer.extract._text import find_text_date


def test_front_matter_fields_and_body():
    text = '---\ntitle: "Bridge opens"\ndate: 2024-03-03\ntags: [roads, city]\n---\n# Bridge opens\n\nIt opened.'
    result = extract_text(text, "bridge.md")
    assert result.title == "Bridge opens"
    assert result.date.date() == date(2024, 3, 3) and result.date_source == "text"
    assert result.tags == ["roads", "city"]
    assert result.body.startswith("# Bridge opens") and "---" not in result.body


def test_front_matter_block_list_tags():
    text = "---\ntitle: Notes\ntags:\n  - alpha\n  - beta\n---\nBody text."
    assert extract_text(text).tags == ["alpha", "beta"]


def test_heading_line_is_title():
    result = extract_text(
        "# Harbour reopens after storm\n\nThe harbour reopened on Monday after repairs."
    )
    assert result.title == "Harbour reopens after storm"


def test_first_sentence_when_no_heading():
    text = (
        "The harbour reopened on Monday after three weeks of repairs to the old stone quay and the "
        "lighthouse, which the storm had damaged badly. Ships queued for hours."
    )
    title = extract_text(text).title
    assert (
        title.startswith("The harbour reopened on Monday")
        and len(title) <= 101
        and "Ships" not in title
    )


def test_dateline_beats_later_dates():
    text = "BERLIN, 3 March 2024 — The ministry said on 1 February 2024 that the plan, due 5 May 2024, holds."
    assert extract_text(text).date.date() == date(2024, 3, 3)


def test_labelled_datelines():
    assert extract_text(
        "Published: 2024-03-03\n\nText about 2025-01-01 plans."
    ).date.date() == date(2024, 3, 3)
    assert extract_text("Stand: 03.03.2024\n\nEin Text.").date.date() == date(2024, 3, 3)
    assert (
        extract_text("Stand: 03.03.2024\n\nEin Text über Brücken.").title
        == "Ein Text über Brücken."
    )


def test_latest_non_future_date_when_no_dateline():
    text = "The fair ran from 2 June 2021 to 9 June 2021. The next one is planned for 1 June 2999."
    assert find_text_date(text).date() == date(2021, 6, 9)


def test_no_date_at_all():
    result = extract_text("Just some words, 2021 and 480 kilometres.")
    assert result.date is None and result.date_source is None
