"""A deterministic generator of realistic news articles, saved as HTML pages and text files.

``build_corpus(n)`` writes ``n`` articles under ``benchmarks/.cache/`` (once per ``n`` and
generator version) and returns a ``Corpus``: the folder of files to index, plus a manifest
holding each article's true metadata and text (the FTS5 reference indexes the manifest).

Article ``i`` depends only on ``SEED``, ``GENERATOR_VERSION`` and ``i``: a corpus of 5,000
is the first 5,000 articles of a corpus of 100,000.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from itertools import accumulate
from pathlib import Path

from wordlists import (
    CITY_PAPER_PLACES,
    COLLOCATIONS,
    COMMON_COLLOCATIONS,
    FIRST_NAMES,
    FUNCTION_WORDS,
    GENERAL_WORDS,
    LAST_NAMES,
    NAV_SECTIONS,
    ORGS,
    OUTLETS,
    PAPER_WORDS,
    PLACES,
    SYLLABLES,
    TAIL_ENDINGS,
    TOPIC_WORDS,
)

#: Bump whenever anything below changes the generated files (it keys the cache).
GENERATOR_VERSION = 1
SEED = 20240917
CACHE_DIR = Path(__file__).resolve().parent / ".cache"

VOCABULARY_SIZE = 60_000
ZIPF_EXPONENT = 1.2
MIN_WORDS, MAX_WORDS = 300, 1500
HTML_SHARE = 0.8
SOURCE_COUNT = 200
FOOTER_LINKS = ("About us", "Contact", "Careers", "Privacy policy", "Terms of use", "Advertise")
PEOPLE_COUNT = 400
FIRST_DAY = datetime(2015, 1, 1, tzinfo=UTC)
DAYS = 3653  # ten years: 2015-01-01 to 2024-12-31
TOPICS = list(TOPIC_WORDS)
TOPIC_WEIGHTS = [24, 20, 8, 12, 10, 8, 12, 6]


@dataclass
class Article:
    """One generated article and the metadata an ideal extractor would find in its file."""

    number: int
    format: str  # "html" or "txt"
    path: str  # relative to the corpus's files folder
    title: str
    body: str  # paragraphs separated by blank lines
    date: str  # ISO 8601 with offset
    source: str
    domain: str
    url: str
    topic: str
    authors: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    date_style: str = ""  # where the file states the date: meta, json-ld, both, text, none
    word_count: int = 0


@dataclass
class Corpus:
    """A generated corpus on disk."""

    root: Path
    count: int

    @property
    def files(self) -> Path:
        return self.root / "files"

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.jsonl"

    def articles(self):
        """Yield each article's manifest entry as a dict, in order."""
        with self.manifest.open(encoding="utf-8") as lines:
            for line in lines:
                yield json.loads(line)


# ---------------------------------------------------------------- vocabulary and lists


@cache
def vocabulary() -> tuple[list[str], list[float]]:
    """Words ranked by frequency and their cumulative Zipf weights."""
    words = list(dict.fromkeys(FUNCTION_WORDS + GENERAL_WORDS))
    seen = set(words)
    for word in list(words[len(set(FUNCTION_WORDS)) :]):  # plurals: realistic stemming pairs
        plural = word + "s" if not word.endswith(("s", "y")) else ""
        if plural and plural not in seen:
            seen.add(plural)
            words.append(plural)
    rng = random.Random(f"{SEED}:tail")
    while len(words) < VOCABULARY_SIZE:
        word = "".join(rng.choices(SYLLABLES, k=rng.choice((2, 2, 3, 3, 4)))) + rng.choice(
            TAIL_ENDINGS
        )
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = [1.0 / (rank + 2.7) ** ZIPF_EXPONENT for rank in range(1, len(words) + 1)]
    return words, list(accumulate(weights))


def _zipf_cumulative(count: int, exponent: float = 1.0) -> list[float]:
    return list(accumulate(1.0 / (rank + 1) ** exponent for rank in range(count)))


