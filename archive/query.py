"""The product's query language, parsed into an engine-neutral tree.

Grammar (case-sensitive operators, as in most search engines)::

    query   := or ( "OR" or )*
    or      := unary+                      words are ANDed by default ("AND" allowed)
    unary   := ("NOT" | "-") unary | primary
    primary := "(" query ")" | FIELD ":" value | '"phrase"' | word | word*
    value   := word | '"phrase"' | "[" DATE "TO" DATE "]" | word*

Fields: title, author, source, tag, place, person, org, term, lang, type, and the
date fields ``date:2023``, ``date:2023-09``, ``date:2023-09-19``,
``date:[2020-01-01 TO 2020-12-31]`` (``*`` for an open end), ``after:DATE``,
``before:DATE``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from archive import facets
from archive.errors import QueryError

#: Fields matched as exact facet values; ``TEXT_FIELDS`` are analysed words.
TEXT_FIELDS = ("title", "author")
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
ALL_FIELDS = KEYWORD_FIELDS + TEXT_FIELDS + DATE_FIELDS

MAX_QUERY_LENGTH = 1000
MAX_CLAUSES = 64


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
  | (?P<field>[A-Za-z]+:)
  | (?P<word>[^\s()"\[]+)
    """,
    re.VERBOSE,
)


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind == "ws":
            continue
        if kind == "quote" and (len(value) < 2 or not value.endswith('"')):
            raise QueryError('A quotation mark is not closed: add the closing " to end the phrase.')
        if kind == "range" and not value.endswith("]"):
            raise QueryError(
                "A date range is not closed: write it as date:[2020-01-01 TO 2020-12-31]."
            )
        tokens.append((kind, value))
    return tokens


# ------------------------------------------------------------------ parser
class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens = tokens
        self.pos = 0
        self.clauses = 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.pos += 1
        return token

    def parse(self) -> Node:
        node = self.parse_or()
        kind, value = self.peek()
        if kind == "rparen":
            raise QueryError("There is a closing parenthesis ')' without an opening one.")
        if kind is not None:
            raise QueryError(f"Unexpected {value!r} in the query.")
        return node

    def parse_or(self) -> Node:
        children = [self.parse_and()]
        while self.peek() == ("word", "OR"):
            self.take()
            if self.peek()[0] in (None, "rparen"):
                raise QueryError("OR needs a search term on both sides, e.g. 'flood OR storm'.")
            children.append(self.parse_and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self) -> Node:
        children = []
        while True:
            kind, value = self.peek()
            if kind is None or kind == "rparen" or (kind, value) == ("word", "OR"):
                break
            if (kind, value) == ("word", "AND"):
                self.take()
                if self.peek()[0] in (None, "rparen") or self.peek() == ("word", "OR"):
                    raise QueryError(
                        "AND needs a search term on both sides, e.g. 'flood AND port'."
                    )
                continue
            node = self.parse_unary()
            if node is not None:
                children.append(node)
        if not children:
            if self.peek()[0] == "rparen":
                raise QueryError("Empty parentheses: put search terms inside ( ).")
            raise QueryError("OR needs a search term on both sides, e.g. 'flood OR storm'.")
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_unary(self) -> Node | None:
        kind, value = self.peek()
        if (kind, value) == ("word", "NOT") or (kind == "word" and value == "-"):
            self.take()
            if self.peek()[0] in (None, "rparen") or self.peek() == ("word", "OR"):
                raise QueryError("NOT needs a search term after it, e.g. 'flood NOT river'.")
            return Not(self.parse_unary())
        if kind == "word" and value.startswith("-") and len(value) > 1:
            self.tokens[self.pos : self.pos + 1] = _tokenize(value[1:])
            return Not(self.parse_unary())
        return self.parse_primary()

    def parse_primary(self) -> Node | None:
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise QueryError(f"The query has more than {MAX_CLAUSES} terms: make it shorter.")
        kind, value = self.take()
        if kind == "lparen":
            node = self.parse_or()
            if self.take()[0] != "rparen":
                raise QueryError("A parenthesis '(' is not closed: add the missing ')'.")
            return node
        if kind == "quote":
            return _phrase(value[1:-1], None)
        if kind == "field":
            return self.parse_field(value[:-1].lower())
        if kind == "range":
            raise QueryError(
                "A [range] must follow a date field, e.g. date:[2020-01-01 TO 2020-12-31]."
            )
        if kind == "word":
            return _word(value, None)
        raise QueryError(f"Unexpected {value!r} in the query.")

    def parse_field(self, name: str) -> Node:
        field = FIELD_ALIASES.get(name, name)
        if field not in ALL_FIELDS:
            known = ", ".join(ALL_FIELDS)
            raise QueryError(f"Unknown field '{name}:'. Known fields: {known}.")
        kind, value = self.take()
        if kind is None or kind in ("lparen", "rparen"):
            raise QueryError(f"'{name}:' needs a value right after the colon, e.g. {name}:value.")
        if field in DATE_FIELDS:
            return _date_clause(field, kind, value)
        if kind == "range":
            raise QueryError(f"Ranges work only with date fields, not with '{name}:'.")
        if kind == "quote":
            return _phrase(value[1:-1], field)
        return _word(value, field)


def _word(value: str, field: str | None) -> Node:
    prefix = value.endswith("*") and len(value.rstrip("*")) >= 2
    text = value.rstrip("*") if prefix else value
    if not text.strip("*"):
        raise QueryError("A wildcard needs at least two letters before the *, e.g. energ*.")
    if field in KEYWORD_FIELDS:
        return Facet(field, text.lower(), prefix)
    return Term(text, field, prefix)


def _phrase(text: str, field: str | None) -> Node:
    words = tuple(text.split())
    if not words:
        raise QueryError('An empty phrase "" matches nothing: put words between the quotes.')
    if field in KEYWORD_FIELDS:
        return Facet(field, " ".join(words).lower())
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
def parse_query(text: str) -> Node:
    """Parse a user's query; raises QueryError with a message the user can act on."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"The query is longer than {MAX_QUERY_LENGTH} characters: shorten it.")
    if not text:
        return MatchAll()
    return _Parser(_tokenize(text)).parse()


def query_words(node: Node) -> list[str]:
    """The positive free-text words of a query, in order (for highlighting and spelling)."""
    if isinstance(node, Term) and node.field in (None, "title"):
        return [node.text]
    if isinstance(node, Phrase) and node.field in (None, "title"):
        return list(node.words)
    if isinstance(node, (And, Or)):
        return [w for child in node.children for w in query_words(child)]
    return []
