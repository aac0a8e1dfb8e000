"""Boilerplate vocabularies and patterns, as data: what menus, widgets and credits look like.

Each table is plain data read by the HTML and text cleaners; extend a table, not the code.
Vocabularies cover at least English, German, French, Spanish and Italian.
"""

from __future__ import annotations

import re

# Lines that are nothing but one of these (case-insensitive, punctuation trimmed) are boilerplate.
_PHRASES = """
breadcrumb
breadcrumbs
you are here
home
menu
main menu
navigation
skip to content
skip to main content
skip navigation
search
close
open menu
toggle navigation
back to top
share
share this
share this article
share this story
share on facebook
share on twitter
share on linkedin
share via email
tweet
pin
email
print
comments
comment
reply
follow us
follow
subscribe
sign in
log in
login
register
sign up
newsletter
subscribe now
advertisement
advertising
sponsored
sponsored content
ad
promoted
related
related articles
related stories
related content
read more
more stories
most popular
most read
trending
recommended
you may also like
see also
more from
more on this story
top stories
latest news
editor's picks
loading
load more
show more
show comments
cookie settings
accept cookies
accept all
reject all
manage cookies
privacy policy
terms of use
terms of service
terms and conditions
contact us
about us
copyright
all rights reserved
facebook
twitter
instagram
youtube
linkedin
whatsapp
pinterest
rss
telegram
reddit
tiktok
mail
email this
teilen
drucken
anzeige
werbung
startseite
suche
kommentare
mehr zum thema
artikel teilen
weiterlesen
mehr lesen
impressum
datenschutz
kontakt
newsletter abonnieren
anmelden
partager
imprimer
publicité
accueil
rechercher
commentaires
lire aussi
lire la suite
à lire aussi
sur le même sujet
s'abonner
se connecter
mentions légales
compartir
imprimir
publicidad
inicio
buscar
comentarios
leer más
lee también
noticias relacionadas
suscríbete
iniciar sesión
aviso legal
condividi
stampa
pubblicità
cerca
commenti
leggi anche
accedi
iscriviti
"""

# Headings that start a "related", "read more" or comments tail; the tail goes with them.
_TAIL_HEADINGS = """
related
related articles
related stories
related posts
related content
read more
read next
more stories
more on this
more on this story
more from
you may also like
you might also like
recommended
recommended for you
most popular
most read
trending
see also
further reading
comments
leave a comment
leave a reply
auch interessant
das könnte sie auch interessieren
mehr zum thema
weitere themen
weitere artikel
weiterlesen
zum weiterlesen
lesen sie auch
passend zum thema
das könnte dich auch interessieren
kommentare
kommentieren
keine kommentare
à lire aussi
lire aussi
sur le même sujet
articles similaires
vous aimerez aussi
commentaires
lea también
le puede interesar
te puede interesar
notas relacionadas
noticias relacionadas
artículos relacionados
más noticias
comentarios
leggi anche
potrebbe interessarti
articoli correlati
commenti
"""
TAIL_HEADINGS = frozenset(p.strip() for p in _TAIL_HEADINGS.splitlines() if p.strip())
# Lines that are captions, credits and notes rather than the article (prefix match).
CREDIT_PREFIXES = re.compile(
    r"^(titelbild|beitragsbild|bildquelle|quelle|foto|fotos|bild|photo|image|credit|source|"
    r"fuente|crédito|crédit|source de l'image|getty images|afp|reuters|dpa|ap photo|epa)\s*[:/©]",
    re.I,
)
_PHRASES += (
    _TAIL_HEADINGS
    + """
inhaltsverzeichnis
keine kommentare
tipp favorisieren
no comments
table of contents
contents
originalpublikation
alle angaben ohne gewähr
pdf
print this page
diesen artikel teilen
artikel drucken
zur startseite
nach oben
top
text size
font size
close share panel
share panel
next story
previous story
currently reading
back to gallery
close
"""
)

