"""Automatic tags: places, people, organisations and key terms, offline.

Public API (used by the indexing pipeline, ``indexer.pipeline``; keep these names):

    load_vocabulary(user_file: pathlib.Path | None = None) -> Vocabulary
    tag_article(title: str, body: str, lang: str | None, vocabulary: Vocabulary) -> Tags

``Tags`` is a dataclass with lists places, people, orgs, terms (display forms,
deduplicated, most salient first).

How names are found, in order: the vocabulary (built-in gazetteer plus the
user's file, longest match first; German genitives "Kanadas" count as the
name), then the cities of the archive's own place table (archive/data/
places.tsv) that no vocabulary line names, guarded against homonyms; teams
in sports tables ("Stoke 4 3 1 0 7 4 10", "A 3 B 2", "A v B"); clubs and
schools by their prefix or head before a town ("VfL Osnabrück", "TU Berlin")
and a town's team ("Norwich City", "Chicago Cubs"); people with initials
("M. Waugh") and before a bracketed country or party ("Monica Seles (U.S.)",
"Schäuble (CDU)"); then patterns for names nobody listed: titles, jobs and
roles before a name ("Colonel Anar Eyvazov", "Stürmer X"), verbs of saying
("said X Y", "sagte X."), known given names (up to four words, particles,
middle initials), capitalised names used again (a later bare surname is
folded into the full name); organisations by their head noun or legal form
("Defense Ministry", "Ministry of Foreign Affairs", "X University", "X GmbH",
"Bundesamt für X", "X Verlag") and acronyms amid running text ("NASA");
places by cue words ("the city of X", "X district", "Landkreis X") and, in
German, by a town's ending after a preposition ("nach Wennekathausen"), a
foreign-looking word after in/aus/nach ("aus Maribor"), a street's ending, or
a compass word glued to a known place ("Süditalien"); in German, a known given
name alone ("Sohn Tobias", "Judith hat ..."), with an initial ("Claudia B.") or
a regnal number ("Elisabeth II."). German descriptions are no organisations
("Evangelische Kirche"), "Firma X" is X, and acronyms need three capitals.
Key terms are the article's most frequent content words and repeated phrases
(German: nouns), weighted by the title and by how rare the word is in its
language (wordfreq, indexer/commonness.py), without stop words, calendar words,
numbers, tagged names, words every text uses, addresses and words of a longer
name ("Bay" of "Bay Area").

Guards that hold across sites: a capitalised plain word opening a sentence
("Oder ...") is no vocabulary name without other evidence; a given name alone
is a person only folded into a full name of the article, after a kin word,
title or age ("Sohn Tobias"), listed with other names, or (German) as the subject
or object of a clause: after a lower-case word that is no article and before a
lower-case word ("Lucy gefällt ...", "gegen Mario eine ..."); "Last, First"
entries are one name; initials after a surname close a reference ("Stamp L.")
unless a given name opens that surname ("Heinrich Funke, W. Müller"); products,
districts, streets, groups and bodies are no people; a number before an
organisation makes it a unit ("26 Tesla"), a given name before it a surname;
acronyms spelled out in lower case ("heart rate variability (HRV)") are terms.
The pipeline tags ``indexer.extract.article_text(body)``: the body without
credits, "follow us" lines and other furniture.

Vocabulary files
----------------
The built-in lists are ``data/places.txt``, ``data/orgs.txt`` and
``data/people.txt``; a user file has the same format and is read last, so it
wins. UTF-8 text, one entry per line, ``#`` starts a comment line::

    [places]                       # section: places, people, orgs, terms or stop
    Karabakh | Garabagh | Berg-Karabach | ~Karabakhi
    Garabagh -> Karabakh           # one more alias for an entry (any section)
    Island@de -> Iceland           # an alias that counts only in German articles

    [orgs]
    Example Media Group | EMG

    [terms]
    anti-terror operation

    [stop]
    Social                         # never a tag (compared case-insensitively)

- The first name on a line is the display form (what the archive shows);
  the others are aliases. Matching is case-sensitive and whole-word.
- Display forms are English for places and international bodies ("Germany",
  "Munich", "European Union"), German for German institutions that English
  news also names in German ("Bundestag"). To show another form, list the
  built-in display as an alias of yours: ``Deutschland | Germany`` makes every
  alias of Germany show as "Deutschland".
- ``~word`` is an adjective or demonym of a place ("~Azerbaijani"). It never
  makes a place tag alone; it joins organisation names ("Azerbaijani Defense
  Ministry") and adds weight to the place when the place is named too. A
  trailing ``*`` adds the German endings -e, -en, -er, -es, -em.
- ``[stop]`` lines are names or words never to tag, whatever found them.
"""

from ._tagger import Tags, tag_article
from ._vocabulary import Vocabulary, load_vocabulary

__all__ = ["Tags", "Vocabulary", "load_vocabulary", "tag_article"]
