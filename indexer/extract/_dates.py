"""Calendar dates in free text, in URLs and in machine-readable date strings.

English, German, Spanish, French, Italian and Portuguese forms are recognised: ``2023-09-19``,
``2023/09/19``, ``19.09.2023``, ``September 19, 2023``, ``Sept. 19, 2023``, ``19 September 2023``,
``19. September 2023``, ``14 de enero de 2016``, ``3. März 2021``, ``1er août 2020``,
``2023年9月19日``. A lone year or a plain number is never a date.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, timedelta, timezone

from dateutil import parser as dateutil_parser

#: The zone given to a timestamp that names none ("2020-09-29 23:43:13"): read as UTC, but
#: marked, since such values are usually the publisher's local time.
NAIVE_UTC = timezone(timedelta(0), "UTC (no zone given)")
#: Years outside this range are not taken as calendar dates in free text.
MIN_YEAR, MAX_YEAR = 1000, 2999

_MONTHS = {
    "january": 1,
    "jan": 1,
    "januar": 1,
    "jänner": 1,
    "jaenner": 1,
    "janv": 1,
    "february": 2,
    "feb": 2,
    "febr": 2,
    "februar": 2,
    "feber": 2,
    "march": 3,
    "mar": 3,
    "märz": 3,
    "maerz": 3,
    "mär": 3,
    "mrz": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "mai": 5,
    "june": 6,
    "jun": 6,
    "juni": 6,
    "july": 7,
    "jul": 7,
    "juli": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
    "dezember": 12,
    "dez": 12,
    # Spanish, French, Italian, Portuguese (accents folded in lookups)
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12,
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7, "aout": 8,
    "octobre": 10, "novembre": 11, "decembre": 12,
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "settembre": 9, "ottobre": 10, "dicembre": 12,
    "janeiro": 1, "fevereiro": 2, "marco": 3, "maio": 5, "junho": 6, "julho": 7,
    "setembro": 9, "outubro": 10, "dezembro": 12,
}  # fmt: skip
#: Accented spellings of the month names above ("März", "février", "août", "março").
_ACCENTED = {"fevrier": "février", "aout": "août", "decembre": "décembre", "marco": "março",
             "maerz": "märz"}  # fmt: skip
for _plain, _accented in _ACCENTED.items():
    _MONTHS[_accented] = _MONTHS[_plain]
#: The first letters of the month names: a cheap test before trying every name.
_MONTH_INITIALS = "".join(sorted({name[0] for name in _MONTHS}))
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\.?"
_YEAR = r"(?P<year>[12]\d{3})"

#: The patterns led by a number open with its first digit (their lookbehind comes after it, reaching
#: one character further back): ``re`` then skips to candidate digits instead of trying every
#: position of the text. ``(?<![\d.].)`` after one digit is ``(?<![\d.])`` before it.
_DAY_OPENING = r"(?P<{}>(?:[0-3](?<!{}.)\d?|\d(?<!{}.)))"
_TEXT_PATTERNS = (
    # 2023-09-19, 2023/09/19 (not part of a longer number)
    re.compile(r"(?P<year>[12](?<![\d.].)\d{3})([-/])(?P<month>[01]?\d)\2(?P<day>[0-3]?\d)(?!\d)"),
    # 2023年9月19日 (Chinese, Japanese), 2023년 9월 19일 (Korean)
    re.compile(
        r"(?<!\d)(?P<year>[12]\d{3})\s*[年년]\s*(?P<month>[01]?\d)\s*[月월]\s*"
        r"(?P<day>[0-3]?\d)\s*[日일]"
    ),
    # 19.09.2023, 19/09/2023 (day first; month first when the first number exceeds 12)
    re.compile(
        _DAY_OPENING.format("a", r"[\d.]", r"[\d.]")
        + r"([./])\s?(?P<b>[01]?\d)\2\s?(?P<year>[12]\d{3})(?!\d)"
    ),
    # 28.09.19 12:44 (a two-digit year only when a clock time follows)
    re.compile(
        _DAY_OPENING.format("a", r"[\d.]", r"[\d.]")
        + r"(\.)(?P<b>[01]?\d)\.(?P<year>\d{2})(?=,?\s+\d{1,2}:\d{2})"
    ),
    # September 19, 2023 / Sept. 19 2023
    re.compile(rf"(?<!\w)(?=[{_MONTH_INITIALS}]){_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)", re.I),
    # 19 September 2023 / 19. September 2023 / 19th of September, 2023 / 14 de enero de 2016
    re.compile(
        _DAY_OPENING.format("day", r"[\w.]", r"[\w.]")
        + rf"(?:st|nd|rd|th)?\.?(?:er|º|°)?\s*(?:of\s+|de\s+|di\s+)?{_MONTH},?\s+(?:de\s+)?"
        + rf"{_YEAR}(?!\d)",
        re.I,
    ),
)
#: What each text pattern cannot match without (a cheap test of the whole text first).
_PATTERN_NEEDS = ("year", "cjk", "year", "clock", "year", "year")
_ANY_YEAR = re.compile(r"[12]\d{3}")
_CJK_YEAR = re.compile(r"[年년]")
_CLOCK = re.compile(r"\d:\d\d")

_URL_PATTERNS = (
    re.compile(
        r"(?<!\d)(?P<year>(?:19|20)\d{2})[/_.-](?P<month>[01]?\d)[/_.-](?P<day>[0-3]?\d)(?!\d)"
    ),
    re.compile(r"(?<![\d])(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)(?![\d])"),
)
_URL_MONTH = re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>[01]?\d)/")
_HAS_DAY = re.compile(
    r"\d{1,4}\D{1,3}\d{1,2}\D{1,3}\d{1,4}|\d{8}|[^\W\d_]{3,}\.?\s+(?:de\s+)?\d|"
    r"\d\.?\s+(?:de\s+)?[^\W\d_]{3,}"
)


def find_dates(text: str, lang: str | None = None) -> list[date]:
    """Every calendar date mentioned in ``text``, deduplicated, in order of first appearance."""
    return [found for _, found in find_dates_with_positions(text, lang)]


def find_dates_with_positions(text: str, lang: str | None = None) -> list[tuple[int, date]]:
    """Like :func:`find_dates`, with the character offset of each date's first mention."""
    hits: list[tuple[int, int, date]] = []
    text = text or ""
    has_year = _ANY_YEAR.search(text) is not None
    for pattern, needs in zip(_TEXT_PATTERNS, _PATTERN_NEEDS, strict=True):
        if (
            (needs == "year" and not has_year)
            or (needs == "cjk" and not _CJK_YEAR.search(text))
            or (needs == "clock" and not _CLOCK.search(text))
        ):
            continue  # the pattern cannot match: skip its scan of the whole text
        for match in pattern.finditer(text):
            found = _date_from_match(match, lang, text)
            if found is not None:
                hits.append((match.start(), match.end(), found))
    hits.sort(key=lambda hit: (hit[0], -hit[1]))
    seen: set[date] = set()
    result: list[tuple[int, date]] = []
    covered_to = -1
    for start, end, found in hits:
        if start < covered_to:
            continue  # overlaps a longer match already taken
        covered_to = end
        if found not in seen:
            seen.add(found)
            result.append((start, found))
    return result


