"""The plain-text line classifier and site-template learning."""

from __future__ import annotations

from search.cleaning import templates
from search.cleaning.text import split_text
from search.models import RawDocument

BODY = [
    "The council met on Tuesday to discuss the new budget for schools and hospitals in the city.",
    "Officials said the plan would add two hundred teachers over the next three years.",
    "Critics argued that the money should go to roads instead, citing repeated complaints.",
]


def test_title_body_and_menus_are_told_apart() -> None:
    text = "\n".join(
        [
            "Skip to content",
            "  • Home",
            "  • World",
            "Breadcrumb",
            "Council approves school budget",
            *BODY,
            "Share this article",
            "English",
            "Deutsch",
            "Français",
        ]
    )
    parts = split_text(text)
    assert parts.title == "Council approves school budget"
    assert list(parts.paragraphs) == BODY


def test_boilerplate_inside_the_body_is_dropped() -> None:
    text = "\n".join(
        [
            "Headline of the day",
            BODY[0],
            "Advertisement",
            "[INS::INS]",
            BODY[1],
            "https://example.com/a",
            BODY[2],
        ]
    )
    assert list(split_text(text).paragraphs) == BODY


def test_short_lines_inside_the_article_are_kept() -> None:
    text = "\n".join(["A headline here", BODY[0], "What comes next", BODY[1], BODY[2]])
    assert "What comes next" in split_text(text).paragraphs


def test_no_prose_gives_no_body() -> None:
    assert split_text("Home\nNews\nSport\n").paragraphs == ()


def _doc(path: str, lines: list[str]) -> RawDocument:
    return RawDocument(path=path, content="\n".join(lines), kind="text", content_hash=path)


def test_site_template_lines_are_learnt_across_pages() -> None:
    furniture = "Daily Bugle is the best paper in town and you should read it every single day"
    docs = [_doc(f"/site/{i}.txt", [furniture, f"Story number {i}", BODY[i % 3]]) for i in range(4)]
    learnt = templates.learn(docs)
    template = learnt.for_doc(docs[0])
    assert furniture in template
    assert BODY[0] not in template
    parts = split_text(docs[0].content, template=template)
    assert furniture not in parts.paragraphs


def test_templates_need_several_pages_of_a_site() -> None:
    docs = [_doc(f"/site/{i}.txt", ["Same line everywhere", BODY[0]]) for i in range(2)]
    assert templates.learn(docs).for_doc(docs[0]) == frozenset()


def test_unspaced_cjk_prose_is_found() -> None:
    sentence = (
        "先日、不正に改造した端末を販売したとして、"
        "商標法違反の疑いで男性が逮捕されたというニュースを耳にしました。"
    )
    text = "\n".join(["ホーム", "ニュース", sentence, sentence.replace("先日", "昨日"), "English"])
    parts = split_text(text)
    assert parts.paragraphs == (sentence, sentence.replace("先日", "昨日"))


def test_teaser_headlines_without_full_stops_are_not_prose() -> None:
    teasers = [
        "Why the new budget for schools is bigger than any before it in the city",
        "Ten things you never knew about the council and its many committees",
    ]
    text = "\n".join(["  • Home", "  • News", "Council approves school budget", *BODY, *teasers])
    assert list(split_text(text).paragraphs) == BODY


def test_clean_text_without_furniture_is_kept_whole() -> None:
    lines = ["CRICKET - COUNTY SCORES.", "LONDON 1996-08-30", "Somerset 83 and 174.", "Kent 108-3."]
    parts = split_text("\n".join(lines))
    assert (parts.title, list(parts.paragraphs)) == (lines[0], lines[1:])  # wire: headline


def test_a_list_after_the_lead_is_the_article() -> None:
    from search.cleaning.text import split_text

    rows = [
        "Women's singles",
        "2 - Monica Seles (U.S.) beat Anne Miller (U.S.) 6-0 6-1",
        "Rita Grande (Italy) beat Alexia Dechaume (France) 6-3 6-0",
        "Men's singles",
        "- 3 Thomas Muster (Austria) beat Javier Frana (Argentina) 6-4 6-2",
        "Filippo Veglio (Switzerland) beat Christian Ruud (Norway) 1-6 6",
        "- 2 6-4 6-4",  # the rest of the row above, wrapped
        "Jiri Novak (Czech Republic) beat Ben Ellwood (Australia) 6-2 7-5",
    ]
    lead = (
        "Results of first round matches on Tuesday in the U.S. Open tennis championships at "
        "the National Tennis Centre, where the seeds went through."
    )
    text = "\n".join(
        [
            "Home | News | Sport",
            "TENNIS - RESULTS FROM U.S. OPEN",
            lead,
            *rows,
            "",
            "Share this article",
            "Related: more tennis",
        ]
    )
    parts = split_text(text)
    assert parts.paragraphs[0] == lead
    assert "Jiri Novak (Czech Republic) beat Ben Ellwood (Australia) 6-2 7-5" in parts.paragraphs
    assert "Women's singles" in parts.paragraphs
    assert not any("Share" in p or "Related" in p for p in parts.paragraphs)
    # a heading over the list, a blank line between them (a tour's dates under the story)
    dates = [f"June {d} – Tampa, FL @ Amphitheatre" for d in (9, 10, 14, 17)]
    # a product list: each item's picture and link between the rows, blank lines too
    intro = (
        "Black Friday is here again, and for nostalgic readers we picked the best offers on "
        "toys, films and records that remind us of the years we grew up in."
    )
    items = [f"{n}) Lego Star Wars 7518{n} Bombardiere della Resistenza" for n in (1, 2, 3)]
    shop = []
    for n, item in enumerate(items, start=1):
        shop += [item, f"http://amzn.to/2iJFh{n}", f"[{n}-300x300]", "", ""]
    page = ["Home | News | Sport", "Black Friday offers for nostalgic readers", intro, *shop]
    found = split_text("\n".join(page))
    kept = [found.title, *found.paragraphs]
    assert all(any(p.startswith(item) for p in kept) for item in items[1:])  # past the gaps
    assert not any("300x300" in p for p in kept)  # not the pictures
    head = "TENNIS - RESULTS FROM U.S. OPEN"
    spaced = "\n".join(
        ["Home | News | Sport", head, lead, "", "Tour Dates", "", *dates, "", "Share"]
    )
    assert split_text(spaced).paragraphs == (lead, "Tour Dates", *dates)


