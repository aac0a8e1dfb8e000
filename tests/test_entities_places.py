"""A place name means a country only with support."""

from __future__ import annotations

from search.entities import extract
from search.models import Article


def _codes(body: str, title: str = "") -> set[str]:
    article = Article(id="a", path="a", title=title, body=body, content_hash="h")
    return {c.code for c in extract(article).countries}


def test_a_small_city_alone_is_not_its_country() -> None:
    body = "Newcastle beat Chelsea 2-1 on Saturday, and the manager said they played well."
    assert "AU" not in _codes(body)


def test_a_city_is_its_country_when_corroborated() -> None:
    assert "AU" in _codes("Newcastle and Melbourne had storms as Australia braced for more.")
    assert "US" in _codes("He grew up in Davenport, Iowa, and moved to work in the mills.")


def test_a_big_city_stands_on_its_own() -> None:
    assert "FR" in _codes("The talks in Paris ended late on Tuesday without a deal.")


def test_a_place_that_is_part_of_a_persons_name_is_not_a_country() -> None:
    body = (
        "Lindsay Davenport won her match on Monday. Davenport said she felt strong, and "
        "Victoria Beckham watched from the stands."
    )
    codes = _codes(body)
    assert "US" not in codes and "HK" not in codes


def test_a_city_named_as_a_team_is_no_place() -> None:
    body = (
        "Chelsea want to sign the Barcelona striker before Christmas. The Barcelona manager "
        "said the player would stay."
    )
    assert "ES" not in _codes(body)


def test_a_city_the_batch_has_seen_playing_is_a_team_beside_another_team() -> None:
    from search.entities import extract_many

    def article(i: int, body: str) -> Article:
        return Article(id=str(i), path=str(i), title="", body=body, content_hash=str(i))

    bodies = [
        "Chelsea manager Jose Mourinho says his side will take on Barcelona on Wednesday.",
        "Chelsea and Barcelona drew 1-1 in the first leg, and the return is next week.",
        "The architecture of Barcelona drew visitors from across Europe this summer.",
    ]
    found = [
        {c.code for c in e.countries}
        for e in extract_many([article(i, b) for i, b in enumerate(bodies)])
    ]
    assert "ES" not in found[0] and "ES" not in found[1]
    assert "ES" in found[2]  # the city, where no team plays


def test_cities_the_batch_has_seen_playing_are_places_where_no_team_plays() -> None:
    from search.entities import extract_many

    bodies = [
        "Tokyo beat Paris 3-1 in the final, and Sydney will take on Tokyo next.",
        "Paris drew with Sydney on Sunday; Tokyo face Paris again in the spring.",
        "Key stock market moves at 1600 GMT:\nTOKYO 20,712.34 - 1.2\n"
        "PARIS 2,011.41 + 0.3\nSYDNEY 2,241.90 - 0.1\nMarkets were quiet.",
        "Ronaldo, who left to play for Barcelona, scored twice as PSV won at Volendam.",
    ]
    articles = [
        Article(id=str(i), path=str(i), title="", body=b, content_hash=str(i))
        for i, b in enumerate(bodies)
    ]
    found = [{c.code for c in e.countries} for e in extract_many(articles)]
    assert {"JP", "FR"} <= found[2]  # a markets table, not a fixture list
    assert "ES" not in found[3]  # `play for`: a team


def test_a_state_named_like_a_country_is_the_state_beside_its_country() -> None:
    assert _codes("Voters in Atlanta, Georgia, and across the US went to the polls.") == {"US"}
    assert "GE" in _codes("Georgia and Russia signed a gas deal in Tbilisi on Monday.")


def test_a_country_in_a_results_lists_column_of_clubs_is_a_club() -> None:
    scorers = (
        "Leading goalscorers in the French first division after Saturday's matches:\n"
        "3 - Anto Drobnjak (Bastia), Xavier Gravelaine (Marseille).\n"
        "2 - Miladin Becanovic (Lille), Enzo Scifo (Monaco), Vladimir Smicer (Lens).\n"
    )
    assert "MC" not in _codes(scorers)
    # a column of countries keeps them
    players = (
        "Results of the tournament on Sunday:\n"
        "Ong Ewe Hock (Malaysia) beat Indra Wijaya (Indonesia) 15-1 15-7\n"
        "Zhang Ning (China) beat Marlene Thomsen (Denmark) 11-7 11-8\n"
    )
    assert {"MY", "ID", "CN", "DK"} <= _codes(players)


def test_a_country_among_clubs_in_score_lines_is_a_club_and_national_sides_are_countries() -> None:
    league = (
        "Summaries of French first division matches on Wednesday:\n"
        "Bastia 0 Lille 0\n"
        "Cannes 0 Monaco 2\n"
        "Lyon 2 Nancy 0\n"
    )
    assert "MC" not in _codes(league)
    internationals = (
        "Results of World Cup qualifiers on Saturday:\nItaly 3 Moldova 1\nWales 2 San Marino 0\n"
    )
    assert {"IT", "MD", "SM"} <= _codes(internationals)


def test_an_ambiguous_country_name_alone_mid_sentence_is_the_country() -> None:
    results = "Marcelo Rios (Chile) beat Kenneth Carlsen (Denmark) 6-3 6-2 in the second round."
    assert "CL" in _codes(results)
    assert "JO" not in _codes("Michael Jordan scored 30 points as the Bulls won again.")
    assert "TD" not in _codes("Chad Johnson caught two passes in the second half.")
    assert "IL" not in _codes("Police stopped reporters from entering a pro-Israel rally.")


