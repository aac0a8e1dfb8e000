"""Clean HTML pages: a structural pre-pass, trafilatura's main-text extraction, a post-pass.

The pre-pass drops what is boilerplate by structure (nav, asides, ARIA landmarks, breadcrumb,
share, related and cookie blocks, language menus marked with hreflang); trafilatura then finds
the main text and metadata in what is left; the post-pass drops leftover widget lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from search.cleaning import rules
from search.cleaning.metadata import PageMetadata, read_metadata

_SPLIT_CLASS = re.compile(r"[\s_\-]+")
MAX_MENU_CHARS = 1500  # a language menu is short and made of links
MAX_FURNITURE_SHARE = 0.4  # an element with more of the page text than this is kept
MAX_TAIL_SHARE = 0.3  # a related/comments heading cuts what follows if that is this little
MIN_PROSE_CHARS = 2000  # this much text ...
MAX_PROSE_LINK_DENSITY = 0.2  # ... with this few links is prose, kept
SHORT_TEXT_CHARS = 1500  # precision-mode text shorter than this is checked against ...
SHORT_TEXT_GAIN = 2.0  # ... the balanced mode, taken when it finds this many times more
_MIN_TEXT_CHARS = 200  # below this, trafilatura's answer is checked against a plain fallback


@dataclass(frozen=True)
class HtmlParts:
    """What the HTML cleaner found."""

    title: str
    paragraphs: tuple[str, ...]
    url: str | None = None
    published: str | None = None
    byline: str | None = None
    source: str | None = None


_TOKENS: dict[str, frozenset[str]] = {}  # class and id values repeat across a page's elements


def _tokens(cls: str | None, ident: str | None) -> frozenset[str]:
    """The tokens of an element's class and id attributes, lower-cased."""
    value = f"{cls or ''} {ident or ''}"
    tokens = _TOKENS.get(value)
    if tokens is None:
        tokens = frozenset(t for t in _SPLIT_CLASS.split(value.lower()) if t)
        if len(_TOKENS) < 100_000:
            _TOKENS[value] = tokens
    return tokens


def _class_tokens(element: Any) -> frozenset[str]:
    return _tokens(element.get("class"), element.get("id"))


def _is_language_menu(element: Any) -> bool:
    links = element.iter("a")
    hreflang = texts = 0
    total = 0
    for link in links:
        total += 1
        if link.get("hreflang"):
            hreflang += 1
        text = (link.text_content() or "").strip().lower()
        if text in rules.LANGUAGE_NAMES:
            texts += 1
    if total < 2 or max(hreflang, texts) / total < 0.6:
        return False
    text = element.text_content()
    links_text = sum(len(a.text_content()) for a in element.iter("a"))
    return len(text) <= MAX_MENU_CHARS and links_text >= 0.5 * len(text.strip())


def _shows_a_card(element: Any) -> bool:
    """True for the link a hover card is shown over (classed as the card's), or the wrapper
    that starts with that link: text of the sentence, kept (the card beside it goes)."""
    if element.tag == "a":
        return True
    first = next(iter(element), None)
    return (
        first is not None
        and first.tag == "a"
        and bool(_class_tokens(first) & rules.HOVER_CLASS_TOKENS)
    )


# The extractor writes each table row on one line, its cells' `<br>` lines joined by spaces;
# a cell of several lines (a list of signatories, a staff box, an address) would read as one
# run of words (`Kamel Daoud Meghan Daum`). Its line breaks are marked with a sign no text
# holds (the extractor keeps it; a private-use character it does not) and made line breaks
# again in the paragraphs it returns.
CELL_LINE_MARK = "\u241e"  # SYMBOL FOR RECORD SEPARATOR
MIN_CELL_LINES = 3  # a cell with this many `<br>` is a column of lines, not a value
_CELL_LINE = re.compile(rf"[ \t]*{CELL_LINE_MARK}[ \t]*")


def mark_cell_lines(tree: Any) -> None:
    """Mark the `<br>` line breaks of table cells of MIN_CELL_LINES lines or more."""
    for cell in tree.iter("td", "th"):
        breaks = [br for br in cell.iter("br") if _text_follows(br)]
        if len(breaks) >= MIN_CELL_LINES:
            for br in breaks:
                br.tail = CELL_LINE_MARK + (br.tail or "")


