"""HTML cleaning: structural pre-pass, extraction, metadata, post-pass, broken pages."""

from __future__ import annotations

from search.cleaning import clean, normalise_date
from search.cleaning.html import split_html
from search.models import RawDocument

PARAS = [
    "The river burst its banks overnight, flooding dozens of homes in the lower town.",
    "Emergency crews worked until dawn to move families to the school gymnasium nearby.",
    "The mayor said repairs to the old flood wall would begin as soon as the water fell.",
    "Residents had warned for years that the wall was too low for a storm of this size.",
]

PAGE = f"""<!doctype html><html lang="en"><head><title>Floods hit lower town | The Courier</title>
<meta property="og:title" content="Floods hit lower town">
<meta property="og:site_name" content="The Courier">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<ol class="breadcrumb"><li>Home</li><li>Local news</li></ol>
<ul class="language-menu"><li><a hreflang="fr" href="/fr">Français</a></li>
<li><a hreflang="de" href="/de">Deutsch</a></li>
<li><a hreflang="es" href="/es">Español</a></li></ul>
<article><h1>Floods hit lower town</h1>
{"".join(f"<p>{p}</p>" for p in PARAS)}
<div class="share-buttons"><a href="#">Share on Facebook</a><a href="#">Tweet</a></div>
<p>Advertisement</p>
</article>
<aside class="related"><h2>Related</h2><a href="/a">Another flood story in a nearby town</a></aside>
<footer>Copyright 2024 The Courier. All rights reserved.</footer>
</body></html>"""


def test_page_keeps_article_and_metadata_and_drops_furniture() -> None:
    parts = split_html(PAGE, url="https://courier.example/floods")
    body = "\n".join(parts.paragraphs)
    for paragraph in PARAS:
        assert paragraph in body
    for furniture in (
        "Local news",
        "Français",
        "Share on Facebook",
        "Advertisement",
        "Another flood story",
        "All rights reserved",
    ):
        assert furniture not in body
    assert parts.title == "Floods hit lower town"
    assert parts.published == "2024-03-05"
    assert parts.byline == "Jane Reporter"
    assert parts.source == "The Courier"


def test_broken_html_still_gives_text() -> None:
    broken = "<html><body><div><p>" + PARAS[0] + "<p>" + PARAS[1] + "<div><b>unclosed"
    parts = split_html(broken)
    assert PARAS[0] in "\n".join(parts.paragraphs)


def test_clean_uses_url_as_id_and_host_as_fallback_source() -> None:
    raw = RawDocument(
        path="/tmp/x.html",
        content=PAGE.replace("The Courier", ""),
        kind="html",
        content_hash="h",
        url="https://www.courier.example/floods",
    )
    article = clean(raw)
    assert article.id == "https://www.courier.example/floods"
    assert article.source == "courier.example"


def test_dates_are_normalised() -> None:
    assert normalise_date("2024-03-05T10:00:00Z") == "2024-03-05"
    assert normalise_date("26-FEB-1987 15:01:01.79") == "1987-02-26"
    assert normalise_date("March 5, 2024") == "2024-03-05"
    assert normalise_date("2024-13-40") is None
    assert normalise_date("yesterday") is None


def test_related_tail_is_cut_at_its_heading() -> None:
    tail = "<h3>Auch interessant</h3><p>Ein anderer Artikel über Hochwasser</p>"
    page = PAGE.replace("<p>Advertisement</p>", tail)
    body = "\n".join(split_html(page).paragraphs)
    assert PARAS[-1] in body
    assert "Auch interessant" not in body and "anderer Artikel" not in body


def test_body_split_around_ads_is_joined() -> None:
    first = "".join(f"<p>{p}</p>" for p in PARAS[:2])
    second = "".join(f"<p>{p}</p>" for p in PARAS[2:])
    page = (
        "<html><head><title>Floods</title></head><body><main>"
        f'<div class="article__body">{first}</div>'
        '<div class="ad"><span>Advertisement</span></div>'
        f'<div class="article__body">{second}</div></main></body></html>'
    )
    body = "\n".join(split_html(page).paragraphs)
    for paragraph in PARAS:
        assert paragraph in body


