"""Summaries and headline clean-up of ``_summary`` on small hand-written texts."""

import pytest

from indexer.extract import clean_title, make_summary

LEAD = "Fares on the river ferries rise in May, the harbour board said on Monday."


def test_markdown_headline_byline_and_code_stay_out_of_the_summary():
    body = (
        "Ferry fares rise\n=====\n\nBy Ilse Korn\n\n"
        "(function() { document.addEventListener('load', go) })();\n\n"
        f"{LEAD.replace('May', '**May**').replace('harbour board', '[harbour board](/board)')}"
    )
    assert make_summary("", body, "Ferry fares rise") == LEAD


@pytest.mark.parametrize("prompt", ["Continue reading »", "Read more…", "Weiterlesen", "[…]"])
def test_continue_reading_prompts_are_cut(prompt):
    assert make_summary(f"{LEAD} {prompt}", "") == LEAD


def test_read_more_inside_a_sentence_is_kept():
    text = "People read more timetables now that fares rise."
    assert make_summary(text, "") == text


def test_a_description_of_script_code_yields_to_the_body():
    assert make_summary("window.dataLayer = []; function(){}", LEAD) == LEAD


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("...", ""),
        ("…", ""),
        ("- Ferry fares rise", "Ferry fares rise"),
        ("# Ferry *fares* rise", "Ferry fares rise"),
        ("Why you should read more books", "Why you should read more books"),
    ],
)
def test_titles_without_markup_or_stray_dashes(raw, expected):
    assert clean_title(raw) == expected
