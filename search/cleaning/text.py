"""Clean plain-text dumps: classify lines as title, body or boilerplate from shape and position.

A dump has no markup, so the article is found as the run of lines with the most prose in it
(a maximum-sum run over per-line scores), boilerplate lines inside it are dropped by
vocabulary, and the title is the headline-shaped line just before it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from search.cleaning import rules

# What each kind of line adds to a run; the body is the run of lines with the highest total.
PROSE_WORDS = 20  # a line with this many words is prose even without final punctuation
SENTENCE_WORDS = 7  # a line this long that ends like a sentence is prose
SCORES = {"blank": 0.0, "boilerplate": -1.5, "short": -1.5}
WORDS_PER_POINT = 4.0  # prose scores its word count over this ...
MAX_LINE_SCORE = 8.0  # ... up to this
CLEAN_MAX_FURNITURE = 0.03  # text with at most this share of furniture lines is kept whole
TITLE_MAX_WORDS = 30
TITLE_MIN_WORDS = 2
TITLE_LOOKBACK = 12  # lines before the body searched for a title-shaped line (fallback)
TITLE_WINDOW = 60  # lines before the body (and LEAD_LINES into it) searched for the headline
# ... and further up, a line that heads an article header (a byline or date under it): a
# video carousel or a gallery may stand between the header and the article
HEADER_TITLE_WINDOW = 250
LEAD_LINES = 3
MIN_TITLE_OVERLAP = 0.5  # share of the headline's content words the lead repeats
WEAK_TITLE_OVERLAP = 0.25  # ... when no line reaches that: still better than the nearest line
DISTANCE_SCALE = 600.0  # lines: nearer the body wins a tie
REPEAT_WEIGHT = 0.25  # what a line the page repeats adds to its overlap with the lead
MIN_QUOTED_CHARS = 25  # a line this long found inside another counts as repeated
MIN_TITLE_WORDS = 3  # content words of a headline (two-word lines match a lead by chance)
HEADER_AFTER = 5  # text lines over a byline, date or count searched for the headline
HEADER_BEFORE = 1  # ... and under it (`Published 1 day ago` over the headline)
HEADER_WEIGHT = 0.5  # what a byline, date or count under a line adds to its overlap with the lead
HEADER_LATER_SHARE = 0.5  # ... to a line under the first of the header's lines
_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Lines that are not headlines however well they match: datelines, bylines, credits, counters.
_NOT_HEADLINE = re.compile(
    r"^(?:by |von |por |par |di |photo|image|picture|credit|getty|copyright|©|\(image|"
    r"updated|published|posted|last updated|filed|written by|tested by|reading time|\d+ min)"
    r"|\b(?:am|pm) (?:et|est|edt|gmt|bst|ist)\b|\d{1,2}:\d\d|©|getty images|associated press"
    r"|image copyright|photograph:|submitted photo|/(?:reuters|afp|ap|getty)\b"
    r"|^(?:\w+day,?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
    r"\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"  # a date line: `Nov. 18, 2019`
    r"|\s[>»›]\s"  # a breadcrumb trail: `Blog > Weight Loss > Tips`
    r"|(?:^|\s)#[^\W\d]\w*\s+#[^\W\d]"  # a picture's share text: `... #ad #canning #jam`
    # a caption closed by its credit: `Titan in false colour. (NASA/JPL/Space Science Institute)`
    r"|\([^()]*(?:/|\bphoto|\bgetty|\breuters|\bafp\b|\bap\b|\bcredit|\bcourtesy|\bimages?\b)"
    r"[^()]*\)\s*$",
    re.I,
)
MIN_WORDS_BEFORE_TAIL = 80  # prose words an article has before a comment thread can end it
COMMENT_SPAN = 6  # text lines under a thread's opener searched for a comment's date or name
MIN_DOUBLED_WORDS = 4  # a line this long said twice in a row is a caption, not the article
MAX_HEADING_WORDS = 6  # a heading inside a list (`Women's singles`)
MIN_DATA_ROWS = 3  # rows of names and numbers after the prose that make a list the article
_DATA_ROW = re.compile(r"(?=.*\d)(?=.*[A-Z][a-z])")  # a number and a capitalised word
# the rest of a row wrapped onto a line of its own: numbers and signs only (`- 2 6-4 6-4`)
_ROW_TAIL = re.compile(r"^[\s\d()\-–.,:/+]*\d[\s\d()\-–.,:/+]*$")


@dataclass(frozen=True)
class TextParts:
    """What the text cleaner found: a title (maybe empty) and the body paragraphs."""

    title: str
    paragraphs: tuple[str, ...]


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
CJK_CHARS_PER_WORD = 2  # CJK text has no spaces: count characters instead


def _words(line: str) -> int:
    """Words in a line; for unspaced CJK text, characters over CJK_CHARS_PER_WORD."""
    spaced = len(line.split())
    cjk = len(_CJK.findall(line))
    return max(spaced, cjk // CJK_CHARS_PER_WORD)


def line_kind(line: str, *, template: Collection[str] = ()) -> str:
    """`blank`, `boilerplate` (menu, widget, site template), `short` or `prose`."""
    stripped = line.strip()
    if not stripped:
        return "blank"
    if furniture_kind(line, template=template):
        return "boilerplate"
    if rules.MENU_BULLET.match(line):
        return "short"  # a bulleted sentence: kept inside an article, never one by itself
    return "prose" if _is_prose(stripped) else "short"


def furniture_kind(line: str, *, template: Collection[str] = ()) -> str | None:
    """Which kind of page furniture a line is — `site template`, `menu item`, `placeholder`,
    `form field`, `link`, `widget or credit` (a vocabulary line) or `flat menu` — or None."""
    stripped = line.strip()
    if not stripped:
        return None
    if stripped in template:
        return "site template"
    if rules.MENU_BULLET.match(line) and not _bulleted_sentence(stripped):
        return "menu item"
    if rules.PLACEHOLDER.match(stripped):
        return "placeholder"
    if rules.FORM_FIELD.match(stripped):
        return "form field"
    if rules.URL_LINE.match(stripped):
        return "link"
    if rules.is_vocabulary_boilerplate(stripped):
        return "widget or credit"
    if rules.is_flat_menu(stripped):
        return "flat menu"
    return None


def _bulleted_sentence(text: str) -> bool:
    """A bulleted line that is a whole long sentence is an item of the article's own list
    (a press digest's stories, a report's findings), not a menu entry."""
    item = rules.MENU_BULLET.sub("", text)
    return _words(item) >= PROSE_WORDS and bool(rules.SENTENCE_END.search(item))


def _is_prose(text: str) -> bool:
    words = _words(text)
    return (
        words >= PROSE_WORDS
        or (words >= SENTENCE_WORDS and bool(rules.SENTENCE_END.search(text)))
        and not rules.is_vocabulary_boilerplate(text)
    )


def line_score(line: str, kind: str) -> float:
    """How much a line looks like article prose (positive) or page furniture (negative)."""
    if kind == "prose":
        return min(_words(line) / WORDS_PER_POINT, MAX_LINE_SCORE)
    return SCORES[kind]


def _best_run(scores: list[float]) -> tuple[int, int]:
    """Start and end (exclusive) of the run of lines with the highest total score."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += score
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _is_title_shaped(line: str, *, repeated: bool = False) -> bool:
    """A line a headline could be: 2 to 30 words, no menu, placeholder, link, widget or
    dateline, not ending like a sentence — unless the page repeats it (a headline shown
    again in a share box or a "currently reading" bar may end with a full stop)."""
    stripped = line.strip()
    words = _words(stripped)
    return (
        TITLE_MIN_WORDS <= words <= TITLE_MAX_WORDS
        and not rules.MENU_BULLET.match(line)
        and not rules.PLACEHOLDER.match(stripped)
        and not rules.URL_LINE.match(stripped)
        and not rules.is_vocabulary_boilerplate(stripped)
        and not rules.is_flat_menu(stripped)
        and not rules.WIRE_DATELINE.match(stripped)
        and (repeated or not stripped.endswith((".", ",")))
    )


