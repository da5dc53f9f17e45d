"""Teams: in sports tables and results, and a town's club ("Norwich City")."""

from __future__ import annotations

from . import _patterns as P
from ._document import Document, Mention, is_given_name, is_name_start, surname_like

MIN_STANDINGS_NUMBERS = 3  # "Stoke 4 3 1 0 7 4 10": a team in a standings table

MAX_TEAM_WORDS = 5


def teams_in_tables(doc: Document, mentions: list[Mention]) -> None:
    """Teams in sports results and standings: each on its own line, followed by numbers.

    "Stoke 4 3 1 0 7 4 10", "Pohang 3 Ulsan 2 (halftime 1-0)", "Birmingham v Barnsley":
    a city named there is a club (an organisation), not a place."""
    for line in _lines(doc):
        for start, end in _table_teams(doc, line):
            owner = doc.owner[start]
            if owner is not None and (owner.start, owner.end) == (start, end):
                if owner.display in doc.vocabulary.countries:
                    continue  # a national team: "Israel 2 Bulgaria 0" names the countries
            display = _team_display(doc, start, end)
            if display and not doc.vocabulary.is_stopped(display):
                doc.add(Mention("org", display, start, end), mentions)


def _lines(doc: Document) -> list[range]:
    starts = [i for i, token in enumerate(doc.tokens) if token.line_start]
    ends = [*starts[1:], len(doc.tokens)] if starts else []
    return [range(a, b) for a, b in zip(starts, ends, strict=True)]


def _table_teams(doc: Document, line: range) -> list[tuple[int, int]]:
    tokens, texts = doc.tokens, doc.texts
    first = _team_name(doc, line.start, line.stop)
    if first is not None and _is_score(doc, first, line.stop):
        numbers = first
        while numbers < line.stop and _is_score(doc, numbers, line.stop, follows=numbers > first):
            numbers += 1
        if numbers == line.stop and numbers - first >= MIN_STANDINGS_NUMBERS:
            return [(line.start, first)]  # a standings row
        second = _team_name(doc, first + 1, line.stop)
        if second is not None and _is_score(doc, second, line.stop):
            return [(line.start, first), (first + 1, second)]  # a result: "A 3 B 2"
    for i in line:  # fixtures: "A v B", "May 15 v B"
        if texts[i] in ("v", "vs") and i + 1 < line.stop:
            after = _team_name(doc, i + 1, line.stop)
            if after is None or (after < line.stop and tokens[after].gap not in ("(", ",")):
                continue
            teams = [(i + 1, after)]
            k = i - 1
            while k > line.start and tokens[k].joined and is_name_start(doc, k - 1):
                k -= 1
            if i > line.start and is_name_start(doc, k) and _team_name(doc, k, i) == i:
                teams.insert(0, (k, i))
            return teams
    return []


def _is_score(doc: Document, i: int, stop: int, follows: bool = False) -> bool:
    """A whole number of at most three digits right after a name (or a number): no
    decimals, years or dashes, which are prices, dates and bowling figures."""
    if i >= stop:
        return False
    token = doc.tokens[i]
    gaps = ("", ".", "-", "/", "(", ")") if follows else ("",)
    return token.text.isdigit() and len(token.text) <= 3 and token.gap in gaps


def _team_name(doc: Document, start: int, stop: int) -> int | None:
    """The end of a team's name of one to five capitalised words from start, or None."""
    tokens, texts = doc.tokens, doc.texts
    end = start
    while end < stop and end - start < MAX_TEAM_WORDS + 1:
        token = tokens[end]
        if end > start and not token.joined:
            break
        if token.numeric or not (token.capitalised or token.text in P.OF_WORDS):
            break
        owner = doc.owner[end]
        if owner is not None and (owner.kind == "person" or owner.start < start):
            return None
        end += 1
        if token.possessive:
            break
    if end == start or end - start > MAX_TEAM_WORDS or texts[end - 1] in P.OF_WORDS:
        return None
    if end - start >= 2 and is_given_name(doc, start) and not tokens[start].all_caps:
        return None  # "Greg Norman 70 68 72": a golfer
    folded = [texts[i].casefold() for i in range(start, end)]
    if all(word in doc.calendar or word in doc.stopwords for word in folded):
        return None
    if end < stop and doc.owner[end - 1] is not None and doc.owner[end - 1].end > end:
        return None
    return end


def _team_display(doc: Document, start: int, end: int) -> str:
    words = doc.texts[start:end]
    if all(doc.tokens[i].all_caps or len(doc.texts[i]) < 2 for i in range(start, end)):
        words = [word.capitalize() for word in words]  # "ST LOUIS" -> "St Louis"
    return " ".join(words)


def teams_by_place(doc: Document, mentions: list[Mention]) -> None:
    """ "Norwich City", "Boston Red Sox", "Kansas City Royals": a town followed by a team
    word or by capitalised plural nicknames is a club, not the town."""
    tokens, texts = doc.tokens, doc.texts
    n = len(tokens)
    for mention in list(mentions):
        if mention.kind != "place" or doc.owner[mention.start] is not mention:
            continue
        if mention.display in doc.vocabulary.countries or mention.display in P.US_STATES:
            continue  # "Chad Curtis", "Kansas City": no club
        if is_given_name(doc, mention.start) or mention.display in P.OCEANS:
            continue
        end = mention.end
        if end >= n or not tokens[end].joined or tokens[end].gap:
            continue
        if texts[end] in P.TEAM_WORDS and doc.owner[end] is None:
            stop = end + 1
        else:
            stop = end
            while (
                stop < n
                and stop - end < 2
                and (stop == end or (tokens[stop].joined and not tokens[stop].gap))
                and doc.owner[stop] is None
                and surname_like(doc, stop)
                and not doc.is_common(stop)
                and (doc.lang != "de" or stop > end)
            ):
                stop += 1
            if stop == end or not texts[stop - 1].endswith("s") or texts[stop - 1].endswith("ss"):
                continue
            if doc.lang == "de" or (stop < n and tokens[stop].joined and tokens[stop].capitalised):
                continue
        display = " ".join(texts[mention.start : stop])
        if not doc.vocabulary.is_stopped(display):
            doc.add(Mention("org", display, mention.start, stop), mentions)