def find_url_date(url: str | None) -> date | None:
    """A full date written in a URL's path (``/2020/01/20/``, ``/2019-12-22-``, ``/20200120/``)."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    path = re.sub(r"/web/\d{14}[a-z_]*/", "/", path)  # web archive snapshot stamps
    for pattern in _URL_PATTERNS:
        for match in pattern.finditer(path):
            found = _make_date(match["year"], match["month"], match["day"])
            if found is not None:
                return found
    return None


def find_url_month(url: str | None) -> tuple[int, int] | None:
    """The (year, month) of a ``/YYYY/MM/`` URL path, when it has no day."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    path = re.sub(r"/web/\d{14}[a-z_]*/", "/", path)
    match = _URL_MONTH.search(path)
    if match and 1 <= int(match["month"]) <= 12:
        return int(match["year"]), int(match["month"])
    return None


def parse_date_value(value: str | None) -> datetime | None:
    """A timezone-aware datetime from a machine-readable date string (meta, JSON-LD, ``<time>``).

    Naive values are taken as UTC (``NAIVE_UTC``, to tell them apart). A value without a
    day (``2020``, ``2020-05``) gives None.
    """
    if not value or not isinstance(value, str):
        return None
    value = value.strip()[:64]
    if not _HAS_DAY.search(value):
        return None
    parsed = _parse_iso(value) or _parse_loose(value)
    if parsed is None:
        found = find_dates(value)
        if not found:
            return None
        parsed = datetime(found[0].year, found[0].month, found[0].day)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=NAIVE_UTC)
    return parsed


def _parse_iso(value: str) -> datetime | None:
    try:
        return dateutil_parser.isoparse(value)
    except (ValueError, OverflowError):
        return None


def _parse_loose(value: str) -> datetime | None:
    if re.match(r"^\d{1,2}\.\d{1,2}\.\d{2,4}", value):
        return None  # let find_dates read German day-first dates
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown zone names ("CEST") are read as naive
            return dateutil_parser.parse(value, default=datetime(1, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None


def _date_from_match(match: re.Match, lang: str | None, text: str) -> date | None:
    groups = match.groupdict()
    if "a" in groups:
        first, second = int(groups["a"]), int(groups["b"])
        if text[match.end() : match.end() + 1] == ":":  # "28.09.1912:44" is 28.09.19 12:44
            groups["year"] = groups["year"][:2]
        if len(groups["year"]) == 2:
            groups["year"] = str(_expand_year(int(groups["year"])))
        day, month = first, second
        if second > 12 or (first <= 12 and lang == "en" and match.group(2) == "/"):
            day, month = second, first
        return _make_date(groups["year"], month, day)
    month = groups["month"]
    if not month.isdigit():
        month = _MONTHS.get(month.lower().rstrip("."))
    return _make_date(groups["year"], month, groups["day"])


def _expand_year(short: int) -> int:
    pivot = datetime.now().year % 100 + 1
    return 2000 + short if short <= pivot else 1900 + short


def _make_date(year, month, day) -> date | None:
    try:
        year, month, day = int(year), int(month), int(day)
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        return date(year, month, day)
    except (TypeError, ValueError):
        return None
