"""The product's query language, parsed into an engine-neutral tree.

Grammar (case-sensitive operators, as in most search engines)::

    query   := or ( "OR" or )*
    or      := unary+                      words are ANDed by default ("AND" allowed)
    unary   := ("NOT" | "-") unary | primary
    primary := "(" query ")" | FIELD ":" value | '"phrase"' | word | word*
    value   := word | '"phrase"' | "[" DATE "TO" DATE "]" | word*

Fields: title, author, note, source, tag, place, person, org, term, lang, type, url
(``url:cnn.com`` a domain, ``url:cnn.com/2020/`` an address prefix), ``story:12`` (one
story's copies and versions), ``copies:yes``/``copies:none`` (or 1, 2-5, 6+ outlets), and the
date fields ``date:2023``, ``date:2023-09``, ``date:2023-09-19``,
``date:[2020-01-01 TO 2020-12-31]`` (``*`` for an open end), ``after:DATE``,
``before:DATE``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from archive import facets, urls
from archive.errors import QueryError

#: Fields matched as exact facet values; ``TEXT_FIELDS`` are analysed words.
TEXT_FIELDS = ("title", "author", "note")
KEYWORD_FIELDS = tuple(n for n in facets.VALUE_NAMES if n not in TEXT_FIELDS)
DATE_FIELDS = ("date", "after", "before")
FIELD_ALIASES = {
    "organisation": "org",
    "organization": "org",
    "people": "person",
    "tags": "tag",
    "language": "lang",
    "site": "source",
    "places": "place",
    "orgs": "org",
}
#: Name facets where one word finds the values that contain it (``person:merkel``).
WORD_FACETS = ("person", "place", "org", "source")
#: ``url:`` searches the engines' hidden "url" (``urls.url_key``) and "domain" fields.
ALL_FIELDS = KEYWORD_FIELDS + TEXT_FIELDS + DATE_FIELDS + ("url", "copies")
#: ``copies:`` -> the "outlets per story" values it stands for (``archive.stories``).
COPIES = {
    "yes": ("2-5", "6+"),
    "none": ("1",),
    "no": ("1",),
    "1": ("1",),
    "2-5": ("2-5",),
    "6+": ("6+",),
}

MAX_QUERY_LENGTH = 1000
MAX_CLAUSES = 64
WORD_RE = re.compile(r"\w+")


# ------------------------------------------------------------------ the tree
@dataclass(frozen=True)
class Term:
    """A word; ``field`` None means the article text (title and body)."""

    text: str
    field: str | None = None
    prefix: bool = False


@dataclass(frozen=True)
class Facet:
    """An exact facet value (case-insensitive), e.g. place "shusha"; ``prefix`` for ``energ*``."""

    name: str
    value: str
    prefix: bool = False
    #: Also a value that has this word among its words (``person:merkel``).
    word: bool = False


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    field: str | None = None


@dataclass(frozen=True)
class DateRange:
    """Publication date between two days, both inclusive; None is open."""

    start: date | None
    end: date | None


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class Not:
    child: object


@dataclass(frozen=True)
class MatchAll:
    pass


Node = Term | Facet | Phrase | DateRange | And | Or | Not | MatchAll


# ------------------------------------------------------------------ lexer
_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<range>\[[^\]]*\]?)
  | (?P<quote>"[^"]*"?)
  | (?P<url>(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.|(?:[\w-]+\.)+[A-Za-z]{2,}(?::\d+)?/)[^\s()"]*)
  | (?P<field>[A-Za-z]+:)
  | (?P<word>[^\s()"\[]+)
    """,
    re.VERBOSE,
)


def _tokenize(text: str) -> list[tuple[str, str]]:
    """Tokens of a query; an unclosed quotation mark runs to the end of the text."""
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind == "ws":
            continue
        if kind == "quote" and (len(value) < 2 or not value.endswith('"')):
            value += '"'
        tokens.append((kind, value))
    return tokens


# ------------------------------------------------------------------ parser
#: Parentheses, NOT and minus signs nested deeper than this are refused (one line, no crash).
MAX_NESTING = 32


