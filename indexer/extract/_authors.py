"""Authors of a parsed page: JSON-LD, meta tags, then bylines in the markup."""

from __future__ import annotations

import functools
import html
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from indexer.commonness import commonness

from ._page import Page, domain_of, first_heading, visible_text

AUTHOR_META = (
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "parsely-author",
    "sailthru.author",
    "cxenseparse:author",
    "twitter:creator",
)
UPPER_LATIN = "A-ZÀ-ÖØ-Þ"
#: Given names: a personal site's name is its author's only when it starts with one.
GIVEN_NAMES = Path(__file__).resolve().parent.parent / "tagging" / "data" / "names.txt"
#: Words that begin a person's name in place of a given name ("Frau Sabienes").
HONORIFICS = frozenset({"Frau", "Herr", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Madame"})
#: A job title before a name ("Rechtsanwalt Max Muster").
JOB_TITLE = re.compile(r"^(?:Rechtsanwalt|Rechtsanwältin|Redakteur(?:in)?|Journalist(?:in)?)\s+")
#: An initial and a surname ("J. Doe", "J.Doe"): a person's name as a site's name.
INITIAL_AND_SURNAME = re.compile(rf"^[{UPPER_LATIN}]\.\s?[{UPPER_LATIN}][a-zà-öø-ÿ]{{2,}}$")
#: A possessive and what is owned after a name: "Jane Doe's Blog", "Jane Doos' Kitchen".
POSSESSIVE = re.compile(r"(?<=\w)['’]s?\s+\w+$")
#: Academic titles before a name.
ACADEMIC_TITLE = re.compile(r"^(?:(?:Dr|Prof|Dipl)\.[\w.-]*\s+)+")
#: Elements whose class or id says they hold a byline.
BYLINE_HINT = re.compile(r"author|byline|autor|auteur|verfasser|writer|posted-by|submitted", re.I)
BYLINE_NOT = re.compile(
    r"comment|avatar|bio|description|about|box|more|related|widget|image|img", re.I
)
#: Containers of other people's names (commenters, related posts, footers).
COMMENT_HINT = re.compile(
    r"comment|respond|reply|sidebar|widget|related|teaser|reference|citation|bibliogra|footnote|"
    r"literatur|quellen",
    re.I,
)
#: A login rather than a name: one lower-case word ("human", "jdoe", "site_admin").
LOGIN = re.compile(r"^[a-z][a-z0-9_.-]*$")
#: Labels that byline markup holds around or instead of a name.
NOT_A_NAME = re.compile(
    r"^(?:follow|folgen|the|share|teilen|quelle|source)$|"
    r"\s(?:am|on|at|um|le|el|em|de|von|by)$",
    re.I,
)
#: One-word names shorter than this are initials or words ("Té", "The").
MIN_ONE_WORD_CHARS = 3
#: Capital letters that begin a name: Latin (with its accented forms), Greek, Cyrillic.
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽΑ-ΩΆΈΉΊΌΎΏА-ЯЁЄІЇЎ"
#: "By" in English and German, anywhere in a short block ("Photos and text by Jane Doe").
BY_WORDS = r"[Bb]y|BY|[Vv]on|VON"
#: "By" in other languages: only where it opens a block (mid-sentence it is a preposition).
OPENING_BY_WORDS = r"[Pp]or|POR|[Pp]ar|PAR|[Dd]oor|[Aa][fv]|[Dd]i"
#: A byline in the text: "By Jane Doe", "von Max Muster", "Por Ana Ruiz", "Text: Erika Mustermann".
TEXT_BYLINE = re.compile(
    rf"(?:^(?:{OPENING_BY_WORDS})|"
    rf"(?:^|\s)(?:{BY_WORDS}|[Tt]ext\s*:|[Aa]ut(?:or|orin|hor|eur|ore)\s*:))\s+"
    rf"(?P<name>[{UPPER}][\w'.-]+(?:\s+(?:van|von|de|der|da|del|dos)?\s*[{UPPER}][\w'.-]+){{0,3}}?)"
    r"(?=$|\s*[|,(•·]|\s+\d|\s+[a-zäöü]|\s+(?:Illustration(?:en)?|Fotos?|Photos?|Bilder?|Grafik(?:en)?)\b)",
)
#: A block holding only the word that introduces a byline ("By", "Von", "Por").
BY_LABEL = re.compile(rf"^(?:{BY_WORDS}|{OPENING_BY_WORDS})\s*:?$")
#: A label and the full name after it, anywhere in the article: "Text: Jane Doe",
#: "Autor: Rechtsanwalt Max Muster" (``JOB_TITLE`` goes later). The name
#: ends before a word followed by a colon ("Jane Doe Fotos: ...").
AUTHOR_LABEL = re.compile(
    r"(?:^|\s)(?:Text|Autor(?:in)?|Author|Verfasser(?:in)?|Auteur)\s*:\s*"
    r"(?P<name>(?:(?:Dr|Prof)\.\s+)?[A-ZÄÖÜ][\w'-]+(?:\s+[A-ZÄÖÜ][\w'.-]+){1,2}?)"
    r"(?=\s*$|\s*[|,;(•·]|\s+(?![A-ZÄÖÜ][\w'.-]*(?:\s+[A-ZÄÖÜ][\w'.-]*)?\s*\w)|"
    r"\s+[A-ZÄÖÜ]\w*\s*:)"
)
#: How many bylines in the markup are read for a "By ..." line to check the metadata by.
SHOWN_BYLINES = 5
#: How many short blocks after the headline may hold a text byline.
BYLINE_BLOCKS = 12
MAX_BYLINE_CHARS = 120
#: A heading shorter than this is not matched against the page's title (a logo, "News").
MIN_HEADLINE_CHARS = 12
MAX_AUTHORS = 6
MAX_NAME_WORDS = 5
MAX_NAME_CHARS = 60
#: Separators between the headline and the site's name in ``<title>`` and site names.
TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-\u2013\u2014\u00b7\u2022:]|::)\s+")
#: A byline that is a publication: "Deutsche Welle (www.dw.com)", "L-MAG – Das Magazin".
PUBLICATION = re.compile(
    r"\((?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/?\)|"
    r"\b(?:magazin|magazine|zeitung|zeitschrift|newspaper|jornal|diario|periódico)\b",
    re.I,
)
_PREFIX = re.compile(
    r"^\s*(?:(?:a\s+)?(?:written|posted|published|geschrieben|verfasst|erstellt|gespeichert|"
    r"eingestellt|veröffentlicht|artikel|beitrag|recipe|story|text|words|guest post|reported|"
    r"view all posts|all posts|more posts|pressemitteilung|a press release)\s+)?"
    r"(?:by|von|vom|from|par|por|door|af|av|autor(?:in)?|author|text|texto|текст|автор|"
    r"verfasser(?:in)?|quelle|fotos?|photos?|interview)\b\s*:?\s*",
    re.I,
)
_CUT = re.compile(
    r"\s*(?:\||•|·|\u2022|—|–|\s-\s|\n|\bam\s+\d|\bon\s+\w+\s+\d|\bupdated\b|\baktualisiert\b|"
    r"\s(?:jan|feb|mar|mär|apr|may|mai|jun|jul|aug|sep|oct|okt|nov|dec|dez)[a-z]*\.?\s*\d|"
    r"\s\d+(?:[.:,]|\s|$)|\d{4}|\(|\bpublished\b|\bveröffentlicht\b|\bposted\b|\bfor\s+the\b|"
    r"\b(?:mo|di|mi|do|fr|sa|so|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,).*$",
    re.I | re.S,
)
_SPLIT = re.compile(
    r"\s*(?:,|;|&|\band\b|\bund\b|\bsowie\b|\bim gespräch mit\b|\bin conversation with\b)\s*",
    re.I,
)
_ROLES = (
    r"(?:staff(?: writer| reporter)?|contributor|correspondent|columnist|writer|reporter|"
    r"editor|redakteur(?:in)?|korrespondent(?:in)?)$"
)
#: A role after a name: "Jane Doe Staff Writer".
ROLE_SUFFIX = re.compile(r"\s+" + _ROLES, re.I)
#: A photo credit, not a byline: "Photo: Jane Doe", "Foto: ...", "Фото из ...".
PHOTO_CREDIT = re.compile(r"^\s*(?:photos?|fotos?|фото|bild(?:er)?|image|credit)\b", re.I)
#: After a name, the outlet it wrote for: "Jane Doe For MailOnline", "Jane Doe The Times".
FOR_OUTLET = re.compile(r"\s+(?:[Ff]or|FOR|The)\s+[A-Z].*$")
#: An agency's code before a beat and a role ("AP Sports Writer") has at most this many letters.
MAX_AGENCY_CHARS = 4
#: A one-word author this common in German or English (Zipf) is a word, not a name.
MAX_ONE_WORD_COMMONNESS = 4.6
_REJECT = re.compile(
    r"https?:|www\.|\.(?:com|de|org|net)\b|\w\.[a-z]{2,3}$|@|\d.*\s|\s.*\d|^\d|admin|^(?:https?|anonym\w*|anónimo|unknown|"
    r"guest|user|none|null|posted|autor|author|by|von|facebook|twitter|publisher|editor|"
    r"webmaster|designed)$|\b(?:gmbh|ag|inc|ltd|llc|e\.\s?v|verlag|media|news|online|theme|"
    r"designed|wordpress|powered)\b",
    re.I,
)


