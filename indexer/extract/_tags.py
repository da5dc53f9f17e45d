"""Which of a page's own keywords are subjects of its article, in the article's spelling.

A site's keywords mix the article's subjects with SEO phrases ("x breaking news"),
CMS and wire codes ("@desk-river", "front-page"), section labels and the site's own
name. A keyword stays a tag only when the article itself names it: every word of it
is in the headline, the description or the body (inflected, sharing its stem, or as a
part of a compound: "Ukraine" names "Ukrainekrieg"), and a keyword
of one word is no word of every page ("News", "Politik") unless the headline has it.
It takes the case the article writes it in, so "linux" and "Linux" become one value.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection

from indexer.commonness import commonness

#: A keyword longer than this (words) is a sentence or an SEO phrase, not a subject.
MAX_TAG_WORDS = 4
#: Characters that only CMS codes, handles and addresses have; slugs ("new-york-city").
_CODE = re.compile(r"[@#/\\_|{}<>=%$]|^\W|^[a-z0-9]+(?:-[a-z0-9]+){2,}$|^[\d\W]+$")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
#: A time of day ("23h30", "8:15") or an ordinal ("55th", "3e", "2º"): no subject.
_TIME_OR_ORDINAL = re.compile(r"^\d{1,2}[h:.]\d{2}$|^\d+(?:st|nd|rd|th|e|er|ème|º|ª)$", re.I)
#: A one-word keyword this common in the page's language (Zipf) is a section label.
MAX_TAG_COMMONNESS = 5.0
#: A word of the text counts for a keyword's word that it begins with (inflection).
MAX_ENDING = 3
#: A keyword's word and a word of the text share a stem of this share of the keyword's word;
#: a part of a compound has at least MIN_PART_CHARS letters.
STEM_SHARE = 0.6
MIN_PART_CHARS = 5


def subject_tags(
    tags: list[str],
    headline: str,
    text: str,
    site_names: tuple[str, ...] = (),
    section: str = "",
    lang: str | None = None,
) -> list[str]:
    """The keywords the article names, in its own case; codes, the site and the section out.

    ``text`` is the description and body; a common one-word keyword needs the headline."""
    if not tags:
        return []
    headline_words = _WORD.findall(headline)
    in_headline = {word.casefold() for word in headline_words}
    spellings = _Spellings(text, headline_words)
    folded = spellings.folded
    stems = {word[:-k] for word in folded for k in range(1, MAX_ENDING + 1) if len(word) - k >= 4}
    sites = {_key(name) for name in site_names if name}
    kept: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        parts = _WORD.findall(tag)
        key = _key(tag)
        if not parts or key in seen or _CODE.search(tag.strip()) or len(parts) > MAX_TAG_WORDS:
            continue
        if _TIME_OR_ORDINAL.match(tag.strip()) or _only_a_credit(tag.strip(), text):
            continue
        if any(f" {key} " in f" {site} " for site in sites):
            continue  # the site's own name or a part of it
        if section and key == _key(section):
            continue  # the section the page sits in
        if not all(_named(part.casefold(), folded, stems) for part in parts):
            continue
        common = (commonness(parts[0], lang) or 0.0) >= MAX_TAG_COMMONNESS
        if len(parts) == 1 and common and parts[0].casefold() not in in_headline:
            continue  # "news", "Politik": a word of every page, a section's label
        seen.add(key)
        kept.append(" ".join(spellings.spelled(part) for part in parts))
    return kept


def _only_a_credit(tag: str, text: str) -> bool:
    """A code in capitals the text writes only in parentheses: a wire's credit, "(AP)"."""
    if not tag.isupper() or " " in tag:
        return False
    uses = len(re.findall(rf"(?<!\w){re.escape(tag)}(?!\w)", text))
    return uses > 0 and text.count(f"({tag})") == uses


class _Spellings:
    """The words of the text and headline, case-folded, and how the article spells each.

    A word's spellings are weighed only when it has more than one (rarely): a word
    spelt one way is spelt that way."""

    def __init__(self, text: str, headline_words: list[str]):
        self.text = text
        self.headline_words = headline_words
        self.forms: dict[str, set[str]] = {}  # folded -> its spellings
        for word in {*_WORD.findall(text), *headline_words}:
            self.forms.setdefault(word.casefold(), set()).add(word)
        self.folded = self.forms.keys()

    def spelled(self, part: str) -> str:
        """The article's most frequent spelling of a word (the keyword's own when absent)."""
        forms = self.forms.get(part.casefold())
        if not forms:
            return part
        if len(forms) == 1:
            return next(iter(forms))
        weights = self._weights(forms)
        best, weight = weights.most_common(1)[0]
        return best if weight > weights.get(part, -1) else part

    def _weights(self, forms: set[str]) -> Counter:
        """Each spelling's weight, in order of appearance: a sentence's first word is
        capitalised by position, so its spelling counts little."""
        counts: Counter = Counter()
        text = self.text
        for match in _WORD.finditer(text):
            word = match.group()
            if word in forms:
                before = text[max(0, match.start() - 4) : match.start()].rstrip(" \t\"'„“‘«(")
                opens = not before or before[-1] in ".!?:\n"
                counts[word] += 1 if opens else 100
        for word in self.headline_words:
            if word in forms:
                counts[word] += 0
        return counts


def _named(word: str, folded: Collection[str], stems: set[str]) -> bool:
    """Whether the text names ``word``: as it is, inflected ("Impfung" for "Impfungen"),
    sharing its stem ("deutschen" for "Deutschland") or as a part of it ("Ukraine" for
    "Ukrainekrieg", "Kopfhörer" for "Sportkopfhörer")."""
    if word in folded:
        return True
    if len(word) >= 4 and any(
        word[: len(word) - k] in stems or word[: len(word) - k] in folded for k in range(3)
    ):
        return True
    if len(word) < MIN_PART_CHARS:
        return False
    stem = word[: max(MIN_PART_CHARS, round(len(word) * STEM_SHARE))]
    return any(
        other.startswith(stem)
        or (len(other) >= MIN_PART_CHARS and (word.startswith(other) or word.endswith(other)))
        for other in folded
    )


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))