def _text_follows(br: Any) -> bool:
    """Whether a line's text follows the `<br>` (not another break, not the cell's end)."""
    if (br.tail or "").strip():
        return True
    following = br.getnext()
    return (
        following is not None and following.tag != "br" and bool(following.text_content().strip())
    )


def cell_lines(paragraph: str) -> str:
    """A paragraph with the marked line breaks of a cell (`mark_cell_lines`) as line breaks."""
    if CELL_LINE_MARK not in paragraph:
        return paragraph
    return "\n".join(line for line in _CELL_LINE.split(paragraph) if line.strip())


def strip_boilerplate(tree: Any) -> None:
    """Remove boilerplate elements from an lxml HTML tree in place."""
    doomed = []
    body = tree.find(".//body")
    page_chars = len((body if body is not None else tree).text_content())
    menus = set(tree.xpath(_MENU_HOLDERS))
    landmarks = []
    for element in tree.iter():  # attributes read once each: most elements have none
        tag = element.tag if isinstance(element.tag, str) else ""
        get = element.get
        cls, ident, role = get("class"), get("id"), get("role")
        if _is_landmark(tag, ident, role, get("itemprop")):
            landmarks.append(element)
        if tag in ("html", "body", "article", "main"):
            continue
        if tag in rules.BOILERPLATE_TAGS:
            doomed.append(element)
            continue
        if role and role.lower() in rules.BOILERPLATE_ROLES:
            doomed.append(element)
            continue
        if get("aria-hidden") == "true" and tag not in ("span", "i", "svg"):
            doomed.append(element)
            continue
        if cls or ident:
            tokens = _tokens(cls, ident)
            if tokens & rules.BOILERPLATE_CLASS_TOKENS and not tokens & rules.KEEP_CLASS_TOKENS:
                doomed.append(element)
                continue
            if tokens & rules.HOVER_CLASS_TOKENS and not _shows_a_card(element):
                doomed.append(element)
                continue
        if element in menus and _is_language_menu(element):
            doomed.append(element)
        elif tag in ("ul", "ol") and _is_recirculation_list(element):
            doomed.append(element)
    # a layout box named for its sidebar (`container right-sidebar`) around the main content
    layout = {a for landmark in landmarks for a in landmark.iterancestors()}
    root = tree.getroottree().getroot()
    for element in doomed:
        if (
            element.getparent() is not None
            and element.getroottree().getroot() is root  # not inside one dropped already
            and element not in layout
            and not _holds_the_article(element, page_chars)
        ):
            element.drop_tree()


def _is_recirculation_list(element: Any) -> bool:
    """True for a list of two items or more nearly all of which link to an address the site
    marks as a recirculation teaser (`rules.RECIRCULATION_LINK`): other stories, though a
    sentence is written around each link (`YouTubers must unionize, <a>no matter what
    Google says</a>`)."""
    items = [child for child in element if child.tag == "li"]
    if len(items) < 2:
        return False
    marked = sum(
        1
        for item in items
        if any(rules.RECIRCULATION_LINK.search(a.get("href") or "") for a in item.iter("a"))
    )
    return marked >= rules.MIN_RECIRCULATION_SHARE * len(items)


# The blocks around a link marked with hreflang: where a language menu can be.
_MENU_HOLDERS = "//a[@hreflang]/ancestor::*[self::ul or self::ol or self::div or self::p]"


def _is_landmark(tag: str, ident: str | None, role: str | None, itemprop: str | None) -> bool:
    """True for the page's main content as landmarks and microdata mark it."""
    return (
        tag == "main" or role == "main" or ident in ("main", "content") or itemprop == "articleBody"
    )


def merge_split_bodies(tree: Any) -> None:
    """Join an article body that the page splits into several same-class blocks (around ads),
    so the extractor, which picks one block, sees all of it."""
    groups: dict[tuple[str, str], list[Any]] = {}
    for element in tree.iter("div", "section"):
        cls = element.get("class") or ""
        tokens = _class_tokens(element)
        if not (
            tokens & rules.BODY_CLASS_TOKENS
            or (tokens & rules.BODY_PART_TOKENS and tokens & rules.ARTICLE_PART_TOKENS)
        ):
            continue
        if element.find("p") is None:
            continue
        groups.setdefault((element.tag, cls), []).append(element)
    for blocks in groups.values():
        if len(blocks) < 2:
            continue
        first = blocks[0]
        ancestors = set(first.iterancestors())
        for other in blocks[1:]:
            if other in ancestors or first in set(other.iterancestors()):
                continue
            _move_into(first, other)