OIL_STORY = [
    "Oil prices fell sharply on Tuesday after OPEC ministers meeting in Vienna failed to "
    "agree on output cuts, traders said, as the talks broke up without a date.",
    "Brent crude dropped three percent and analysts said the ministers would meet again "
    "next month to discuss the output cuts once more.",
]


def test_the_headline_is_the_line_the_lead_repeats_not_a_date_or_credit() -> None:
    from search.cleaning.text import split_text

    lines = [
        "Home | World | Business | Sport",
        "Gadgets review: five phones that last a week",  # a sidebar headline
        "Oil prices fall as OPEC ministers fail to agree output cuts",
        "By Jane Smith",
        "Nov. 19, 2019 8:03 am ET",
        "Photograph: John Doe/Getty Images",
        *OIL_STORY,
    ]
    parts = split_text("\n".join(lines))
    assert parts.title == "Oil prices fall as OPEC ministers fail to agree output cuts"


def test_hard_wrapped_paragraphs_are_joined_before_lines_are_judged() -> None:
    from search.cleaning.text import split_text, unwrap

    wrapped = [
        "Scores from the $2.1",
        "million NEC World Series of Golf after the second round was",
        "suspended due to rain on Friday (players U.S. unless noted):",
        "Greg Norman (Australia) through 8",
    ]
    assert unwrap(wrapped) == [
        "Scores from the $2.1 million NEC World Series of Golf after the second round was "
        "suspended due to rain on Friday (players U.S. unless noted):",
        "Greg Norman (Australia) through 8",
    ]
    assert unwrap(["It ended.", "then it began"]) == ["It ended.", "then it began"]
    assert unwrap(["Home", "news"], template={"Home"}) == ["Home", "news"]
    text = "\n".join(
        [
            "Home | News | Sport",
            "GOLF - SCORES AT WORLD SERIES OF GOLF",
            *wrapped[:3],
            "- 5 Paul Goydos through 2 holes",
            "- 4 Greg Norman (Australia) through 8",
            "0 Nick Faldo (Britain) through 5",
            "+1 Ernie Els (South Africa) through 8 holes on a wet course at Firestone",
            "",
            "Share this article",
        ]
    )
    parts = split_text(text)
    assert parts.paragraphs[0].startswith("Scores from the $2.1 million NEC")
    assert "+1 Ernie Els (South Africa) through 8 holes on a wet course at Firestone" in (
        parts.paragraphs
    )  # a row long enough to read as a sentence is still a row
    assert "- 5 Paul Goydos through 2 holes" in parts.paragraphs
    assert not any("Share" in p for p in parts.paragraphs)


def test_a_digest_of_bulleted_sentences_after_the_lead_is_the_article() -> None:
    from search.cleaning.text import split_text

    lead = "These are some of the leading stories in the official Iraqi press on Thursday."
    stories = [
        "- Iraq's President Saddam Hussein meets the chairman of a Russian party.",
        "- Turkish foreign minister says Turkey will take part in the trade fair.",
        "- A shipload of 12 tonnes of rice arrives in Umm Qasr port in the Gulf.",
    ]
    text = "\n".join(
        ["Home | News", "PRESS DIGEST - Iraq", lead, stories[0], "THAWRA", *stories[1:]]
    )
    parts = split_text(text)
    assert all(s in parts.paragraphs for s in stories)
    menu = split_text("\n".join([lead * 3, "- Home", "- News", "- Sport"]))
    assert not any(p.startswith("- ") for p in menu.paragraphs)  # a menu is no digest


LEAD = (
    "Shares of Home Depot fell in early trading on Tuesday after the company cut its forecast "
    "for sales growth this year, citing slower demand for building supplies."
)


def test_the_headline_is_not_a_share_row_a_date_a_breadcrumb_or_a_menu_item() -> None:
    from search.cleaning import rules
    from search.cleaning.text import not_headline, split_text

    assert rules.is_vocabulary_boilerplate("Facebook Twitter Email LinkedIn Reddit Pinterest")
    assert not rules.is_vocabulary_boilerplate("Facebook shares fall")
    assert not_headline("Nov. 20, 2019 Updated: 1:35 a.m.") and not_headline("Nov 18, 2019")
    assert not_headline("Blog > Home Depot > Shares")
    assert not_headline("Give the Gift of Homemade Pear Jam #ad #canning #homemadejam")  # a pin
    assert not not_headline("Why #MeToo changed the office party")
    text = "\n".join(
        [
            "  • Home Depot shares fall",  # a menu item the lead repeats
            "Home Depot shares fall as forecast is cut for the year.",
            "Facebook Twitter Email LinkedIn Reddit Pinterest",
            "Nov 18, 2019",
            LEAD,
            "Home Depot shares fall as forecast is cut for the year.",  # a share box repeats it
            "More stories",
        ]
    )
    assert split_text(text).title == "Home Depot shares fall as forecast is cut for the year."


def test_an_article_run_starting_inside_a_numbered_box_starts_after_it() -> None:
    from search.cleaning.text import split_text

    # a "most read" box: short items above, longer ones where the article's run begins
    box = ["1. Storm closes roads", "2. Mayor resigns"] + [
        f"{i}. A most-read story number {i} that is long enough to read as prose here."
        for i in (3, 4)
    ]
    text = "\n".join(["Most read", *box, LEAD, LEAD.replace("Tuesday", "Monday")])
    parts = split_text(text)
    assert parts.paragraphs[0] == LEAD
    assert not any(p.startswith(("3.", "4.")) for p in parts.paragraphs)