@cache
def source_list() -> list[dict]:
    """~200 outlets: name, domain, time zone, date style, chrome variant and staff."""
    rng = random.Random(f"{SEED}:sources")
    outlets = [tuple(item.split("|")) for item in OUTLETS]
    names = {name for name, _ in outlets}
    while len(outlets) < SOURCE_COUNT:
        name = f"The {rng.choice(CITY_PAPER_PLACES)} {rng.choice(PAPER_WORDS)}"
        if name not in names:
            names.add(name)
            ending = rng.choice((".com", ".co.uk", ".net", ".org"))
            domain = _slug(name[4:]).replace("-", "") + ending
            outlets.append((name, domain))
    sources = []
    for number, (name, domain) in enumerate(outlets):
        sources.append(
            {
                "name": name,
                "domain": domain,
                "slug": _slug(name),
                "offset": rng.choice((0, 0, 1, 2, -5, -5, -4, -8, 10, 5.5)),
                "date_style": rng.choices(("meta", "json-ld", "both"), (55, 35, 10))[0],
                "variant": number % 3,
                "staff": [_person(rng) for _ in range(rng.randint(4, 20))],
                "script_kb": rng.randint(8, 40),
            }
        )
    return sources


@cache
def people_list() -> list[str]:
    rng = random.Random(f"{SEED}:people")
    return list(dict.fromkeys(_person(rng) for _ in range(PEOPLE_COUNT * 2)))[:PEOPLE_COUNT]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


@cache
def _cumulative_lists():
    return {
        "sources": _zipf_cumulative(SOURCE_COUNT, 0.7),
        "places": _zipf_cumulative(len(PLACES), 0.9),
        "orgs": _zipf_cumulative(len(ORGS), 0.9),
        "people": _zipf_cumulative(PEOPLE_COUNT, 0.8),
    }


# ---------------------------------------------------------------- one article


def generate_article(number: int) -> Article:
    """Article ``number``: same result for the same number, whatever the corpus size."""
    rng = random.Random(f"{SEED}:{GENERATOR_VERSION}:{number}")
    cumulative = _cumulative_lists()
    source = source_list()[_pick_index(rng, cumulative["sources"])]
    topic = rng.choices(TOPICS, TOPIC_WEIGHTS)[0]
    places = _distinct(rng, PLACES, cumulative["places"], rng.randint(1, 3))
    orgs = _distinct(rng, ORGS, cumulative["orgs"], rng.randint(0, 3))
    people = _distinct(rng, people_list(), cumulative["people"], rng.randint(1, 4))
    authors = rng.sample(source["staff"], k=rng.choice((1, 1, 1, 2)))

    day = FIRST_DAY + timedelta(
        days=int(DAYS * rng.random() ** 0.85), seconds=rng.randint(0, 86399)
    )
    local = day.astimezone(timezone(timedelta(hours=source["offset"])))
    length = min(MAX_WORDS - 3, max(MIN_WORDS, int(rng.lognormvariate(6.55, 0.4))))
    paragraphs = _paragraphs(rng, length, topic, places, people, orgs)
    title = _title(rng, topic, places, people, orgs)
    fmt = "html" if rng.random() < HTML_SHARE else "txt"
    slug = _slug(title)[:60].rstrip("-")
    section = topic if topic != "sport" else "sports"
    keywords = [topic, *rng.sample(TOPIC_WORDS[topic], 3), *places[:1], *orgs[:1]]
    body = "\n\n".join(paragraphs)
    return Article(
        number=number,
        format=fmt,
        path=f"{local.year}/{source['slug']}-{slug}-{number}.{fmt}",
        title=title,
        body=body,
        date=local.isoformat(timespec="seconds"),
        source=source["name"],
        domain=source["domain"],
        url=f"https://www.{source['domain']}/{section}/{local:%Y/%m/%d}/{slug}-{number}",
        topic=topic,
        authors=authors,
        places=places,
        people=people,
        orgs=orgs,
        keywords=keywords,
        date_style=source["date_style"] if fmt == "html" else rng.choice(("text", "text", "none")),
        word_count=len(body.split()),
    )


