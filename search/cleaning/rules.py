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
back
zurück
retour
volver
voltar
indietro
terug
powrót
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
related coverage
read more
read next
read these next
what to read next
latest headlines
top rated comments
join the discussion
join the conversation
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
leave a reply cancel reply
related links
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
# A news agency's photo caption, which opens by pointing at its picture (`In this Dec. 12,
# 2006, file photo, made available by NASA, ...`, `This March 28, 2017, file photo shows`,
# `In this photo issued by ITV, ...`).
CAPTION_OPENING = re.compile(
    r"^(?:in )?this\b[\w\s.,'’-]{0,40}?(?:\bfile|,)?\s(?:photo|photograph|image|picture"
    r"|handout photo|video still|frame grab|screenshot|undated photo)\b"
    r"(?:,|\s+(?:provided|released|issued"
    r"|made available|taken|shows|distributed|courtesy|by)\b)",
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
these are external links and will open in a new window
copy this link
next story
previous story
currently reading
back to gallery
close
don't miss
don’t miss
explore further
continue reading below
related tags
report
survey
give feedback
give us feedback
buffer
"""
)

# A line made only of these words is a row of share buttons (`Facebook Twitter Email`).
SHARE_WORDS: frozenset[str] = frozenset(
    """
    facebook twitter x email e-mail mail linkedin reddit pinterest whatsapp telegram messenger
    print share tweet pin copy link sms tumblr flipboard pocket xing vk weibo wechat line
    comment comments save icon google plus google+
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

# A line that starts with one of these is boilerplate whatever follows (a pattern not
# anchored at the start is searched only in lines holding one of `_ANYWHERE_WORDS`, so it
# must name one of them).
BOILERPLATE_PREFIXES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        r"^(photo|image|picture|foto|bild|credit|crédit|source: getty|getty images)\s*[:©]",
        r"^image (copyright|caption)\b",  # the BBC's picture credit and caption lines
        # a picture's credit ending in its agency: `Sakib Ali/Hindustan Times/Getty Images`
        r"^(?=.*/)(\S+\s+){0,7}\S*(getty images|afp|reuters|ap photo|epa|shutterstock|alamy"
        r"|bloomberg|corbis|dpa|picture alliance|imago)\)?$",
        r"^(©|\(c\)|copyright\b)",
        # a copyright notice and a how-to-cite line under the article (`Citation: <title>
        # (2019, November 18) retrieved 20 November 2019 from https://...`)
        r"^this (document|article|material|content|page) is (subject to|protected by) copyright",
        r"^\d{1,3}\s+(/|of)\s+\d{1,3}$",  # a gallery's counter (`1  /  8`, `1 of 6`) ...
        r"^\d{1,3}of\d{1,3}\S",  # ... or one glued to its caption (`2of4A shopper looks at`)
        # a caption closed by the kind of its photo (`Christopher Tays Submitted photo`)
        r"\b(submitted|contributed|file|staff|courtesy|handout) (photo|image|picture)\)?$",
        # a site's survey or feedback prompt (`Tell us what you think about our new look by
        # taking this survey.`)
        r"\btell us what you think\b.{0,60}\b(survey|feedback)\b",
        r"^tell us what you think\W*$",
        # a post's own metadata on one line: who posted it and its category or tags
        # (`05/10/2018 - Publicado por: Clarissa Borba - Categoria: Saúde - Tags: sad`)
        r"\b(posted by|published by|publicado por|veröffentlicht von|publié par"
        r"|pubblicato da)\b.{0,80}\b(categor(y|ies|ia|ía|ie)|kategorie|catégorie|tags"
        r"|etiquetas|schlagwörter|filed under)\s*:",
        r"^citation\s*:.{0,300}\bretrieved\b.{0,80}\bfrom\s+https?://",
        r"^(read more|see more|more|related|see also|more from|also read|read also|watch|"
        r"lire aussi|mehr zum thema|leer más|leggi anche)\s*[:»>]",
        r"^more (articles|stories|posts|news) (from|by)\b",  # `More articles from Jane Roe`
        r"^((have|got) a (news )?tip\b|send (us )?(your )?(news )?tips\b)",  # an author's tagline
        # a page's two date stamps on one line (`PUBLISHED: 10:48, ... | UPDATED: 11:05, ...`)
        r"^(published|posted)\s*:.{1,40}\|\s*(updated|modified)\s*:",
        # a comment form's notice
        r"^(your email address will not be published|ihre e-mail-adresse wird nicht "
        r"veröffentlicht|votre adresse (e-mail|de messagerie) ne sera pas publiée|tu dirección de "
        r"correo electrónico no será publicada|il tuo indirizzo email non sarà pubblicato)",
        r"^(follow|folgen sie|suivez)\b.{0,40}\b(on|auf|sur)\s+(twitter|facebook|instagram|x)\b",
        r"^(follow|folgen sie|suivez|siga|segui)( \S+){1,3}$",  # `Follow CNN Politics`
        r"^(sign up|subscribe|melden sie sich|abonnez-vous|suscríbete)\b.{0,80}newsletter",
        # a newsletter box's own messages: `Thanks for signing up!`, `See All Newsletters`
        r"^(thanks|thank you) for (signing up|subscribing)\s*(!|\.|$)"
        r"|^(vielen )?dank für ihre anmeldung|^merci (pour votre inscription|de votre abonnement)"
        r"|^gracias por (suscribirte|tu suscripción)",
        r"^there was an error processing your (subscription|request|sign-?up)",
        r"^(please )?(check|tick) the (opt-in|consent) box\b|^keep an eye on your inbox\b",
        r"^(see|view|browse) all newsletters$|^want more (stories|articles|news) like this\?",
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
        r"\bcontributed (additional )?reporting( from [^.]{1,60})?\.?$",  # `... from Hong Kong.`
        r"(click to tweet|tweet this)$",  # a pull quote's box (`... less stress.Click To Tweet`)
        r"^\d[\d,.]*k?\s+(shares?|teilen|partages|compartidos)$",  # a share count (`197 Shares`)
        # subscription and paywall prompts addressed to the reader
        r"^(to (view|read|continue reading)|to keep reading)\b.{0,80}\b(subscribe|log in|sign in)",
        r"^if you.{0,60}\balready (a subscriber|subscribed|have an account)",
        r"^(become a member|support (us|our journalism)|hazte miembro|unterstütze|werde mitglied|"
        r"zapraszamy (też )?do subskrypcji|abonnez-vous|suscríbete)\b",
        # affiliate and advertising disclosures
        r"^(this (post|article|page) (contains|may contain) (affiliate|references to products)|"
        r"we recommend the best products|bei den (verlinkungen|links) handelt es sich um|"
        r"affiliate[- ]links?:|\*?(werbung|anzeige)\s*\|)",
        r"^(note:\s*)?(the\s+)?advertising (disclaimer|disclosure)\b",  # `Advertising disclosure:`
        r"^(release date|quellenangaben|quellen|fuentes|sources)\s*:?$",  # (colon trimmed)
        # prompts to pass the story on, and the site's own teasers set inside the text
        r"^(like|enjoyed?|love) this (story|article|post)\?",
        r"^(also on|auch auf|mehr( zum thema)? auf|más en|aussi sur|anche su) [\w-]+\.[a-z]{2,}\b",
    )
)
# ... as one pattern matched at the start of a line (one match per line instead of one per
# pattern), and those that may match further on (a search over every position of the line
# with all of them was a third of the HTML post-pass)
_ANY_BOILERPLATE_PREFIX = re.compile(
    "|".join(f"(?:{p.pattern})" for p in BOILERPLATE_PREFIXES if p.pattern.startswith("^")),
    re.I,
)
# ... which hold one of these words each: a line without any is not searched with them
_ANYWHERE_WORDS = (
    "photo", "image", "picture", "contributed", "tell us", "posted", "published", "publicado",
    "veröffentlicht", "publié", "pubblicato", "tweet",
)  # fmt: skip
_BOILERPLATE_ANYWHERE = re.compile(
    "|".join(f"(?:{p.pattern})" for p in BOILERPLATE_PREFIXES if not p.pattern.startswith("^")),
    re.I,
)
# Endings that make a line boilerplate: a caption with its picture's credit (`... autonomy
# (Image: GETTY )`), a teaser's kind after its headline (`China furious at Macron [INSIGHT]`).
# Searched only in lines that end with a bracket.
BOILERPLATE_ENDING = re.compile(
    r"(?:\((?:image|photo|picture|pic|foto|bild|imagen|crédit|credit)s?\s*:\s*[^()]{1,60}\)"
    r"|\((?:[\w.]+ )?(?:photo|photograph|foto)\s*/\s*[^()]{1,60}\)"  # `(AP Photo/Alan Diaz)`
    r"|\[(?:insight|video|reaction|pics|poll|latest|revealed|analysis|photos|gallery)\])$",
    re.I,
)
# ... and a caption closed by its picture's credit after its last sentence (`... compared to
# its hibernation-based equivalent. Credit: ESA`, `... at the rally. Photo: Meg Kinnard, AP`):
# no line of 32,654 clean bodies ends so. Searched only in lines with a colon.
CREDIT_ENDING = re.compile(
    r"(?:^|[.!?”\")]\s+)(?:(?:photo|image|picture|video)\s+credits?|credits?|photo|photograph"
    r"|image|picture|foto|bild|pic)\s*:\s*[^.:!?]{1,60}$",
    re.I,
)
# ... and any teaser's kind written so, in capitals after a headline (`CDC names EIGHT deadly
# diseases [WARNING]`, `... outbreak [NEWS]`): matched in the line as written.
TEASER_KIND = re.compile(r"\S\s+\[[A-Z]{3,12}\]\s*\|?$")
# A photo credit on a line of its own: `AFP / MARCO BERTORELLO`, `DCV / Oppitz`.
CREDIT_LINE = re.compile(r"^[\w.&'-]+(?: [\w.&'-]+){0,3} ?/ ?[\w.&'-]+(?: [\w.&'-]+){0,3}$")
_DECIMAL = re.compile(r"\d[.,]\d")