def test_a_headline_quoted_in_a_share_line_or_weakly_repeated_beats_a_byline() -> None:
    from search.cleaning.text import split_text

    headline = "Star Trek 4 eyes Fargo creator to direct the next film"
    text = "\n".join(
        [
            "Menu",
            headline,
            "The fourth film in the rebooted Star Trek series",  # a deck the lead repeats whole
            f"Share All sharing options for: {headline}",
            "After a three-year silence there is news on the fourth film in the rebooted Star "
            "Trek series: the creator of Fargo is in talks to write and direct it, say reports.",
            "More news follows about the fourth film in the Star Trek series, with a director.",
        ]
    )
    assert split_text(text).title == headline
    byline = "\n".join(
        [
            "Advertisement",
            "Opinion",
            "Is Football Violence a Crime?",
            "Randy Maniloff",
            "It was the shot to the head heard round the world, in the closing seconds of a "
            "football game in Cleveland last week.",
            "The quarterback did not suffer a concussion, but the league suspended the player.",
        ]
    )
    assert split_text(byline).title == "Is Football Violence a Crime?"


STORY = [
    "The city council approved a new budget for schools on Tuesday after months of debate.",
    "Teachers and parents had asked for more money for buildings and for books in every class.",
    "The mayor said the budget would be paid for by savings elsewhere in the city's spending.",
]


def test_the_line_over_a_byline_or_date_is_the_headline_not_a_teaser() -> None:
    # a teaser that shares more words with the lead stands above; the headline has the
    # article header under it (a standfirst, then the byline and the date)
    text = "\n".join(
        [
            "Council budget for schools and teachers approved",
            "",
            "  • News",
            "  • Sport",
            "  • Weather",
            "  • Business",
            "  • Culture",
            "",
            "Council approves budget for city schools",
            "",
            "A long debate ends with more money for classrooms",
            "",
            "By Jane Doe",
            "Nov. 19, 2019 8:03 am ET",
            "",
            *STORY,
        ]
    )
    assert split_text(text).title == "Council approves budget for city schools"
    without_header = text.replace("By Jane Doe\n", "").replace("Nov. 19, 2019 8:03 am ET\n", "")
    assert split_text(without_header).title == "Council budget for schools and teachers approved"


def test_a_share_rows_buttons_between_the_headline_and_its_byline_do_not_part_them() -> None:
    share = ["  • Facebook", "  • Twitter", "  • Comments", "  • Print", "  • Email"]
    text = "\n".join(
        [
            "Council budget for schools and teachers approved",
            "",
            "Markets",
            "Opinion",
            "Video",
            "Earnings",
            "Council approves budget for city schools",
            "",
            "A long debate ends with more money for classrooms",
            *share,
            "",
            "By Jane Doe",
            "",
            *STORY,
        ]
    )
    assert split_text(text).title == "Council approves budget for city schools"


def test_a_headline_over_its_byline_is_found_above_a_long_video_carousel() -> None:
    carousel = [
        line
        for n in range(40)
        for line in (f"[wAAACH5BAE{n}]", f"Council clip number {n} shows the budget vote", "")
    ]
    head = ["Council approves budget for city schools", "", "By Jane Doe", ""]
    text = "\n".join([*head, "JUST WATCHED", "", *carousel, *STORY])
    assert split_text(text).title == "Council approves budget for city schools"
    # as far above the article with no byline or date under it: no headline of this article
    far = "\n".join(["Council approves budget for city schools", "", *carousel, *STORY])
    assert split_text(far).title != "Council approves budget for city schools"


def test_a_kicker_in_capitals_or_a_site_name_over_the_byline_is_not_the_headline() -> None:
    text = "\n".join(
        [
            "THE DAILY COURIER",
            "",
            "SCHOOLS AND BUDGET COUNCIL",
            "Council backs school budget",
            "",
            "197 Shares",
            "",
            *STORY,
        ]
    )
    assert split_text(text).title == "Council backs school budget"


def test_a_caption_closed_by_its_credit_is_not_the_headline() -> None:
    text = "\n".join(
        [
            "Council backs the new school budget",
            "",
            "The council chamber on budget day. (Jane Doe/Courier Photo)",
            "",
            "Updated 1909 GMT November 18, 2019",
            "",
            *STORY,
        ]
    )
    assert split_text(text).title == "Council backs the new school budget"


def test_a_menu_run_together_on_one_line_is_furniture() -> None:
    from search.cleaning import rules

    menu = (
        "Latest News Applications OS Channel Programs Cloud Components & Peripherals Data "
        "Center Internet Things Managed Services Mobility Networking Security Storage"
    )
    assert rules.is_flat_menu(menu)
    # a headline written in title case has the small words every sentence needs
    assert not rules.is_flat_menu(
        "Listen To These Petrified Eyewitnesses As A Tornado Tears The Roof Off The Building"
        " Next To Them"
    )
    # nor is a row of names with their countries
    assert not rules.is_flat_menu(
        "1 - Yap Kim Hock / Cheah Soon Kit (Malaysia) beat Lee Wan Wah / Chong Tan Fook Tan"
    )
    parts = split_text("\n".join([menu, "", "Council backs school budget", "", *STORY]))
    assert parts.title == "Council backs school budget"
    assert menu not in parts.paragraphs


def test_header_lines_are_bylines_dates_and_counts() -> None:
    from search.cleaning import rules

    assert rules.is_header_meta("By\xa0Michael Hiltzik")
    assert rules.is_header_meta("By")
    assert rules.is_header_meta("Текст: Лида Буслаева·11 октября 2018")
    assert rules.is_header_meta("Published 2:16 AM EST Nov 20, 2019")
    assert rules.is_header_meta("11/20/19 6:38 AM")
    assert rules.is_header_meta("1 day ago")
    assert rules.is_header_meta("34 Comments")
    assert not rules.is_header_meta("Byzantine art returns to the city museum")
    assert not rules.is_header_meta(STORY[0])