# A line made only of these words is a row of share buttons (`Facebook Twitter Email`).
SHARE_WORDS: frozenset[str] = frozenset(
    """
    facebook twitter x email e-mail mail linkedin reddit pinterest whatsapp telegram messenger
    print share tweet pin copy link sms tumblr flipboard pocket xing vk weibo wechat line
    comment comments save
    """.split()
)

BOILERPLATE_LINES = frozenset(p.strip() for p in _PHRASES.splitlines() if p.strip())

# Language names as they appear in language-switch menus (in English and in their own tongue).
LANGUAGE_NAMES: frozenset[str] = frozenset(
    """
    english french spanish german italian portuguese russian arabic chinese japanese korean
    turkish persian farsi hebrew hindi urdu dutch polish swedish norwegian danish finnish greek
    ukrainian romanian hungarian czech indonesian malay vietnamese thai bengali swahili
    français español deutsch italiano português русский العربية 中文 日本語 한국어 türkçe
    فارسی עברית हिन्दी nederlands polski svenska norsk dansk suomi ελληνικά українська
    română magyar čeština bahasa tiếng việt
    """.split()
)

# A line that starts with one of these is boilerplate whatever follows.
BOILERPLATE_PREFIXES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        r"^(photo|image|picture|foto|bild|credit|crédit|source: getty|getty images)\s*[:©]",
        r"^(©|\(c\)|copyright\b)",
        r"^(read more|related|see also|more from|lire aussi|mehr zum thema|leer más|leggi anche)"
        r"\s*[:»>]",
        r"^(follow|folgen sie|suivez)\b.{0,40}\b(on|auf|sur)\s+(twitter|facebook|instagram|x)\b",
        r"^(sign up|subscribe|melden sie sich|abonnez-vous|suscríbete)\b.{0,80}newsletter",
        r"^(we use cookies|this (web)?site uses cookies|wir verwenden cookies|utilizziamo i cookie|"
        r"nous utilisons des cookies|utilizamos cookies)",
        r"^(advertisement|anzeige|publicité|publicidad|pubblicità)\b",
        r"^(click here|klicken sie hier|cliquez ici|haga clic)\b",
        r"^(share|teilen|partager|compartir)\s+(on|this|auf|sur|en)\b",
        r"^\[(ins::ins|image|img|video|embed)[^\]]*\]$",
        # the wire's credit lines: `Reporting by X; Editing by Y`, `AP writers X and Y
        # contributed to this report.` (a byline at the top is metadata, not these)
        r"^(additional )?(reporting|writing|editing|compiled|research(ed)?) by\b",
        r"\bcontributed (reporting )?to this (report|story|article)\.?$",
        # subscription and paywall prompts addressed to the reader
        r"^(to (view|read|continue reading)|to keep reading)\b.{0,80}\b(subscribe|log in|sign in)",
        r"^if you.{0,60}\balready (a subscriber|subscribed|have an account)",
        r"^(become a member|support (us|our journalism)|hazte miembro|unterstütze|werde mitglied|"
        r"zapraszamy (też )?do subskrypcji|abonnez-vous|suscríbete)\b",
        # affiliate and advertising disclosures
        r"^(this (post|article|page) (contains|may contain) (affiliate|references to products)|"
        r"we recommend the best products|bei den (verlinkungen|links) handelt es sich um|"
        r"affiliate[- ]links?:|\*?(werbung|anzeige)\s*\|)",
        r"^(release date|quellenangaben|quellen|fuentes|sources)\s*:$",
    )
)
# A photo credit on a line of its own: `AFP / MARCO BERTORELLO`, `DCV / Oppitz`.
CREDIT_LINE = re.compile(r"^[\w.&'-]+(?: [\w.&'-]+){0,3} ?/ ?[\w.&'-]+(?: [\w.&'-]+){0,3}$")