def test_wire_credit_lines_are_not_the_article() -> None:
    from search.cleaning import rules

    assert rules.is_vocabulary_boilerplate("Reporting by Dan Grebler; Editing by Nick Zieminski")
    assert rules.is_vocabulary_boilerplate(
        "Associated Press writers Alan Fram and Colleen Long contributed to this report."
    )
    assert not rules.is_vocabulary_boilerplate(
        "The report was contributed by officials to this inquiry, the minister said."
    )


def test_a_hover_card_inside_a_link_and_prompts_to_share_are_dropped() -> None:
    card = (
        '<span class="rollover-people-block"><a class="name" href="/people/jane">Jane Mayor</a>'
        '<a href="/x">Mayor doubles down on the flood wall</a></span>'
    )
    first = PARAS[0].replace("homes", f'homes near <a href="/people/jane">Jane Mayor</a>{card}')
    page = PAGE.replace(f"<p>{PARAS[0]}</p>", f"<p>{first}</p>").replace(
        "<p>Advertisement</p>",
        "<p>Like this story? Share it with a friend!</p>"
        "<p>Also on courier.example Storm warnings for the coast as the river rises again</p>",
    )
    body = "\n".join(split_html(page, url="https://courier.example/floods").paragraphs)
    assert "doubles down" not in body
    assert "Jane Mayor" in body
    assert "Like this story" not in body
    assert "Storm warnings" not in body
    for paragraph in PARAS[1:]:
        assert paragraph in body


def test_the_link_a_hover_card_is_shown_over_stays_in_its_sentence() -> None:
    wrapped = (
        '<span class="rollover-people"><a class="rollover-people-link" href="/people/jane">'
        'Jane Mayor</a><span class="rollover-people-block"><span class="rollover-block">'
        '<a class="name" href="/people/jane">Jane Q. Mayor</a>'
        '<a href="/x">Mayor doubles down on the flood wall</a></span></span></span>'
    )
    first = PARAS[0].replace("homes", f"homes near {wrapped}")
    page = PAGE.replace(f"<p>{PARAS[0]}</p>", f"<p>{first}</p>")
    body = "\n".join(split_html(page, url="https://courier.example/floods").paragraphs)
    assert "homes near Jane Mayor" in body
    assert "doubles down" not in body and "Jane Q. Mayor" not in body


def test_dates_alone_last_changed_stamps_and_bracketed_notes_are_furniture() -> None:
    from search.cleaning import rules

    for line in ("23.10.2018", "19:49", "2022-01-27", "Letzte Änderung 14.02.2019"):
        assert rules.is_date_stamp(line), line
    for line in ("(Alle Angaben ohne Gewähr)", "Quellenangaben:"):
        assert rules.is_vocabulary_boilerplate(line), line
    for line in ("286,35 €", "Stand der Technik ist das neue Werk", "(Reuters) The council met."):
        assert not rules.is_vocabulary_boilerplate(line) and not rules.is_date_stamp(line), line


def test_a_layout_box_named_for_its_sidebar_keeps_the_article_it_holds() -> None:
    article = "".join(f"<p>{p}</p>" for p in PARAS)
    menu = "".join(f'<li><a href="/{n}">Section {n}</a></li>' for n in range(200))
    page = (
        "<html><head><title>Floods hit lower town</title></head><body>"
        f"<ul>{menu}</ul>"
        '<div class="container right-sidebar"><div id="main"><article>'
        f"<h1>Floods hit lower town</h1>{article}</article></div>"
        '<div class="widget"><a href="/x">Another story from the county</a></div></div>'
        "</body></html>"
    )
    body = "\n".join(split_html(page).paragraphs)
    for paragraph in PARAS:
        assert paragraph in body


def test_the_sites_own_teasers_in_several_languages_are_furniture() -> None:
    from search.cleaning import rules

    for line in ("Auch auf gofeminin.de", "Mehr zum Thema auf UEPO.de", "Also on rt.com Floods"):
        assert rules.is_vocabulary_boilerplate(line), line
    assert not rules.is_vocabulary_boilerplate("Also on Monday, the council met again.")