def test_a_caption_said_twice_in_a_row_is_a_carousel_not_the_article() -> None:
    caption = "The mayor speaks to reporters outside the city hall on Monday, November 18, 2019."
    text = "\n".join(
        [
            "Council backs school budget",
            "",
            *STORY[:2],
            "",
            caption,
            caption,
            "",
            STORY[2],
        ]
    )
    parts = split_text(text)
    assert caption not in parts.paragraphs
    assert list(parts.paragraphs) == STORY
    # a headline shown twice is still the headline
    twice = "\n".join(["Council backs school budget", "", "Council backs school budget", *STORY])
    assert split_text(twice).title == "Council backs school budget"
    # the alt text carrying its picture's placeholder, then the caption
    alt = "The mayor speaks to reporters outside the city hall[33622-5947]"
    shown = "\n".join([*STORY[:2], "", alt, "", alt[: alt.index("[")], "", STORY[2]])
    assert list(split_text(shown).paragraphs) == STORY


def test_a_pictures_placeholder_glued_before_a_paragraph_is_no_part_of_it() -> None:
    text = "\n".join(["Council backs school budget", "", f"[council-ph]{STORY[0]}", *STORY[1:]])
    assert list(split_text(text).paragraphs) == STORY
    text = "\n".join(["Council backs school budget", "", f"[sad3][sad]{STORY[0]}", *STORY[1:]])
    assert list(split_text(text).paragraphs) == STORY  # two pictures' names
    noted = "[Editor's note] The story was updated on Monday after the vote was counted."
    assert noted in split_text("\n".join([*STORY, noted])).paragraphs


def test_picture_credits_and_captions_of_several_shapes_are_furniture() -> None:
    from search.cleaning.text import furniture_kind

    for line in (
        "Image copyright Getty Images",
        "Image caption Taylor Swift's seventh album, Lover, is the only one she owns",
        "Sakib Ali/Hindustan Times/Getty Images",
        "Photo by Jason Kempin/Getty Images",
        "Pamela WilsonPamela Wilson",  # alt text run into its caption
        # a caption closed by its credit after its last sentence
        "A reference habitation module for a crewed Mars mission. Credit: ESA",
        "Protesters gather outside the state house. Photo: Meg Kinnard, AP",
        # a copyright notice, a how-to-cite line, a related-links heading
        "This document is subject to copyright. Apart from any fair dealing, no part may be "
        "reproduced without the written permission.",
        "Citation: Hibernating astronauts would need smaller spacecraft (2019, November 18) "
        "retrieved 20 November 2019 from https://science.example/news/2019-11-hibernating",
        "Explore further",
        "Vicente Aguiar loads door trims in Hialeah, Fla. (AP Photo/Alan Diaz, File)",
        "1  /  8",  # a gallery's counter
        "Continue Reading Below",
        "2of4A shopper looks at extension cords at a hardware store in Grass Valley, Calif.",
        "Welcome to our new article page. Tell us what you think about our new look by taking "
        "this survey.",
        "Give Feedback",
        "Tell us what YOU think...",
        "Keith Bradsher contributed reporting from Hong Kong.",
        "Grow into your role with much less stress.Click To Tweet",
        "197 Shares",
        "Buffer",
        "Do you want to be informed of our actions? Sign up here",
        "¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular en este enlace",
        "First-time subscribers also receive a welcome gift with your first order!",
        "05/10/2018 - Publicado por: Clarissa Borba - Categoria: Saúde - Tags: sad veiculo",
        "Posted by Jane Roe in Local news | Filed under: council, schools",
        "Related Tags",
        "Voltar",  # `Back`, in a language of the menu's own
        "Facebook Twitter Google+ Whatsapp",
    ):
        assert furniture_kind(line) == "widget or credit", line
    for line in (
        "The image caption contest drew 300 entries from schools across the county.",
        "The bank tightened its terms. Credit: the lifeblood of small firms, it said, was scarce.",
        "Citation: the court cited a ruling retrieved from the archive.",
        "The panel (a photo/video jury of five) met twice.",
        "2 of 4 shoppers said they would buy extension cords before the shutdown.",
        "The firm said subscribers would see prices rise, and Telegram was not told.",
        "Posted by the council on Monday, the notice listed every category of tax it raises.",
        "Sales Op profit Sales Op profit",  # a table's head, said twice with a space
        "______________________________",
    ):
        assert furniture_kind(line) != "widget or credit", line


def test_a_comment_thread_after_the_article_is_not_the_article() -> None:
    comment = "I completely agree with the mayor, the schools in this city have waited too long."
    thread = ["2 responses", "", "Jane Roe says:", comment]
    text = "\n".join(["Council backs school budget", "", *STORY, *BODY, "", *thread])
    parts = split_text(text)
    assert list(parts.paragraphs) == STORY + BODY
    # a comment count with no comment under it (a byline's) does not end it
    counted = "\n".join(
        ["Council backs school budget", "", *STORY, *BODY[:2], "0 Comments", BODY[2]]
    )
    assert list(split_text(counted).paragraphs) == STORY + BODY
    # a related-stories heading inside the article does not end it
    boxed = "\n".join(["Council backs school budget", "", *STORY[:2], "Related", *STORY[2:]])
    assert list(split_text(boxed).paragraphs) == STORY


def test_a_wire_storys_dateline_and_date_line_stay_in_the_text() -> None:
    text = "\n".join(["Council backs school budget.", "MONTGOMERY, Ala.", "1996-08-22", *STORY])
    parts = split_text(text)
    assert "MONTGOMERY, Ala." in parts.paragraphs and "1996-08-22" in parts.paragraphs