def _already_clean(kinds: list[str]) -> bool:
    """True for text with next to no page furniture: a clean article saved as text."""
    lines = [k for k in kinds if k != "blank"]
    furniture = sum(k == "boilerplate" for k in lines)
    if not lines or furniture > CLEAN_MAX_FURNITURE * len(lines):
        return False
    return furniture == 0 or "prose" in lines


# Wire copy without its dateline line: a place in capitals alone under the headline
# (`Thais hunt for Australian jail breaker.` over `BANGKOK`), or a desk's slug before it
# (`RESEARCH ALERT - Lehman starts SNET.`, `RUGBY UNION - All Blacks relive triumph.`)
_BARE_DATELINE = re.compile(r"^[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}$")
_WIRE_SLUG = re.compile(r"^[A-Z][A-Z0-9&/.'’]+(?: [A-Z0-9&/.'’]+){0,3}\s?-\s\S")


def _clean_wire_headline(kept: list[str]) -> str:
    """The first line of a clean text (no page furniture) when it is wire copy's headline:
    `_wire_headline`, or a line over a place in capitals alone, or a line led by a desk's
    slug; "" otherwise."""
    wire = _wire_headline(kept, ())
    if wire or len(kept) < 2 or not _is_title_shaped(kept[0], repeated=True):
        return wire
    if kept[0].isupper() and not kept[0].endswith("."):
        return ""  # a site's name or a kicker in capitals over a heading in capitals
    under = kept[2] if len(kept) > 2 and _words(kept[1]) <= BYLINE_WORDS else ""  # a byline
    if _BARE_DATELINE.match(kept[1]) or _BARE_DATELINE.match(under) or _WIRE_SLUG.match(kept[0]):
        return kept[0]
    return ""