def test_the_pre_pass_drops_an_unclassed_language_menu_and_keeps_the_main_box() -> None:
    import lxml.html

    from search.cleaning.html import strip_boilerplate

    page = lxml.html.fromstring(
        "<html><body><div><p><a hreflang='fr' href='/fr'>Français</a> "
        "<a hreflang='de' href='/de'>Deutsch</a></p></div>"
        "<div class='page sidebar-wrap'><div id='content'><p>"
        + " ".join(PARAS)
        + "</p></div></div><div class='sidebar'><p>Most read today</p></div></body></html>"
    )
    strip_boilerplate(page)
    text = page.text_content()
    assert "Français" not in text and "Most read today" not in text
    assert all(p in text for p in PARAS)


def test_a_teaser_link_is_a_tail_heading_before_a_colon_not_the_heading_alone() -> None:
    from search.cleaning import rules

    assert rules.is_teaser_link("Read more: Looted art returns home")
    assert rules.is_teaser_link("• READ MORE : Looted art returns home")
    assert not rules.is_teaser_link("Read more")
    assert not rules.is_teaser_link("Read more about the looted art: it returns home")


def test_sibling_prose_modules_are_one_block_but_link_lists_stay_apart() -> None:
    import lxml.html

    from search.cleaning.html import merge_prose_modules

    prose = " ".join(PARAS)
    links = " ".join(f"<a href='/{i}'>{p}</a>" for i, p in enumerate(PARAS))
    page = lxml.html.fromstring(
        "<html><body><div id='w'>"
        f"<div class='m'><p>{prose}</p></div><div class='x'><p>Between</p></div>"
        f"<div class='m'><p>{prose}</p></div>"
        f"<div class='t'><p>{links}</p></div><div class='t'><p>{links}</p></div>"
        "</div></body></html>"
    )
    merge_prose_modules(page)
    wrapper = page.get_element_by_id("w")
    assert [c.get("class") for c in wrapper] == ["m", "x", "t", "t"]
    assert wrapper[0].text_content().count(PARAS[0]) == 2


def test_advertising_disclaimers_are_furniture_but_advertising_news_is_not() -> None:
    from search.cleaning import rules

    for line in (
        "NOTE: The advertising disclaimer below does not apply to this article.",
        "Advertising disclosure: We may receive compensation for some links.",
    ):
        assert rules.is_vocabulary_boilerplate(line), line
    assert not rules.is_vocabulary_boilerplate("Advertising spending rose by 4% this year.")


def test_a_short_post_in_the_main_content_is_the_article_not_the_sidebar() -> None:
    post = "„Ich weiß, ich bin müde.“ – „Dann sag es nicht.“"
    tweets = "".join(f"<li>{p}</li>" for p in PARAS)
    page = (
        "<html><head><title>Nichts tun</title></head><body><div id='wrapper'>"
        f"<div id='content'><div class='post hentry'><h2>Nichts tun</h2><p>{post}</p></div>"
        f"</div><div id='sidebar'><ul class='tweets'>{tweets}</ul></div></div>"
        f"<footer>{' '.join(PARAS * 2)}</footer></body></html>"
    )
    body = "\n".join(split_html(page).paragraphs)
    assert post in body and PARAS[0] not in body


def test_a_headline_repeating_the_title_less_its_site_name_is_not_body_text() -> None:
    from search.cleaning.html import repeats_title

    title = "‘The Medium is the Message’: a light festival | Inexhibit"
    assert repeats_title("'The Medium is the Message': a light festival", title)
    assert repeats_title("NASA adds five companies", "NASA adds five companies - SpaceNews.com")
    assert not repeats_title("Photos", "Photos of the storm - The Courier")
    assert not repeats_title(
        "NASA adds", "NASA adds - five companies to a long lunar programme list"
    )
    page = PAGE.replace("<title>Floods hit lower town | The Courier</title>", "").replace(
        '<meta property="og:title" content="Floods hit lower town">',
        '<meta property="og:title" content="Floods hit lower town | The Courier">',
    )
    parts = split_html(page)
    assert parts.paragraphs[0] == PARAS[0]


def test_a_lead_written_loose_beside_the_paragraphs_is_kept_and_a_tip_tagline_is_not() -> None:
    lead = "The council voted on Tuesday to build a new flood wall along the river, at last."
    page = (
        "<html><head><title>Council approves flood wall</title></head><body><main>"
        f'<div class="content">{lead}<br><br>'
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "<p><em>Have a tip? Send it to tips@courier.example.</em></p>"
        "</div></main></body></html>"
    )
    paragraphs = split_html(page).paragraphs
    assert paragraphs[0] == lead
    assert list(paragraphs[1:]) == PARAS


