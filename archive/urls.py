"""Web addresses as the archive finds them: one key per article address, and its domains.

``url_key`` is what a pasted address and a stored one are compared by: no scheme,
no ``www.``, no default port, no fragment, no trailing slash, no tracking
parameters (``utm_*``, ``fbclid``, ...), the other parameters sorted, lower case.
So ``https://www.Example.org/a/?utm_source=x#top`` and ``example.org/a`` are one
address. (Record ids use ``records.canonical_url``, which must never change.)
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

#: Query parameters that say how a reader arrived, not which page it is.
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ocid", "cmpid", "smid"}
)
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
#: A Wayback Machine capture: ``web.archive.org/web/TIMESTAMP[flags_]/ADDRESS``.
_WAYBACK_RE = re.compile(
    r"^(?:https?://)?(?:web\.|wayback\.)?archive\.org/web/\d{4,14}(?:[a-z]{2}_)?/+(.+)$", re.I
)


def _tracking(name: str) -> bool:
    name = name.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def url_key(url: str | None) -> str:
    """The comparable form of an address (empty if it has no host)."""
    if not url:
        return ""
    text = url.strip()
    if not _SCHEME_RE.match(text):
        text = "http://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return ""
    if not host:
        return ""
    host = host.removeprefix("www.")
    if "xn--" in host:
        try:
            host = host.encode("ascii").decode("idna")
        except UnicodeError:
            pass
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _tracking(k)))
    key = host + path + ("?" + query if query else "")
    return key.lower().replace(",", "%2c")


def domains(url: str | None) -> list[str]:
    """The address's host and each parent domain with a dot: ``a.b.cnn.com`` -> 3 domains."""
    host = url_key(url).split("/")[0].split("?")[0].split(":")[0]
    labels = host.split(".")
    return [".".join(labels[n:]) for n in range(len(labels) - 1)] if len(labels) > 1 else []


def looks_like_domain(text: str) -> bool:
    """``cnn.com``, ``bbc.co.uk``: a value the ``source:`` field also matches as a domain."""
    return bool(re.fullmatch(r"(?:[\w-]+\.)+[A-Za-z]{2,}", text.strip()))


def archived_original(url: str | None) -> str | None:
    """The address a web archive's copy was captured from, or None if ``url`` is no copy.

    ``https://web.archive.org/web/20130307194448/http://example.org/a`` ->
    ``http://example.org/a``. The copy's own address stays the record's: this one is
    what the page is also found by (``url:``, ``site:``) and what names its source.
    """
    found = _WAYBACK_RE.match((url or "").strip())
    if not found:
        return None
    inner = re.sub(r"^([A-Za-z]+):/+", r"\1://", found.group(1))  # "http:/a.org" in old copies
    return inner if url_key(inner) else None


def record_addresses(url: str | None) -> tuple[list[str], list[str]]:
    """What an engine indexes for a record's address: its keys and its domains (a web
    archive's copy: its own and those of the address it was captured from)."""
    addresses = [url, archived_original(url)]
    keys = [key for key in map(url_key, addresses) if key]
    names = [name for address in addresses if address for name in domains(address)]
    return list(dict.fromkeys(keys)), list(dict.fromkeys(names))