def extract_authors(page: Page, sitename: str = "") -> list[str]:
    """The article's authors, from JSON-LD, meta tags, then bylines; never the site's name.

    A login ("human", "jdoe") is taken only when no step of the ladder gives a real name.
    """
    site_keys = {
        _key(sitename),
        _key(domain_of(page.url)),
        _key(domain_of(page.first_meta("og:url"))),
    }
    site_keys |= {_key(w) for w in sitename.split()} if len(sitename.split()) == 1 else set()
    site_keys |= _site_parts(page.tree.findtext(".//title") or "", sitename)
    site_keys |= {_key(part) for part in _host_words(page.url)}
    site_keys.discard("")
    sources = _meta_sources(page)
    jsonld, meta = _jsonld_authors(page), (sources[0] if sources else [])
    people = _personal(clean_authors(jsonld or meta))
    if people and not clean_authors(people, site_keys):
        return people  # a site named after its author
    markup = _markup_authors(page)
    read: list[str] = []  # bylines read so far, while looking for a "By ..." line
    shown = ""
    if jsonld or meta:
        for text in itertools.islice(markup, SHOWN_BYLINES):
            read.append(text)
            if _is_by_line(text):
                shown = text
                break
    meta = _confirmed_source(sources, read, site_keys) or meta
    if _folded(clean_authors(jsonld, site_keys)) < _folded(clean_authors(meta, site_keys)):
        jsonld = meta  # the meta tags name co-authors that the JSON-LD leaves out
    if jsonld or meta:
        shown_names = _folded(clean_authors([shown], site_keys))
        if shown_names and not shown_names & _folded(clean_authors(jsonld, site_keys)):
            jsonld = []  # "By Jane Doe" on the page, someone else in the JSON-LD
        if shown_names and not shown_names & _folded(clean_authors(meta, site_keys)):
            meta = []
    logins: list[str] = []
    given: list[str] = []  # one-word names, while a later step may give them in full
    labelled = (_labelled_byline(page) for _ in range(1))  # read only if all else fails
    signed = (_signature(page) for _ in range(1))
    bylines = ([text] for text in itertools.chain(read, markup))
    for raw in itertools.chain([jsonld, meta], bylines, labelled, signed):
        names = clean_authors(raw, site_keys) or _personal(clean_authors(raw))
        if names and all(LOGIN.match(name) for name in names):
            logins = logins or names  # a login only when no step gives a name
        elif names and not given and all(" " not in name for name in names):
            given = names  # "Todd" in the JSON-LD, "By Todd Bates" on the page
        elif names and (not given or _completes(given, names)):
            return names
    if given:
        return _completed_in_bio(page, given, site_keys) or given
    return logins or _site_author(sitename) or _handle_author(page)