def _keep_all(lines: list[str], kinds: list[str]) -> TextParts:
    kept = [ln.strip() for ln, k in zip(lines, kinds, strict=True) if k in ("prose", "short")]
    wire = _clean_wire_headline(kept)
    if wire:
        return TextParts(wire, tuple(ln for ln in kept if ln != wire))
    prose = [i for i, ln in enumerate(kept) if line_kind(ln) == "prose"]
    headline = _headline(kept, prose[0], kept[prose[0] :], ()) if prose else ""
    if headline:
        return TextParts(headline, tuple(ln for ln in kept if ln != headline))
    if len(kept) > 1 and _is_title_shaped(kept[0]):
        return TextParts(kept[0], tuple(kept[1:]))
    return TextParts("", tuple(kept))


def _is_data_row(line: str, kind: str, template: Collection[str]) -> bool:
    """A row of a results table, a calendar or a list (`2 - Monica Seles (U.S.) beat Anne
    Miller (U.S.) 6-0 6-1`, `Ajax 2 PSV 1`): short, holding a number and a capitalised word,
    and none of the page's furniture (menus are words, not numbers)."""
    stripped = line.strip()
    bare = rules.MENU_BULLET.sub("", stripped)
    if bare != stripped and kind in ("boilerplate", "short"):
        if rules.is_vocabulary_boilerplate(bare) or stripped in template:
            return False  # a bulleted menu item has no numbers
        stripped = bare
        if _is_prose(bare) and rules.SENTENCE_END.search(bare):
            return True  # a bulleted sentence: a digest's stories (`- Minister Levy to visit.`)
    elif kind == "boilerplate":
        return False
    elif kind == "prose" and _words(stripped) >= PROSE_WORDS:
        return False  # a paragraph, not a row
    elif kind not in ("short", "prose"):
        return False
    return bool(_DATA_ROW.match(stripped)) and not rules.URL_LINE.match(stripped)


def _list_after(lines: list[str], kinds: list[str], end: int, template: Collection[str]) -> int:
    """Where the article ends when rows of a list follow its prose (at least MIN_DATA_ROWS
    rows; a blank line, a short heading or the wrapped rest of a row between them allowed);
    ``end`` when none do."""
    rows, last, i = 0, end, end
    while i < len(lines):
        if rows and i == last and _ROW_TAIL.match(lines[i]):
            last, i = i + 1, i + 1  # `1-6 6` / `- 2 6-4 6-4`: the row goes on
            continue
        if kinds[i] == "blank" and i + 1 < len(lines) and kinds[i + 1] != "blank":
            i += 1
            continue
        gap = kinds[i] == "blank" or furniture_kind(lines[i], template=template) in LIST_GAPS
        if rows and gap and _row_follows(lines, kinds, i + 1, template, over=LIST_GAPS):
            i += 1  # an item's picture or link, and blank lines, between the rows
            continue
        heading = (  # `Women's singles`, `Group A`: a short heading over rows (a blank
            # line may stand between: `The Doobie Brothers Tour Dates`, then the dates)
            kinds[i] == "short"
            and len(lines[i].split()) <= MAX_HEADING_WORDS
            and _row_follows(lines, kinds, i + 1, template)
        )
        # a paragraph under a row that more rows follow: an item's own text (a digest's
        # story with a second paragraph)
        inside = rows and kinds[i] == "prose" and _row_follows(lines, kinds, i + 1, template)
        if not heading and not inside and not _is_data_row(lines[i], kinds[i], template):
            break
        if inside:
            last, i = i + 1, i + 1
            continue
        rows, last, i = rows + (not heading), i + 1, i + 1
    return last if rows >= MIN_DATA_ROWS else end


LIST_GAPS = frozenset({"placeholder", "link"})  # furniture that may stand between a list's rows


def _row_follows(
    lines: list[str],
    kinds: list[str],
    at: int,
    template: Collection[str],
    over: Collection[str] = (),
) -> bool:
    """Whether the next text line from ``at`` on (past furniture of the kinds ``over``) is a
    row of a list."""
    while at < len(lines) and (
        kinds[at] == "blank" or over and furniture_kind(lines[at], template=template) in over
    ):
        at += 1
    return at < len(lines) and _is_data_row(lines[at], kinds[at], template)


_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+\S")


def _number(line: str) -> int | None:
    m = _NUMBERED.match(line)
    return int(m.group(1)) if m else None


def _past_numbered_list(lines: list[str], kinds: list[str], start: int, end: int) -> int:
    """Where the article starts when its run begins inside a numbered list that began before
    it (`4. ...`, `5. ...` of a "most read" box whose first items stand above): after the
    list's last item."""
    n = _number(lines[start]) if start < end else None
    if n is None or n < 2:
        return start
    before = [i for i in range(start - 1, max(-1, start - 20), -1) if kinds[i] != "blank"]
    if not before or _number(lines[before[0]]) != n - 1:
        return start
    i = start
    while i < end and (kinds[i] == "blank" or _number(lines[i]) is not None):
        i += 1
    return i if i < end else start


# furniture a story sent as wire copy may still hold, if saved from a page: bulleted lines and
# short runs of words are its own (a press digest's headlines, a table's rows)
WIRE_FURNITURE = frozenset(
    {"site template", "placeholder", "form field", "link", "widget or credit"}
)


