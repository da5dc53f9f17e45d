"""Which of a record's byline names belong in the author facet: people and agencies.

A record keeps its byline as the page gives it ("Redaktion", "det/dpa"); the facet
lists only who wrote it. Out go desk bylines in any language ("Redaktion", "Redacción
LR", "Staff Reports", "Webteam"); a credit joined by a slash is split and keeps its
agency or person ("det/dpa" -> "dpa", "wien.example.at/ Agenturen" -> nothing):
editors' initials, domains and "agencies" beside them are no author.
"""

from __future__ import annotations

import re

#: Words naming an editorial desk, never a person (German, Spanish, Portuguese, Italian,
#: French, Dutch, Scandinavian, Polish, Finnish and their abbreviation "red").
DESK_WORDS = frozenset(
    "redaktion redaktionen redaktionsteam onlineredaktion red red. redacción redaccion "
    "redação redacao redazione rédaction redaction redactie redaktør redaktor redaktori "
    "redakcja toimitus newsroom webteam webredaktion nachrichtenredaktion newsdesk".split()
)
#: "Agencies": a byline alone, but no author beside another credit ("ORF/ Agenturen").
AGENCIES_WORDS = frozenset("agenturen agencias agences agenzie agencies".split())
#: Words that make a desk byline when nothing else stands beside them ("Staff Reports").
GENERIC_WORDS = frozenset(
    "staff reports report writers writer team support editorial editors editor desk "
    "multimedia online web news service".split()
)
#: News agencies: a short lower-case credit that is one of these is an author.
AGENCIES = frozenset(
    "dpa afp ap apa sda ats kna epd efe ansa reuters ddp dapd kap idea pti ians ani aa "
    "tass ria xinhua anp belga ritzau ntb tt stt ctk pap mti hina upi age ots".split()
)
#: A part of a slash-joined credit that is an editor's initials ("det", "dsw").
INITIALS = re.compile(r"^[a-zäöü]{2,4}\.?$")
DOMAIN = re.compile(r"\w\.[a-z]{2,}(?:/|$)", re.I)


def author_facet_values(names: list[str]) -> list[str]:
    """The names of ``names`` that the author facet lists, in order, without repeats."""
    kept: list[str] = []
    for name in names:
        parts = [p.strip() for p in name.split("/")] if "/" in name else [name]
        for part in parts:
            if part and _is_author(part, joined=len(parts) > 1) and part not in kept:
                kept.append(part)
    return kept


def _is_author(name: str, joined: bool) -> bool:
    words = [w.strip(".,:;()").casefold() for w in name.split()]
    if any(w in DESK_WORDS for w in words) or all(w in GENERIC_WORDS for w in words):
        return False
    if joined:  # a part of "det/dpa": agencies and names stay, initials and domains go
        if words and words[0] in AGENCIES and len(words) == 1:
            return True
        return not (INITIALS.match(name) or DOMAIN.search(name) or set(words) & AGENCIES_WORDS)
    return True