MIN_LEAD_WORDS = 8  # a lead block holds at least this many words ...
MAX_LEAD_WORDS = 150  # ... and at most this many (more is a box of teasers)
MAX_LEAD_LINK_SHARE = 0.3  # ... of which links make at most this share
MAX_LEADS = 2  # more leads than this on a page: a list of teasers, not an article's lead
BODY_PARAGRAPH_WORDS = 25  # the article's paragraph a lead stands before ...
LEAD_REACH = 80  # ... within this many elements after it
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_TEASER_NAME = re.compile("teaser", re.I)


def free_leads(tree: Any) -> None:
    """Set an article's lead where the extractor reads it: the extractor drops
    `teaser`-classed blocks, and a lead standing in the article's `<header>` or beside its
    body block is outside what it takes. A block classed as a lead (`LEAD_CLASS_TOKENS`, or
    `itemprop=description`) holding a paragraph's words, few links and no heading, that a
    paragraph of the article follows within LEAD_REACH elements, is renamed and moved before
    that paragraph. A page with more such blocks than MAX_LEADS shows a list of teasers, not
    a lead, and is left alone."""
    moves = []
    for element in tree.iter("p", "div", "section"):
        if not _is_lead(element):
            continue
        for other in element.xpath("following::*[position() <= $n]", n=LEAD_REACH):
            if _class_tokens(other) & rules.LEAD_CLASS_TOKENS:
                break  # another lead-classed block first: a list of teasers
            if other.tag == "p" and len(other.text_content().split()) >= BODY_PARAGRAPH_WORDS:
                moves.append((element, other))
                break
    if not moves or len(moves) > MAX_LEADS:
        return
    for lead, paragraph in moves:
        for name in ("class", "id"):
            value = lead.get(name)
            if value and _TEASER_NAME.search(value):
                lead.set(name, _TEASER_NAME.sub("lead", value))
        lead.drop_tree()  # lxml leaves the text after it where it stood ...
        lead.tail = None  # ... and the element keeps a copy, which must not move with it
        paragraph.addprevious(lead)


def _is_lead(element: Any) -> bool:
    if not (element.get("class") or element.get("id") or element.get("itemprop")):
        return False
    tokens = _class_tokens(element)
    if not (tokens & rules.LEAD_CLASS_TOKENS or element.get("itemprop") == "description"):
        return False
    if tokens & (NOT_PROSE | rules.NOT_LEAD_CLASS_TOKENS):
        return False
    if any(e.tag in _HEADINGS for e in element.iter()):
        return False
    text = element.text_content()
    words = len(text.split())
    if not MIN_LEAD_WORDS <= words <= MAX_LEAD_WORDS:
        return False
    links = sum(len(a.text_content()) for a in element.iter("a"))
    return links <= MAX_LEAD_LINK_SHARE * len(text.strip())


MIN_MODULE_CHARS = 200  # a sibling block with this much text ...
MAX_MODULE_LINK_DENSITY = 0.2  # ... and this few links is a module of prose


# Tags that stay inside a run of text; any other child ends the run (a paragraph, a heading,
# a list, a <br>).
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup "
    "time u var".split()
)
MIN_LOOSE_WORDS = 8  # text loose beside paragraphs this long is a paragraph of its own ...
LOOSE_PROSE_WORDS = 20  # ... if it ends a sentence or is this long, and is not mostly links


def wrap_loose_text(tree: Any) -> None:
    """Give text written loose beside a block's paragraphs a paragraph of its own (a lead
    written as a bare text node ended by `<br>` in a content `div` whose other paragraphs
    are `<p>`): the extractor reads paragraphs and drops such text. Only blocks that hold a
    `<p>` of their own are touched, and only runs of MIN_LOOSE_WORDS words or more."""
    for parent in list(tree.iter("div", "section", "article", "main")):
        children = list(parent)
        if not any(child.tag == "p" for child in children) or _class_tokens(parent) & NOT_PROSE:
            continue
        owner, lead, inline = parent, parent.text, []
        for child in children:
            if _is_inline(child):
                inline.append(child)
                continue
            _wrap_run(parent, owner, lead, inline)
            owner, lead, inline = child, child.tail, []
        _wrap_run(parent, owner, lead, inline)


_BLOCK_INSIDE = ".//" + "|.//".join(
    "p div table ul ol dl h1 h2 h3 h4 h5 h6 blockquote figure section article pre".split()
)