# Bullets and list markers that text browsers put before menu entries.
MENU_BULLET = re.compile(r"^\s*[•☆□■▪◦●○*·–-]\s+")
# Units of measure a recipe's ingredient or a product's part is counted in, in the languages
# of the pages (a menu entry that starts with a number counts no units: `21 Day Fix Hub`).
_UNITS = """
tsp tsps tbsp tbsps teaspoon teaspoons tablespoon tablespoons cup cups oz ounce ounces lb lbs
pound pounds g gr kg mg ml cl dl l litre litres liter liters gram grams grams pinch pinches
clove cloves jar jars can cans tin tins packet packets pack stick sticks slice slices bunch
sprig sprigs handful dash quart quarts pint pints
el tl msp prise stück stk bund päckchen pck dose tasse becher zehe zehen scheibe scheiben
c. cs cc cuillère cuillères pincée sachet gousse gousses tranche tranches verre
cucharada cucharadas cucharadita cucharaditas taza tazas pizca diente dientes
cucchiaio cucchiai cucchiaino cucchiaini pizzico spicchio spicchi bicchiere
colher colheres xícara xícaras pitada dente dentes
łyżka łyżki łyżeczka łyżeczki szklanka szklanki szczypta
"""
# A list item that starts with a quantity in a unit (`1 tsp cinnamon`, `1/2 tsp ground
# cloves`, `200 g Mehl`, `2 EL Zucker`, `½ cup milk`): an ingredient, the article's own.
QUANTITY_ITEM = re.compile(
    r"^(?:\d+(?:[.,/-]\d+)?|[½¼¾⅓⅔⅛])(?:\s+\d+/\d+|[½¼¾⅓⅔⅛])?\s*(?:"
    + "|".join(re.escape(u) for u in sorted(set(_UNITS.split()), key=len, reverse=True))
    + r")(?=\s|$|\))",
    re.I,
)
# A line that is only bracketed placeholders for images or form controls: [logo], [Go],
# `[facebook-i]    [twitter-ic]    [share-icon]`, `[                    ] [Search]`.
PLACEHOLDER = re.compile(r"^\s*(?:\[[^\]]*\]\s*)+$")
# A text browser's form control: an empty text field with its label and buttons (`Name *
# [                    ]`, `Search for: [          ] [Go]`), or a checkbox before its label
# (`[ ]Save my name, email, and website ...`).
FORM_FIELD = re.compile(
    # (each run of text after the field reaches a bracket or the end: one way to read a line)
    r"^\s*[^\[\]]{0,40}\[\s{3,}\](?:[^\[\]]{0,40}\[[^\[\]]*\])*[^\[\]]{0,40}$"
    r"|^\s*\[[ xX]?\]\s*[^\[\]\s]"
)
# ... the field a comment form opens with (`Comment[        ]`, `Kommentar *  [      ]`): the
# article has ended above it.
COMMENT_FIELD = re.compile(
    r"^\s*(?:(?:your |leave a |add a |post a )?comments?|kommentar|commentaire|comentario"
    r"|comentário|commento|reply|antwort|réponse|respuesta)\b[^\[\]]{0,20}\[\s{3,}\]",
    re.I,
)
URL_LINE = re.compile(r"^\s*(https?://|www\.)\S+\s*$", re.I)
SENTENCE_END = re.compile(r"[.!?…:;»\"”’)。！？」]\s*$")