def _wire_copy(lines: list[str], headline: str, template: Collection[str]) -> TextParts:
    """A news agency's story as its wire sends it (headline, byline, dateline, then the
    story): no menus stand in it, so every line under the headline is the story, its
    bulleted items and tables too (a press digest's headlines, a market report's rows);
    not bracketed notes (`[CORRECTED 05:30 GMT]`), links, the batch's template lines or the
    widget and credit lines of the vocabularies (`WIRE_FURNITURE`); a related-stories or
    comments heading ends it."""
    body: list[str] = []
    for stripped in (line.strip() for line in lines):
        if body and (rules.is_tail_heading(stripped) or rules.opens_comments(stripped)):
            break  # a page's related stories or comments under a story saved from the web
        if stripped and furniture_kind(stripped, template=template) not in WIRE_FURNITURE:
            body.append(stripped)
    if body and body[0] == headline:
        body = body[1:]
    return TextParts(headline, tuple(body))


def _bulleted_story(lines: list[str], template: Collection[str]) -> TextParts:
    """A text with no run of prose at all: a story told in bulleted sentences under its
    headline (`RESEARCH ALERT - Unitog Co upgraded.`, then `- Analyst Alexander Paris said
    he expected ...`), kept when every text line under the first is such a sentence or a
    credit; nothing otherwise (a page of menus)."""
    text = [ln.strip() for ln in lines if ln.strip() and ln.strip() not in template]
    body = [ln for ln in text[1:] if furniture_kind(ln, template=template) not in WIRE_FURNITURE]
    sentences = [
        ln
        for ln in body
        if rules.MENU_BULLET.match(ln)
        and _words(ln) >= SENTENCE_WORDS
        and rules.SENTENCE_END.search(ln)
    ]
    if len(sentences) < MIN_DATA_ROWS or len(sentences) < len(body) - 1:
        return TextParts("", ())
    headline = text[0] if _is_title_shaped(text[0], repeated=True) else ""
    return TextParts(headline, tuple(body))


def _from_dateline(lines: list[str], kinds: list[str], start: int) -> int:
    """Where the article starts when a wire dateline stands right above its run (`BRUSSELS
    1996-08-28`, `MONTGOMERY, Ala.` over `1996-08-22`): at the dateline, which says where
    the story happened."""
    above = [k for k in range(start - 1, max(-1, start - 4), -1) if kinds[k] != "blank"][:2]
    for k in above:
        if kinds[k] == "short" and rules.WIRE_DATELINE.match(lines[k]):
            start = k
    return start


def _before_tail(lines: list[str], kinds: list[str], start: int, end: int) -> int:
    """Where the article ends when a comment thread starts inside its run after some prose
    (`34 responses`, `6 thoughts on “...”`, `Jane says:`, with a comment's date or another
    `says:` within COMMENT_SPAN text lines under it): at its first line — comments are
    prose-shaped but not the article. A count with no comment under it is a byline's
    (`by India Post 0 Comments`). (A related-stories or read-more heading does not end it:
    on these pages it stands as often in a box inside the article as after it.)"""
    prose = 0
    for i in range(start, end):
        if kinds[i] == "prose":
            prose += _words(lines[i])
        elif prose >= MIN_WORDS_BEFORE_TAIL and rules.COMMENT_FIELD.match(lines[i]):
            return i  # a comment form's first field
        elif prose >= MIN_WORDS_BEFORE_TAIL and rules.opens_comments(lines[i]):
            under = [ln for ln in lines[i + 1 : end] if ln.strip()][:COMMENT_SPAN]
            if any(rules.is_comment_mark(ln) for ln in under):
                return i
    return end


TEASER_MARKS = 3  # teasers in a row that make a list of other stories
TEASER_SPAN = 5  # text lines from one teaser's mark to the next's, at most
TEASER_MAX_WORDS = 90  # words from one mark to the next: a teaser's headline and excerpt


TEASER_DATE_WORDS = 2  # words a teaser's date line holds besides its date and time (`at`)


def _teaser_meta(line: str) -> bool:
    """A teaser's byline or date line: a short byline (`by Rahul`, `By Jane Roe on Nov 19,
    2019`), or a date and time with next to nothing else (`November 19, 2019 at 5:10 pm`) —
    not a sentence or a chronology's entry that holds a date."""
    if _words(line) > 12 or rules.SENTENCE_END.search(line):
        return False
    if any(p.match(line) for p in rules.BYLINES):
        return True
    rest = line
    for pattern in rules.DATELINES:
        rest = pattern.sub(" ", rest)
    return rest != line and _words(rest) <= TEASER_DATE_WORDS


def _teaser_head(lines: list[str], text: list[int], n: int) -> int | None:
    """Where the teaser that text line ``n`` marks starts (a text line number), or None when
    it marks none: a short byline or date line (`by Rahul`, `November 19, 2019 at 5:10 pm`)
    starts with the line above it, its headline; a headline the page shows again within two
    lines (a kicker or a picture's alt text between) starts at its first showing."""
    line = lines[text[n]].strip()
    if _teaser_meta(line):
        return max(0, n - 1)
    if _words(line) < MIN_TITLE_WORDS:
        return None
    return next((m for m in range(max(0, n - 2), n) if lines[text[m]].strip() == line), None)