def test_a_dateline_above_the_article_run_opens_the_body() -> None:
    menu = ["  • Home", "  • World", "  • Markets", "Advertisement"]
    text = "\n".join([*menu, "Council backs school budget.", "BRUSSELS 1996-08-28", *STORY, *menu])
    assert split_text(text).paragraphs[0] == "BRUSSELS 1996-08-28"


def test_a_long_bulleted_sentence_inside_the_article_is_kept_but_opens_no_article() -> None:
    item = (
        "- Princeton Lyman, the U.S. envoy, will on Wednesday continue his work in Angola "
        "visiting Bailundo, where he should be received by the leader of the rebel movement."
    )
    follow = (
        "On Tuesday Lyman took part in a meeting of a joint commission where he said the "
        "politicians should advance faster and find a way to cooperate with each other."
    )
    parts = split_text("\n".join(["PRESS DIGEST - ANGOLA", LEAD, "JORNAL DE ANGOLA", item, follow]))
    assert item in parts.paragraphs and follow in parts.paragraphs
    teaser = item.replace("Princeton Lyman", "A photographer")
    alone = split_text("\n".join([teaser, "Home", "News", "Sport", LEAD, follow]))
    assert teaser not in alone.paragraphs  # a bulleted caption above the article stays out


def test_a_results_table_of_a_wire_story_is_its_body() -> None:
    rows = ["1996 1995", "Shr C$0.04 C$0.08", "Net 1,196 2,232", "Cash flow / shr 0.39 0.41"]
    text = "\n".join(["Ulster Petroleums Ltd Q2 net profit falls.", "CALGARY 1996-08-23", *rows])
    assert "Cash flow / shr 0.39 0.41" in split_text(text).paragraphs  # a row, not a credit
    credit = split_text(
        "\n".join([LEAD, "AFP / MARCO BERTORELLO", LEAD.replace("Tuesday", "Monday")])
    )
    assert "AFP / MARCO BERTORELLO" not in credit.paragraphs


def test_a_paragraph_between_a_digests_items_is_kept_with_the_items_after_it() -> None:
    from search.cleaning.text import split_text

    items = [
        "NORTH DAILY",
        "- The cabinet creates five new regions and four new departments as part of the "
        "government's plan to move power away from the capital.",
        "SOUTH POST",
        "- Members of parliament seek higher pay and more benefits.",
        "The speaker of the house, Anna Berg, will meet the president next week to discuss "
        "their request with him.",
        "- The deputy head of the health department says 46 tonnes of meat were seized in "
        "a two-week operation to enforce a ban imposed after an outbreak of fever.",
        "EVENING STAR",
        "- Publisher Tom Lane was released on Wednesday evening after three days in custody "
        "and will appear in court on Thursday morning.",
    ]
    text = "\n".join(
        [
            "PRESS DIGEST - Northland - Aug 29.",
            "These are significant stories in the Northland press on Thursday.",
            "Reuters has not verified these stories and does not vouch for their accuracy.",
            *items,
        ]
    )
    parts = split_text(text)
    assert items[4] in parts.paragraphs  # the paragraph under an item
    assert items[-1] in parts.paragraphs  # and the items after it


def test_wire_copys_first_line_over_its_dateline_is_the_headline() -> None:
    from search.cleaning.text import split_text

    body = [
        "The European Commission on Thursday disagreed with German advice to consumers to "
        "shun British lamb until scientists determine whether it can be transmitted.",
        "Germany's representative to the European Union's committee said it would vote no.",
    ]
    for byline in ([], ["Peter Blackburn"]):
        text = "\n".join(["EU rejects German call to boycott British lamb.", *byline,
                          "BRUSSELS 1996-08-22", *body])  # fmt: skip
        parts = split_text(text)
        assert parts.title == "EU rejects German call to boycott British lamb."
        assert parts.paragraphs[-1] == body[-1]
        assert parts.title not in parts.paragraphs
    untitled = split_text("\n".join(["BRUSSELS 1996-08-22", *body]))
    assert untitled.title != "BRUSSELS 1996-08-22"
    # a dateline of a place alone, under a byline or not; a desk's slug before the headline
    for head in (["EU rejects German call to boycott British lamb.", "BRUSSELS"],
                 ["EU rejects German call to boycott British lamb.", "Peter Blackburn",
                  "BRUSSELS"],
                 ["FARM NEWS - EU rejects German call to boycott British lamb."]):  # fmt: skip
        parts = split_text("\n".join([*head, *body]))
        assert parts.title == head[0] and parts.paragraphs[-1] == body[-1], head
    # a short first sentence over a paragraph is no headline of a clean text
    plain = split_text("\n".join(["The vote was close.", *body]))
    assert plain.title == "" and plain.paragraphs[0] == "The vote was close."


TEASERS = [
    (
        "Bridge repairs to close the river road for a month",
        "By Jane Roe",
        "The work starts on Monday and the council expects the road to reopen before winter.",
    ),
    (
        "Will the library open on Sundays?",
        "by John Doe on November 19, 2019",
        "More than two thousand people signed the petition, the head librarian told reporters.",
    ),
    (
        "Two new bus lines for the northern suburbs",
        "November 18, 2019 at 2:01 pm",
        "The lines will run every ten minutes at peak hours and every half hour in the evening.",
    ),
]


MENU = ["• Home", "• News", "• Sport", "• Weather", "• Contact us"]


def test_a_list_of_other_stories_teasers_after_the_article_is_not_the_article() -> None:
    teasers = [line for teaser in TEASERS for line in teaser]
    text = "\n".join([*MENU, "Council backs school budget", "", *STORY, *BODY, "", *teasers])
    assert list(split_text(text).paragraphs) == STORY + BODY
    # teasers marked by their headline shown twice (a kicker between): the same
    doubled = [ln for head, _, gist in TEASERS for ln in (head, "CITY HALL", head, gist)]
    text = "\n".join([*MENU, "Council backs school budget", "", *STORY, *BODY, "", *doubled])
    assert list(split_text(text).paragraphs) == STORY + BODY