def _pick_index(rng: random.Random, cumulative: list[float]) -> int:
    return rng.choices(range(len(cumulative)), cum_weights=cumulative)[0]


def _distinct(rng, items, cumulative, count):
    picked = dict.fromkeys(items[_pick_index(rng, cumulative)] for _ in range(count))
    return list(picked)


def _title(rng, topic, places, people, orgs) -> str:
    word = rng.choice(TOPIC_WORDS[topic])
    other = rng.choice(TOPIC_WORDS[topic])
    general = rng.choice(GENERAL_WORDS[:300])
    who = rng.choice(people).split()[-1]
    org = orgs[0] if orgs else rng.choice(places)
    templates = (
        f"{places[0]} {word} {general} as {org} weighs {other}",
        f"{who} says {word} will shape {other} in {places[0]}",
        f"{org} warns of {word} {general} after {other} talks",
        f"How {word} is changing {general} in {places[0]}",
        f"{places[0]}: {word} {general} hits record as {other} grows",
        f"Analysis: what the {word} {general} means for {org}",
    )
    title = rng.choice(templates)
    return title[0].upper() + title[1:]


def _paragraphs(rng, length, topic, places, people, orgs) -> list[str]:
    """Sentences of Zipf words with topic words, collocations and names, ``length`` words in all."""
    words, cumulative = vocabulary()
    tokens = rng.choices(words, cum_weights=cumulative, k=length)
    topic_words = TOPIC_WORDS[topic]
    phrases = COLLOCATIONS[topic]
    entities = places + people + orgs
    sentences, position, written = [], 0, 0
    while written < length:
        size = rng.randint(8, 26)
        sentence = tokens[position : position + size]
        position += size
        for _ in range(rng.choice((0, 1, 1, 2))):
            sentence.insert(rng.randrange(len(sentence) + 1), rng.choice(topic_words))
        roll = rng.random()
        if roll < 0.25:
            sentence.insert(rng.randrange(len(sentence) + 1), rng.choice(phrases))
        elif roll < 0.35:
            sentence.insert(rng.randrange(len(sentence) + 1), rng.choice(COMMON_COLLOCATIONS))
        if rng.random() < 0.35:
            sentence.insert(rng.randrange(len(sentence) + 1), f"in {rng.choice(entities)}")
        if rng.random() < 0.1:
            sentence.insert(rng.randrange(len(sentence) + 1), _number_phrase(rng))
        text = " ".join(sentence)
        if rng.random() < 0.12:
            speaker = rng.choice(people)
            text = " ".join(text.split()[: max(3, length - written - 3)])
            text = f"\u201c{text[0].upper()}{text[1:]},\u201d said {speaker}."
        else:
            text = " ".join(text.split()[: max(3, length - written)])
            text = f"{text[0].upper()}{text[1:]}."
        written += text.count(" ") + 1
        sentences.append(text)
    paragraphs, index = [], 0
    while index < len(sentences):
        size = rng.randint(2, 5)
        paragraphs.append(" ".join(sentences[index : index + size]))
        index += size
    return paragraphs