#: The biography in an author box, which opens with the author's full name.
BIO_HINT = re.compile(r"bio|about|description", re.I)


def _completed_in_bio(page: Page, given: list[str], site_keys) -> list[str]:
    """A one-word author ("Stefanus") in full, from the start of the author box's biography
    ("Stefanus Stahl - engineer and ..."), or []."""
    for element in page.tree.xpath("//body//*[@class or @id]"):
        hint = f"{element.get('class', '')} {element.get('id', '')}"
        if BYLINE_HINT.search(hint) and BIO_HINT.search(hint) and not _in_boilerplate(element):
            first = next((t for t in _VISIBLE_TEXTS(element) if t.strip()), "")
            names = clean_authors([_CUT.sub("", " ".join(first.split()))], site_keys)
            if names and _completes(given, names):
                return names
    return []


_VISIBLE_TEXTS = etree.XPath(".//text()[not(ancestor::script or ancestor::style)]")


def _completes(given: list[str], names: list[str]) -> bool:
    """Whether ``names`` are the one-word ``given`` names in full ("Todd" -> "Todd Bates")."""
    if len(names) != len(given):
        return False
    return all(
        name.startswith(f"{word} ") and not any(map(_common_word, name.split()[1:]))
        for word, name in zip(given, names, strict=True)
    )


