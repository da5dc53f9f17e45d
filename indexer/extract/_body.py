"""The main text of a page, by structure and link density (no per-site rules).

Steps: drop markup that is never article text (scripts, navigation, forms, footers...);
drop elements whose class or id names boilerplate (comments, share widgets, related
lists, cookie banners, ads) unless they hold most of the page's paragraphs; find the
container of the article (an explicit article-body marker, else readability-style
paragraph scoring); turn its blocks into paragraphs joined by blank lines, leaving out
link lists and short stock phrases.
"""

from __future__ import annotations

import re

from lxml import etree

#: Elements that never carry article text.
JUNK_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "svg",
    "canvas",
    "template",
    "button",
    "select",
    "textarea",
    "input",
    "label",
    "nav",
    "footer",
    "aside",
    "object",
    "embed",
    "video",
    "audio",
    "map",
    "dialog",
    "menu",
    "figcaption",
)
BLOCK_TAGS = frozenset(
    (
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "td",
        "th",
        "tr",
        "dd",
        "dt",
        "dl",
        "ul",
        "ol",
        "table",
        "section",
        "article",
        "main",
        "header",
        "figure",
        "figcaption",
        "center",
        "address",
        "details",
        "summary",
        "hr",
        "form",
        "fieldset",
        "caption",
        "tbody",
        "thead",
        "body",
    )
)
#: Class/id words of boilerplate blocks.
BOILERPLATE = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|menus|breadcrumbs?|footer|sidebar|side-bar|"
    r"comments?|commentlist|comment-list|respond|disqus|share|sharing|shariff|social|socials|"
    r"social-media|related|recommended|recommendations|more-articles|read-more|readmore|"
    r"newsletter|subscribe|subscription|cookies?|consent|gdpr|banner|advert|advertisement|"
    r"ads?|adslot|ad-slot|anzeige|sponsored|promo|popup|modal|overlay|widget|widgets|tags|"
    r"tag-list|tagcloud|author-box|authorbox|author-bio|pagination|pager|print|skip|"
    r"visually-hidden|sr-only|screen-reader-text|login|signup|paywall|post-meta|entry-meta|"
    r"article-meta|byline|dateline|caption|credits?|copyright|teaser-list|toolbar|"
    r"jp-relatedposts|yarpp|outbrain|taboola|ratings?|post-ratings|vote|likes?|author|authors|"
    r"spenden|donate|donation|cta|factbox|infobox|imagedescription|image-description|"
    r"bildunterschrift|photo-credit|third-party|consent-banner|embed-consent)(?:$|[-_\s])",
    re.I,
)
#: Class/id/itemprop words of the article body itself.
CONTENT_MARKER = re.compile(
    r"(?:^|[-_\s])(?:articlebody|article-?body|article-?content|article-?text|article__body|"
    r"entry-?content|post-?content|post-?body|post-?entry|story-?body|story-?content|"
    r"content-?body|single-?content|blog-?content|main-?content|text-?content|"
    r"article__content|rte|richtext|field-?name-?body|td-post-content|postbody)(?:$|[-_\s])",
    re.I,
)
MIN_PARAGRAPH_CHARS = 25
#: Tags too small to be an article container.
LEAF_TAGS = frozenset(
    (
        "p",
        "span",
        "a",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figure",
        "img",
        "em",
        "strong",
        "b",
        "i",
        "time",
        "meta",
        "link",
    )
)
#: A marked container needs this much text (non-link characters).
MIN_CONTENT_CHARS = 200
#: A marked container that does not hold the best-scored node needs this share of its text.
MARKER_SHARE = 0.7
#: Siblings of the best node join it with this share of its score, or at least this score.
SIBLING_SHARE, MIN_SIBLING_SCORE = 0.2, 10
LONG_PARAGRAPH_CHARS = 80
#: How far the container may climb to take in a lead paragraph or sibling text blocks.
MAX_CLIMB = 4
#: A parent may add this much non-prose text (a date line, a caption) when climbing.
SMALL_EXTRA_CHARS = 100
PROSE_SHARE = 0.6
PROSE_LINK_DENSITY = 0.2
#: A block whose text is mostly link text is navigation.
MAX_LINK_DENSITY = 0.5
#: A boilerplate-named element is kept if it holds this share of the page's paragraph text.
KEEP_SHARE = 0.5
#: Short lines that are widgets, not text.
STOCK_LINE = re.compile(
    r"^(?:share|teilen|tweet|twittern|print|drucken|e-?mail|facebook|twitter|whatsapp|linkedin|"
    r"pinterest|advertisement|anzeige|werbung|read more|weiterlesen|mehr lesen|mehr zum thema|"
    r"top|zurück|back|next|previous|weiter|loading\.*|comments?|kommentare?|\d+ comments?|"
    r"\d+ kommentare?|kommentieren|permalink|permalien|erschienen in)\W*$",
    re.I,
)
#: A short line after which the article is over (author box, related links, comments).
END_MARKER = re.compile(
    r"^(?:über den autor|über die autorin|about the author|related( articles| posts| stories)?|"
    r"empfohlene beiträge|(?:weitere )?beiträge zum thema|(?:audios? et )?vidéos sur le sujet|"
    r"mehr zum thema|mehr kolumnen|more from|"
    r"(?:das )?könnte (?:sie|dich) auch interessieren|weitere artikel|ähnliche beiträge|"
    r"you (?:may|might) also like|share this( article)?|seite teilen|artikel teilen|"
    r"war der artikel (?:nützlich|hilfreich)\??|kommentare|comments|leave a reply|"
    r"schreibe einen kommentar|hinterlasse einen kommentar)\W*$",
    re.I,
)
#: A short paragraph that credits a picture or states a copyright, or a numbered figure
#: caption ("Foto: dpa", "Crédits photos : X", "© 2020 Y", "Abbildung 4: ...").
CREDIT_LINE = re.compile(
    r"^(?:©|\(c\)\s|copyright\b|(?:photo |foto|bild)?credits?\b|crédits? photos?|"
    r"(?:fotos?|photos?|bild|bilder|bildnachweis|bildquelle|image|images)\s*:|"
    r"(?:abbildung|abb\.|figure|fig\.|grafik)\s*\d+\s*:)",
    re.I,
)
#: Cues of promotion boxes: newsletter, subscription and paywall offers, donation calls,
#: log-in prompts, share prompts (English, German, French).
PROMO_CUE = re.compile(
    r"\b(?:newsletter|subscribe|subscription|sign up|inbox|abonnieren|abonniere|im abo|"
    r"e-paper|postfach|donate|donation|spenden|spende|we need your help|unterstützen sie uns|"
    r"support us|werden sie mitglied|become a member|einloggen|log in to|sign in to|"
    r"access to (?:all|the full)|online access|pour accéder|accès illimité|abonnez-vous|"
    r"artikel teilen|share (?:this|the) article)",
    re.I,
)
#: Paragraphs up to this long may be dropped as credits or promotion.
MAX_PROMO_CHARS = 200
#: "Follow us" lines: a call to follow, like or contact the site, or several social networks.
FOLLOW_CUE = re.compile(
    r"\b(?:follow us|folgen sie uns|folge uns|find us on|like us on|join us on|contact \w+ on|"
    r"suivez-nous|síguenos|siga-nos|seguici|image credit|photo credit|bildnachweis)\b",
    re.I,
)
SOCIAL_NETWORKS = re.compile(
    r"\b(?:facebook|twitter|instagram|youtube|linkedin|tiktok|whatsapp|pinterest|telegram|"
    r"snapchat|threads|mastodon|xing)\b",
    re.I,
)
#: Paragraphs up to this long may be page furniture for the tagger (never a whole story).
MAX_FURNITURE_CHARS = 300
#: End markers count only in the later part of the text (this share of paragraphs).
END_MARKER_FROM = 0.3
_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