def normalise_line(line: str) -> str:
    """A line reduced for vocabulary lookup: lower case, outer punctuation and bullets trimmed."""
    line = MENU_BULLET.sub("", line).strip()
    if line.startswith("(") and line.endswith(")") and line.count("(") == 1:
        line = line[1:-1]  # a note in brackets: `(Alle Angaben ohne Gewähr)`
    return line.strip(" \t|:·•»«>-–—").lower()


# Lines that open a comment thread: `34 responses`, `6 thoughts on “...”` (lower-cased,
# outer punctuation trimmed) ...
TAIL_OPENERS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        r"^\d+\s+(?:responses?|comments?|replies|antworten|kommentare|commentaires|comentarios)$",
        r"^\d*\s*thoughts? on\b",
    )
)
# ... and the line a comment's author is named on, as written: `Jane Roe says:`.
COMMENT_AUTHOR = re.compile(r"^[^.!?:]{1,40}\s+(?:says|sagt|dit|dice|scrive):$", re.I)


def is_tail_heading(line: str) -> bool:
    """True for a heading that opens a related-articles, read-more or comments tail (a
    comment count; not a `Jane says:` line, which an article may write too)."""
    norm = normalise_line(line)
    return norm in TAIL_HEADINGS or any(p.match(norm) for p in TAIL_OPENERS)