def _host_words(url: str | None) -> list[str]:
    """The words of a host's first label ("gto" and "normativy" of gto-normativy.example)."""
    labels = domain_of(url).split(".")
    return labels[0].split("-") if len(labels) > 1 and "-" in labels[0] else []


def _is_by_line(text: str) -> bool:
    """Whether a byline text says who wrote the piece ("By Jane Doe", "von Max Muster")."""
    return bool(_PREFIX.match(text)) and bool(clean_authors([text]))


def _folded(names: list[str]) -> set[str]:
    return {name.casefold() for name in names}


def _site_author(sitename: str) -> list[str]:
    """A site named after a person ("Dr. Jane Doe", "J. Doe", "Jane Doe's Blog") is by that
    person, when nothing else says."""
    name = ACADEMIC_TITLE.sub("", POSSESSIVE.sub("", sitename)).strip()
    return [name] if _is_full_name(name) or INITIAL_AND_SURNAME.match(name) else []


def _handle_author(page: Page) -> list[str]:
    """A handle that spells a full name ("@JaneDoe" -> "Jane Doe"), when nothing else says."""
    handle = page.first_meta("twitter:creator") or ""
    words = re.findall(r"[A-ZÄÖÜ][a-zäöüß]+", handle)
    name = " ".join(words)
    return [name] if handle.lstrip("@") == "".join(words) and _is_full_name(name) else []


def _personal(names: list[str]) -> list[str]:
    """``names`` if all are full names of people (on a site named after its author), else []."""
    return names if names and all(map(_is_full_name, names)) else []


def _is_full_name(name: str) -> bool:
    """A known given name, then one to three capitalised words ("Jane Doe", "Jane van Doe")."""
    words = name.split()
    return (
        2 <= len(words) <= 4
        and (words[0] in _given_names() or words[0] in HONORIFICS)
        and sum(w[:1].isupper() for w in words) >= 2
    )


@functools.cache
def _given_names() -> frozenset[str]:
    """The tagger's list of given names (``indexer/tagging/data/names.txt``)."""
    text = GIVEN_NAMES.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return frozenset(word for line in lines for word in line.split())


def _labelled_byline(page: Page) -> list[str]:
    """A name after an author label anywhere in the article ("Text: Jane Doe" at its end)."""
    body = page.tree.find("body")
    if body is None:
        return []
    title = _key(page.first_meta("og:title") or page.tree.findtext(".//title"))
    for text in _LABEL_TEXTS(body):
        element = text.getparent()
        if text.is_tail:
            element = element.getparent()
        if element is None or _in_boilerplate(element):
            continue
        for holder in (element, element.getparent()):  # "<b>Text:</b> Jane Doe"
            match = AUTHOR_LABEL.search(visible_text(holder)) if holder is not None else None
            if match and not title.startswith(_key(match.group("name"))):  # "Text: <headline>"
                return [match.group("name")]
    return []


