"""tag_article: the whole tagging pass over one article."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from archive.places import canonical_place

from ._document import Document, Mention
from ._entities import find_mentions
from ._terms import find_terms
from ._text import tokenize, tokenize_phrase
from ._vocabulary import Vocabulary

MAX_PER_KIND = 50  # results pages name dozens of athletes or teams; this only stops runaways
TITLE_BONUS = 2.0  # a mention in the title counts this much more
ADJECTIVE_WEIGHT = 0.5  # "Azerbaijani" adds this to Azerbaijan when Azerbaijan is named too
LANGUAGE_SAMPLE = 400  # tokens looked at to guess the language when none is given


@dataclass
class Tags:
    """Automatic tags of one article: display forms, deduplicated, most salient first."""

    places: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)


def tag_article(title: str, body: str, lang: str | None, vocabulary: Vocabulary) -> Tags:
    """Places, people, organisations and key terms of one article."""
    title = (title or "").strip()
    text = f"{title}\n\n{body or ''}" if title else body or ""
    tokens = tokenize(text)
    title_end = sum(1 for token in tokens if token.start < len(title))
    lang = _normalise_lang(lang) or guess_language(tokens, vocabulary)
    doc = Document(tokens, lang, vocabulary)
    mentions = find_mentions(doc)
    ranked = _rank(mentions, title_end, len(tokens))
    return Tags(
        places=_canonical_places(ranked.get("place", []), doc, vocabulary),
        people=ranked.get("person", []),
        orgs=ranked.get("org", []),
        terms=find_terms(doc, title_end),
    )


def _canonical_places(names: list[str], doc: Document, vocabulary: Vocabulary) -> list[str]:
    """Places the vocabulary does not know, in the archive's canonical form (Muenchen -> Munich).

    A vocabulary display form is kept as it is: the built-in ones are the canonical
    forms already, and a user's own display form wins."""
    canonical = []
    for name in names:
        known = vocabulary.lookup(tokenize_phrase(name), doc.lang, cued=True)
        canonical.append(name if known is not None else canonical_place(name))
    return list(dict.fromkeys(canonical))


def _normalise_lang(lang: str | None) -> str | None:
    return lang.strip().lower()[:2] if lang and lang.strip() else None


def guess_language(tokens, vocabulary: Vocabulary) -> str | None:
    """ "en" or "de" by stop-word counts, None for anything else."""
    words = [token.text.casefold() for token in tokens[:LANGUAGE_SAMPLE]]
    if not words:
        return None
    english = sum(word in vocabulary.stopwords.get("en", ()) for word in words)
    german = sum(word in vocabulary.stopwords.get("de", ()) for word in words)
    best, hits = ("en", english) if english >= german else ("de", german)
    return best if hits >= max(3, 0.15 * len(words)) else None


def _rank(mentions: list[Mention], title_end: int, total: int) -> dict[str, list[str]]:
    scores: dict[tuple[str, str], float] = defaultdict(float)
    adjectives: dict[str, float] = defaultdict(float)
    for mention in mentions:
        position = 1.0 - mention.start / max(total, 1)  # earlier is more salient
        weight = 1.0 + 0.5 * position + (TITLE_BONUS if mention.start < title_end else 0.0)
        if mention.kind == "adj":
            adjectives[mention.display] += ADJECTIVE_WEIGHT * weight
        elif mention.kind in ("place", "person", "org"):
            scores[(mention.kind, mention.display)] += weight
    for display, weight in adjectives.items():
        if ("place", display) in scores:
            scores[("place", display)] += weight
    ranked: dict[str, list[str]] = defaultdict(list)
    for (kind, display), _score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        if len(ranked[kind]) < MAX_PER_KIND:
            ranked[kind].append(display)
    return ranked
