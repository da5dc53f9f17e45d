"""How common a word is in a language: the Zipf frequency of wordfreq's lists (offline).

Zipf is log10 of a word's frequency per billion words: 7 for "the", about 5.5 for the
words every text uses ("know", "Leben"), 3 for the words of one subject ("Waffenruhe").
"""

from __future__ import annotations

from functools import lru_cache

from wordfreq import available_languages, zipf_frequency

#: From this Zipf frequency a word is too common to be a key term or a tag of any article.
TOO_COMMON = 5.5
#: wordfreq's languages but those whose words need a segmenter not installed (MeCab, jieba).
LANGUAGES = frozenset(available_languages()) - {"ja", "ko", "zh"}


@lru_cache(maxsize=65536)
def commonness(word: str, lang: str | None) -> float | None:
    """The Zipf frequency of ``word`` in ``lang`` (English when None); None if not known."""
    lang = lang or "en"
    return zipf_frequency(word, lang) if lang in LANGUAGES else None