# class and id words of what sits beside a paragraph but is none: a picture's caption or
# credit, a byline, a date, tags (`<span class="newsCaption">`, `<div class="photo">`)
NOT_PROSE = frozenset(
    "caption newscaption credit credits byline author date time meta tags tag label photo "
    "image img figure media gallery".split()
)


def _is_inline(element: Any) -> bool:
    """An element that runs on in a line of text: an inline tag holding no block (a `<span>`
    wrapping a table is a block) and no caption, credit or byline (`NOT_PROSE`)."""
    return (
        isinstance(element.tag, str)
        and element.tag in INLINE_TAGS
        and not _class_tokens(element) & NOT_PROSE
        and not element.xpath(_BLOCK_INSIDE)
    )


def _wrap_run(parent: Any, owner: Any, lead: str | None, inline: list[Any]) -> None:
    from lxml import html as lxml_html

    text = (lead or "") + "".join(el.text_content() + (el.tail or "") for el in inline)
    words = len(text.split())
    linked = sum(len(a.text_content().split()) for el in inline for a in el.iter("a"))
    if words < MIN_LOOSE_WORDS or 2 * linked >= words:
        return  # a line of links (`categories: Python, Mercurial | View Comments`)
    if words < LOOSE_PROSE_WORDS and not rules.SENTENCE_END.search(text.strip()):
        return  # a short run that ends no sentence: a date or byline, not a paragraph
    paragraph = lxml_html.Element("p")
    paragraph.text = lead
    if owner is parent:
        parent.text = None
        parent.insert(0, paragraph)
    else:
        owner.tail = None
        owner.addnext(paragraph)
    for el in inline:
        paragraph.append(el)


def merge_prose_modules(tree: Any) -> None:
    """Join an article a page builds of same-class sibling modules (`editorial-module--text`
    between image and video modules): the prose modules of one parent that share tag and
    class become one block, in order, as the extractor keeps only one block. Teaser cards
    share a class too, but are mostly links or too short to count as prose."""
    for parent in tree.iter("div", "section", "article", "main", "body"):
        groups: dict[tuple[str, str], list[Any]] = {}
        for child in parent:
            cls = child.get("class") if child.tag in ("div", "section") else None
            if cls:
                groups.setdefault((child.tag, cls), []).append(child)
        for group in groups.values():
            blocks = [b for b in group if len(group) >= 2 and _is_prose_module(b)]
            if len(blocks) < 2:
                continue
            for other in blocks[1:]:
                _move_into(blocks[0], other)


def _move_into(first: Any, other: Any) -> None:
    """Append ``other``'s children to ``first``, in order, and drop ``other``."""
    for child in list(other):
        first.append(child)
    other.drop_tree()


def _is_prose_module(element: Any) -> bool:
    if element.find(".//p") is None:
        return False
    text = element.text_content()
    chars = len(text.strip())
    return chars >= MIN_MODULE_CHARS and _link_chars(element) < MAX_MODULE_LINK_DENSITY * chars


def _holds_the_article(element: Any, page_chars: int) -> bool:
    """True for a would-be boilerplate element that holds too much prose to be furniture:
    a <form> wrapping the whole page, a pull quote in an <aside>."""
    text = element.text_content()
    if page_chars and len(text) > MAX_FURNITURE_SHARE * page_chars:
        return True
    if len(text) >= MIN_PROSE_CHARS and _link_chars(element) < MAX_PROSE_LINK_DENSITY * len(text):
        return True  # a layout wrapper named "sidebar-layout" holding prose, not a sidebar
    return (
        element.tag == "aside"
        and len(text.strip()) >= 40
        and _link_chars(element) / len(text) < 0.1
        and any(a.tag in ("article", "main") for a in element.iterancestors())
    )


def _link_chars(element: Any) -> int:
    return sum(len(a.text_content()) for a in element.iter("a"))