def test_bylines_and_dates_inside_an_article_do_not_end_it() -> None:
    # two teasers are not a list; the article goes on after them
    two = [line for teaser in TEASERS[:2] for line in teaser]
    text = "\n".join([*MENU, "Council backs school budget", "", *STORY, *two, *BODY])
    assert list(split_text(text).paragraphs)[-3:] == BODY
    # a chronology's entries hold dates, but are no teasers' date lines
    chronology = [
        "March 3, 2020 - the first case is confirmed in the city",
        "The schools close for a week while the buildings are cleaned.",
        "March 9, 2020 - the council meets by video",
        "Members vote by email on the budget lines for the spring.",
        "March 12, 2020 - the mayor closes every library and pool",
        "The closures last until the end of the school year in June.",
    ]
    vote = "The vote was eleven to four, with two members absent from the evening meeting."
    text = "\n".join([*MENU, "Council backs school budget", "", *STORY, *BODY, vote, *chronology])
    assert list(split_text(text).paragraphs)[-len(chronology) :] == chronology


def test_wire_copy_keeps_its_short_bulleted_items_and_rows_but_no_bracketed_notes() -> None:
    lines = [
        "PRESS DIGEST - Northland - Aug 25.",
        "[CORRECTED 05:30 GMT]",
        "NORTHTOWN 1996-08-25",
        "These are some of the leading stories in the Northland press on Sunday.",
        "NORTH TIMES",
        "- King to visit Bahrain soon.",
        "- Japanese minister arrives for talks.",
        "Second round",
        "5 - Gabriela Sabatini (Argentina) beat Asa Carlsson (Sweden)",
        "6-1 7-5",
        "[lazy_placeholder]",
    ]
    parts = split_text("\n".join(lines))
    assert parts.title == lines[0]
    assert list(parts.paragraphs) == lines[2:-1]
    # the same short bulleted lines in a page that is no wire copy are a menu
    page = split_text("\n".join(["- Home", "- News", "- Sport", *BODY]))
    assert "- News" not in page.paragraphs


def test_a_row_of_bracketed_icons_or_form_controls_is_a_placeholder() -> None:
    from search.cleaning.text import furniture_kind

    for line in ("[facebook-i]      [twitter-ic]    [share-icon]", "[          ] [Search]"):
        assert furniture_kind(line) == "placeholder"
    assert furniture_kind("[Editor's note] The story was updated on Monday.") is None
    parts = split_text("\n".join([BODY[0], "[facebook-i]  [twitter-ic]  [print-icon]", *BODY[1:]]))
    assert list(parts.paragraphs) == BODY


def test_a_news_agencys_photo_caption_is_furniture_but_a_sentence_about_a_photo_is_not() -> None:
    from search.cleaning.text import furniture_kind

    captions = (
        "In this Dec. 12, 2006, file photo, made available by NASA, astronaut Robert Curbeam "
        "works on the station. (NASA via AP, File)",
        "This March 28, 2017, file photo shows a sign outside the plant in Detroit.",
        "In this photo issued by ITV, the Duke speaks during the interview.",
    )
    for caption in captions:
        assert furniture_kind(caption) == "widget or credit"
    for sentence in (
        "This photo was taken by a neighbour minutes before the fire spread to the roof.",
        "In this case the court ruled that the photo could be published.",
    ):
        assert furniture_kind(sentence) is None


def test_teasers_captions_share_rows_and_comment_forms_of_many_sites_are_furniture() -> None:
    from search.cleaning.text import furniture_kind

    furniture = (
        "Protesters do not want the city to lose its autonomy (Image: GETTY )",
        "SEE MORE:\xa0Protests: 800 students under siege in university",
        "China furious at Macron for protest jibe\xa0[INSIGHT]|",
        "Plague and zoonotic influenza warning: CDC names EIGHT deadly diseases\xa0[WARNING]",
        "Plane passengers quarantined after BUBONIC PLAGUE outbreak [NEWS]",
        "DON'T MISS",
        "PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019",
        "Icon Facebook Icon Twitter Icon LinkedIn Icon Google Plus Icon WhatsApp Icon Email",
        "More articles from Emiliano Bellini",
        "Leave a Reply Cancel reply",
        "Your email address will not be published. Required fields are marked *",
        "Ihre E-Mail-Adresse wird nicht veröffentlicht.",
    )
    for line in furniture:
        assert furniture_kind(line) == "widget or credit", line
    for line in (
        "Google Plus is closing, the company said on Monday.",
        "More than 100 protesters were killed, Amnesty said (citing witnesses).",
        "The ministry's statement said the figures were provisional [AFP].",
    ):
        assert furniture_kind(line) is None, line


def test_a_story_told_in_bulleted_sentences_under_its_headline_is_kept_but_a_menu_is_not() -> None:
    lines = [
        "RESEARCH ALERT - Northco upgraded.",
        "- A research firm said Friday it upgraded Northco to a near-term outperform rating.",
        "- Analyst Jane Roe said she expected consistent 20 percent earnings growth next year.",
        "- The stock closed unchanged at 27, down from a recent high of 30.",
    ]
    parts = split_text("\n".join(lines))
    assert parts.title == lines[0] and list(parts.paragraphs) == lines[1:]
    assert split_text("- Home\n- News\n- Sport\n- Weather\n- Contact us").paragraphs == ()


def test_wire_copy_saved_from_a_web_page_ends_at_its_related_stories() -> None:
    lines = [
        "Council approves flood wall plan.",
        "LONDON (Reuters) -",
        "The council voted on Tuesday to build a new flood wall along the river at last.",
        "Related Coverage",
        "- Floods hit lower town again",
        "- Mayor promises new bridge",
    ]
    assert list(split_text("\n".join(lines)).paragraphs) == lines[1:3]