def opens_comments(line: str) -> bool:
    """True for the line a comment thread starts with (`34 responses`, `Jane says:`)."""
    norm = normalise_line(line)
    return any(p.match(norm) for p in TAIL_OPENERS) or bool(
        COMMENT_AUTHOR.match(MENU_BULLET.sub("", line).strip())
    )


def is_comment_mark(line: str) -> bool:
    """True for a line that each comment of a thread carries: its date (`August 22, 2018
    at 5:57 am`) or its author (`Jane says:`)."""
    text = _meta_text(line)
    return bool(text) and (
        bool(COMMENT_AUTHOR.match(text)) or any(p.search(text) for p in DATELINES)
    )


def is_teaser_link(line: str) -> bool:
    """True for an inline teaser such as `Read more: Looted art returns home`."""
    head, colon, _ = normalise_line(line).partition(":")  # no heading holds a colon
    return bool(colon) and (
        head in TAIL_HEADINGS or head.endswith(" ") and head[:-1] in TAIL_HEADINGS
    )


# A date or time on a line of its own, or a page's last-changed stamp: what is left of a web
# page's header and footer once the article is extracted. (Not for plain text: there a date
# line is the wire's dateline, `MONTGOMERY, Ala.` over `1996-08-22`, which says where.)
DATE_STAMP = re.compile(
    r"^(?:(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})(?:,? \d{1,2}[:.]\d{2}(?: uhr)?)?"
    r"|\d{1,2}:\d{2}(?: ?(?:uhr|am|pm))?"
    r"|(?:last (?:modified|updated|changed)|letzte änderung|zuletzt (?:aktualisiert|geändert)|"
    r"stand|dernière mise à jour|última actualización)(?: am| on)?:? \d{1,2}[./ -].*)$",
    re.I,
)