class _Parser:
    """A forgiving parser: what people type or paste always gives a query.

    Only the explicit syntax of dates (``date:``, ``after:``, ``before:``) and of
    ranges is checked; stray operators, parentheses and punctuation are ignored,
    an unknown ``word:`` is a word, and clauses beyond ``MAX_CLAUSES`` are left out
    (``notices`` says so).
    """

    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens = tokens
        self.pos = 0
        self.clauses = 0
        self.notices: list[str] = []

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.pos += 1
        return token

    def parse(self) -> Node:
        node = None
        while node is None and self.peek()[0] is not None:
            node = self.parse_or()
            if self.peek()[0] == "rparen":  # a closing parenthesis without an opening one
                self.take()
                rest = self.parse_or() if self.peek()[0] is not None else None
                node = _join(And, [n for n in (node, rest) if n is not None])
        if self.clauses > MAX_CLAUSES:
            self.notices.append(
                f"Only the first {MAX_CLAUSES} of the query's {self.clauses} terms were searched."
            )
        return node if node is not None else MatchAll()

    def parse_or(self) -> Node | None:
        children = [self.parse_and()]
        while self.peek() == ("word", "OR"):
            self.take()
            children.append(self.parse_and())
        return _join(Or, [c for c in children if c is not None])

    def parse_and(self) -> Node | None:
        children = []
        while True:
            kind, value = self.peek()
            if kind is None or kind == "rparen" or (kind, value) == ("word", "OR"):
                break
            if (kind, value) == ("word", "AND"):
                self.take()
                continue
            node = self.parse_unary()
            if node is not None:
                children.append(node)
        return _join(And, children)

    def parse_unary(self) -> Node | None:
        self.depth = getattr(self, "depth", 0) + 1
        try:
            if self.depth > MAX_NESTING:
                raise QueryError(
                    f"The query nests more than {MAX_NESTING} levels (parentheses, NOT or "
                    "minus signs): simplify it."
                )
            return self._parse_unary()
        finally:
            self.depth -= 1

    def _parse_unary(self) -> Node | None:
        kind, value = self.peek()
        if kind == "word" and not WORD_RE.search(value):  # "-", "--", "." on their own
            self.take()
            return None
        if (kind, value) == ("word", "NOT"):
            self.take()
            if self.peek()[0] in (None, "rparen") or self.peek() == ("word", "OR"):
                return None  # nothing to exclude
            child = self.parse_unary()
            return Not(child) if child is not None else None
        if kind == "word" and value.startswith("-") and len(value) > 1:
            self.tokens[self.pos : self.pos + 1] = _tokenize(value[1:])
            child = self.parse_unary()
            return Not(child) if child is not None else None
        return self.parse_primary()

    def parse_primary(self) -> Node | None:
        kind, value = self.take()
        if kind == "lparen":
            node = self.parse_or()
            if self.peek()[0] == "rparen":
                self.take()
            return node  # an unclosed group ends with the query
        if kind == "field":
            name = value[:-1].lower()
            field = FIELD_ALIASES.get(name, name)
            if field in DATE_FIELDS or (field in ALL_FIELDS and self._has_value()):
                return self._counted(self.parse_field(field, name))
            return self._counted(_word(value[:-1], None))  # "Breaking:", "note:" are words
        if kind == "quote":
            return self._counted(_phrase(value[1:-1], None))
        if kind == "range":
            return self._counted(_phrase(value[1:-1], None))  # "[Update]": its words
        if kind == "url":
            return self._counted(_url(value))
        return self._counted(_word(value, None))

    def _has_value(self) -> bool:
        return self.peek()[0] in ("word", "quote", "range", "url")

    def _counted(self, node: Node | None) -> Node | None:
        if node is None:
            return None
        self.clauses += 1
        return node if self.clauses <= MAX_CLAUSES else None

    def parse_field(self, field: str, name: str) -> Node | None:
        kind, value = self.take()
        if field in DATE_FIELDS:
            if kind not in ("word", "range"):
                raise QueryError(f"'{name}:' takes a date such as 2023-09-19, e.g. {name}:2023.")
            return _date_clause(field, kind, value)
        if kind == "range":
            raise QueryError(f"Ranges work only with date fields, not with '{name}:'.")
        if field == "url":
            return _address_field(value.strip('"'))
        if field == "copies":
            return _copies(value.strip('"'))
        if kind == "quote":
            return _phrase(value[1:-1], field)
        return _word(value, field)


def _copies(value: str) -> Node:
    """``copies:yes`` (other outlets ran it too), ``copies:none``, or a bucket (1, 2-5, 6+)."""
    buckets = COPIES.get(value.strip().lower())
    if buckets is None:
        raise QueryError(
            f"'copies:' is yes (other outlets ran the story too), none, or how many outlets"
            f" ran it: 1, 2-5 or 6+; not {value[:40]!r}."
        )
    return _join(Or, [Facet("outlets", b) for b in buckets])


def _join(kind, children: list) -> Node | None:
    """``kind`` of the children, nested ones of the same kind flattened."""
    flat = []
    for child in children:
        flat += list(child.children) if isinstance(child, kind) else [child]
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


def _url(value: str) -> Node | None:
    """A pasted address: the article saved from it (``address_words`` if there is none)."""
    key = urls.url_key(value.rstrip(".,;:!?)"))
    return Facet("url", key) if key else _address_words(value)


def _address_field(value: str) -> Node | None:
    """``url:cnn.com`` (that domain and its subdomains) or ``url:cnn.com/2020/`` (a prefix)."""
    key = urls.url_key(value.rstrip("*"))
    if not key:
        return None
    if "/" not in key and "?" not in key:
        return Facet("domain", key)
    return Facet("url", key, prefix=True)


def _address_words(value: str) -> Node | None:
    """The words of an address's host and path (no scheme, www., parameters)."""
    address = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", value).split("?")[0].split("#")[0]
    address = re.sub(r"^www\.", "", address, flags=re.IGNORECASE)
    return _join(And, [Term(w) for w in WORD_RE.findall(address)])