def _before_teasers(lines: list[str], kinds: list[str], start: int, end: int) -> int:
    """Where the article ends when a list of other stories' teasers follows it inside its
    run: TEASER_MARKS teasers or more in a row, each marked by a byline, a date or its
    headline shown twice, at most TEASER_SPAN text lines and TEASER_MAX_WORDS words apart,
    after MIN_WORDS_BEFORE_TAIL words of prose. Teasers' excerpts read as prose, so the run
    of prose goes on through them; the regular beat of their marks does not belong to an
    article (a single byline or a repeated line does not make one)."""
    text = [k for k in range(start, end) if lines[k].strip() and kinds[k] != "blank"]
    heads = {n: h for n in range(len(text)) if (h := _teaser_head(lines, text, n)) is not None}
    marks = sorted(heads)
    for a, first in enumerate(marks):
        chain = [first]
        for b in marks[a + 1 :]:
            words = sum(_words(lines[text[m]]) for m in range(chain[-1] + 1, b))
            if b - chain[-1] > TEASER_SPAN or words > TEASER_MAX_WORDS:
                break
            chain.append(b)
        if len(chain) < TEASER_MARKS:
            continue
        head = heads[first]
        prose = sum(_words(lines[text[m]]) for m in range(head) if kinds[text[m]] == "prose")
        if prose >= MIN_WORDS_BEFORE_TAIL:
            return text[head]
    return end


def _content_words(text: str) -> set[str]:
    return {w for w in _CONTENT_WORD.findall(text.lower()) if w not in rules.TITLE_STOP_WORDS}


def _headline(
    lines: list[str],
    start: int,
    body: list[str],
    template: Collection[str],
    min_overlap: float = MIN_TITLE_OVERLAP,
    min_words: int = MIN_TITLE_WORDS,
) -> str:
    """The headline: of the title-shaped lines before the body (or at its start), the one
    whose content words the lead (the body's first lines, less the line itself) repeats
    most, longer and nearer the body on a tie, and helped by standing at the head of an
    article header (a byline or date under it) — not a date, byline, credit or menu line.
    "" when no line is repeated enough by the lead."""
    seen = Counter(ln.strip() for ln in lines if ln.strip())
    candidates: dict[int, tuple[str, set[str], bool]] = {}
    for i in range(max(0, start - HEADER_TITLE_WINDOW), _lead_end(lines, start)):
        line = rules.MENU_BULLET.sub("", lines[i]).strip()
        if rules.MENU_BULLET.match(lines[i]):
            continue  # a menu or list item, not a headline
        again = seen[lines[i].strip()] > 1 or _quoted_elsewhere(line, lines, i)
        # a sentence said twice in a row is a caption (alt text, then caption), not a
        # headline shown again
        shaped = _is_title_shaped(line, repeated=again and not _doubled(lines, i))
        if not shaped or line in template or not_headline(line) or rules.is_header_meta(line):
            continue
        words = _content_words(line)
        if len(words) >= min_words:
            candidates[i] = (line, words, again)
    lead = _content_words(" ".join(body[: LEAD_LINES + 6]))
    overlaps = {i: _overlap(words, lead, line, body) for i, (line, words, _) in candidates.items()}
    # a page shows its headline more than once (top bar, heading, share box), and most
    # sites set a byline, date or share count right under it — though not under a line that
    # shares no word with the lead (a site name over the byline)
    heads = _header_heads(lines, {i for i, overlap in overlaps.items() if overlap > 0})
    best, best_score = "", 0.0
    for i, (line, words, again) in candidates.items():
        if start - i > TITLE_WINDOW and i not in heads:
            continue  # far above the body, and heading no article header
        overlap = overlaps[i]
        repeated = REPEAT_WEIGHT if again else 0.0
        header = heads.get(i, 0.0)
        score = (
            overlap
            + repeated
            + header
            + 0.02 * min(len(words), 10)
            - abs(start - i) / DISTANCE_SCALE
        )
        if overlap >= min_overlap - repeated - header and score > best_score:
            best, best_score = line, score
    return best


def _overlap(words: set[str], lead: set[str], line: str, body: list[str]) -> float:
    """Share of a line's content words the lead repeats (the lead less the line itself)."""
    if any(b.strip() == line for b in body[: LEAD_LINES + 6]):
        lead = _content_words(" ".join(b for b in body[: LEAD_LINES + 6] if b.strip() != line))
    return len(words & lead) / len(words)


def _lead_end(lines: list[str], start: int) -> int:
    """The line after the body's LEAD_LINES-th text line: a headline may open the body."""
    texts = [k for k in range(start, len(lines)) if lines[k].strip()][:LEAD_LINES]
    return texts[-1] + 1 if texts else start