def is_date_stamp(line: str) -> bool:
    """True for a date, a time or a last-changed stamp on a line of its own."""
    return bool(DATE_STAMP.match(normalise_line(line)))


# The wire's credit closing a story in brackets, as the agency prints it under the text
# (`(Reporting by Will Dunham; Editing by Tom Brown)`): part of the article, people named in it.
WIRE_CREDIT_IN_BRACKETS = re.compile(
    r"^\((?:additional )?(?:reporting|writing|editing)( and \w+)? by\b[^()]*\)$", re.I
)


# A short line that speaks to the reader about a subscription or a newsletter (`Join our
# newsletter`, `Please activate your subscription by clicking the link`, `Abonnieren Sie
# unseren Newsletter`): a newsletter box, not news about subscribers (which counts them).
SUBSCRIPTION_PROMPT = re.compile(
    r"^(?=.*\b(?:subscribe|subscribed|subscribers?|subscription|newsletters?|abonnieren|abonniert"
    r"|abonnement|abonnez|suscr[ií]b\w*|suscripci[oó]n|iscriviti|iscrizione|sign up here"
    r"|telegram|whatsapp)\b)"
    r"(?=.*\b(?:you|your|our|du|dein\w*|ihr\w*|unser\w*|vous|votre|vos|notre|nos|tu|tus"
    r"|nuestr\w*|nostr\w*)\b)(?!.*\d)(?:\S+\s+){0,24}\S+$",
    re.I,
)


# A text written twice with nothing between (`Pamela WilsonPamela Wilson`, `Shy owlShy owl`):
# a picture's alt text run into its caption.
GLUED_TWICE = re.compile(r"^(?=.*[^\W\d_]{2})(.{6,})\1$")
MAX_GLUED_CHARS = 400  # a caption's length, twice
# stems the subscription prompt holds one of: tried before the pattern, which is slower
# (`telegram`, `whatsapp`: a channel to join, `Únete a nuestro canal de WhatsApp`)
_SUBSCRIPTION_STEMS = (
    "subscri", "newsletter", "abonn", "suscr", "iscri", "sign up", "telegram", "whatsapp",
)  # fmt: skip


def share_words_only(norm: str) -> bool:
    """True for a line (normalised) made only of a share row's words (`Facebook Twitter
    Email`, `Print`)."""
    words = norm.split()
    return bool(words) and all(w in SHARE_WORDS for w in words)


def is_credited_caption(line: str) -> bool:
    """True for a picture's caption closed by its credit (`The protests kicked off in June
    (Image: GETTY )`, `... equivalent. Credit: ESA`)."""
    norm = normalise_line(line)
    return bool(
        norm.endswith((")", "]"))
        and BOILERPLATE_ENDING.search(norm)
        or ":" in norm
        and CREDIT_ENDING.search(norm)
    )


