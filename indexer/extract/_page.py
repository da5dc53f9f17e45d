"""A parsed HTML page: the lxml tree plus its meta tags and JSON-LD, read once."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from archive.urls import archived_original

log = logging.getLogger(__name__)

#: JSON-LD types that describe the article itself (not the site or a breadcrumb).
ARTICLE_TYPES = re.compile(
    r"article|posting|blogposting|report|review|webpage|creativework|recipe|qapage|question|"
    r"discussionforumposting|videoobject|liveblog|opinion|analysis|backgroundnews",
    re.I,
)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: ``<script .../>`` opens a script in HTML (browsers read on to ``</script>``); libxml2
#: closes it at once and shows the code that follows as text.
_SELF_CLOSED_SCRIPT = re.compile(r"<(script|style)\b([^>]*?)\s*/>", re.I)


def _html_parser() -> lxml.html.HTMLParser:
    """lxml.html's parser with its element classes looked up in C.

    lxml.html's own lookup is a Python method called for every element Python touches
    (millions per page set, here and in trafilatura and htmldate, which get copies of
    the tree); this one gives the same classes (form fields by tag, ``HtmlElement``
    otherwise, ``HtmlComment`` and the others for non-elements) without calling Python.
    """
    lookup = etree.ElementNamespaceClassLookup(
        etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    by_tag = lookup.get_namespace(None)
    for tag, element_class in lxml.html.HtmlElementClassLookup._default_element_classes.items():
        by_tag[tag] = element_class
    parser = lxml.html.HTMLParser()
    parser.set_element_class_lookup(lookup)
    return parser


_PARSER = _html_parser()


@dataclass
class Page:
    """Everything the field extractors share."""

    tree: lxml.html.HtmlElement
    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-cased name -> contents
    jsonld: list[dict] = field(default_factory=list)  # flattened objects, @graph expanded
    url: str | None = None
    memo: dict = field(default_factory=dict, repr=False)  # what several extractors read once

    def first_meta(self, *names: str) -> str | None:
        """The first non-empty content among the meta tags ``names``, in that order."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value.strip():
                    return value.strip()
        return None

    def articles(self) -> list[dict]:
        """JSON-LD objects whose type is article-like, then the others."""
        typed = [obj for obj in self.jsonld if ARTICLE_TYPES.search(_type_of(obj))]
        return typed + [obj for obj in self.jsonld if obj not in typed]


def parse_page(html: str, url: str | None = None) -> Page:
    """Parse ``html`` once and collect its meta tags and JSON-LD objects."""
    html = _SELF_CLOSED_SCRIPT.sub(r"<\1\2>", _CONTROL_CHARS.sub("", html))
    try:
        tree = lxml.html.document_fromstring(html or "<html></html>", parser=_PARSER)
    except (etree.ParserError, ValueError):
        html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
        tree = lxml.html.document_fromstring(html or "<html></html>", parser=_PARSER)
    page = Page(tree=tree, url=url)
    page.meta = _collect_meta(tree)
    page.jsonld = _collect_jsonld(tree)
    return page


#: Ruby annotations (``<rt>``, ``<rp>``: the reading of East Asian characters) are not text.
_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)"
    " and not(ancestor::rt) and not(ancestor::rp)]"
)


def visible_text(element, separator: str = " ") -> str:
    """The text of ``element`` without scripts and styles, whitespace collapsed.

    Text nodes are joined with ``separator``: a space keeps blocks apart, '' keeps
    inline markup (``<abbr>``, ``<em>``) from splitting words off their punctuation.
    """
    return " ".join(separator.join(_VISIBLE_TEXT(element)).split())


def first_heading(tree):
    """The first ``<h1>`` with text, or None."""
    for h1 in tree.iter("h1"):
        if h1.text_content().strip():
            return h1
    return None


def domain_of(url: str | None) -> str:
    """The host of ``url`` without ``www.``, IDNA decoded (``xn--fhre-loa.de`` -> ``fähre.de``);
    of a web archive's copy, the host it was captured from (the site that published it)."""
    if not url:
        return ""
    url = archived_original(url) or url
    host = urlsplit(url).netloc.lower().split(":")[0]
    host = host[4:] if host.startswith("www.") else host
    try:
        return host.encode("ascii").decode("idna")
    except (UnicodeError, ValueError):
        return host


def _type_of(obj: dict) -> str:
    kind = obj.get("@type", "")
    return " ".join(kind) if isinstance(kind, list) else str(kind)


def _collect_meta(tree) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        content = element.get("content")
        if content is None:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attribute)
            if key:
                meta.setdefault(key.strip().lower(), []).append(content)
    return meta


def _collect_jsonld(tree) -> list[dict]:
    objects: list[dict] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        text = (script.text or "").strip()
        if not text:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            try:
                data = json.loads(re.sub(r"[\r\n\t]+", " ", text).rstrip(";"))
            except ValueError:
                log.debug("unreadable JSON-LD skipped")
                continue
        _flatten(data, objects)
    return objects


def _flatten(data, out: list[dict], depth: int = 0) -> None:
    if depth > 3:
        return
    if isinstance(data, list):
        for item in data:
            _flatten(item, out, depth + 1)
    elif isinstance(data, dict):
        if "@graph" in data:
            _flatten(data["@graph"], out, depth + 1)
        if "@type" in data:
            out.append(data)
        main = data.get("mainEntity")
        if isinstance(main, (dict, list)):
            _flatten(main, out, depth + 1)