def extract_body(tree) -> str:
    """The article text of ``tree`` (mutated), paragraphs joined by blank lines."""
    body = tree.find("body")
    if body is None:
        body = tree
    _drop_junk(body)
    paragraphs = [p for node in _find_content(body) for p in _paragraphs(node)]
    paragraphs = _cut_at_end_marker(paragraphs)
    return "\n\n".join(text for text, density in paragraphs if _keep(text, density))


#: Words of navigation crumbs and buttons: a first line made only of these opens no body.
CRUMB_WORDS = frozenset(
    "more read menu mehr weiterlesen lesen home startseite zurück back skip to content main "
    "navigation nav toggle search suche close schließen open öffnen share teilen show all "
    "next previous weiter lire la suite plus leer más menú inicio voltar ler mais accueil "
    "retour home» » › « ‹ | > <".split()
)
MAX_CRUMB_WORDS = 6


def trim_body_start(body: str, title: str) -> str:
    """The body without leading navigation crumbs ("more more", "Read more", "Menu") and
    without the headline repeated as its first line."""
    lines = body.split("\n\n")
    headline = _norm_line(title)
    while lines:
        first = _norm_line(lines[0])
        words = first.split()
        crumbs = 0 < len(words) <= MAX_CRUMB_WORDS and all(w in CRUMB_WORDS for w in words)
        if not (crumbs or not words or (headline and first == headline)):
            break
        lines.pop(0)
    return "\n\n".join(lines)