def is_vocabulary_boilerplate(line: str) -> bool:
    """True for lines that are a known widget, menu or credit label."""
    norm = normalise_line(line)
    if not norm or WIRE_CREDIT_IN_BRACKETS.match(line.strip()):
        return False
    if norm in BOILERPLATE_LINES or norm in LANGUAGE_NAMES or CREDIT_PREFIXES.match(norm):
        return True
    if CAPTION_OPENING.match(line.strip()):
        return True
    if CREDIT_LINE.match(line.strip()) and not line.strip().endswith("."):
        return not _DECIMAL.search(line)  # `Cash flow / shr 0.39 0.41` is a table's row
    if is_tail_heading(line) or is_teaser_link(line):
        return True
    if len(norm.split()) >= 2 and share_words_only(norm):
        return True
    if norm.endswith((")", "]")) and BOILERPLATE_ENDING.search(norm):
        return True
    if ":" in norm and CREDIT_ENDING.search(norm):
        return True
    if line.rstrip().endswith(("]", "|")) and TEASER_KIND.search(line.strip()):
        return True
    if any(w in norm for w in _SUBSCRIPTION_STEMS) and SUBSCRIPTION_PROMPT.match(norm):
        return True
    if len(norm) <= MAX_GLUED_CHARS and GLUED_TWICE.match(norm):
        return True
    return bool(
        _ANY_BOILERPLATE_PREFIX.match(norm)
        or any(w in norm for w in _ANYWHERE_WORDS)
        and _BOILERPLATE_ANYWHERE.search(norm)
    )


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
# A link whose address the site marks as a recirculation teaser (`?itm_campaign=
# BottomRelatedStories`, `?ref=recirc`, `#read-more`): a list of such links is other stories.
RECIRCULATION_LINK = re.compile(
    r"[?&#][^\s\"]*(?:related|recirc|recommend|more-?_?stories|read-?_?more)", re.I
)
MIN_RECIRCULATION_SHARE = 0.8  # of a list's items that hold such a link
# Tokens of hover cards (a person's card shown over a link): the card goes, but not the link
# that shows it nor the wrapper holding that link (`<span class="rollover-people"><a
# class="rollover-people-link">Kristi Noem</a><span class="rollover-people-block">...`)
HOVER_CLASS_TOKENS: frozenset[str] = frozenset("rollover tooltip popover hovercard".split())
# ... unless the element is one of these (the article itself often carries generic classes).
KEEP_CLASS_TOKENS: frozenset[str] = frozenset(
    {"article", "content", "body", "story", "post", "entry", "main", "text", "articlebody"}
)
# Tokens of the classes a page gives its article's lead paragraph (`teaser-text`, `intro`,
# `article-lead`, `entry-excerpt`, French `chapo`, Spanish `entradilla`): the extractor drops
# `teaser` blocks and the `<header>` such a lead may stand in. An editor's standfirst (`dek`,
# `summary`, `standfirst`) is not among them: the aeb truth leaves it out of the article.
LEAD_CLASS_TOKENS: frozenset[str] = frozenset(
    "teaser intro lead leadtext abstract excerpt sapo chapo chapeau entradilla bajada "
    "vorspann".split()
)
# ... unless it is one of these: a lead picture or video, a card, a form's help, a bio
NOT_LEAD_CLASS_TOKENS: frozenset[str] = frozenset(
    "asset video slider card list podcast newsletter advertorial related help form author bio "
    "accordeon accordion".split()
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


# An article's header: the lines that sit under (or just over) a headline on most sites —
# a byline, a date or time, a reading time, a share or comment count. A title-shaped line
# with one of these beside it is the page's headline far more often than a teaser or a
# section label is, whatever the site and language.
_MONTHS = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|januar|februar|märz|mai|juni|"
    r"juli|okt|dez|janv|févr|mars|avr|juin|juil|août|déc|ene|abr|ago|dic|gen|mag|giu|lug|"
    r"ott|янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек)[\w.]*"
)
BYLINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        # `By Jane Doe`, `By` (the name on the next line), `Analysis by ...`, `Von ...`
        r"^(?:(?:analysis|story|words|text|report|opinion) )?(?:by|von|por|par|di|door|av|af)"
        r"(?:\s+\S|\s*$)",
        r"^(?:author|autor|auteur|autore|text|texte|текст|автор)\s*:",
    )
)
DATELINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        # dates: `Nov 20, 2019`, `18 Nov 2019`, `11 октября 2018`, `2018-09-16`, `11/20/19`
        rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b",
        rf"\b\d{{1,2}}\.?\s+{_MONTHS}\s+\d{{4}}\b",
        r"\b\d{4}-\d{2}-\d{2}\b",
        r"\b\d{1,2}/\d{1,2}/\d{2,4}\b",
        # times and ages: `6:38 AM`, `1909 GMT`, `1 day ago`, `vor 2 Stunden`
        r"\b\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)",
        r"\b\d{1,2}[:.]?\d{2}\s+(?:gmt|utc|bst|cet|cest|est|edt|pst|pdt|et)\b",
        r"\b(?:\d+|an?|one)\s+(?:min(?:ute)?s?|hours?|days?|weeks?)\s+ago\b",
        r"^(?:vor|il y a|hace)\s+\d+\s+\w+",
        r"^(?:published|updated|posted|last (?:updated|modified)|veröffentlicht|aktualisiert|"
        r"publié|mis à jour|publicado|actualizado|pubblicato|aggiornato|опубликовано)\b",
        # counts: `197 Shares`, `34 comments`, `5 min read`
        r"^\d[\d,.]*k?\s+(?:shares?|comments?|responses?|kommentare|commentaires|comentarios)$",
        r"^\d+\s+min(?:ute)?s?\s+read\b",
    )
)
# A line telling the reader the story goes on past a gallery, a video or an advertisement
# (`Story continues below gallery`, `Article continues after advertisement`): the text
# after what it announces is the same article.
CONTINUES_BELOW = re.compile(
    r"^(?:the )?(?:story|article|text|report|post) continues (?:below|after)\b"
    r"|^continue reading (?:below|after)\b|^(?:der )?artikel geht (?:unten |nach .{1,30})?weiter"
    r"|^la suite (?:de l'article )?(?:ci-dessous|après)"
    r"|^el artículo (?:continúa|sigue) (?:abajo|debajo|después)",
    re.I,
)
# A row of a calendar or a schedule starts with its date (`March 15 – Australian Grand Prix`,
# `15. März: Saisonstart`, `12/03 Final`).
DATE_LED = re.compile(
    rf"^(?:\d{{1,2}}(?:st|nd|rd|th)?\.?\s*{_MONTHS}|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    r"|\d{1,2}/\d{1,2}\s|\d{1,2}\.\d{1,2}\.(?:\d{2,4})?\s)",  # (`3.5 million` is no date)
    re.I,
)
# A wire story's dateline: the place in capitals, then the date or the agency
# (`BRUSSELS 1996-08-28`, `NEW YORK (Reuters) -`, `MONTGOMERY, Ala.` over a date line).
WIRE_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,4}"
    r"(?:\s+\d{4}-\d\d-\d\d|\s*\((?:Reuters|AP|AFP|dpa)\)\s*[-–—]?"
    r"|,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?(?:\s+\d{4}-\d\d-\d\d)?)\s*$"
)
HEADER_META_MAX_WORDS = 16  # a longer line is a sentence that happens to hold a date