def _header_heads(lines: list[str], candidates: Collection[int]) -> dict[int, float]:
    """The candidate lines that may head an article header, with the weight of its evidence:
    for each byline, date or count line, the candidates among the HEADER_AFTER text lines
    above it (a standfirst, a repeat of the headline or a caption may stand between) but
    not an all-capitals kicker (`GROWING AN ONLINE BUSINESS`), and when there is none the
    candidate right under it (`Published 1 day ago` over the headline). Empty bullets,
    placeholders and a share row's buttons (`• Facebook`, `• Print`) between them do not
    count as lines."""
    text, meta = _header_lines(tuple(lines))
    heads: dict[int, float] = {}
    for n in sorted(meta):
        span = text[max(0, n - HEADER_AFTER) : n]
        above = [j for j in span if j in candidates and not _kicker(lines[j])]
        below = [j for j in text[n + 1 : n + 1 + HEADER_BEFORE] if j in candidates]
        for n_above, j in enumerate(above or below):
            # the first line of the block heads it; a subtitle under it gets less
            weight = HEADER_WEIGHT * (1.0 if n_above == 0 else HEADER_LATER_SHARE)
            heads[j] = max(weight, heads.get(j, 0.0))
    return heads


@lru_cache(maxsize=4)
def _header_lines(lines: tuple[str, ...]) -> tuple[list[int], frozenset[int]]:
    """The text lines `_header_heads` counts (their numbers), and which of them (by their
    place in that list) are bylines, dates or counts; read once a text, not once a call."""
    text = [
        k
        for k, ln in enumerate(lines)
        if ln.strip()
        and not rules.PLACEHOLDER.match(ln)
        and rules.MENU_BULLET.sub("", ln).strip()
        and not (rules.MENU_BULLET.match(ln) and _share_button(ln))
    ]
    return text, frozenset(n for n, k in enumerate(text) if rules.is_header_meta(lines[k]))


def _share_button(line: str) -> bool:
    """A share row's button on a line of its own (`• Facebook`, `• Print`, `• Comments`)."""
    return rules.share_words_only(rules.normalise_line(line))


def _kicker(line: str) -> bool:
    """A section label set over a headline in capitals (`VISUAL MARKETING`)."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _quoted_elsewhere(line: str, lines: list[str], at: int) -> bool:
    """Whether another line holds ``line`` within it (`Share this: <headline>`); only lines
    of some length, so that short phrases do not count."""
    if len(line) < MIN_QUOTED_CHARS:
        return False
    return any(line in other and other.strip() != line for k, other in enumerate(lines) if k != at)


def not_headline(line: str) -> bool:
    """True for a dateline, byline, photo credit or caption line."""
    return bool(_NOT_HEADLINE.search(line) or rules.CREDIT_LINE.match(line))


_CONTINUES = re.compile(r"^\s*[a-z]")  # a line that goes on with the sentence before it


def unwrap(lines: list[str], template: Collection[str] = ()) -> list[str]:
    """Hard-wrapped paragraphs (wire copy, e-mail, text saved at a fixed width) joined into
    one line each: a line that starts in lower case continues the line before it, when that
    one is text (not blank, not a site template line) and does not end a sentence."""
    out: list[str] = []
    for line in lines:
        if (
            out
            and _CONTINUES.match(line)
            and out[-1].strip()
            and out[-1].strip() not in template
            and line.strip() not in template
            and not rules.SENTENCE_END.search(out[-1])
        ):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return out


def _doubled_as_furniture(lines: list[str], kinds: list[str]) -> list[str]:
    """Kinds with each text line said twice in a row made boilerplate, both copies: a
    carousel's or gallery's caption under its image's alt text, a teaser shown twice. An
    article does not say the same paragraph twice in a row."""
    return [
        "boilerplate"
        if kind in ("prose", "short") and _words(line) >= MIN_DOUBLED_WORDS and _doubled(lines, k)
        else kind
        for k, (line, kind) in enumerate(zip(lines, kinds, strict=True))
    ]


MAX_ALT_TEXT_WORDS = 6  # a line this short over a credited caption is its picture's alt text


def _alt_text_as_furniture(lines: list[str], kinds: list[str]) -> list[str]:
    """Kinds with a short line that ends no sentence made boilerplate when the text line
    under it is a caption closed by its credit (`Hong Kong protester` over `China has warned
    ... (Image: GETTY )`): a text browser writes a picture's alt text over its caption."""
    out = list(kinds)
    for k, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind != "short" or _words(line) > MAX_ALT_TEXT_WORDS:
            continue
        if rules.SENTENCE_END.search(line.strip()):
            continue
        n = k + 1
        while n < len(lines) and not lines[n].strip():
            n += 1
        if n < len(lines) and kinds[n] == "boilerplate" and rules.is_credited_caption(lines[n]):
            out[k] = "boilerplate"
    return out


MAX_BRIDGED_LINES = 80  # lines a "continues below" line may bridge to the article's next prose