def test_loose_text_is_wrapped_only_beside_paragraphs_and_only_when_long() -> None:
    from lxml import html as lxml_html

    from search.cleaning.html import wrap_loose_text

    tree = lxml_html.fromstring(
        "<div><div id='a'>Short note <b>here</b><p>A paragraph.</p>"
        "A loose run of text that is <a href='#'>long enough</a> to be a paragraph.<br></div>"
        "<div id='b'>No paragraph here, only a long enough run of loose text words.</div></div>"
    )
    wrap_loose_text(tree)
    a = tree.get_element_by_id("a")
    assert [p.text_content() for p in a.findall("p")] == [
        "A paragraph.",
        "A loose run of text that is long enough to be a paragraph.",
    ]
    assert a.text == "Short note " and tree.get_element_by_id("b").find("p") is None


def test_an_inline_tag_wrapping_a_table_is_a_block_not_loose_text() -> None:
    from lxml import html as lxml_html

    from search.cleaning.html import wrap_loose_text

    tree = lxml_html.fromstring(
        "<div><p>Technical data of the car we drove for a week.</p><span class='table'>"
        "<table><tr><td>Engine power in kilowatts</td><td>132</td></tr>"
        "<tr><td>Top speed in kilometres an hour</td><td>187</td></tr></table></span></div>"
    )
    wrap_loose_text(tree)
    assert len(tree.findall("p")) == 1 and tree.find("span/table") is not None


def test_a_caption_or_a_line_of_links_beside_the_paragraphs_is_not_wrapped() -> None:
    from lxml import html as lxml_html

    from search.cleaning.html import wrap_loose_text

    tree = lxml_html.fromstring(
        "<div><p>The protests began in June and have grown ever since, police said.</p>"
        "<span class='newsCaption'>China has warned it will take control of the city "
        "<span class='caption'>(Image: GETTY)</span></span>"
        "<small>January 13, 2020 | categories: <a href='#'>Python</a>, <a href='#'>Mercurial "
        "Releases and News</a> | <a href='#'>View Comments on this post</a></small></div>"
    )
    wrap_loose_text(tree)
    assert len(tree.findall("p")) == 1


def test_a_tables_rule_and_empty_rows_are_not_text_but_its_rows_are() -> None:
    rows = "".join(
        f"<tr><td>{a}</td><td>{b}</td></tr>"
        for a, b in [("Engine power in kilowatts", "132"), ("", ""), ("Top speed", "187 km/h")]
    )
    page = (
        "<html><head><title>Test drive</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + f"<table><tr><th>Measure</th><th>Value</th></tr>{rows}</table></article></body></html>"
    )
    paragraphs = split_html(page).paragraphs
    assert not [p for p in paragraphs if p.startswith("|") and not any(c.isalnum() for c in p)]
    assert any("Engine power in kilowatts" in p for p in paragraphs)


LEAD = "Storm water flooded the lower town overnight and families spent the night in a school."


def _lead_page(lead_html: str, teasers: str = "") -> str:
    return f"""<html><head><title>Floods hit lower town</title></head><body>
<div class="news news-single"><header><h1>Floods hit lower town</h1>{lead_html}</header>
<div class="news-text-wrap">{"".join(f"<p>{p} {p}</p>" for p in PARAS)}</div></div>
{teasers}<footer>Copyright 2024 The Courier.</footer></body></html>"""


def test_a_lead_classed_as_a_teaser_or_set_in_the_header_is_the_articles_first_paragraph() -> None:
    for lead_html in (
        f'<div class="teaser-text" itemprop="description"><p>{LEAD}</p></div>',
        f'<p class="article-lead">{LEAD}</p>',
    ):
        parts = split_html(_lead_page(lead_html))
        assert parts.paragraphs[0] == LEAD, lead_html
        assert PARAS[0] in parts.paragraphs[1]


