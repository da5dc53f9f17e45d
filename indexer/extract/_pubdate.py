"""The publication date of a parsed page, by an ordered ladder of sources.

Ladder (each step runs only while no date is found): ``meta`` (article:published_time,
DC, parsely...), ``json-ld`` (datePublished, then dateCreated), ``time`` (``<time>`` and
``itemprop=datePublished`` elements, publication before modification), ``url`` (a full
date in the canonical URL), ``text`` (a date in a byline/date element, else the first
date near the headline), and last htmldate's extensive search (``text``).

Rules for suspicious dates:

* A date later than now (plus ``MAX_FUTURE`` for time zones) is rejected: a page cannot
  be published after it was saved; such values are scheduled events or typos.
* A date before ``MIN_DATE`` (1990-01-01, before the web) is rejected: it is a
  historical date the article talks about, or a placeholder such as 1970-01-01.
* A URL that carries a full date is the publisher's own record of the day: when a
  candidate from meta/JSON-LD/``<time>`` falls on another day, the URL date wins
  (``date_source="url"``): modification dates leaking into meta tags and UTC
  timestamps that shift the publisher's local day are the usual causes. A URL with only
  ``/YYYY/MM/`` rejects candidates from another month.
* Modified/updated dates are used only when the page shows one as its date: when the
  date shown to the reader (``<time>``, a labelled date, a date/byline element) is later
  than the declared publication and is the declared modification day, the page as saved
  is that updated version and is dated by it.
* The URL's day does not win over a candidate the page also shows to the reader.
* A MediaWiki page (``generator`` meta) is one revision of a wiki page: it is dated by
  that revision's last edit.
* A generic ``date``/``dc.date`` meta tag yields to the date the page shows (``<time>``,
  a labelled date or a date/byline element) when they fall on different days: CMSs
  often fill it with the day the page was last saved.
* A day without a time of day (``2019-10-18``) yields to a full timestamp from a later
  step within one day of it: day-only values are often in another time zone.
* The site's header (a ``<header>`` with a ``<nav>``, outside ``<article>``/``<main>``,
  and no headline) often shows the day the page was served: its dates are ignored.
* A teaser of the page itself (a small block whose link points to the page's own URL, as
  in "latest articles" lists) carries the page's date: it is read before the text.
* A date right after a "current time" or "registered since" label ("Aktuelle Zeit:",
  "Registriert:", "member since") is the page's or a user's, not the article's.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from lxml import etree

from ._dates import (
    NAIVE_UTC,
    find_dates_with_positions,
    find_url_date,
    find_url_month,
    parse_date_value,
)
from ._htmldate import find_date_htmldate
from ._page import Page, first_heading, visible_text

MIN_DATE = datetime(1990, 1, 1, tzinfo=UTC)
MAX_FUTURE = timedelta(days=1)
URL_TOLERANCE = timedelta(days=0)
#: The widest offsets from UTC a page's local day is taken from (west, east).
LOCAL_OFFSETS = (timedelta(hours=-10), timedelta(hours=12))

#: Meta tags that name the publication date explicitly, best first.
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "og:pubdate",
    "publication_date",
    "dc.date.issued",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "originalpublicationdate",
    "article.published",
    "article_date_original",
    "release_date",
    "article:post_date",
)
#: Generic date meta tags (sometimes the modification date): used after JSON-LD.
GENERIC_META = (
    "date",
    "dc.date",
    "dcterms.date",
    "dc.date.created",
    "dcterms.created",
    "citation_date",
    "datecreated",
    "date.available",
    "created",
)
#: Meta tags that name the last modification.
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified")
#: A label announcing the publication date in the text ("Datum: 18.10.2021").
DATE_LABEL = re.compile(
    r"(?:\b(?:datum|date|published(?: on)?|publiziert(?: am)?|veröffentlicht(?: am)?|"
    r"erschienen(?: am)?|stand|posted(?: on)?|erstellt(?: am)?|publié le|gespeichert von \S+ am)"
    r"\s*:?\s*(?:\w+,\s*)?)(?=\d|[A-Z][a-z]+\.? \d)",
    re.I,
)
#: Class/id hints of elements that show a publication date or byline.
DATE_HINT = re.compile(
    r"date|time|datum|zeit|publish|posted|byline|meta|dateline|entry-info|post-info|article-info|"
    r"info|stand|veröffentlicht",
    re.I,
)
DATE_HINT_NOT = re.compile(
    r"update|modif|comment|related|footer|sidebar|widget|copyright|event|termin|veranstaltung|"
    r"daterange",
    re.I,
)
#: How many characters of the page text after the headline to search as a last resort.
HEADLINE_WINDOW = 1500
#: How many characters before the headline may hold its date (a kicker or dateline above it);
#: the date nearest to the headline wins.
BEFORE_HEADLINE = 80
#: A label before a date that is not the publication date (the time the page was served,
#: the day a forum user registered).
NOT_PUBLISHED_LABEL = re.compile(
    r"(?:aktuelle zeit|current time|it is currently|heute ist|today is|registriert(?: seit)?|"
    r"registered(?: since)?|joined|mitglied seit|member since|dabei seit)\s*:?\s*$",
    re.I,
)
#: A teaser block is at most this long.
TEASER_CHARS = 400
#: How many characters before a date may hold a ``NOT_PUBLISHED_LABEL``.
LABEL_WINDOW = 30
_SITE_HEADER = "ancestor::header[.//nav][not(.//h1)][not(ancestor::article or ancestor::main)]"
_PAGE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"
    f"[not({_SITE_HEADER})]"
)
_IN_SITE_HEADER = etree.XPath(f"boolean({_SITE_HEADER})")
#: Inside the readers' comments (``comment-list``, ``#comments``): a comment's own time.
_IN_COMMENTS = etree.XPath(
    "boolean(ancestor::*[contains(translate(@class, 'COMENT', 'coment'), 'comment') "
    "or contains(translate(@id, 'COMENT', 'coment'), 'comment')])"
)


def extract_date(page: Page, url: str | None = None) -> tuple[datetime | None, str | None]:
    """The publication date and where it came from, or ``(None, None)``."""
    now = datetime.now(UTC)
    url_date = find_url_date(url or page.url)
    url_month = find_url_month(url or page.url)
    revision = _wiki_revision(page, now)
    if revision is not None:
        return revision
    ladder = (
        ("meta", _from_meta),
        ("json-ld", _from_jsonld),
        ("meta", _from_generic_meta),
        ("time", _from_time),
    )
    for rank, (source, finder) in enumerate(ladder):
        found = _plausible(finder(page), now, url_month)
        if found is None:
            continue
        modified = _modified_days(page)
        needs_shown = modified or url_date or finder is _from_generic_meta
        shown = _shown_date(page, now, url_month) if needs_shown else None
        near = (shown or _headline_date(page, now, url_month)) if modified else None
        if near is not None and near[0].date() > found.date() and near[0].date() in modified:
            return near  # the page presents itself as its updated version
        if url_date and abs(found.date() - url_date) > URL_TOLERANCE:
            if shown is None or shown[0].date() != found.date():
                return _as_datetime(url_date), "url"
        if finder is _from_generic_meta:
            if shown is not None and shown[0].date() != found.date():
                return shown
        if _is_day_only(found):
            return _more_precise(page, ladder[rank + 1 :], found, source, now, url_month)
        return _local_day(page, found, source, now, url_month)
    if url_date and _plausible(_as_datetime(url_date), now, None):
        return _as_datetime(url_date), "url"
    found = _plausible(_from_self_teaser(page, now, url_month), now, url_month)
    if found:
        return found, "text"
    found = _plausible(_from_text(page, now, url_month), now, url_month)
    if found:
        return found, "text"
    found = _plausible(find_date_htmldate(page, url), now, url_month)
    return (found, "text") if found else (None, None)


def _wiki_revision(page: Page, now: datetime) -> tuple[datetime, str] | None:
    """The date of the revision a saved MediaWiki page shows, or None for other pages.

    A wiki page has no publication date: what was saved is one revision of it, dated by
    its last edit (JSON-LD ``dateModified``, else the footer's "last edited on" line).
    """
    if not (page.first_meta("generator") or "").startswith("MediaWiki"):
        return None
    for obj in page.articles():
        found = _plausible(parse_date_value(obj.get("dateModified")), now, None)
        if found:
            return found, "json-ld"
    footer = page.tree.xpath('//*[@id="footer-info-lastmod"]')
    found = _first_plausible(visible_text(footer[0]), now, None) if footer else None
    return (found, "text") if found else None


def _modified_days(page: Page) -> set[date]:
    """The days the page declares as its last modification (meta tags, JSON-LD)."""
    days = set()
    for name in MODIFIED_META:
        for value in page.meta.get(name, ()):
            found = parse_date_value(value)
            if found:
                days.add(found.date())
    for obj in page.articles():
        found = parse_date_value(obj.get("dateModified"))
        if found:
            days.add(found.date())
    return days


def _shown_date(page, now, url_month) -> tuple[datetime, str] | None:
    """The date the page shows (a ``<time>`` element, else a labelled or dated byline), or None.

    A generic ``date`` meta tag is often the day the page was last saved by its CMS: the
    date shown to the reader wins when they disagree.
    """
    found = _plausible(_from_time(page), now, url_month)
    if found is not None:
        return found, "time"
    found = _plausible(_from_text(page, now, url_month, window=False), now, url_month)
    return (found, "text") if found is not None else None


def _headline_date(page, now, url_month) -> tuple[datetime, str] | None:
    """The date nearest to the headline in the text, or None."""
    found = _plausible(_from_text(page, now, url_month), now, url_month)
    return (found, "text") if found is not None else None


def _local_day(page, found, source, now, url_month) -> tuple[datetime, str]:
    """A UTC timestamp yields to the day the page itself shows, when that is a day off.

    Sites often store UTC in meta tags and JSON-LD while the byline shows the local
    day: an evening article in the Americas is "tomorrow" in UTC. The shown day must be
    reachable from the UTC time within ``LOCAL_OFFSETS``.
    """
    if found.utcoffset() != timedelta(0) or found.tzinfo is NAIVE_UTC:
        return found, source  # a timestamp without a zone is usually local time already
    shown = _plausible(_from_text(page, now, url_month), now, url_month)
    if shown is None:
        return found, source
    local = found + (LOCAL_OFFSETS[0] if shown.date() < found.date() else LOCAL_OFFSETS[1])
    if abs(shown.date() - found.date()) == timedelta(days=1) and local.date() == shown.date():
        return shown, "text"
    return found, source


def _is_day_only(found: datetime) -> bool:
    return (found.hour, found.minute, found.second, found.microsecond) == (0, 0, 0, 0)


def _more_precise(page, rest, found, source, now, url_month) -> tuple[datetime, str]:
    """A day without a time of day yields to a full timestamp within a day of it.

    Day-only values are often rendered in another time zone than the precise
    timestamp the same page gives elsewhere (JSON-LD, ``<time>``).
    """
    for other_source, finder in rest:
        other = _plausible(finder(page), now, url_month)
        if (
            other
            and not _is_day_only(other)
            and abs(other.date() - found.date()) <= timedelta(days=1)
        ):
            return other, other_source
    return found, source


def _plausible(found: datetime | None, now: datetime, url_month) -> datetime | None:
    try:
        if found is None or found < MIN_DATE or found > now + MAX_FUTURE:
            return None
    except (ValueError, OverflowError):  # an impossible offset (+99:99): no date, not a crash
        return None
    if url_month and (found.year, found.month) != url_month:
        return None
    return found


def _as_datetime(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _from_meta(page: Page, names=PUBLISHED_META) -> datetime | None:
    for name in names:
        for value in page.meta.get(name, ()):
            found = parse_date_value(value)
            if found:
                return found
    return None


def _from_generic_meta(page: Page) -> datetime | None:
    return _from_meta(page, GENERIC_META)


def _from_jsonld(page: Page) -> datetime | None:
    for key in ("datePublished", "dateCreated", "uploadDate"):
        for obj in page.articles():
            found = parse_date_value(obj.get(key))
            if found:
                return found
    return None


def _from_time(page: Page) -> datetime | None:
    tree = page.tree
    published = tree.xpath(
        '//*[@itemprop="datePublished"] | //time[@pubdate] | '
        '//time[contains(@class, "publish") or contains(@class, "entry-date") '
        'or contains(@class, "post-date") or contains(@class, "created")]'
    )
    others = [
        t
        for t in tree.iter("time")
        if not DATE_HINT_NOT.search(_hint(t) + _hint(t.getparent())) and not _IN_COMMENTS(t)
    ]
    for element in published + others:
        if _IN_SITE_HEADER(element):
            continue
        value = element.get("datetime") or element.get("content") or element.text_content()
        found = parse_date_value(value)
        if found:
            return found
    return None


def _from_text(page: Page, now: datetime, url_month, window: bool = True) -> datetime | None:
    """A labelled date, else one in a date/byline element; with ``window``, else the date
    nearest the headline. Each part is read once per page (several rules ask)."""
    found = _memo(page, ("date-text", url_month), _labelled_or_hinted, page, now, url_month)
    if found or not window:
        return found
    return _memo(page, ("date-window", url_month), _near_headline, page, now, url_month)


def _memo(page: Page, key, function, *args):
    if key not in page.memo:
        page.memo[key] = function(*args)
    return page.memo[key]


def _page_text(page: Page) -> str:
    """The visible text of the page's body outside the site's header, whitespace collapsed."""
    body = page.tree.find("body")
    return " ".join(" ".join(_PAGE_TEXT(body)).split()) if body is not None else ""


#: Elements a date hint can be read from (a class or an id): no Python call for the rest.
_WITH_HINT = etree.XPath("descendant-or-self::*[@class or @id]")


def _labelled_or_hinted(page: Page, now: datetime, url_month) -> datetime | None:
    body = page.tree.find("body")
    if body is None:
        return None
    text = _memo(page, "page-text", _page_text, page)
    for match in DATE_LABEL.finditer(text):
        found = _first_plausible(text[match.end() : match.end() + 40], now, url_month)
        if found:
            return found
    h1 = first_heading(page.tree)
    hinted = [e for e in _WITH_HINT(body) if _is_date_hint(e) and not _IN_SITE_HEADER(e)]
    if h1 is not None:
        followers = _followers(h1)
        hinted = [e for e in hinted if e in followers] + [e for e in hinted if e not in followers]
    for element in hinted:
        found = _first_plausible(visible_text(element), now, url_month)
        if found:
            return found
    return None


def _near_headline(page: Page, now: datetime, url_month) -> datetime | None:
    """The date nearest the headline: just before it, or the first after it."""
    text = _memo(page, "page-text", _page_text, page)
    h1 = first_heading(page.tree)
    headline = " ".join(h1.text_content().split()) if h1 is not None else ""
    start = text.find(headline) if headline else -1
    if start < 0:
        return _first_plausible(text[:HEADLINE_WINDOW], now, url_month)
    end = start + len(headline)  # a date in the headline is its topic, not its day
    after = _first_plausible_at(text[end : end + HEADLINE_WINDOW], now, url_month)
    before = _last_plausible_at(text[max(0, start - BEFORE_HEADLINE) : start], now, url_month)
    if before and (after is None or before[0] < after[0]):
        return before[1]
    return after[1] if after else None


def _from_self_teaser(page: Page, now: datetime, url_month) -> datetime | None:
    path = _own_path(page)
    if not path:
        return None
    for link in page.tree.iter("a"):
        href = link.get("href") or ""
        if "#" in href or _url_path(href) != path:
            continue  # a link to a part of the page (a comment) is no teaser
        block = next((a for a in link.iterancestors() if a.tag in ("article", "li")), None)
        if block is not None and len(block.text_content()) <= TEASER_CHARS:
            text = visible_text(block).replace(visible_text(link), " ", 1)  # not the headline's
            found = _first_plausible(text, now, url_month)
            if found:
                return found
    return None


def _own_path(page: Page) -> str:
    """The path of the page's URL, also when it declares only a relative one."""
    canonical = page.tree.xpath('//link[@rel="canonical"]/@href')
    return _url_path(page.url) or _url_path(
        canonical[0] if canonical else page.first_meta("og:url")
    )


def _url_path(url: str | None) -> str:
    """The path of ``url`` without a trailing slash; '' for a bare site root."""
    if not url or url.startswith(("#", "javascript:", "mailto:")):
        return ""
    return urlsplit(url.strip()).path.rstrip("/")


def _is_date_hint(element) -> bool:
    if not isinstance(element.tag, str) or element.tag in ("script", "style", "body"):
        return False
    hint = _hint(element)
    if not hint or not DATE_HINT.search(hint) or DATE_HINT_NOT.search(hint):
        return False
    return len(element.text_content()) <= 400


def _followers(anchor) -> set:
    """The elements ``anchor`` is taken to come before: the later siblings of it and of
    each of its ancestors below ``<body>``, and the ancestors of each such level that has
    a later sibling (found once per page, not walked again for every element)."""
    followers = set()
    while anchor is not None:
        siblings = list(anchor.itersiblings())
        followers.update(siblings)
        if siblings:
            followers.update(anchor.iterancestors())
        anchor = anchor.getparent()
        if anchor is not None and anchor.tag == "body":
            break
    return followers


def _first_plausible(text: str, now: datetime, url_month) -> datetime | None:
    found = _first_plausible_at(text, now, url_month)
    return found[1] if found else None


def _plausible_at(text: str, now: datetime, url_month) -> list[tuple[int, datetime]]:
    """The plausible dates of ``text`` with their offsets, in order."""
    kept = []
    for position, day in find_dates_with_positions(text):
        if NOT_PUBLISHED_LABEL.search(text[max(0, position - LABEL_WINDOW) : position]):
            continue
        found = _plausible(_as_datetime(day), now, url_month)
        if found:
            kept.append((position, found))
    return kept


def _first_plausible_at(text: str, now: datetime, url_month) -> tuple[int, datetime] | None:
    """The first plausible date of ``text`` and its offset from the start."""
    found = _plausible_at(text, now, url_month)
    return found[0] if found else None


def _last_plausible_at(text: str, now: datetime, url_month) -> tuple[int, datetime] | None:
    """The last plausible date of ``text`` and its distance from the end."""
    found = _plausible_at(text, now, url_month)
    return (len(text) - found[-1][0], found[-1][1]) if found else None


def _hint(element) -> str:
    if element is None or not isinstance(element.tag, str):
        return ""
    return f"{element.get('class', '')} {element.get('id', '')}"