def test_a_wire_credit_in_brackets_closes_the_story_but_a_bare_credit_line_is_furniture() -> None:
    from search.cleaning.text import furniture_kind

    assert furniture_kind("(Reporting by Will Dunham; Editing by Tom Brown)") is None
    assert furniture_kind("Reporting by Rodrigo Campos; Editing by Nick Zieminski") is not None


def test_form_fields_are_furniture_and_a_comment_form_ends_the_article() -> None:
    from search.cleaning.text import furniture_kind

    for line in (
        "Name * [                              ]",
        "Search for: [                    ] [Go]",
        "[ ]Save my name, email, and website in this browser for the next time I comment.",
        '[ ]I agree that CBS Sports can send me the "Pick Six Newsletter" newsletter.',
    ):
        assert furniture_kind(line) == "form field", line
    assert furniture_kind("[Editor's note] The story was updated on Monday.") is None
    notice = (
        "By submitting this form you agree to the site using your data for the purposes of "
        "publishing your comment."
    )
    form = ["Comment[                          ]", "Name * [            ]", notice]
    text = "\n".join(["Council backs school budget", "", *STORY, *BODY, "", *form])
    assert list(split_text(text).paragraphs) == STORY + BODY


def test_a_newsletter_boxs_own_messages_are_furniture() -> None:
    from search.cleaning.text import furniture_kind

    for line in (
        "Thanks for signing up!",
        "There was an error processing your subscription.",
        "Please check the opt-in box to acknowledge that you would like to subscribe.",
        "Keep an eye on your inbox for the latest sports news.",
        "See All Newsletters",
        "Vielen Dank für Ihre Anmeldung!",
    ):
        assert furniture_kind(line) == "widget or credit", line
    assert furniture_kind("Thanks for signing up to help, the mayor told volunteers.") is None
    for line in (
        "Join our newsletter",
        "Please, fill the form to subscribe to our newsletter",
        "Please activate your subscription by clicking on the activation link inside the email.",
        "Abonnieren Sie unseren Newsletter",
    ):
        assert furniture_kind(line) == "widget or credit", line
    # news about subscribers counts them, and does not speak to the reader
    for line in (
        "Netflix added 5 million subscribers in the quarter, more than analysts expected.",
        "The newspaper said its subscription revenue rose for the first time in a decade.",
    ):
        assert furniture_kind(line) is None, line


def test_a_long_line_after_a_form_field_is_read_in_one_pass() -> None:
    from search.cleaning.text import furniture_kind

    # a pattern of optional parts had backtracked without end over such a line
    line = "Name [     ] " + "a" * 200 + " ["
    assert furniture_kind(line) != "form field"


def test_a_headline_laid_out_beside_another_column_is_its_own_column() -> None:
    lines = [
        "Home",
        "Politics",
        "Oil prices fall as OPEC ministers fail to agree output cuts" + " " * 90 + "Home",
        "Nov. 19, 2019 8:03 am ET",
        *OIL_STORY,
    ]
    parts = split_text("\n".join(lines))
    assert parts.title == "Oil prices fall as OPEC ministers fail to agree output cuts"


def test_a_pictures_alt_text_over_its_credited_caption_is_furniture() -> None:
    lines = [
        STORY[0],
        "",
        "Flooded high street",
        "",
        "Water reached the doors of the shops on Monday (Image: GETTY )",
        "",
        *STORY[1:],
        "",
        "The vote",  # a heading over prose stays
        "",
        "Councillors voted by nine to four to back the plan after a long debate on Monday.",
    ]
    paragraphs = split_text("\n".join(lines)).paragraphs
    assert "Flooded high street" not in paragraphs
    assert "The vote" in paragraphs


def test_a_recipe_keeps_its_introduction_ingredients_and_method_under_its_title() -> None:
    lines = [
        "Home",
        "Recipes",
        "",
        "Lemon drizzle cake",
        "",
        "By Ann Baker",
        "",
        "A lemon drizzle cake is the easiest bake there is, and this one is moist, sharp and "
        "sweet at once.",
        "",
        "Ingredients",
        "",
        "  • 225 g butter, softened",
        "  • 225 g caster sugar",
        "  • 4 eggs",
        "  • 1 lemon, zested",
        "  • 275 g self-raising flour",
        "",
        "Method",
        "",
        " 1. Heat the oven to 180C and line a loaf tin with baking paper.",
        " 2. Beat the butter and sugar until pale, then add the eggs one at a time.",
        " 3. Fold in the flour and zest, spoon into the tin and bake for 45 minutes.",
        "",
        "More recipes",
        "  • Chocolate cake",
        "  • Scones",
        "  • Carrot cake",
    ]
    parts = split_text("\n".join(lines))
    assert parts.title == "Lemon drizzle cake"
    assert parts.paragraphs[0].startswith("A lemon drizzle cake")
    assert "• 4 eggs" in parts.paragraphs and "• 275 g self-raising flour" in parts.paragraphs
    assert parts.paragraphs[-1].startswith("3. Fold in the flour")


def test_a_list_counted_in_units_is_ingredients_but_numbered_menu_entries_are_not() -> None:
    from search.cleaning.rules import QUANTITY_ITEM

    for item in ("1 tsp cinnamon", "1/2 tsp ground cloves", "200 g Mehl", "2 EL Zucker", "½ cup"):
        assert QUANTITY_ITEM.match(item), item
    for item in ("21 Day Fix Hub", "2020 Campaign", "12:30 Report", "3 DHS mistakes", "5 Gold"):
        assert not QUANTITY_ITEM.match(item), item


SIDEBAR = [
    "Most read",
    "",
    "The prime minister said on Tuesday that the government would not change its plans for "
    "the budget, despite pressure from members of his own party who want more on schools.",
    "Shares in the carmaker fell sharply after it warned that profits for the year would be "
    "lower than expected because of weak demand in China and Europe and new models' cost.",
]


