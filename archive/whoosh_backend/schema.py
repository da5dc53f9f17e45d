"""What the Whoosh index holds: analyzers, fields, and a record's indexed form.

Only the record id is stored; facet fields keep their values in a column read
in bulk into numpy arrays (``arrays.py``); dates are numeric columns.
The schema is pickled into the index: the classes here must keep their dotted
path (``archive.whoosh_backend.schema.*``). Bump ``SCHEMA_VERSION`` whenever
the schema or the analysis changes.
"""

from __future__ import annotations

import re

from whoosh import columns, fields
from whoosh.analysis import Analyzer, Token
from whoosh.lang import stemmer_for_language
from whoosh.support.charset import accent_map

from archive import frequent
from archive.facets import VALUE_NAMES, facet_values
from archive.records import Record
from archive.urls import record_addresses

SCHEMA_VERSION = 8
#: Languages with a stemmed text field of their own; others use the plain field.
STEMMED_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "no", "fi", "ru")
#: Facet fields (exact values, counted from columns).
FACET_FIELDS = VALUE_NAMES
#: Separates the values of one document in a facet column (never inside a value).
VALUE_SEPARATOR = "\x1f"

WORD_RE = re.compile(r"\w+(?:\.\w+)*")  # words, with dots inside (U.S, 3.5)
_WORD_CHAR = re.compile(r"\w")
_FOLD = str.maketrans(accent_map)
FREQUENT_WORDS = frozenset(w.lower().translate(_FOLD) for w in frequent.WORDS)
_CACHE_LIMIT = 200_000  # words per cache
_CACHES: dict[tuple, dict[str, str]] = {}  # (language, fold) -> {word: indexed form}
#: How many body words stand in for a missing title (``indexer.pipeline._first_words``).
FALLBACK_TITLE_WORDS = 12


def _whole_word_starts(text: str, word: str):
    """Where ``word`` (one WORD_RE word) stands in ``text`` as a word of its own."""
    size, start = len(text), text.find(word)
    while start >= 0:
        end = start + len(word)
        # inside a longer word: a word character or "x." before it, one or ".x" after it
        joined_before = start > 0 and (
            _WORD_CHAR.match(text, start - 1)
            or (text[start - 1] == "." and start > 1 and _WORD_CHAR.match(text, start - 2))
        )
        joined_after = end < size and (
            _WORD_CHAR.match(text, end)
            or (text[end] == "." and end + 1 < size and _WORD_CHAR.match(text, end + 1))
        )
        if not joined_before and not joined_after:
            yield start
        start = text.find(word, start + 1)


class WordAnalyzer(Analyzer):
    """Words lower-cased, stemmed for one language (or not), accents folded: one pass.

    Equivalent to RegexTokenizer | LowercaseFilter | StemFilter | CharsetFilter,
    with the per-word work cached, because analysis dominates indexing time.
    """

    def __init__(self, lang: str | None = None, fold: bool = True):
        self.lang = lang
        self.fold = fold
        self._setup()

    def _setup(self):
        self._stem = stemmer_for_language(self.lang) if self.lang else None
        # one cache per kind of analysis for the process: the schema is unpickled afresh
        # for every index opened (each segment a worker builds), and the cache outlives it
        self._cache: dict[str, str] = _CACHES.setdefault((self.lang, self.fold), {})

    def __getstate__(self):
        return {"lang": self.lang, "fold": self.fold}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._setup()

    def __eq__(self, other):
        return type(other) is type(self) and (other.lang, other.fold) == (self.lang, self.fold)

    def __hash__(self):
        return hash((self.lang, self.fold))

    def key(self, word: str) -> str:
        """The indexed form of one word."""
        found = self._cache.get(word)
        return found if found is not None else self._key(word)

    def _key(self, word: str) -> str:
        key = word.lower()
        if self._stem is not None:
            key = self._stem(key)
        if self.fold:
            key = key.translate(_FOLD)
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[word] = key
        return key

    def matching(self, value: str, wanted: set[str], limit: int) -> list[tuple[int, int, str]]:
        """(start, end, key) of the words in ``value[:limit]`` whose key is ``wanted``.

        Each distinct word is looked up once; only the words that are wanted are then
        found in the text (a word is analysed far more slowly than it is found).
        """
        head = value[:limit]
        cache, wanted_words = self._cache, {}
        for word in set(WORD_RE.findall(head)):
            key = cache.get(word)
            if key is None:
                key = self._key(word)
            if key in wanted:
                wanted_words[word] = key
        found = [
            (start, start + len(word), key)
            for word, key in wanted_words.items()
            for start in _whole_word_starts(head, word)
        ]
        found.sort()
        return found

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        cache = self._cache
        for pos, match in enumerate(WORD_RE.finditer(value), start_pos):
            word = match.group()
            key = cache.get(word)
            token.text = key if key is not None else self._key(word)
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


