"""Which of a page's own keywords are subjects of its article, in the article's spelling.

A site's keywords mix the article's subjects with SEO phrases ("x breaking news"),
CMS and wire codes ("@desk-river", "front-page"), section labels and the site's own
name. A keyword stays a tag only when the article itself names it: every word of it
is in the headline, the description or the body (inflected, sharing its stem, or as a
part of a compound: "Ukraine" names "Ukrainekrieg"), and a keyword
of one word is no word of every page ("News", "Politik") unless the headline has it.
It takes the case the article writes it in, so "linux" and "Linux" become one value.

No keyword says what kind of page it is ("video", "liveblog", "review") or which
section it sits in ("Sport", "Politik"); none is a fragment of a longer keyword of the
list that the article writes only inside that longer one ("Mountain" of "Rock
Mountain"); in German, where nouns are capitalised, none is a word the article never
capitalises ("beginnt", "testen"); and a list cut from a sentence ("la", "tension",
"entre", ...: function words among the keywords, or five keywords in the order of one
of the article's sentences) gives no subject but, in German, its nouns.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection

from indexer.commonness import commonness

#: A keyword longer than this (words) is a sentence or an SEO phrase, not a subject.
MAX_TAG_WORDS = 4
#: Characters that only CMS codes, handles and addresses have; slugs ("new-york-city").
_CODE = re.compile(r"[@#/\\_|{}<>=%$]|^\W|^[a-z0-9]+(?:-[a-z0-9]+){2,}$|^[\d\W]+$")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
#: Quotes, brackets and separators around a keyword, not part of it.
_AROUND = " \t\n\"'‘’“”„«»()[]{},;:!?–—|/"
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
#: From this Zipf frequency a word is a function word ("la", "y", "the", "und").
FUNCTION_WORD = 6.0
#: A keyword list with this many function words, or this many one-word keywords in the
#: order of one of the article's passages (a word or two apart), was cut from a sentence.
CUT_FUNCTION_WORDS = 2
CUT_CHAIN = 5
CUT_GAP = 3
#: A passage whose words are keywords for more than this share is a tag line.
TAG_LINE = 0.6

#: Words that say what kind of page or section it is, not what it is about: media types,
#: page kinds and the sections of news sites (English, German, French, Spanish,
#: Portuguese, Italian), compared case-folded and without accents. A keyword of several
#: words ending in one of the first group ("Texas news", "Top News") is an SEO phrase.
PAGE_KINDS = frozenset(
    """news nachrichten noticias noticia notizie nieuws actualites actualite aktuelles
    video videos liveblog livestream liveticker ticker newsticker podcast podcasts
    gallery galerie galeria fotogalerie bildergalerie fotostrecke fotos photos bilder
    diaporama slideshow infografik infographic newsletter blog blogs weblog""".split()
)
SECTION_LABELS = PAGE_KINDS | frozenset(
    """live audio interview interviews entrevista test tests testbericht review reviews
    rezension kommentar kommentare commentary editorial opinion opinion opiniao meinung
    feature reportage explainer explainers update updates sponsored anzeige advertorial
    werbung ratgeber homepage startseite frontpage portada home politics politik
    politica politique business wirtschaft economia economie finanzen sport sports
    deporte deportes esporte esportes kultur culture cultura feuilleton health
    gesundheit sante salud saude wissen wissenschaft science ciencia tech technik
    technology tecnologia digital reisen travel viajes viagem voyage voyages lifestyle
    leben style mode fashion moda beauty beaute food genuss lokales regional local
    welt world mundo monde inland ausland international internacional national nacional
    entertainment unterhaltung panorama vermischtes gesellschaft society societe
    sociedad sociedade people promis leute stars wetter weather horoskop horoscope astro
    karriere jobs immobilien verbraucher service""".split()
)


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
    article_words = [word.casefold() for word in _WORD.findall(f"{headline}\n{text}")]
    german = (lang or "").lower().startswith("de")
    cut = _cut_from_a_sentence(tags, headline, text, lang)
    kept: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        parts = _WORD.findall(tag)
        key = _key(tag)
        if not parts or key in seen or _CODE.search(tag.strip()) or len(parts) > MAX_TAG_WORDS:
            continue
        if _page_kind(parts) or _fragment(key, tags, article_words):
            continue  # "video", "Sport": no subject; "Mountain" of "Rock Mountain"
        if german and len(parts) == 1 and spellings.only_lower_case(parts[0]):
            continue  # German nouns are capitalised: "beginnt", "testen" are no subjects
        if cut and not (german and len(parts) == 1):
            continue  # a sentence cut in words: its words are no subjects
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
        inner = tag.strip(_AROUND)  # its own punctuation inside: "Wildvogel- und Waldstation"
        kept.append(_WORD.sub(lambda word: spellings.spelled(word.group()), inner))
    return kept


def _fold(word: str) -> str:
    """Case-folded, without accents: "Fernández" and "fernandez" are one word."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _page_kind(parts: list[str]) -> bool:
    """ "video", "Sport", "Top News": a media type, a page kind or a section label."""
    if len(parts) == 1:
        return _fold(parts[0]) in SECTION_LABELS
    return _fold(parts[-1]) in PAGE_KINDS