def _continued_below(lines: list[str], kinds: list[str]) -> tuple[set[int], set[int]]:
    """Lines a "story continues below" line announces (`rules.CONTINUES_BELOW`: a gallery's
    pictures and captions, up to the next prose line within MAX_BRIDGED_LINES), and the
    announcing lines. Both weigh nothing in the article's run, which then goes on across
    the gallery to the article's rest (`Story continues below gallery`, then `1 of 6` and six
    `... Submitted photo` captions); their kinds stay as they are, so furniture among them
    goes and a table under an advertisement's marker stays the article's."""
    bridged: set[int] = set()
    markers: set[int] = set()
    for i, line in enumerate(lines):
        if kinds[i] == "prose" or not rules.CONTINUES_BELOW.match(line.strip()):
            continue
        k = i + 1
        while k < len(lines) and k <= i + MAX_BRIDGED_LINES and kinds[k] != "prose":
            k += 1
        if k < len(lines) and kinds[k] == "prose":
            markers.add(i)
            bridged.update(range(i + 1, k))
    return bridged, markers


MIN_LIST_ROWS = 5  # rows of a table or calendar in a row that may be an article's body ...
LIST_ROW_SCORE = 2.0  # ... each weighing this in the article's run (a short paragraph's worth)
MAX_ROW_WORDS = 20
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")
_DIGIT = re.compile(r"\d")


def _is_list_row(line: str) -> bool:
    """A row of a table or a calendar: a short line, no menu or widget line, holding words
    and two numbers or more (`3. Chelsea 12 8 1 3 25`, `Palm Bay 70, Rockledge 44`), or led
    by a date (`March 15 – Australian Grand Prix, Melbourne`)."""
    if not _DIGIT.search(line):
        return False  # (both kinds hold a number: most lines are done here)
    text = rules.MENU_BULLET.sub("", line.strip())
    if _words(text) > MAX_ROW_WORDS or not any(c.isalpha() for c in text):
        return False
    if len(_NUMBER.findall(text)) < 2 and not rules.DATE_LED.match(text):
        return False
    return not rules.is_vocabulary_boilerplate(text) and not rules.is_header_meta(text)


def _list_rows(lines: list[str], kinds: list[str]) -> set[int]:
    """The rows of each run of MIN_LIST_ROWS table or calendar rows or more (blank lines
    between allowed): a list that may be the article itself (a league table, a race
    calendar, a day's results under a line of introduction), weighed as text in the
    article's run rather than against it."""
    found: set[int] = set()
    block: list[int] = []
    for i, (line, kind) in enumerate([*zip(lines, kinds, strict=True), ("", "end")]):
        if kind == "blank":
            continue
        if kind in ("short", "prose") and _is_list_row(line):
            block.append(i)
            continue
        if len(block) >= MIN_LIST_ROWS:
            found.update(block)
        block = []
    return found


MIN_QUANTITY_ITEMS = 3  # items counted in units that make a bulleted list an ingredient list