class PairAnalyzer(WordAnalyzer):
    """Consecutive pairs of frequent words ("last year"), lower-cased and folded, unstemmed.

    Indexed as terms, they answer two-word phrases of frequent words with one
    lookup, where a positional phrase search would check every document that has
    both words (other phrases have a rarer word, which keeps that check short).
    """

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        previous, pos = None, start_pos
        for match in WORD_RE.finditer(value):
            word = self.key(match.group())
            if word not in FREQUENT_WORDS:
                previous = None
                continue
            if previous is not None:
                token.text = previous + " " + word
                token.boost = 1.0
                token.stopped = False
                if positions:
                    token.pos = pos
                    pos += 1
                if chars:
                    token.startchar = start_char + match.start()
                    token.endchar = start_char + match.end()
                yield token
            previous = word


PLAIN = WordAnalyzer()


class FacetKeyword(fields.KEYWORD):
    """A multi-valued exact field whose column holds the values joined by VALUE_SEPARATOR.

    One byte string per document lets ``arrays.py`` read a whole segment's values
    with one read and one split, instead of a Python loop per document.
    """

    def __init__(self):
        super().__init__(lowercase=True, commas=True, scorable=False)
        self.column_type = columns.VarBytesColumn()

    def index(self, value, **kwargs):
        if isinstance(value, (list, tuple)):
            value = ",".join(v.replace(",", " ") for v in value)
        return super().index(value, **kwargs)

    def to_column_value(self, value):
        if isinstance(value, str):
            value = [value]
        return "".join(v + VALUE_SEPARATOR for v in value).encode("utf-8")

    def from_column_value(self, value):
        return value.decode("utf-8").split(VALUE_SEPARATOR)[:-1]


def keyword_term(value: str) -> str:
    """A facet value as its keyword field indexes it (lower case, no commas)."""
    return value.lower().replace(",", " ").strip()


def text_field_for(lang: str | None) -> str:
    return f"text_{lang}" if lang in STEMMED_LANGUAGES else "text"


def build_schema() -> fields.Schema:
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=PLAIN),
        byline=fields.TEXT(analyzer=PLAIN),  # the authors' names as words (``author:``)
        text=fields.TEXT(analyzer=PLAIN),
        note=fields.TEXT(analyzer=PLAIN),  # the editors' note (``note:``; also in the text)
        spell=fields.TEXT(analyzer=WordAnalyzer(fold=False), phrase=False),
        pairs=fields.TEXT(analyzer=PairAnalyzer(), phrase=False),
        day=fields.NUMERIC(int, bits=32, sortable=True),
        ts=fields.NUMERIC(int, bits=64, signed=True, sortable=True),
        added=fields.NUMERIC(int, bits=64, signed=True, sortable=True),
        # The article's address (``urls.url_key``) and its domains, for ``url:`` and pasted URLs.
        url=fields.KEYWORD(lowercase=True, commas=True, scorable=False),
        domain=fields.KEYWORD(lowercase=True, commas=True, scorable=False),
    )
    for lang in STEMMED_LANGUAGES:
        schema.add(f"text_{lang}", fields.TEXT(analyzer=WordAnalyzer(lang)))
    for name in FACET_FIELDS:
        schema.add(name, FacetKeyword())
    return schema


def _clean(value: str) -> str:
    return value.replace(VALUE_SEPARATOR, " ")


def indexed_title(record: Record) -> str:
    """The title as the title field indexes it: empty when it is the indexer's stand-in.

    A record without a title of its own shows the first ``FALLBACK_TITLE_WORDS``
    words of its body as its title (``indexer.pipeline._first_words``, "…" added
    when the body goes on); indexing those as a title would weight body words as
    a title and count them twice.
    """
    title = record.title.strip()
    body = record.body.split()
    words = title.removesuffix("…").split()
    if not words or body[: len(words)] != words:
        return title
    if len(words) == FALLBACK_TITLE_WORDS and title.endswith(" …") and len(body) > len(words):
        return ""
    return "" if words == body and len(body) <= FALLBACK_TITLE_WORDS else title


def record_to_document(record: Record) -> dict:
    """The indexed form of a record: analysed text, facet values and date numbers."""
    day = int(record.date.strftime("%Y%m%d")) if record.date else 0
    ts = int(record.date.timestamp()) if record.date else 0
    added = int(record.added.timestamp()) if record.added else 0
    entities = record.places + record.people + record.orgs + record.terms
    title = indexed_title(record)
    urls, domains = record_addresses(record.url)
    text = f"{title}\n\n{record.body}" if title else record.body
    if record.note:  # a note is found as ordinary text too
        text = f"{text}\n\n{record.note}"
    doc = {
        "id": record.id,
        "title": title,
        "byline": " ; ".join(record.authors),
        "note": record.note,
        text_field_for(record.lang): text,
        "pairs": text,
        "spell": " ".join([record.title, record.summary, *entities, *record.tags]),
        "day": day,
        "ts": ts,
        "added": added,
        "url": ",".join(urls),
        "domain": ",".join(domains),
    }
    for name, values in facet_values(record).items():
        doc[name] = [_clean(v) for v in values]
    return doc