# Bullets and list markers that text browsers put before menu entries.
MENU_BULLET = re.compile(r"^\s*[•☆□■▪◦●○*·–-]\s+")
# A line that is only a bracketed placeholder for an image or form control: [logo], [Go].
PLACEHOLDER = re.compile(r"^\s*\[[^\]]*\]\s*$")
URL_LINE = re.compile(r"^\s*(https?://|www\.)\S+\s*$", re.I)
SENTENCE_END = re.compile(r"[.!?…:;»\"”’)。！？」]\s*$")


def normalise_line(line: str) -> str:
    """A line reduced for vocabulary lookup: lower case, outer punctuation and bullets trimmed."""
    line = MENU_BULLET.sub("", line)
    return line.strip().strip(" \t|:·•»«>-–—").lower()


def is_tail_heading(line: str) -> bool:
    """True for a heading that opens a related-articles, read-more or comments tail."""
    return normalise_line(line) in TAIL_HEADINGS


def is_teaser_link(line: str) -> bool:
    """True for an inline teaser such as `Read more: Looted art returns home`."""
    norm = normalise_line(line)
    return any(norm.startswith(h + ":") or norm.startswith(h + " :") for h in TAIL_HEADINGS)


def is_vocabulary_boilerplate(line: str) -> bool:
    """True for lines that are a known widget, menu or credit label."""
    norm = normalise_line(line)
    if not norm:
        return False
    if norm in BOILERPLATE_LINES or norm in LANGUAGE_NAMES or CREDIT_PREFIXES.match(norm):
        return True
    if CREDIT_LINE.match(line.strip()) and not line.strip().endswith("."):
        return True
    if is_tail_heading(line) or is_teaser_link(line):
        return True
    words = norm.split()
    if len(words) >= 2 and all(w in SHARE_WORDS for w in words):
        return True
    return any(p.search(norm) for p in BOILERPLATE_PREFIXES)


# HTML: elements removed before extraction, by tag, by ARIA role and by class/id vocabulary.
BOILERPLATE_TAGS: frozenset[str] = frozenset(
    {"nav", "aside", "footer", "form", "button", "select", "noscript", "iframe", "dialog", "menu"}
)
BOILERPLATE_ROLES: frozenset[str] = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "menu",
        "menubar",
        "dialog",
        "alertdialog",
        "tablist",
    }
)
# Tokens of class and id attributes (split on - _ and spaces) that mark page furniture.
BOILERPLATE_CLASS_TOKENS: frozenset[str] = frozenset(
    """
    breadcrumb breadcrumbs crumbs crumb nav navbar navigation menu submenu megamenu topbar
    sidebar sidenav share sharing sharebar social socials sociallinks shareicons
    related recommended recommendations outbrain taboola promo promos teaser teasers
    newsletter subscribe subscription signup cookie cookies consent gdpr banner
    advert advertisement advertising ads adslot adunit sponsor sponsored dfp
    comments comment disqus popup modal lang langs language languages langswitch
    skiplink skip print follow tags tagcloud pagination pager mostread mostpopular popular
    trending footer masthead
    teilen werbung anzeige partage publicite compartir publicidad
    """.split()
)
# ... unless the element is one of these (the article itself often carries generic classes).
KEEP_CLASS_TOKENS: frozenset[str] = frozenset(
    {"article", "content", "body", "story", "post", "entry", "main", "text", "articlebody"}
)
# Class tokens of article-body containers; same-class siblings are one body split by ads.
BODY_CLASS_TOKENS: frozenset[str] = frozenset(
    {"articlebody", "storybody", "entrycontent", "postcontent", "articletext", "storytext"}
)
# ... or that have one token of each of these (`article__body`, `story-text`).
BODY_PART_TOKENS: frozenset[str] = frozenset({"body", "text", "content"})
ARTICLE_PART_TOKENS: frozenset[str] = frozenset({"article", "story", "post", "entry"})


# Words a headline shares with any lead and that say nothing of which headline it is.
TITLE_STOP_WORDS = frozenset(
    """the and for with from that this are was were has have had not but its his her their
    they you your our who what when where why how will would can could new about after over
    into more than been also der die das und mit von den ist les des une pour dans par
    que""".split()
)