def test_an_ambiguous_country_name_that_is_a_persons_name_here_is_not_the_country() -> None:
    body = (
        "Jordan Henderson captained the side on Saturday, and the coach said that he and "
        "Jordan had spoken before the game."
    )
    assert "JO" not in _codes(body)


def test_cities_and_clubs_competing_in_results_are_teams() -> None:
    baseball = (
        "Major League Baseball results on Wednesday:\n"
        "Toronto 6 Kansas City 2\n"
        "San Diego 7 Montreal 2\n"
        "Texas 10 Cleveland 8\n"
    )
    assert "CA" not in _codes(baseball)
    with_scorers = (
        "French league summaries:\n"
        "Guingamp 2 (Wreh 15th, 42nd) Monaco 1 (Scifo 35th).\n"
        "Bastia 0 Lille 0.\n"
        "Cannes 1 (Durix 10th) Lyon 2 (Caveglia 50th, 60th).\n"
    )
    assert "MC" not in _codes(with_scorers)
    grid = (
        "Grid positions for the Belgian Grand Prix:\n"
        "1. Jacques Villeneuve (Canada) Williams 1:50.574\n"
        "2. Damon Hill (Britain) Williams 1:50.980\n"
        "3. Martin Brundle (Britain) Jordan 1:52.977\n"
        "4. Eddie Irvine (Britain) Ferrari 1:53.043\n"
        "5. Rubens Barrichello (Brazil) Jordan 1:53.152\n"
    )
    codes = _codes(grid)
    assert "JO" not in codes
    assert {"CA", "GB", "BR"} <= codes  # the competitors' own countries stay


def test_a_currency_and_a_place_named_after_a_country_are_not_the_country() -> None:
    assert "US" not in _codes("The parrots were worth about A$100 (US$79) a pair in Sydney.")
    assert "GB" not in _codes("Southern New England Telecommunications Corp said it would grow.")
    assert "GB" in _codes("Prices rose in England and in New England alike.")


def test_a_place_ending_a_works_title_is_no_place() -> None:
    body = "Humphrey Bogart starred in Casablanca (1942) and later in The African Queen (1951)."
    assert "MA" not in _codes(body)
    assert "MA" in _codes("Officials met in Casablanca on Monday to discuss trade with Rabat.")


def test_a_place_named_city_of_in_the_table_is_found_by_its_own_name() -> None:
    body = "MPs at Westminster will decide on super-casinos like those of Las Vegas."
    article = Article(id="a", path="a", title="", body=body, content_hash="h")
    # Westminster, Colorado is the smaller one
    assert "Westminster" not in extract(article).mentions.get("US", ())
    assert "GB" in _codes("MPs at Westminster voted on the bill, and Britain will follow.")


def test_a_city_in_a_festivals_or_banks_name_is_still_a_place_but_in_a_clubs_a_team() -> None:
    from search.entities import places

    assert places._could_be_a_team("Real Madrid")
    assert places._could_be_a_team("Newcastle United")
    assert not places._could_be_a_team("Amsterdam Light Festival")
    assert not places._could_be_a_team("Bank of Tokyo")
    body = (
        "Thirty artworks light up the city center of Amsterdam for the Amsterdam Light "
        "Festival, which opens in November."
    )
    assert "NL" in _codes(body)


def test_a_city_before_a_food_named_after_it_is_a_cuisine_word() -> None:
    assert "US" not in _codes("Mix the oil, soy sauce and 1 Fresno chile, then serve.")
    assert "US" in _codes("Heavy rain fell in Fresno on Monday, officials said.")
    assert "CO" in _codes("Colombia coffee growers expect a larger crop this year.")


def _codes_in(language: str, body: str) -> set[str]:
    article = Article(id="a", path="a", title="", body=body, content_hash="h", language=language)
    return {c.code for c in extract(article).countries}


def test_a_city_inside_a_longer_place_name_is_not_its_own_place() -> None:
    body = "Los ataques a periodistas en El Salvador continúan, dijo la asociación de prensa."
    assert _codes_in("es", body) == {"SV"}  # not Brazil's Salvador as well


def test_a_place_that_goes_on_a_persons_name_is_the_name() -> None:
    body = (
        "La expresión del senador José Luis Dalmau Santiago provocó críticas. "
        "José Luis Dalmau pidió disculpas el martes."
    )
    assert "CL" not in _codes_in("es", body)


def test_a_place_that_starts_an_organisations_name_is_not_a_mention_of_it() -> None:
    body = (
        "Eine Studie der Texas Tech University zeigt, dass Laufen hilft. Der Fonds "
        "Copenhagen Infrastructure Partners kaufte den Windpark."
    )
    assert _codes_in("de", body) == set()
    # the place named on its own still counts, and so does one whose organisation it names
    assert _codes_in("de", "Die Forscher reisten nach Kopenhagen und Texas.") >= {"US"}
    body = "His debut at the New York's Metropolitan Opera came in 2000, the critics said."
    assert "US" in _codes_in("en", body)


def test_a_country_after_a_given_name_inside_a_sentence_is_a_surname() -> None:
    body = "She was buried beside her husband, her father, James Poland, and two sisters."
    assert "PL" not in _codes(body)
    assert "PL" in _codes("Will Poland win? The team flew home to Poland on Sunday.")


def test_a_region_whose_name_has_another_sense_needs_support() -> None:
    programming = "Advice was the inspiration behind Aspect Oriented Programming in Java."
    assert "ID" not in _codes(programming)
    assert "ID" in _codes("Floods hit Java on Monday, Indonesian officials said.")
    assert "DE" in _codes("Floods hit Bavaria on Monday, officials said.")  # a region alone