def test_a_race_calendar_or_a_league_table_under_its_headline_is_the_article() -> None:
    races = [("March 15", "Australian", "Melbourne"), ("March 22", "Bahrain", "Sakhir"),
             ("April 5", "Vietnam", "Hanoi"), ("April 19", "Chinese", "Shanghai"),
             ("May 3", "Dutch", "Zandvoort"), ("May 10", "Spanish", "Barcelona")]  # fmt: skip
    rows = [f"{day} – {race} Grand Prix, {city}" for day, race, city in races]
    calendar = ["Home", "Sport", "", "Formula 1 calendar 2020: all the race dates", "",
                "By Tom Fast", "", "The season has a record 22 races. Here are the dates.", "",
                *rows, "", *SIDEBAR]  # fmt: skip
    parts = split_text("\n".join(calendar))
    assert parts.title == "Formula 1 calendar 2020: all the race dates"
    assert all(row in parts.paragraphs for row in rows)
    teams = [
        ("Liverpool", 11, 1, 0),
        ("Leicester", 8, 2, 2),
        ("Chelsea", 8, 1, 3),
        ("Manchester City", 7, 2, 3),
        ("Sheffield United", 5, 5, 2),
        ("Wolves", 4, 7, 1),
    ]
    rows = [f"{i}. {t} 12 {w} {d} {lost} {3 * w + d}" for i, (t, w, d, lost) in
            enumerate(teams, 1)]  # fmt: skip
    table = ["Home", "Football", "", "Premier League table after week 12", "",
             "Liverpool stay top after their win at Villa Park.", "", "Pos Team P W D L Pts",
             *rows, "", *SIDEBAR]  # fmt: skip
    parts = split_text("\n".join(table))
    assert parts.title == "Premier League table after week 12"
    assert all(row in parts.paragraphs for row in rows)


def test_a_numbered_list_of_headlines_is_no_table() -> None:
    from search.cleaning.text import _is_list_row

    assert _is_list_row("3. Chelsea 12 8 1 3 25")
    assert _is_list_row("March 15 – Australian Grand Prix, Melbourne")
    assert not _is_list_row("3. Council backs school budget after long debate")
    assert not _is_list_row("Nov. 19, 2019 8:03 am ET")  # a header's date
    assert not _is_list_row("12 34 56")  # no words
    assert _is_list_row("15.03. Saisonstart in Hockenheim")
    assert not _is_list_row("3.5 million people live in the city")  # a decimal, no date


def test_a_story_that_continues_below_a_gallery_is_one_article() -> None:
    gallery = ["Story continues below gallery", "", "1 of 4"]
    for n, name in enumerate(["Ann Lee", "Bob Ray", "Cy Tan", "Di Moe"]):
        gallery += ["", f"[5dd41099{n}]", f"{name} Submitted photo"]
    rest = [
        "A search of the second car found thirty grams of methamphetamine under the seat, the "
        "police said, and its driver was taken to the county jail on Monday night.",
        "All four are due in court next week, where prosecutors will ask for them to be held "
        "without bail until trial, a spokesman for the county prosecutor said.",
    ]
    head = ["Home", "Local News", "", "Police arrest four in drug inquiry", "", "By Staff", ""]
    lines = [*head, STORY[0], "", STORY[1], "", *gallery, "", *rest, "", "Most read", "• Weather"]
    paragraphs = split_text("\n".join(lines)).paragraphs
    assert paragraphs[0] == STORY[0] and paragraphs[-1] == rest[-1]
    assert "Story continues below gallery" in paragraphs
    assert not any("Submitted photo" in p or p == "1 of 4" for p in paragraphs)


def test_every_vocabulary_pattern_searched_anywhere_names_a_word_it_is_guarded_by() -> None:
    from search.cleaning import rules

    for pattern in rules.BOILERPLATE_PREFIXES:
        if not pattern.pattern.startswith("^"):
            assert any(w in pattern.pattern for w in rules._ANYWHERE_WORDS), pattern.pattern


def test_a_person_card_written_into_a_sentence_is_cut_from_it() -> None:
    from search.cleaning.text import _without_hover_cards

    line = (
        "He threatened to kill Rep. Ilhan Omar[omarilhan_111]Ilhan OmarHillicon Valley: "
        "Progressives oppose funding bill | Senators call for 5G coordinator MORE (D-Minn.), "
        "the U.S. Attorney's Office said."
    )
    assert _without_hover_cards(line) == (
        "He threatened to kill Rep. Ilhan Omar (D-Minn.), the U.S. Attorney's Office said."
    )
    card = "Gov. Kristi Noem[noemkristi_03]Kristi Lynn NoemSouth Dakota drops pipeline law MORE (R)"
    assert _without_hover_cards(card) == "Gov. Kristi Noem (R)"
    assert _without_hover_cards("by Anna Lee[al]Anna Lee, the mayor") == "by Anna Lee, the mayor"
    for kept in ("The price [ps4] of one", "Typing on the new keyboard[33622-5947]Typing"):
        assert _without_hover_cards(kept) == kept


def test_a_rule_of_signs_between_blocks_is_no_paragraph() -> None:
    from search.cleaning import clean

    story = [
        "Rivers rose across the valley overnight and crews moved families to the school.",
        "━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━",
        "The mayor said repairs to the old flood wall would begin as soon as the water fell.",
        "* * *",
        "Residents had warned for years that the wall was too low for a storm of this size.",
    ]
    article = clean(
        RawDocument(path="a.txt", content="\n".join(story), kind="text", content_hash="a")
    )
    assert "━" not in article.body and "* * *" not in article.body
    assert "mayor said repairs" in article.body and "too low for a storm" in article.body
    # a record's own text is the user's, kept as written
    record = RawDocument(
        path="r", content="Text.\n* * *\nMore.", kind="record", content_hash="r", title="T"
    )
    assert "* * *" in clean(record).body