def _fragment(key: str, tags: list[str], article_words: list[str]) -> bool:
    """A keyword that is a part of a longer keyword of the list ("Mountain" of "Rock
    Mountain") and that the article writes only inside that longer one."""
    words = key.split()
    for other in tags:
        longer = _key(other).split()
        if len(longer) <= len(words) or not _contains(longer, words):
            continue
        inside = _count(article_words, longer)
        if inside and _count(article_words, words) <= inside:
            return True
    return False


def _contains(words: list[str], part: list[str]) -> bool:
    size = len(part)
    return any(words[i : i + size] == part for i in range(len(words) - size + 1))


def _count(words: list[str], phrase: list[str]) -> int:
    size = len(phrase)
    first = phrase[0]
    return sum(1 for i, word in enumerate(words) if word == first and words[i : i + size] == phrase)


def _cut_from_a_sentence(tags: list[str], headline: str, text: str, lang: str | None) -> bool:
    """A keyword list cut from a sentence: function words among its keywords ("la",
    "y", "su"), or five one-word keywords in the order of one passage of the article
    (a passage of little else but keywords is the page's own tag line, not a sentence)."""
    singles = [_fold(tag.strip()) for tag in tags if len(_WORD.findall(tag)) == 1]
    function_words = sum((commonness(word, lang) or 0.0) >= FUNCTION_WORD for word in singles)
    if function_words >= CUT_FUNCTION_WORDS:
        return True
    if len(singles) < CUT_CHAIN:
        return False
    wanted = {_fold(word) for tag in tags for word in _WORD.findall(tag)}
    for passage in (headline, *text.split("\n")):
        words = [_fold(word) for word in _WORD.findall(passage)]
        if len(words) < CUT_CHAIN or sum(word in wanted for word in words) > TAG_LINE * len(words):
            continue
        if _longest_chain(singles, words) >= CUT_CHAIN:
            return True
    return False


def _longest_chain(keywords: list[str], words: list[str]) -> int:
    """How many keywords in a row (in list order) the words hold in that order, each at
    most CUT_GAP words after the one before."""
    positions: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        positions.setdefault(word, []).append(i)
    best = run = 0
    last = None
    for keyword in keywords:
        spots = positions.get(keyword, [])
        following = [i for i in spots if last is not None and last < i <= last + CUT_GAP + 1]
        if following:
            run, last = run + 1, following[0]
        elif spots:
            run, last = 1, spots[0]
        else:
            run, last = 0, None
        best = max(best, run)
    return best


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

    def only_lower_case(self, part: str) -> bool:
        """Whether the article writes the word (or an inflection of it) in lower case only,
        never capitalised: in German, no noun ("beginnt", "testen")."""
        folded = part.casefold()
        forms = [
            form
            for key, spelt in self.forms.items()
            if key.startswith(folded) and len(key) - len(folded) <= MAX_ENDING
            for form in spelt
        ]
        return bool(forms) and all(form.islower() for form in forms)

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