def test_a_lead_picture_or_a_list_of_teasers_is_not_moved_into_the_article() -> None:
    caption = "The flooded high street seen from the church tower on Monday morning, as rain fell."
    parts = split_html(_lead_page(f'<div class="lead-asset"><p>{caption}</p></div>'))
    assert caption not in parts.paragraphs
    teaser = '<div class="teaser"><p class="teaser-text">{}</p><p>{}</p></div>'
    other = "A bridge in the next valley was closed for repairs after the storm damaged it badly."
    teasers = "".join(
        teaser.format(other.replace("A bridge", f"Bridge {n}"), PARAS[0] * 2) for n in range(3)
    )
    parts = split_html(_lead_page("", teasers))
    assert not any("Bridge 1" in p for p in parts.paragraphs)


def test_text_after_a_moved_lead_stays_where_it_was() -> None:
    from lxml import html as lxml_html

    from search.cleaning.html import free_leads

    words = " ".join(["word"] * 30)
    tree = lxml_html.fromstring(
        f'<div><header><p class="lead">{LEAD}</p>Loose words after the lead.</header>'
        f"<div><p>{words}</p></div></div>"
    )
    free_leads(tree)
    header = tree.find(".//header")
    assert header is not None and "Loose words after the lead." in header.text_content()
    assert tree.find(".//div/p[@class='lead']") is not None


def test_markup_the_date_reader_fails_on_costs_the_date_not_the_page() -> None:
    # a tree rooted in an <svg>: htmldate's pruning asserts on dropping it
    page = (
        "<svg class=lead><div role=main><p>The river burst its banks overnight, flooding "
        "dozens of homes in the lower town.</p></div><footer id=content>x</footer></svg>"
    )
    parts = split_html(page, url="https://courier.example/floods")
    assert parts.paragraphs == (
        "The river burst its banks overnight, flooding dozens of homes in the lower town.",
    )
    assert parts.published is None and parts.url == "https://courier.example/floods"


def test_a_list_of_links_the_site_marks_as_recirculation_is_other_stories() -> None:
    related = "".join(
        f'<li>{lead} <a href="https://courier.example/{n}?itm_campaign=BottomRelatedStories">'
        f"{rest}</a></li>"
        for n, (lead, rest) in enumerate(
            [
                ("YouTubers must unionize,", "no matter what Google says"),
                ("Paid political ads are not the problem.", "Our perceptions are"),
                ("Could an astronaut lost in space", "use gravity to get around"),
            ]
        )
    )
    sources = "".join(  # the same shape, links without the mark: the article's own list
        f'<li>{lead} <a href="https://courier.example/report-{n}">{rest}</a></li>'
        for n, (lead, rest) in enumerate(
            [
                ("The council published", "its flood report on Monday"),
                ("The river authority had issued", "a warning on Sunday night"),
                ("The school board met", "in the gymnasium at noon"),
            ]
        )
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAS)
    page = (
        f"<html><body><article><h1>Floods</h1>{paragraphs}<ul>{sources}</ul>"
        f"<p>More great stories</p><ul>{related}</ul></article></body></html>"
    )
    body = "\n".join(split_html(page).paragraphs)
    assert "YouTubers" not in body and "astronaut" not in body
    assert "its flood report on Monday" in body and PARAS[-1] in body


def test_the_lines_of_a_table_cell_stay_lines_but_a_value_of_two_lines_stays_one() -> None:
    names = ["Elliot Ackerman", "Saladin Ambar, Rutgers University", "Martin Amis", "Kamel Daoud"]
    column = "<br />\n".join(
        f"<strong>{n.split(',')[0]}</strong>{n[len(n.split(',')[0]) :]}" for n in names
    )
    value = "Sidama Coffee Farmers<br>Cooperative Union<br><br>"
    page = (
        "<html><head><title>An open letter</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + f"<table><tr><td>{column}</td><td>{value}</td></tr></table>"
        + "".join(f"<p>{p}</p>" for p in PARAS[:2])
        + "</article></body></html>"
    )
    lines = [line for p in split_html(page).paragraphs for line in p.split("\n")]
    for name in names:
        assert any(line.strip(" |").startswith(name) for line in lines), name
    text = "\n".join(lines)
    assert "Sidama Coffee Farmers Cooperative Union" in text  # two lines: a value, one line
    assert "\u241e" not in text
