"""Title, site name, description, tags, language and canonical URL of a parsed page."""

from __future__ import annotations

import re
from copy import deepcopy
from urllib.parse import urljoin

from ._page import Page, domain_of, visible_text

#: Meta tags holding the headline, best first.
TITLE_META = ("og:title", "twitter:title", "dc.title", "dcterms.title", "headline", "title")
SITENAME_META = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")
DESCRIPTION_META = ("og:description", "description", "twitter:description", "dc.description")
TAG_META = ("article:tag", "keywords", "news_keywords", "parsely-tags", "sailthru.tags")
#: Separators between a headline and a site name in ``<title>``.
TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»«~/:]|::)\s+|\s*\|\s*")
#: Headings of these classes are the page's own headline.
TITLE_HINT = re.compile(r"title|headline|heading|titel|ueberschrift|überschrift", re.I)
HIDDEN_HINT = re.compile(
    r"sr-only|visually-hidden|element-invisible|screen-reader|hidden|skip", re.I
)
MAX_HEADINGS = 20
MAX_HEADING_WORDS = 40
#: A heading agrees with a meta title when it shares this share of words with it.
MIN_HEADING_PRECISION, MIN_HEADING_RECALL = 0.6, 0.5
#: A heading that begins or ends a meta title is the headline if it has this many words.
MIN_AFFIX_WORDS = 3
#: Meta titles this short ("Home") say nothing about the headline.
MAX_VAGUE_TITLE_WORDS = 2
#: A title part naming the site has at most this many words ("Spiegel Online Wissen").
SITE_PART_WORDS = 4
#: A declared site name longer than this (words) is a headline, not a name.
MAX_SITENAME_WORDS = 8
#: A longer title part naming the site begins with the site's name
#: ("Evangelisches Jugendwerk (ejw)"): a name this long (characters, normalised) is enough.
SITE_PREFIX_CHARS = 12
#: Parts of a heading that are kickers or section labels, not the headline.
KICKER_HINT = re.compile(
    r"kicker|overline|topline|toptitle|dachzeile|roofline|eyebrow|topic|label|section|category|"
    r"rubri|ressort|pretitle|pre-title|colon|spitzmarke|subtitle|sub-title|subheadline|"
    r"sub-heading|subheading|titleheader",
    re.I,
)
#: The part of a heading holding the headline itself, when the heading has a kicker too.
HEADLINE_PART = re.compile(r"(?:^|[\s_-])(?:headline|title-text|headline-text)(?:$|[\s_-])", re.I)
#: Headings of these classes show the site's name or logo, not an article's headline.
SITE_TITLE_HINT = re.compile(r"site-title|site-name|blog-title|site-logo|logo|brand", re.I)
#: Title parts this short after the headline are section names.
SECTION_WORDS = 2
SITE_SUFFIX = re.compile(r"\s+[|·•–—]\s+")
BREADCRUMB = re.compile(r"\s(?:»|›|/|::)\s")
#: A headline is never longer than this (characters).
MAX_TITLE_CHARS = 300
MAX_TAGS = 30
MAX_TAG_CHARS = 60
_NOT_ALNUM = re.compile(r"[\W_]+")


def extract_sitename(page: Page) -> str:
    """og:site_name, JSON-LD publisher or WebSite name, a ``<title>`` suffix, else the domain."""
    section = page.first_meta("article:section") or ""
    name = page.first_meta(*SITENAME_META)
    declared = page.first_meta(*(meta for meta in SITENAME_META if meta != "twitter:site"))
    handle = name is not None and declared is None and " " not in name  # twitter:site alone
    if name and not handle and is_site_name(name, section):
        if not _is_page_title(name, page):
            return _declared_site_name(name, page)
        if title_suffix(name):  # "Headline - Site" given as the site's name
            return title_suffix(name)
    for obj in page.articles():
        publisher = obj.get("publisher")
        if isinstance(publisher, list) and publisher:
            publisher = publisher[0]
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            if is_site_name(publisher["name"], section):
                return _declared_site_name(publisher["name"], page)
    for obj in page.jsonld:
        if obj.get("@type") in ("WebSite", "Organization", "NewsMediaOrganization"):
            if isinstance(obj.get("name"), str) and is_site_name(obj["name"], section):
                return _declared_site_name(obj["name"], page)
    suffix = title_suffix(page.tree.findtext(".//title") or "")
    if suffix and is_site_name(suffix, section):
        return suffix
    return domain_of(extract_url(page) or page.url)


#: What a site's name never is: an unrendered template ({$x}, {{x}}, %x%), a handle or a
#: path ("@site", "/site", "site_tv"), an address, a date, a number or an ordinal label
#: ("6. Jahrgang", "3. Ausgabe").
NOT_A_SITE_NAME = re.compile(
    r"\{\$|\{\{|%\w+%|^[@/#]|\s@\w|^https?:|//|^[\d\W]+$|^[^\s_]*_\S*$|^\d+\.\s",
)
#: Between a site's name and its tagline in a declared name: "Blog | Satire | Kabarett".
TAGLINE_SEPARATOR = " | "


