"""Language identification with py3langid on a bounded prefix of the text."""

from __future__ import annotations

import py3langid

#: Text shorter than this (characters, stripped) is too short to identify.
MIN_CHARS = 20
#: Only this many characters are classified: enough for a stable answer, and fast.
MAX_CHARS = 2000


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when the text is too short."""
    sample = " ".join((text or "")[:MAX_CHARS].split())
    if len(sample) < MIN_CHARS:
        return None
    lang, _ = py3langid.classify(sample)
    return lang