def _meta_text(line: str) -> str:
    """A line without its bullet, or "" when it is too long to be a header's or comment's
    metadata."""
    text = MENU_BULLET.sub("", line).strip()
    return text if len(text.split()) <= HEADER_META_MAX_WORDS else ""


def is_header_meta(line: str) -> bool:
    """True for a byline, or a date, time or count line, of an article's header."""
    text = _meta_text(line)
    return bool(text) and any(p.search(text) for p in (*BYLINES, *DATELINES))


# A menu flattened onto one line (`Latest News Applications OS Channel Programs Cloud ...`):
# many capitalised words, no sentence punctuation and next to none of the small words that
# every sentence and headline needs, in English, German, French, Spanish or Italian.
FUNCTION_WORDS: frozenset[str] = frozenset(
    """
    a an the to of in on at as by for with and or but is are was were be been has have had
    it its this that these those what who how why when she he they we you i will can not
    from into about than after over just more most
    der die das und ist ein eine zu mit von den dem des im auf für nicht sich wie
    le la les un une et est des du au aux pour dans sur par que qui pas
    el los las y es en del por con para se que
    il lo gli di che è per non
    """.split()
)
FLAT_MENU_MIN_WORDS = 15
FLAT_MENU_CAPITALISED = 0.9  # share of its words that start with a capital, at least
FLAT_MENU_MAX_FUNCTION = 0.12  # share of function words, below
# sentence marks, brackets and a leading number: a sentence, or a row of names with their
# countries or clubs (`1 - Yap Kim Hock / Cheah Soon Kit (Malaysia) beat Lee Wan Wah`)
_NOT_MENU_MARKS = re.compile(r"[,:;.!?()]|^\s*\d")


def is_flat_menu(line: str) -> bool:
    """True for a row of menu entries run together on one line."""
    words = line.split()
    if len(words) < FLAT_MENU_MIN_WORDS or _NOT_MENU_MARKS.search(line):
        return False
    alpha = [w for w in words if w[0].isalpha()]
    if not alpha or sum(w[0].isupper() for w in alpha) < FLAT_MENU_CAPITALISED * len(alpha):
        return False
    function = sum(w.lower().strip("'‘’\"") in FUNCTION_WORDS for w in words)
    return function < FLAT_MENU_MAX_FUNCTION * len(words)
