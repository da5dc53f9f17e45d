"""Whether a capture may update the record whose address it claims (issue 22.1)."""

from __future__ import annotations

import random

from indexer.claims import host, same_article, trusted_for
from tests.support import PARAGRAPH


def _article(rng: random.Random, words: int = 400) -> str:
    vocabulary = PARAGRAPH.split() + [f"w{n}" for n in range(300)]
    return " ".join(rng.choice(vocabulary) for _ in range(words))


def test_an_edited_version_is_the_same_article_another_is_not():
    rng = random.Random(1)
    text = _article(rng)
    words = text.split()
    edited = " ".join(words[:100] + ["3", "million,", "more", "than", "planned"] + words[102:])
    edited += "\n\nA paragraph added later. " + _article(rng, 60)
    assert same_article(text, edited)
    assert not same_article(text, _article(rng))
    assert not same_article(text, PARAGRAPH * 3)


def test_hosts_ignore_www_case_and_bad_addresses():
    assert host("https://WWW.Example.org/a#x") == "example.org"
    assert host("http://[::1") is None and host(None) is None


def test_an_address_is_trusted_by_the_same_file_a_matching_capture_or_two_claims():
    claimed = "https://news.example/story"
    assert trusted_for(claimed, None, same_file=True, record_own="https://other.example/")
    assert trusted_for(claimed, "http://www.news.example/story?x=1", False, None)
    assert not trusted_for(claimed, "https://evil.example/page", False, None)
    assert trusted_for(claimed, None, False, record_own=None)
    assert not trusted_for(claimed, None, False, record_own="https://news.example/story")