def is_site_name(name: str, section: str = "") -> bool:
    """Whether a declared site name can be one (not a template, handle, date or section)."""
    name = " ".join(name.split())
    if not name or NOT_A_SITE_NAME.search(name):
        return False
    return not (section and _norm(name) == _norm(section))


def _is_page_title(name: str, page: Page) -> bool:
    """Whether a declared site name is the page's own title (or as long as a headline)."""
    key = _norm(name)
    titles = (page.tree.findtext(".//title"), page.first_meta("og:title", "twitter:title"))
    return len(name.split()) > MAX_SITENAME_WORDS or any(t and _norm(t) == key for t in titles)


def title_suffix(title: str) -> str:
    """The site's name after the headline in ``<title>`` ("Headline | Northern Ledger"), or ''.

    Only a strong separator (``|``, ``·``, ``•``, a dash between spaces) counts, and the last
    part must be short and shorter than the headline.
    """
    parts = SITE_SUFFIX.split(" ".join(title.split()))
    if len(parts) < 2:
        return ""
    last, headline = parts[-1].strip(), max(parts[:-1], key=len)
    if last and len(last.split()) <= SITE_PART_WORDS and len(last) < len(headline):
        return last
    return ""


def extract_title(page: Page, sitename: str = "") -> str:
    """The headline, site names stripped.

    Ladder: the visible heading that agrees with the meta/``<title>`` titles, else a
    lone headline-classed ``<h1>``, else og:title/JSON-LD headline, else ``<title>``.
    """
    domain = domain_of(extract_url(page) or page.url)
    references = [
        strip_site_suffix(_clean(t), sitename, domain)
        for t in (
            page.first_meta(*TITLE_META),
            _jsonld_headline(page),
            page.tree.findtext(".//title"),
        )
        if t and t.strip()
    ]
    for tag in ("h1", "h2"):
        headings = _headings(page, tag, sitename, domain)
        best = _best_match(headings, references)
        if best:
            return best[:MAX_TITLE_CHARS]
        vague = all(len(r.split()) <= MAX_VAGUE_TITLE_WORDS for r in references)
        if tag == "h1" and len(headings) == 1 and (vague or TITLE_HINT.search(headings[0][1])):
            return headings[0][0][:MAX_TITLE_CHARS]
    return references[0][:MAX_TITLE_CHARS] if references else ""


def strip_site_suffix(title: str, sitename: str = "", domain: str = "") -> str:
    """Drop the parts of ``title`` that name the site (" | Site", "Site - ", "Site » Blog » X").

    The part naming the site and what follows it (sections, slogans) go when the site
    part comes after the headline; what precedes it goes when it comes first.
    """
    parts = TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    names = _site_names(sitename, domain)
    site_at = [i for i, part in enumerate(parts) if _names_site(part, names)]
    if not site_at or len(site_at) == len(parts):
        return title
    if site_at[0] > 0:
        kept = parts[: site_at[0]]
        while len(kept) > 1 and len(kept[-1].split()) <= SECTION_WORDS:
            kept.pop()  # "Headline | Section | Site"
    else:
        kept = [p for p in parts[1:] if not _names_site(p, names)]
        if len(kept) > 1 and BREADCRUMB.search(title):
            kept = [max(kept, key=len)]  # "Site » Blog Archive » Headline"
    return _join_parts(title, kept)


def extract_description(page: Page) -> str:
    """og:description, meta description or JSON-LD description."""
    text = page.first_meta(*DESCRIPTION_META)
    if not text:
        for obj in page.articles():
            if isinstance(obj.get("description"), str):
                text = obj["description"]
                break
    return _clean(text or "")


def extract_tags(page: Page) -> list[str]:
    """The page's own keywords: article:tag, meta keywords, JSON-LD keywords."""
    raw: list[str] = []
    for name in TAG_META:
        for value in page.meta.get(name, ()):
            raw.extend(re.split(r"[,;]", value))
    if not raw:
        for obj in page.articles():
            keywords = obj.get("keywords")
            if isinstance(keywords, str):
                raw.extend(re.split(r"[,;]", keywords))
            elif isinstance(keywords, list):
                raw.extend(k for k in keywords if isinstance(k, str))
            if raw:
                break
    tags, seen = [], set()
    for tag in raw:
        tag = _clean(tag)
        if tag and len(tag) <= MAX_TAG_CHARS and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags[:MAX_TAGS]


def extract_lang(page: Page) -> str | None:
    """The ISO 639-1 code the page declares (``<html lang>``, og:locale, content-language)."""
    declared = page.tree.get("lang") or page.tree.get("xml:lang")
    declared = declared or page.first_meta(
        "og:locale", "content-language", "language", "dc.language"
    )
    match = re.match(r"^\s*([a-zA-Z]{2})(?:[-_]|\s*$)", declared or "")
    return match.group(1).lower() if match else None