def _number_phrase(rng) -> str:
    return rng.choice(
        (
            f"{rng.randint(2, 95)} percent",
            f"${rng.randint(2, 900)} million",
            f"{rng.randint(2, 60)}.{rng.randint(0, 9)} billion",
            f"in {rng.randint(1990, 2024)}",
            f"{rng.randint(2, 5000)} people",
        )
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ---------------------------------------------------------------- rendering


def render(article: Article) -> str:
    return render_html(article) if article.format == "html" else render_text(article)


def render_text(article: Article) -> str:
    """A text file as users save them: title, sometimes a byline and a date, then the text."""
    when = datetime.fromisoformat(article.date)
    lines = [article.title, ""]
    if article.date_style == "text":
        style = article.number % 3
        if style == 0:
            lines[1:1] = [
                f"By {' and '.join(article.authors)}",
                f"{article.source}, {when:%B} {when.day}, {when.year}",
            ]
        elif style == 1:
            lines[1:1] = [article.url, f"{when:%Y-%m-%d}"]
        else:
            lines[1:1] = [f"{article.source} \u2014 {when:%d %b %Y %H:%M}"]
    return "\n".join(lines) + "\n" + article.body + "\n"


def render_html(article: Article) -> str:
    """A saved page: head metadata, scripts and styles, navigation, the article and a footer."""
    source = source_list()[_source_index(article.source)]
    chrome = _chrome(_source_index(article.source))
    esc = html.escape
    title, site = esc(article.title), esc(article.source)
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title} | {site}</title>",
        f'<meta name="description" content="{esc(article.body[:160])}">',
        f'<link rel="canonical" href="{article.url}">',
        f'<meta property="og:title" content="{title}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{article.url}">',
        f'<meta property="og:site_name" content="{site}">',
        f'<meta name="author" content="{esc(", ".join(article.authors))}">',
        f'<meta name="keywords" content="{esc(", ".join(article.keywords))}">',
        '<meta name="twitter:card" content="summary_large_image">'
        f'<meta name="twitter:title" content="{title}">',
    ]
    if source["date_style"] in ("meta", "both"):
        head.append(f'<meta property="article:published_time" content="{article.date}">')
        head.append(f'<meta property="article:section" content="{article.topic.title()}">')
    if source["date_style"] in ("json-ld", "both"):
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "datePublished": article.date,
            "dateModified": article.date,
            "author": [{"@type": "Person", "name": name} for name in article.authors],
            "publisher": {"@type": "Organization", "name": article.source},
            "mainEntityOfPage": article.url,
            "keywords": article.keywords,
        }
        head.append(f'<script type="application/ld+json">{json.dumps(data)}</script>')
    when = datetime.fromisoformat(article.date)
    paragraphs = "\n".join(f"<p>{esc(p)}</p>" for p in article.body.split("\n\n"))
    byline = ", ".join(
        f'<a rel="author" href="/authors/{_slug(a)}">{esc(a)}</a>' for a in article.authors
    )
    body = (
        f'<div class="cookie-banner">We use cookies to improve your experience. '
        f"<button>Accept</button></div>\n{chrome['nav']}\n"
        f'<main><article class="story story--{article.topic}">\n'
        f'<header><p class="kicker">{article.topic.title()}</p><h1>{title}</h1>\n'
        f'<p class="byline">By {byline} \u00b7 <time datetime="{article.date}">'
        f"{when:%B} {when.day}, {when.year}</time></p></header>\n"
        f'<figure><img src="https://cdn.{article.domain}/img/{article.number}.jpg" alt="">'
        f"<figcaption>{esc(article.places[0])}. Photo: Agency</figcaption></figure>\n"
        f'<div class="story-body">\n{paragraphs}\n</div>\n'
        '<aside class="newsletter"><h3>Get the morning briefing</h3>'
        "<p>Sign up for our free newsletter.</p></aside>\n"
        f"</article>\n{chrome['related']}</main>\n{chrome['footer']}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head>\n'
        + "\n".join(head)
        + "\n"
        + chrome["head"]
        + f"\n</head>\n<body>\n{body}\n{chrome['tail']}\n</body></html>\n"
    )


@cache
def _source_indexes() -> dict[str, int]:
    return {source["name"]: index for index, source in enumerate(source_list())}


def _source_index(name: str) -> int:
    return _source_indexes()[name]