def _ingredients(lines: list[str]) -> set[int]:
    """The lines of bulleted lists of which MIN_QUANTITY_ITEMS items, and at least half, start
    with a quantity in a unit (`• 1 tsp cinnamon`, then `• 8-9 ripe pears, cored and
    peeled`): a recipe's ingredients, the article's own short lines, not a menu. They weigh
    nothing either way in the article's run, which then spans a recipe's introduction, its
    ingredients and its method."""
    found: set[int] = set()
    i = 0
    while i < len(lines):
        if not rules.MENU_BULLET.match(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and rules.MENU_BULLET.match(lines[j]):
            j += 1
        items = [rules.MENU_BULLET.sub("", ln).strip() for ln in lines[i:j]]
        counted = sum(1 for item in items if rules.QUANTITY_ITEM.match(item))
        if counted >= MIN_QUANTITY_ITEMS and 2 * counted >= len(items):
            found.update(range(i, j))
        i = j
    return found


def _doubled(lines: list[str], at: int) -> bool:
    """Whether the text line before or after line ``at`` (blank lines skipped) is the same,
    a picture's placeholder after either aside (`Typing on the new keyboard[33622-5947]`
    over `Typing on the new keyboard`: the alt text, then the caption)."""
    line = _without_placeholder(lines[at])
    for step in (-1, 1):
        k = at + step
        while 0 <= k < len(lines) and not lines[k].strip():
            k += step
        if 0 <= k < len(lines) and _without_placeholder(lines[k]) == line:
            return True
    return False


# a picture's placeholder glued before a paragraph (`[ps4dualsho]The price of one ...`): a
# text browser writes the picture's name so; it is no word of the paragraph
_GLUED_PLACEHOLDER = re.compile(r"^(\s*)(?:\[[\w.-]{2,30}\]){1,4}(?=[^\s\[\]])")  # or several
_PLACEHOLDER_AFTER = re.compile(r"\s*\[[^\[\]]*\]\s*$")


# A person's card a text browser wrote into the sentence that names them: the name, the
# card's picture, the name again and the card's teasers, up to its `MORE` link (`Rep. Ilhan
# Omar[omarilhan_111]Ilhan OmarHillicon Valley: ... MORE (D-Minn.), the ...`).
_HOVER_CARD = re.compile(r"\[[\w.-]{2,40}\]")
_CARD_END = re.compile(r" MORE\b ?")
MAX_CARD_CHARS = 1000


def _without_hover_cards(line: str) -> str:
    """A line without the person cards written into it (`_HOVER_CARD`): from the picture's
    placeholder after a name that the card repeats, to the card's `MORE`; without that end
    in reach, only the placeholder and the repeated name go."""
    at = 0
    while (card := _HOVER_CARD.search(line, at)) is not None:
        before, after = line[: card.start()], line[card.end() :]
        words = before.split()[-3:]
        # the card repeats the name, perhaps in full (`Kristi Noem[...]Kristi Lynn Noem`)
        given = next((w for w in words if w[:1].isupper() and after.startswith(w)), None)
        end = _CARD_END.search(after, 0, MAX_CARD_CHARS) if given else None
        name = " ".join(words[words.index(given) :]) if given else ""
        if end is not None:
            rest = after[end.end() :]
        elif name and after.startswith(name):
            rest = after[len(name) :]
        else:
            at = card.end()
            continue
        line = before + rest if rest[:1] in tuple(",.;:!?") else f"{before} {rest.lstrip()}"
        at = len(before)
    return line


def _without_placeholder(line: str) -> str:
    stripped = line.strip()
    return _PLACEHOLDER_AFTER.sub("", stripped) if stripped.endswith("]") else stripped


BYLINE_WORDS = 4  # a line this short between a wire headline and its dateline: the byline


def _wire_headline(lines: list[str], template: Collection[str]) -> str:
    """The first line of wire copy when a dateline stands under it, or under a byline under
    it (`EU rejects German call to boycott British lamb.` over `BRUSSELS 1996-08-22`): the
    story's headline, whatever its final full stop; "" when the text does not start so."""
    text = [ln.strip() for ln in lines if ln.strip()][:3]
    if (
        len(text) > 2 and not rules.WIRE_DATELINE.match(text[1]) and _words(text[1]) <= BYLINE_WORDS
    ):  # `Peter Blackburn` between
        text = [text[0], text[2]]
    if len(text) < 2 or not rules.WIRE_DATELINE.match(text[1]) or text[0] in template:
        return ""
    return text[0] if _is_title_shaped(text[0], repeated=True) else ""


def split_text(text: str, *, template: Collection[str] = ()) -> TextParts:
    """Title and body paragraphs of a plain-text dump; ``template`` holds known site lines."""
    lines = unwrap(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), template)
    lines = [
        _without_hover_cards(_GLUED_PLACEHOLDER.sub(r"\1", line)) if "[" in line else line
        for line in lines
    ]
    kinds = _doubled_as_furniture(lines, [line_kind(line, template=template) for line in lines])
    kinds = _alt_text_as_furniture(lines, kinds)
    ingredients = _ingredients(lines)
    kinds = [
        "short" if i in ingredients and kind == "boilerplate" else kind
        for i, kind in enumerate(kinds)
    ]
    wire = _wire_headline(lines, template)
    if wire:
        return _wire_copy(lines, wire, template)
    if _already_clean(kinds):
        return _keep_all(lines, kinds)
    rows = _list_rows(lines, kinds)
    bridged, markers = _continued_below(lines, kinds)
    start, end = _best_run(
        [
            0.0
            if i in ingredients or i in bridged or i in markers
            else LIST_ROW_SCORE
            if i in rows
            else line_score(ln, k)
            for i, (ln, k) in enumerate(zip(lines, kinds, strict=True))
        ]
    )
    if start == end:
        return _bulleted_story(lines, template)
    start = _past_numbered_list(lines, kinds, start, end)
    start = _from_dateline(lines, kinds, start)
    end = _before_tail(lines, kinds, start, end)
    teasers = _before_teasers(lines, kinds, start, end)
    # rows after the article are its list, unless they are the teasers that ended it
    listed = _list_after(lines, kinds, end, template) if teasers == end else teasers
    end = teasers
    body = [
        line.strip()
        for i, (line, kind) in enumerate(zip(lines[start:listed], kinds[start:listed], strict=True))
        if kind in ("prose", "short")
        or start + i >= end
        and kind == "boilerplate"
        and furniture_kind(line, template=template) not in ("placeholder", "form field")
    ]
    title = (
        _wire_headline(lines, template)
        or _headline(lines, start, body, template)
        or _headline(lines, start, body, template, min_overlap=WEAK_TITLE_OVERLAP)
    )
    for i in range(start - 1, max(-1, start - 1 - TITLE_LOOKBACK), -1):
        if title:
            break
        candidate = lines[i].strip()
        if _is_title_shaped(candidate) and candidate not in template:
            title = "" if not_headline(candidate) else candidate
    if not title and body and _is_title_shaped(body[0]) and len(body) > 1:
        title, body = body[0], body[1:]
    body = [line for line in body if line != title]
    return TextParts(_one_column(title), tuple(body))


# a run of spaces a text browser lays two columns of a page apart with, on one line
_COLUMN_GAP = re.compile(r" {3,}")


def _one_column(line: str) -> str:
    """A headline's own column of a line a text browser laid out beside another (`Amnesty.
    More than 100 protesters killed` + a gap + `Home`): its part with the most words."""
    parts = _COLUMN_GAP.split(line.strip())
    return max(parts, key=_words) if len(parts) > 1 else line.strip()