def extract_url(page: Page) -> str | None:
    """The canonical URL the page declares (``<link rel=canonical>``, og:url)."""
    for link in page.tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return _absolute(link.get("href").strip(), page.url)
    url = page.first_meta("og:url", "twitter:url")
    return _absolute(url, page.url) if url else None


def _absolute(url: str, base: str | None) -> str | None:
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return "https:" + url
    return urljoin(base, url) if base else None


def _jsonld_headline(page: Page) -> str | None:
    for obj in page.articles():
        for key in ("headline", "name"):
            if isinstance(obj.get(key), str) and obj[key].strip():
                return obj[key]
    return None


def _names_site(part: str, names: set[str]) -> bool:
    key = _norm(part)
    if not key:
        return True
    short = len(part.split()) <= SITE_PART_WORDS
    return any(
        key == name
        or (short and len(name) >= 4 and name in key)
        or (len(key) >= 4 and key in name)
        or (len(name) >= SITE_PREFIX_CHARS and key.startswith(name))
        for name in names
    )


def _norm(text: str) -> str:
    return _NOT_ALNUM.sub("", text.casefold())


def _clean(text: str) -> str:
    return " ".join(text.split())


def _declared_site_name(text: str, page: Page) -> str:
    """A declared site name without its tagline: of "Name | Tagline | Tagline", the part
    that names the page's host ("2gewinnt | Kabarett" on 2gewinnt.example), else all of it."""
    text = _clean(text)
    parts = [part.strip() for part in text.split(TAGLINE_SEPARATOR)]
    host = domain_of(extract_url(page) or page.url)
    labels = [_alnum(label) for label in host.split(".")[:-1] if len(_alnum(label)) >= 3]
    if len(parts) < 2 or not labels:
        return text
    named = [
        part
        for part in parts
        if any(label in _alnum(part) for label in labels) and is_site_name(part)
    ]
    return named[0] if len(named) == 1 else text


def _alnum(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def _headings(page: Page, tag: str, sitename: str, domain: str) -> list[tuple[str, str]]:
    """(text, class and id) of the visible ``tag`` headings that do not name the site."""
    found = []
    names = _site_names(sitename, domain)
    for element in page.tree.iter(tag):
        hint = f"{element.get('class', '')} {element.get('id', '')}"
        if HIDDEN_HINT.search(hint) or SITE_TITLE_HINT.search(hint):
            continue
        text = _heading_text(element)
        if text and len(text.split()) <= MAX_HEADING_WORDS and not _is_site_name(text, names):
            found.append((text, hint))
        if len(found) >= MAX_HEADINGS:
            break
    return found


def _is_site_name(text: str, names: set[str]) -> bool:
    """Whether a heading only names the site (equal to, or a part of, its name)."""
    key = _norm(text)
    return key in names or (len(key) >= 4 and any(key in name for name in names))


def _heading_text(element) -> str:
    parts = [
        e
        for e in element.iterdescendants()
        if isinstance(e.tag, str)
        and (e.get("itemprop") == "headline" or HEADLINE_PART.search(e.get("class", "")))
    ]
    if parts and visible_text(parts[0], ""):
        return visible_text(parts[0], "")  # "<span class=kicker>..</span><span class=headline>"
    kickers = [
        e
        for e in element.iterdescendants()
        if isinstance(e.tag, str) and KICKER_HINT.search(f"{e.get('class', '')} {e.get('id', '')}")
    ]
    if not kickers:
        return visible_text(element, "")
    copy = deepcopy(element)
    for kicker in [
        e
        for e in copy.iterdescendants()
        if isinstance(e.tag, str) and KICKER_HINT.search(f"{e.get('class', '')} {e.get('id', '')}")
    ]:
        if kicker.getparent() is not None:
            kicker.drop_tree()
    return visible_text(copy, "") or visible_text(element, "")


def _best_match(headings: list[tuple[str, str]], references: list[str]) -> str | None:
    best, best_score = None, 0.0
    for text, _ in headings:
        words = set(_words(text))
        for reference in references:
            ref = set(_words(reference))
            if not words or not ref:
                continue
            common = len(words & ref)
            precision, recall = common / len(words), common / len(ref)
            affix = precision == 1 and len(words) >= MIN_AFFIX_WORDS and _is_affix(text, reference)
            if affix or (precision >= MIN_HEADING_PRECISION and recall >= MIN_HEADING_RECALL):
                score = 2 * precision * recall / (precision + recall)
                if score > best_score:
                    best, best_score = text, score
    return best


def _is_affix(heading: str, reference: str) -> bool:
    """Whether ``heading`` starts or ends ``reference`` ("Headline - Some Site Name")."""
    heading, reference = _norm(heading), _norm(reference)
    return reference.startswith(heading) or reference.endswith(heading)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _join_parts(title: str, kept: list[str]) -> str:
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end].strip() if 0 <= start < end else " ".join(kept)


def _site_names(sitename: str, domain: str) -> set[str]:
    names = {_norm(sitename), _norm(domain)}
    labels = domain.split(".")
    if len(labels) >= 2:
        names |= {_norm(".".join(labels[:-1])), _norm(labels[-2])}
    names.discard("")
    return names
