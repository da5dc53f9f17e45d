"""The summary of an article: its description, else its first sentences, cleaned.

A summary never holds script code, Markdown markup (``# ``, ``=====``, ``*emphasis*``,
``[links](...)``), a byline or dateline opening the text, the headline repeated, or
"Continue reading" / "Read also" prompts.
"""

from __future__ import annotations

import re

SUMMARY_CHARS = 300
#: Script code or template residue: never summary text.
CODE = re.compile(r"function\s*\(|=>|document\.|window\.|\{\s*\}|\$\(|var\s+\w+\s*=|<\w+[^>]*>")
#: Prompts that lead to more text, and everything after them.
PROMPT = re.compile(
    r"\s*(?:\[?\s*(?:continue reading|read more|read also|read the full story|weiterlesen|"
    r"mehr lesen|lesen sie auch|lire la suite|leer más|leggi tutto|continuar lendo)"
    r"(?:\s*$|\s*[:…»›→>\]].*$)|\[…\]|\[\.\.\.\])",
    re.I | re.S,
)
_MARKDOWN_LINE = re.compile(r"^\s*(?:={3,}|-{3,}|\*{3,}|_{3,})\s*$", re.M)
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+|^\s*>\s?|^\s*[-*+]\s+", re.M)
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3}|`+)(?=\S)(.+?)(?<=\S)\1")
#: A short opening line that only names the author or the date.
BYLINE = re.compile(
    r"^(?:by|von|par|por|di|text|autor(?:in)?|author|posted|published|veröffentlicht|stand)\b"
    r"[^.!?]{0,80}$",
    re.I,
)
MAX_BYLINE_CHARS = 100
_LEADING_DASHES = re.compile(r"^[\s\-–—|·•:]+")


def make_summary(description: str, body: str, title: str = "", limit: int = SUMMARY_CHARS) -> str:
    """The page's description if it is prose, else the body's first sentences."""
    description = _prose(description)
    if description and not CODE.search(description):
        return description[: limit * 2]
    return summarize(_lead(body, title, limit), limit)


def clean_text(text: str) -> str:
    """``text`` without Markdown markup, on one line."""
    text = _MARKDOWN_LINE.sub("", text or "")
    text = _MARKDOWN_HEADING.sub("", text)
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _MARKDOWN_EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


def clean_title(title: str) -> str:
    """A headline without Markdown markup or stray leading dashes; '' when it has no words."""
    title = _LEADING_DASHES.sub("", clean_text(title))
    return title if re.search(r"\w", title) else ""


def summarize(body: str, limit: int = SUMMARY_CHARS) -> str:
    """The first sentences of the body, up to about ``limit`` characters."""
    text = " ".join(body.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end > limit // 3:
        return cut[: end + 1]
    return cut.rsplit(" ", 1)[0] + " …"


def _prose(text: str) -> str:
    """``text`` without markup and without a "Continue reading" prompt and what follows it."""
    return PROMPT.sub("", clean_text(text)).strip()


def _lead(body: str, title: str, limit: int) -> str:
    """The body's paragraphs without the headline, bylines, datelines and code, up to the
    first that brings them past ``limit`` characters (``summarize`` reads no further)."""
    headline = " ".join(clean_text(title).split()).casefold()
    kept = []
    chars = -1  # of the kept paragraphs as summarize joins them: one space between
    for block in re.split(r"\n\s*\n|\n(?=\s*#)", body or ""):
        text = _prose(block)
        if not text or CODE.search(text) or text.casefold() == headline:
            continue
        if not kept and len(text) <= MAX_BYLINE_CHARS and BYLINE.match(text):
            continue
        kept.append(text)
        chars += 1 + len(" ".join(text.split()))
        if chars > limit:
            break
    return "\n\n".join(kept)
