"""May a capture update the record whose address it claims? (issue 22.1)

A page's ``<link rel=canonical>`` or ``og:url`` is whatever its author wrote: a page of one
site may name another site's article. A new capture replaces a record's current text only
when its address is trustworthy for that record and its text is recognisably the same
article; otherwise it becomes a record of its own (identified by its file, as pages without
an address are).

- Trustworthy: the capture is the same saved file as the record's (an edited save), or its
  own address (a WARC record's target URI, an MHTML page's location) is on the claimed
  address's host, or the capture has no address of its own and the record's capture had
  none either (both only claim it).
- The same article: at least ``SAME_ARTICLE`` of the shorter text's word triples (shingles)
  are in the other text. Edited versions (a figure changed, a paragraph added) stay far above
  it; another article on the same subject shares almost none.
"""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import urlsplit

from archive.records import Record, canonical_url, make_record_id

#: Share of the shorter text's word triples found in the other: the same article.
SAME_ARTICLE = 0.5
#: Words compared (the beginning of each text: an article's identity is there).
MAX_WORDS = 5000
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[tuple[str, str, str]]:
    words = _WORD.findall((text or "").lower())[:MAX_WORDS]
    return set(zip(words, words[1:], words[2:], strict=False))


def same_article(old: str, new: str) -> bool:
    """Whether two texts are recognisably the same article (word-triple overlap)."""
    a, b = shingles(old), shingles(new)
    if not a or not b:
        return (old or "").split() == (new or "").split()
    return len(a & b) / min(len(a), len(b)) >= SAME_ARTICLE


def host(url: str | None) -> str | None:
    """The host of an address, lower-case, without ``www.`` (None when there is none)."""
    try:
        name = (urlsplit((url or "").strip()).hostname or "").lower()
    except ValueError:
        return None
    return name.removeprefix("www.") or None


def trusted_for(claimed: str, own: str | None, same_file: bool, record_own: str | None) -> bool:
    """Whether a capture may speak for the record at address ``claimed``.

    ``own``: the capture's own address (WARC target URI, MHTML location), if any;
    ``record_own``: the same for the record's current capture.
    """
    if same_file:
        return True
    if own:
        return host(own) == host(claimed)
    return not record_own


def may_update(current: Record, capture: Record) -> bool:
    """Whether ``capture`` (claiming ``current``'s address) may replace its current text."""
    same_file = current.origin.path == capture.origin.path and (
        current.origin.member == capture.origin.member
    )
    if same_file:
        return True  # the same saved file, edited: as before
    own, record_own = capture.origin.captured_from, current.origin.captured_from
    return trusted_for(current.url or "", own, False, record_own) and same_article(
        current.body, capture.body
    )


def own_record(capture: Record) -> Record:
    """The capture as a record of its own: identified by its own address or its file, keeping
    the address it claimed (``claimed_url``) instead of taking it."""
    own = capture.origin.captured_from
    identity = (
        f"url:{canonical_url(own)}"
        if own and canonical_url(own)
        else f"file:{capture.origin.path}#{capture.origin.member or ''}"
    )
    return dataclasses.replace(
        capture, id=make_record_id(identity), url=own, claimed_url=capture.url
    )
