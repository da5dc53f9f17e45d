"""Bytes to text: BOM, declared charset, then detection."""

from __future__ import annotations

import codecs
import logging
import re

import charset_normalizer

log = logging.getLogger(__name__)

#: How far into a page to look for a ``<meta charset>`` declaration.
META_SCAN_BYTES = 4096
#: How many bytes charset-normalizer looks at when nothing is declared.
DETECT_BYTES = 64 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""")
#: Labels that browsers treat as windows-1252 (WHATWG encoding standard).
_LATIN1_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii", "l1"}


def decode_bytes(data: bytes | str, declared: str | None = None) -> str:
    """Decode HTML or text bytes: BOM, then ``declared`` (HTTP), then ``<meta>``, then detection."""
    if isinstance(data, str):
        return data
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    for label in (declared, find_declared_charset(data)):
        encoding = _normalise_label(label)
        if encoding is None:
            continue
        if encoding != "utf-8" and _is_multibyte_utf8(data):
            return data.decode("utf-8")  # UTF-8 under a legacy label (Latin-1, ISO-8859-2 ...)
        return data.decode(encoding, errors="replace")
    if _is_utf8(data):
        return data.decode("utf-8")
    return _detect(data)


def find_declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (``<meta>`` or XML prolog), if any."""
    head = data[:META_SCAN_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def _normalise_label(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _LATIN1_LABELS:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        log.debug("unknown charset label %r", label)
        return None
    return "utf-8" if name.startswith("utf-16") or name.startswith("utf-32") else name


def _is_multibyte_utf8(data: bytes) -> bool:
    """Valid UTF-8 with at least one multi-byte sequence: no legacy charset's text is that
    by chance, so it is UTF-8 whatever a page declares (plain ASCII reads the same either way)."""
    return any(byte >= 0x80 for byte in data) and _is_utf8(data)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detect(data: bytes) -> str:
    best = charset_normalizer.from_bytes(data[:DETECT_BYTES]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return data.decode("cp1252", errors="replace")