def _norm_line(text: str) -> str:
    return " ".join(re.sub(r"[^\w»›«‹|<>]+", " ", text.casefold()).split())


def _cut_at_end_marker(paragraphs: list[tuple[str, float]]) -> list[tuple[str, float]]:
    start = int(len(paragraphs) * END_MARKER_FROM)
    for index in range(max(start, 1), len(paragraphs)):
        if END_MARKER.match(paragraphs[index][0]):
            return paragraphs[:index]
    return paragraphs


#: Elements that may be hidden or boilerplate: with a class, id, style or ``hidden``.
_MAYBE_JUNK = etree.XPath(".//*[@class or @id or @style or @hidden]")
#: Elements that may mark the article: with an itemprop, class or id, or an ``<article>``.
_MAYBE_MARKED = etree.XPath("descendant-or-self::*[@itemprop or @class or @id or self::article]")


def _drop_junk(body) -> None:
    etree.strip_elements(
        body, etree.Comment, etree.ProcessingInstruction, *JUNK_TAGS, with_tail=False
    )
    total = _text_chars(body) or 1
    for element in _MAYBE_JUNK(body):  # an element without these attributes is never junk
        if not isinstance(element.tag, str) or element.tag in ("body", "html"):
            continue
        hint = _hint(element)
        style = (element.get("style") or "").replace(" ", "")
        hidden = "display:none" in style or element.get("hidden") is not None
        if not hidden and not (hint and BOILERPLATE.search(hint)):
            continue
        if CONTENT_MARKER.search(hint) or element.tag in ("article", "main"):
            continue
        if element.getparent() is None or _text_chars(element) / total >= KEEP_SHARE:
            continue
        _remove(element)


def _find_content(body) -> list:
    """The nodes holding the article: a marked article body if it holds the best-scored
    text, else the best-scored node with its qualifying siblings."""
    nodes = _score_content(body)
    best_text = sum(_text_chars(node) for node in nodes)
    marked = [
        e
        for e in _MAYBE_MARKED(body)  # only these can be marked: no Python call for the rest
        if isinstance(e.tag, str)
        and e.tag not in LEAF_TAGS
        and (
            e.get("itemprop") == "articleBody"
            or CONTENT_MARKER.search(_hint(e))
            or e.tag == "article"
        )
    ]
    for candidate in _innermost_first(marked):
        chars = _text_chars(candidate)
        holds_best = any(candidate is node or candidate in node.iterancestors() for node in nodes)
        if chars >= MIN_CONTENT_CHARS and (holds_best or chars >= MARKER_SHARE * best_text):
            return [_widen(candidate)]
    return [_widen(nodes[0])] + nodes[1:] if len(nodes) == 1 else nodes


def _widen(node):
    """Climb to ancestors whose other children are prose too (a lead paragraph, more
    live-blog entries, the next text block), stopping at the first that adds non-prose."""
    for _ in range(MAX_CLIMB):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        others = [child for child in parent if child is not node and isinstance(child.tag, str)]
        if node.tag == "article" and any(_HOLDS_ARTICLES(child) for child in others):
            break  # an article of articles beside the article: other posts (teasers)
        other_chars = sum(_text_chars(child) for child in others)
        prose = sum(_text_chars(child) for child in others if _is_prose(child))
        if other_chars > SMALL_EXTRA_CHARS and prose < PROSE_SHARE * other_chars:
            break
        node = parent
    return node


_HOLDS_ARTICLES = etree.XPath("boolean(self::article[.//article])")


def _is_prose(element) -> bool:
    return (
        _text_chars(element) >= LONG_PARAGRAPH_CHARS and _link_density(element) < PROSE_LINK_DENSITY
    )


def _innermost_first(candidates: list) -> list:
    """Candidates that contain fewer other candidates first (most specific)."""
    ids = set(map(id, candidates))
    return sorted(candidates, key=lambda e: sum(1 for d in e.iterdescendants() if id(d) in ids))