#: Tags that set a signature apart from the text ("<p><b>Jane Doe</b></p>").
EMPHASIS = ("b", "strong", "i", "em")
#: A signature closes an article of at least this many paragraphs.
MIN_SIGNED_PARAGRAPHS = 2


def _signature(page: Page) -> list[str]:
    """A full name alone in bold or italics as the last paragraph of the article."""
    for paragraph in page.tree.iter("p"):
        text = visible_text(paragraph)
        if not _is_full_name(text) or _in_boilerplate(paragraph):
            continue
        emphasised = [e for e in paragraph.iter(*EMPHASIS) if visible_text(e) == text]
        after = [e for e in paragraph.itersiblings() if visible_text(e)]
        before = [e for e in paragraph.itersiblings("p", preceding=True) if visible_text(e)]
        if emphasised and not after and len(before) >= MIN_SIGNED_PARAGRAPHS:
            return [text]
    return []


#: Text nodes that hold an author label ("Text:", "Autor:").
_LABEL_TEXTS = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style)]"
    "[re:test(., '(^|\\s)(Text|Autor|Autorin|Author|Verfasser|Verfasserin|Auteur)\\s*:')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)


def _site_parts(title: str, sitename: str) -> set[str]:
    """Keys of the parts of ``<title>`` and the site name that are not the headline."""
    keys: set[str] = set()
    for text in (title, sitename):
        parts = [part for part in TITLE_SEPARATOR.split(" ".join(text.split())) if part]
        if len(parts) > 1:
            headline = max(parts, key=len)
            keys |= {_key(part) for part in parts if part is not headline}
    return keys


def clean_authors(raw: list[str], site_keys: set[str] = frozenset()) -> list[str]:
    """Normalised, validated, deduplicated names from raw byline strings."""
    names: list[str] = []
    for text in raw:
        if PUBLICATION.search(text) or PHOTO_CREDIT.match(text):
            continue
        text = _PREFIX.sub("", " ".join(html.unescape(text).split()))
        text = FOR_OUTLET.sub("", _CUT.sub("", LEADING_LABEL.sub("", text)))
        parts = [JOB_TITLE.sub("", _PREFIX.sub("", part)) for part in _SPLIT.split(text)]
        if len(parts) > 1 and any(_is_phrase(part) for part in parts):
            continue  # "Ministry of Trade and Climate" is no list of names
        for name in parts:
            name = _strip_site_words(name.strip(" .,:;-\"'/|"), site_keys)
            if _is_name(name, site_keys) and name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
    return names[:MAX_AUTHORS]


#: A label ending in a colon before the name ("Questioner: jdoe", in any script).
LEADING_LABEL = re.compile(r"^[^\s:：]+\s*[:：]\s*")


def _is_phrase(text: str) -> bool:
    words = text.split()
    return len(words) > 1 and any(map(_is_phrase_word, words))


def _is_name(name: str, site_keys: set[str]) -> bool:
    if not name or len(name) > MAX_NAME_CHARS or len(name.split()) > MAX_NAME_WORDS:
        return False
    if _REJECT.search(name) or not re.match(r"\w", name):
        return False
    if NOT_A_NAME.search(name):
        return False
    if " " not in name and len(name) < MIN_ONE_WORD_CHARS:
        return False
    words = name.split()
    cased = [w for w in words if w[:1].isupper() or w[:1].islower()]  # not Arabic, Hindi ...
    if len(words) > 1 and cased and not any(w[:1].isupper() for w in cased):
        return False  # a phrase in lower case, not a name
    if _is_phrase(name):
        return False  # "En kiosques : juillet", "Catch more fish": a phrase or a label
    if len(words) == 1 and name.istitle() and name not in _given_names() and _common_word(name):
        return False  # "Frauen" from "von Frauen", a country, a town's common name
    key = _key(name)
    return bool(key) and key not in site_keys


#: Lower-case words that stand inside names ("Ludwig van Beethoven", "Ana de la Cruz").
NAME_PARTICLES = frozenset(
    "van von vom zu zum zur der den ter ten de del della dei di da das do dos du des la le "
    "y e i bin ibn al el ben af av".split()
)