def _post_filter(text: str) -> list[str]:
    """Drop leftover widget, credit and date-stamp lines; cut a related/comments tail at its
    heading."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    total = sum(len(line) for line in lines)
    seen = 0
    for i, line in enumerate(lines):
        if rules.is_tail_heading(line) and total - seen - len(line) < MAX_TAIL_SHARE * total:
            lines = lines[:i]
            break
        seen += len(line)
    return [
        line
        for line in lines
        if not _TABLE_RULE.match(line)
        and not rules.is_vocabulary_boilerplate(line)
        and not rules.is_date_stamp(line)
    ]


# a table's rule or empty row as the extractor writes tables (`|---|---|`, `|  |  |`): no text
_TABLE_RULE = re.compile(r"^\|[\s|:-]*$")


def split_html(html: str, *, url: str | None = None) -> HtmlParts:
    """Title, body paragraphs and metadata of one HTML page."""
    from trafilatura.utils import load_html

    # trafilatura's own parser (comments and processing instructions dropped): its
    # extraction is tuned to trees made so.
    tree = load_html(html)
    if tree is None:
        return _fallback(html)
    merge_split_bodies(tree)
    try:
        metadata = read_metadata(tree, default_url=url)
    except Exception:  # noqa: BLE001 - a reader failing on broken markup costs no page
        metadata = PageMetadata(url=url)  # (htmldate dropping a root it cannot drop)
    free_leads(tree)
    strip_boilerplate(tree)
    mark_cell_lines(tree)
    wrap_loose_text(tree)
    merge_prose_modules(tree)  # after: no comment thread is taken for modules
    text = _extract(tree, url, precision=True)
    if len(text) < SHORT_TEXT_CHARS:
        # Precision mode sometimes keeps one block of a page whose article is spread over
        # several; when the balanced mode finds much more, the page is such a page.
        balanced = _extract(tree, url, precision=False)
        if len(balanced) > SHORT_TEXT_GAIN * len(text):
            text = balanced
    paragraphs = _post_filter(text)
    if sum(len(p) for p in paragraphs) < _MIN_TEXT_CHARS and not _in_main(tree, paragraphs):
        fallback = _fallback(html)
        if sum(len(p) for p in fallback.paragraphs) > sum(len(p) for p in paragraphs):
            paragraphs = list(fallback.paragraphs)
    title = metadata.title or ""
    if paragraphs and repeats_title(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    return HtmlParts(
        title=title.strip(),
        paragraphs=tuple(cell_lines(p) for p in paragraphs),
        url=metadata.url or url,
        published=metadata.date,
        byline=metadata.author,
        source=metadata.sitename,
    )


_SPACES = re.compile(r"\s+")
# what stands between a page's headline and its site's name in the page's title
_SITE_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•:]|::)\s+")
MAX_SITE_NAME_WORDS = 6
_QUOTES = str.maketrans("‘’‚‛“”„‟«»", '\'\'\'\'""""""')


def repeats_title(paragraph: str, title: str) -> bool:
    """True when a body's first paragraph is the page's headline: the title, or the title
    less the site's name after a separator (`NASA adds ... program - SpaceNews.com`), with
    quotation marks, case and spacing set aside."""

    def norm(text: str) -> str:
        return _SPACES.sub(" ", text.translate(_QUOTES)).strip().casefold()

    line, whole = norm(paragraph), norm(title)
    if not line:
        return False
    if line == whole:
        return True
    for match in _SITE_SEPARATOR.finditer(whole):
        if whole[: match.start()] == line:
            return len(whole[match.end() :].split()) <= MAX_SITE_NAME_WORDS
    return False


def _in_main(tree: Any, paragraphs: list[str]) -> bool:
    """True when every paragraph stands in the page's main content as landmarks mark it: a
    short post is the article, not a page the extractor failed on (whose plain text, sidebar
    and all, the fallback would take instead)."""
    if not paragraphs:
        return False
    mains = [
        _SPACES.sub(" ", e.text_content())
        for e in tree.iter()
        if isinstance(e.tag, str)
        and _is_landmark(e.tag, e.get("id"), e.get("role"), e.get("itemprop"))
    ]
    return any(all(_SPACES.sub(" ", p) in main for p in paragraphs) for main in mains)


def _extract(tree: Any, url: str | None, *, precision: bool) -> str:
    import trafilatura

    text = trafilatura.extract(
        tree,
        url=url,
        favor_precision=precision,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    return str(text or "")


def _fallback(html: str) -> HtmlParts:
    """Plain text of a page trafilatura cannot read (broken or tiny markup), via BeautifulSoup."""
    from bs4 import BeautifulSoup

    from search.cleaning.text import split_text

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "template", *rules.BOILERPLATE_TAGS]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    parts = split_text(soup.get_text("\n"))
    return HtmlParts(title=title or parts.title, paragraphs=parts.paragraphs)