def _score_content(body) -> list:
    scores: dict = {}
    for element in body.iter("p", "pre", "td", "blockquote", "br", "div"):
        if element.tag == "div" and any(child.tag in BLOCK_TAGS for child in element):
            continue
        node = element.getparent() if element.tag == "br" else element
        if node is None:
            continue
        text = " ".join(node.text_content().split()) if element.tag != "br" else _own_text(node)
        if len(text) < MIN_PARAGRAPH_CHARS:
            continue
        points = 1 + text.count(",") + min(len(text) // 100, 3)
        parent = node if element.tag == "br" else node.getparent()
        for weight, ancestor in (
            (1.0, parent),
            (0.5, parent.getparent() if parent is not None else None),
        ):
            if ancestor is not None:
                scores[ancestor] = scores.get(ancestor, 0) + points * weight
    if not scores:
        return [body]
    for element in scores:
        scores[element] *= 1 - _link_density(element)
    top = max(scores, key=scores.get)
    top_score = scores[top]
    while (
        top.getparent() is not None and top.getparent().tag != "body" and len(top.getparent()) == 1
    ):
        top = top.getparent()
    parent = top.getparent()
    if parent is None:
        return [top]
    threshold = max(MIN_SIBLING_SCORE, SIBLING_SHARE * top_score)
    return [
        sibling
        for sibling in parent
        if sibling is top
        or (
            isinstance(sibling.tag, str)
            and (scores.get(sibling, 0) >= threshold or _is_text_block(sibling))
        )
    ]


def _is_text_block(element) -> bool:
    if element.tag != "p":
        return False
    text = element.text_content()
    return len(text) >= LONG_PARAGRAPH_CHARS and _link_density(element) < 0.25


def _own_text(element) -> str:
    parts = [element.text or ""] + [child.tail or "" for child in element]
    return " ".join(" ".join(parts).split())


def _paragraphs(container) -> list[tuple[str, float]]:
    """(text, link density) of each block, in document order."""
    out: list[tuple[str, float]] = []
    buffer: list[str] = []
    links = [0]

    def flush():
        text = _WS.sub(" ", "".join(buffer))
        lines = [line.strip() for line in text.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            out.append((text, min(1.0, links[0] / max(len(text), 1))))
        buffer.clear()
        links[0] = 0

    def walk(element, in_link=False):
        tag = element.tag if isinstance(element.tag, str) else ""
        is_block = tag in BLOCK_TAGS
        if is_block:
            flush()
        if tag == "br":
            buffer.append("\n")
        if tag == "h1":  # the headline is the title, not body text
            flush()
            buffer.append(element.tail or "")
            return
        is_link = in_link or tag == "a"
        if element.text and tag:
            buffer.append(element.text)
            if is_link:
                links[0] += len(element.text.strip())
        for child in element:
            walk(child, is_link)
        if is_block:
            flush()
        if element.tail:
            buffer.append(element.tail)
            if in_link:
                links[0] += len(element.tail.strip())

    walk(container)
    flush()
    return out


def _keep(text: str, density: float) -> bool:
    if STOCK_LINE.match(text):
        return False
    if len(text) <= MAX_PROMO_CHARS and (CREDIT_LINE.match(text) or PROMO_CUE.search(text)):
        return False
    if density > MAX_LINK_DENSITY and len(text) < 500:
        return False
    return True


def article_text(body: str) -> str:
    """The body without the furniture it may still hold (credits, "follow us" lines, share
    and subscription prompts, widget lines): what names, places and terms come from."""
    return "\n\n".join(p for p in body.split("\n\n") if not is_furniture(p.strip()))


def is_furniture(paragraph: str) -> bool:
    """A short paragraph that is page furniture rather than the story's text."""
    if STOCK_LINE.match(paragraph):
        return True
    if len(paragraph) > MAX_FURNITURE_CHARS:
        return False
    return bool(
        CREDIT_LINE.match(paragraph)
        or PROMO_CUE.search(paragraph)
        or FOLLOW_CUE.search(paragraph)
        or len(set(m.lower() for m in SOCIAL_NETWORKS.findall(paragraph))) >= 2
    )


def _text_chars(element) -> int:
    """Characters of text outside links, a measure of how much prose ``element`` holds."""
    total = len("".join((element.text_content() or "").split()))
    linked = sum(len("".join((a.text_content() or "").split())) for a in element.iter("a"))
    return max(0, total - linked)


def _link_density(element) -> float:
    text = len(element.text_content() or "")
    if not text:
        return 0.0
    linked = sum(len(a.text_content() or "") for a in element.iter("a"))
    return min(1.0, linked / text)


def _hint(element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}".strip()


def _remove(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