#: A lower-case word this common (Zipf, German or English) makes a phrase, not a name.
MIN_PHRASE_WORD = 4.0


def _is_phrase_word(word: str) -> bool:
    """A word no person's name holds: a colon, or a common lower-case word that is no
    particle ("more", "fish"; a surname typed in lower case is rarely that common)."""
    if ":" in word:
        return True
    if not word[:1].islower() or word in NAME_PARTICLES:
        return False
    return max(commonness(word, "de") or 0.0, commonness(word, "en") or 0.0) >= MIN_PHRASE_WORD


def _without_role(name: str) -> str:
    """The name without the role after it and the words naming its beat, while a full name
    stays ("Jane Doe Business Columnist" -> "Jane Doe"); '' when only a role is left
    ("AP Sports Writer")."""
    stripped = ROLE_SUFFIX.sub("", name)
    if stripped == name:
        return name
    words = stripped.split()
    while len(words) > 2 and words[-1][:1].isupper():
        words.pop()
    if len(words) == 2 and words[0].isupper() and len(words[0]) <= MAX_AGENCY_CHARS:
        return ""  # an agency's beat: "AP Sports Writer"
    return " ".join(words) if len(words) >= 2 else ""


def _common_word(word: str) -> bool:
    """A word German or English texts use often: no one-word name."""
    return max(commonness(word, "de") or 0.0, commonness(word, "en") or 0.0) >= (
        MAX_ONE_WORD_COMMONNESS
    )


def _strip_site_words(name: str, site_keys: set[str]) -> str:
    """'Matthias herrpfleger' -> 'Matthias' when the second word is the site; 'Jane Doe
    Harbour Post Staff' -> 'Jane Doe'. A capitalised site word goes only when two words
    stay: on a personal site ("Daniel Lemire", lemire.me) the surname is the site."""
    words = _without_role(name).split()
    before = len(words)
    while len(words) > 1 and _key(words[-1]) in site_keys:
        if words[-1][:1].isupper() and len(words) <= 2:
            break
        words.pop()
    if len(words) == 1 < before and words[0] not in _given_names():
        return ""  # "Portal <site>": what is left is a word, not a name
    return " ".join(words)


def _jsonld_authors(page: Page) -> list[str]:
    by_id = {obj["@id"]: obj for obj in page.jsonld if isinstance(obj.get("@id"), str)}
    for obj in page.articles():
        found = _names_in(obj.get("author") or obj.get("creator"), by_id)
        if found:
            return found
    return []


def _names_in(value, by_id: dict) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        if "name" not in value and value.get("@id") in by_id:
            value = by_id[value["@id"]]  # a reference to a Person elsewhere in the graph
        name = value.get("name")
        if isinstance(name, str):
            return [name]
        given, family = value.get("givenName"), value.get("familyName")
        return [f"{given} {family}"] if isinstance(given, str) and isinstance(family, str) else []
    if isinstance(value, list):
        return [name for item in value for name in _names_in(item, by_id)]
    return []


def _meta_sources(page: Page) -> list[list[str]]:
    """The author values of each meta tag of ``AUTHOR_META`` that has some, in that order."""
    sources = []
    for name in AUTHOR_META:
        values = [
            v for v in page.meta.get(name, ()) if v.strip() and not v.strip().startswith("http")
        ]
        if values:
            sources.append(values)
    return sources


def _confirmed_source(sources: list[list[str]], read: list[str], site_keys) -> list[str]:
    """Of meta tags that disagree (``author`` lists a paper's references, ``dc.creator``
    its author), the first that the first byline in the markup confirms; [] if none does
    or the first does."""
    marked = next((_folded(clean_authors([t], site_keys)) for t in read if t.strip()), set())
    if len(sources) < 2 or not marked:
        return []
    agreeing = [s for s in sources if marked & _folded(clean_authors(s, site_keys))]
    return agreeing[0] if agreeing and agreeing[0] is not sources[0] else []