def address_fallback(node: Node) -> Node | None:
    """The query with each pasted address as its words, or None if it has no address.

    For a pasted address that no saved article has: the articles that mention its words.
    """
    if isinstance(node, Facet) and node.name == "url" and not node.prefix:
        return _address_words(node.value) or MatchAll()
    if isinstance(node, And):
        children = [address_fallback(c) for c in node.children]
        if all(c is None for c in children):
            return None
        return _join(And, [new or old for new, old in zip(children, node.children, strict=True)])
    return None


def _word(value: str, field: str | None) -> Node | None:
    """A word, ``energ*`` a prefix; a token without a letter or digit is ignored."""
    prefix = value.endswith("*") and len(value.rstrip("*")) >= 2
    text = value.rstrip("*") if prefix else value
    if not WORD_RE.search(text):
        return None
    if field in WORD_FACETS and not prefix and " " not in text:
        if field == "source" and urls.looks_like_domain(text):  # source:cnn.com, by address too
            return Or((Facet(field, text.lower(), word=True), Facet("domain", text.lower())))
        return place_alternatives(Facet(field, text.lower(), word=True))
    if field in KEYWORD_FIELDS:
        return place_alternatives(Facet(field, text.lower(), prefix))
    return Term(text, field, prefix)


def place_alternatives(node: Facet) -> Node:
    """A place also as its canonical name: ``place:München`` finds "Munich" and "München"."""
    if node.name != "place" or node.prefix:
        return node
    from archive.places import canonical_place

    canonical = canonical_place(node.value).lower()
    if canonical == node.value:
        return node
    return Or((node, Facet("place", canonical, word=node.word)))


def _phrase(text: str, field: str | None) -> Node:
    words = tuple(w for w in text.split() if WORD_RE.search(w))
    if not words:
        return None
    if field in KEYWORD_FIELDS:
        return place_alternatives(Facet(field, " ".join(words).lower()))
    if len(words) == 1:
        return Term(words[0], field)
    return Phrase(words, field)


# ------------------------------------------------------------------ dates
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_day_span(text: str) -> tuple[date, date]:
    """'2023' / '2023-09' / '2023-09-19' -> first and last day of that span."""
    match = _DATE_RE.match(text.strip())
    if not match:
        raise QueryError(f"'{text}' is not a date: write 2023, 2023-09 or 2023-09-19.")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, day), date(year, month, day)
    except ValueError:
        raise QueryError(f"'{text}' is not a valid calendar date.") from None


def _date_clause(field: str, kind: str, value: str) -> Node:
    if kind == "range":
        parts = re.split(r"\s+TO\s+", value[1:-1].strip(), flags=re.IGNORECASE)
        if len(parts) != 2:
            raise QueryError("Write a date range as date:[2020-01-01 TO 2020-12-31].")
        start = None if parts[0].strip() in ("*", "") else parse_day_span(parts[0])[0]
        end = None if parts[1].strip() in ("*", "") else parse_day_span(parts[1])[1]
        if start and end and start > end:
            raise QueryError(f"The date range starts ({start}) after it ends ({end}).")
        return DateRange(start, end)
    if kind != "word":
        raise QueryError(f"'{field}:' takes a date such as 2023-09-19.")
    first, last = parse_day_span(value)
    if field == "after":
        return DateRange(last.fromordinal(last.toordinal() + 1), None)
    if field == "before":
        return DateRange(None, first.fromordinal(first.toordinal() - 1))
    return DateRange(first, last)


# ------------------------------------------------------------------ entry
def parse_query_notes(text: str) -> tuple[Node, list[str]]:
    """The query tree and what the user should know about it (parts left out)."""
    text = (text or "").strip()
    notices = []
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[:MAX_QUERY_LENGTH]
        text = cut.rsplit(None, 1)[0] if " " in cut else cut
        notices.append(f"Only the first {MAX_QUERY_LENGTH} characters of the query were searched.")
    if not text:
        return MatchAll(), notices
    parser = _Parser(_tokenize(text))
    node = parser.parse()
    return node, notices + parser.notices


def relaxed(node: Node) -> Node | None:
    """The query with its words ORed ("most of your words"), or None if nothing to relax.

    Only a conjunction of two or more free-text words and phrases relaxes; its
    other parts (fields, dates, NOT) stay required.
    """
    if not isinstance(node, And):
        return None
    words = [c for c in node.children if _is_text(c)]
    if len(words) < 2:
        return None
    others = [c for c in node.children if not _is_text(c)]
    return _join(And, [*others, Or(tuple(words))])


def _is_text(node: Node) -> bool:
    return isinstance(node, (Term, Phrase)) and node.field in (None, "title")


def query_words(node: Node) -> list[str]:
    """The positive free-text words of a query, in order (for highlighting and spelling)."""
    if isinstance(node, Term) and node.field in (None, "title"):
        return [node.text]
    if isinstance(node, Phrase) and node.field in (None, "title"):
        return list(node.words)
    if isinstance(node, (And, Or)):
        return [w for child in node.children for w in query_words(child)]
    return []