@cache
def _chrome(index: int) -> dict[str, str]:
    """The parts of a page that every article of one outlet shares."""
    source = source_list()[index]
    rng = random.Random(f"{SEED}:chrome:{index}")
    links = "".join(f'<li><a href="/{_slug(s)}">{s}</a></li>' for s in NAV_SECTIONS)
    nav = (
        f'<header class="site-header v{source["variant"]}">'
        f'<a class="logo" href="/">{html.escape(source["name"])}</a>'
        f'<nav aria-label="Main"><ul>{links}</ul></nav>'
        '<form action="/search"><input name="q"></form></header>'
    )
    words, _ = vocabulary()
    related = "".join(
        f'<li><a href="/news/{rng.randint(10**6, 10**7)}">'
        f"{' '.join(rng.choices(words[100:2000], k=rng.randint(5, 9))).capitalize()}</a></li>"
        for _ in range(8)
    )
    related = f'<aside class="most-read"><h2>Most read</h2><ol>{related}</ol></aside>'
    footer = (
        "<footer><ul>"
        + "".join(f"<li><a href=/{p.lower()}>{p}</a></li>" for p in FOOTER_LINKS)
        + "</ul>"
        f"<p>\u00a9 2024 {html.escape(source['name'])}. All rights reserved.</p></footer>"
    )
    styles = "".join(
        f".c{rng.randint(0, 9999)}{{margin:{rng.randint(0, 40)}px;"
        f"color:#{rng.randint(0, 0xFFFFFF):06x}}}"
        for _ in range(120)
    )
    bundle = "".join(
        f"function f{n}(a,b){{return a.{rng.choice(('map', 'filter', 'push', 'slice'))}(b)"
        f"+{rng.randint(0, 999)}}};"
        for n in range(source["script_kb"] * 20)
    )
    head = (
        f'<link rel="stylesheet" href="https://cdn.{source["domain"]}/css/main.css">\n'
        f"<style>{styles}</style>\n"
        f'<script async src="https://www.googletagmanager.com/gtag/js?id=G-{index:06d}"></script>\n'
        "<script>window.dataLayer=window.dataLayer||[];"
        "function gtag(){dataLayer.push(arguments)}</script>"
    )
    tail = f"<script>{bundle}</script>"
    return {"nav": nav, "related": related, "footer": footer, "head": head, "tail": tail}


# ---------------------------------------------------------------- the cached corpus


def corpus_dir(count: int) -> Path:
    return CACHE_DIR / f"corpus-g{GENERATOR_VERSION}-s{SEED}-n{count}"


def build_corpus(count: int, cache_dir: Path | None = None, log=None) -> Corpus:
    """The corpus of ``count`` articles, generated once and then reused from the cache."""
    root = (cache_dir / corpus_dir(count).name) if cache_dir else corpus_dir(count)
    marker = root / "corpus.json"
    if marker.exists():
        return Corpus(root, count)
    tmp = root.with_name(root.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "files").mkdir(parents=True)
    with (tmp / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for number in range(count):
            article = write_article(tmp / "files", number)
            manifest.write(json.dumps(asdict(article), ensure_ascii=False) + "\n")
            if log and number and number % 10_000 == 0:
                log(f"generated {number} articles")
    summary = {"count": count, "generator_version": GENERATOR_VERSION, "seed": SEED}
    (tmp / "corpus.json").write_text(json.dumps(summary))
    if root.exists():  # a half-built or foreign folder
        shutil.rmtree(root)
    tmp.rename(root)
    return Corpus(root, count)


def write_article(folder: Path, number: int, marker: str = "") -> Article:
    """Write article ``number`` under ``folder`` (with ``marker`` appended to its text, if any)."""
    article = generate_article(number)
    if marker:
        article.title = f"{article.title} {marker}"
        article.body = f"{article.body}\n\nUpdate: {marker}."
    path = folder / article.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(article), encoding="utf-8")
    saved = datetime.fromisoformat(article.date) + timedelta(hours=1 + number % 72)
    os.utime(path, (saved.timestamp(), saved.timestamp()))
    return article