def _markup_authors(page: Page) -> Iterator[str]:
    """Byline texts from the markup, most explicit first."""
    tree = page.tree
    for element in tree.xpath('//*[@rel="author"] | //*[@itemprop="author"]'):
        if not _in_boilerplate(element):
            inner = element.xpath('.//*[@itemprop="name"]')
            yield visible_text(inner[0] if inner else element)
    for element in tree.xpath("//body//*[@class or @id]"):
        hint = f"{element.get('class', '')} {element.get('id', '')}"
        if not BYLINE_HINT.search(hint) or BYLINE_NOT.search(hint) or _in_boilerplate(element):
            continue
        text = visible_text(element)
        if len(text) > MAX_BYLINE_CHARS:  # "Jane Doe, 21. Jan. 2015 <the teaser>"
            text = _CUT.sub("", text)
            text = text if len(text) <= MAX_NAME_CHARS and len(text.split()) >= 2 else ""
        if text:
            yield text
    yield from _text_byline(page)


def _text_byline(page: Page) -> list[str]:
    """A "By Jane Doe" / "von Max Muster" line among the first blocks after the headline;
    containers of blocks do not count."""
    heading = _headline(page)
    if heading is None:
        return []
    blocks, label = 0, ""
    for element in heading.xpath(
        "following::*[self::p or self::span or self::div or self::em "
        "or self::strong or self::b or self::i or self::address]"
    ):
        text = visible_text(element)
        if not text or _HOLDS_BLOCKS(element):
            continue
        blocks += 1
        if blocks > BYLINE_BLOCKS:
            break
        if BY_LABEL.match(text):
            label = text  # "By" alone, the name in the next block
            continue
        if len(text) <= MAX_BYLINE_CHARS:
            match = TEXT_BYLINE.search(f"{label} {text}" if label else text)
            if match and (match.start() == 0 or _is_given_or_full(match.group("name"))):
                return [match.group("name")]  # mid-sentence, "von Neustoffen" is no byline
        label = ""
    return []


def _headline(page: Page):
    """The first ``<h1>``/``<h2>`` that the page's title contains (a logo in an ``<h1>``
    is not the headline), else the first ``<h1>``, else the first ``<h2>``."""
    titles = " ".join(filter(None, (page.tree.findtext(".//title"), page.first_meta("og:title"))))
    titles = " ".join(titles.split()).casefold()
    headings = [h for h in page.tree.iter("h1", "h2") if h.text_content().strip()]
    for heading in headings:
        text = " ".join(heading.text_content().split()).casefold()
        if len(text) >= MIN_HEADLINE_CHARS and text in titles:
            return heading
    heading = first_heading(page.tree)
    return heading if heading is not None else next((h for h in headings if h.tag == "h2"), None)


def _is_given_or_full(name: str) -> bool:
    """Two words or more, or a known given name ("Posted by Olga")."""
    return " " in name or name in _given_names()


_HOLDS_BLOCKS = etree.XPath("boolean(.//p or .//div)")


def _in_boilerplate(element) -> bool:
    """Whether ``element`` sits in a comment, sidebar or the site's (not the post's) footer."""
    ancestors = list(element.iterancestors())
    in_article = any(a.tag == "article" for a in ancestors)
    for ancestor in ancestors:
        if ancestor.tag in ("article", "main") or _is_post(ancestor):
            break  # what holds the article is layout ("right-sidebar"), not boilerplate
        if ancestor.tag in ("body", "html"):
            continue
        if ancestor.tag in ("aside", "nav") or (ancestor.tag == "footer" and not in_article):
            return True
        if COMMENT_HINT.search(f"{ancestor.get('class', '')} {ancestor.get('id', '')}"):
            return True
    return False


#: The element that holds one post (microformats, schema.org), though not an ``<article>``.
POST_HINT = re.compile(r"(?:^|\s)h-?entry(?:\s|$)")
POST_TYPE = re.compile(r"schema\.org/(?:\w*Article|BlogPosting|\w*Posting)\b")


def _is_post(element) -> bool:
    return bool(
        POST_HINT.search(element.get("class", "")) or POST_TYPE.search(element.get("itemtype", ""))
    )


def _key(text: str | None) -> str:
    text = (text or "").casefold()
    if "." in text and " " not in text:
        text = text.rsplit(".", 1)[0]
    return re.sub(r"[\W_]+", "", text)
