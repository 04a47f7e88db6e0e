"""Claim extraction on sentences in the press's own forms."""

import datetime as dt

import pytest

from market_claims.articles import CleanArticle
from market_claims.dates import find_dates, parse_date_value
from market_claims.extract import extract_claims
from market_claims.numbers import hedge_before, parse_number
from market_claims.reference import entity_index, read_entities
from market_claims.settings import PROJECT_ROOT

INDEX = entity_index(read_entities(PROJECT_ROOT / "seeds" / "entities.csv"))


def claims_of(text, language="fr", published=None):
    article = CleanArticle(text=text, language=language, published_date=published, date_upper=published)
    return extract_claims("a1", "a.txt", article, INDEX)


@pytest.mark.parametrize("written, lang, value, decimals", [
    ("17", "fr", 17.0, 0), ("14,20", "fr", 14.2, 2), ("2,87", "fr", 2.87, 2), ("7 274,95", "fr", 7274.95, 2),
    ("1.234,5", "fr", 1234.5, 1), ("4,127.5", "en", 4127.5, 1), ("7.4", "en", 7.4, 1), ("1,200", "en", 1200.0, 0),
    ("−3,5", "fr", -3.5, 1), ("1,234,567", "en", 1234567.0, 0),
    ("2.784.92", "en", 2784.92, 2), ("37,705,74", "en", 37705.74, 2),  # one mark typed for the other: the last is decimal
])
def test_numbers_in_french_and_english(written, lang, value, decimals):
    parsed = parse_number(written, lang)
    assert (parsed.value, parsed.decimals) == (pytest.approx(value), decimals)


def test_a_word_is_not_a_number():
    with pytest.raises(ValueError):
        parse_number("dix-sept")


@pytest.mark.parametrize("before, hedge", [
    ("a chuté de près de ", "approx"), ("a perdu plus de ", "at_least"), ("recule de ", "none"),
    ("fell nearly ", "approx"), ("a cédé un peu plus de ", "at_least"), ("moins de ", "at_most"),
])
def test_hedges(before, hedge):
    assert hedge_before(before + "17 %", len(before)) == hedge


def test_dates_as_written():
    mentions = find_dates("lundi 27 janvier, puis le 3 février 2025 et January 28, 2025")
    assert [m.resolve(dt.date(2025, 2, 18)) for m in mentions] == [
        dt.date(2025, 1, 27), dt.date(2025, 2, 3), dt.date(2025, 1, 28)]
    assert parse_date_value("2025-01") == (None, dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    assert parse_date_value("janvier 2025")[1:] == (dt.date(2025, 1, 1), dt.date(2025, 1, 31))


def test_x_a_chute_de_n_pourcent():
    [claim] = claims_of("Oracle a chuté de 14 % lundi 27 janvier 2025.").claims
    assert (claim.ticker, claim.kind, claim.value, claim.hedge, claim.event_date, claim.date_basis) == (
        "ORCL", "price_move", -0.14, "none", dt.date(2025, 1, 27), "explicit")
    assert claim.quote == "Oracle a chuté de 14 %"


@pytest.mark.parametrize("sentence, value", [
    ("Cisco a perdu 5 %.", -0.05), ("Cisco a reculé de 2,3 % en séance.", -0.023),
    ("Cisco a cédé 2,87 % à la clôture.", -0.0287), ("Cisco gagne 1,5 %.", 0.015),
    ("Cisco a chuté de 5\u00a0%.", -0.05), ("Cisco a chuté de 5\u202f%.", -0.05),
])
def test_verbs_signs_and_spaces(sentence, value):
    from market_claims.text import normalise

    [claim] = claims_of(normalise(sentence)).claims
    assert claim.ticker == "CSCO" and claim.value == pytest.approx(value)


def test_one_percentage_shared_by_two_subjects_gives_two_claims():
    claims = claims_of("Nvidia et Broadcom ont enregistré une baisse de 17 %.").claims
    assert [(c.ticker, c.value) for c in claims] == [("NVDA", -0.17), ("AVGO", -0.17)]


def test_hedge_is_kept_and_hier_resolves_from_the_publication_day():
    [claim] = claims_of("Nvidia a chuté hier de près de 17 %.", published=dt.date(2025, 1, 28)).claims
    assert (claim.hedge, claim.event_date, claim.date_basis) == ("approx", dt.date(2025, 1, 27), "relative")


def test_a_share_of_something_is_a_figure_not_a_claim():
    result = claims_of("NVIDIA détenait plus de 80 % du marché des GPU en 2023.")
    assert result.claims == []
    assert [(f.value, f.unit) for f in result.figures] == [(0.8, "fraction")]


def test_every_other_number_is_kept_as_a_figure():
    result = claims_of("DeepSeek emploie à peine 200 personnes pour un coût 127 fois inférieur, avec GPT-4 en 2023.")
    assert result.claims == []
    assert sorted((f.value, f.unit) for f in result.figures) == [(127.0, "times"), (200.0, "count")]


def test_respectively_with_more_names_than_values_is_ambiguous_not_paired():
    [claim] = claims_of("Nvidia, AMD et ARM ont chuté respectivement de 14,20 % et 5,2 %.").claims
    assert claim.status == "ambiguous" and claim.value is None and claim.ticker == "NVDA|AMD|ARM"


def test_respectively_aligned_pairs_each_name_with_its_value():
    claims = claims_of("Nvidia et AMD ont chuté respectivement de 14,20 % et 5,2 %.").claims
    assert [(c.ticker, c.value, c.precision_decimals) for c in claims] == [("NVDA", -0.142, 2), ("AMD", -0.052, 1)]


def test_english_sentence():
    [claim] = claims_of("Nvidia fell 17% on January 27, 2025.", language="en").claims
    assert (claim.ticker, claim.value, claim.event_date) == ("NVDA", -0.17, dt.date(2025, 1, 27))


def test_a_figure_with_no_company_is_kept_unresolved():
    [claim] = claims_of("Le titre a chuté de 4 % en séance.").claims
    assert claim.status == "unresolved_entity" and claim.ticker is None


def test_weekday_and_date_that_disagree_are_flagged():
    [claim] = claims_of("Lundi 28 janvier 2025, Nvidia a chuté de 17 %.").claims
    assert claim.event_date == dt.date(2025, 1, 28)
    assert "weekday_mismatch" in claim.flags and "Tuesday" in claim.flags


def test_an_undated_claim_waits_for_the_publication_days_candidates():
    """No date in the text: not the publication day outright (a morning piece reports the previous close)
    but inferred among that day's session and the one before (inferred_event_dates)."""
    [claim] = claims_of("Nvidia a chuté de 17 %.", published=dt.date(2025, 1, 27)).claims
    assert (claim.event_date, claim.date_basis) == (None, "inferred")
    assert claim.date_evidence == "undated; published 2025-01-27: its session or the one before"


def test_a_date_long_before_publication_does_not_date_the_other_claims():
    text = "Nvidia a chuté de 17 %. Son record datait du 12 mars 2021."
    [claim] = claims_of(text, published=dt.date(2025, 1, 28)).claims
    assert claim.event_date is None
    recent = claims_of("Nvidia a chuté de 17 %. La séance du 27 janvier 2025 restera.", published=dt.date(2025, 1, 28))
    assert recent.claims[0].event_date == dt.date(2025, 1, 27)


def test_a_date_in_a_framing_clause_dates_that_clause_only():
    """"After closing at a record on December 24, Apple climbed…": the record is the 24th's; the climb is the
    day the article is about, which the first sentence named."""
    text = ("The stock market ended the day mixed on December 26. After Apple closed at a record $258.20 on December 24, "
            "the stock climbed another 0.32% to $259.02. Nvidia, which had risen until December 24, closed down 0.21%.")
    claims = claims_of(text, "en", published=dt.date(2024, 12, 27)).claims
    dates = {(c.ticker, c.kind, c.value): (c.event_date, c.date_scope) for c in claims}
    assert dates[("AAPL", "price_level", 258.2)] == (dt.date(2024, 12, 24), "sentence")
    assert dates[("AAPL", "price_move", 0.0032)] == (dt.date(2024, 12, 26), "earlier_sentence")
    assert dates[("NVDA", "price_move", -0.0021)] == (dt.date(2024, 12, 26), "earlier_sentence")


def test_a_look_back_dates_its_sentence_and_not_the_next():
    text = "La Bourse de Paris a terminé en baisse mercredi. Mardi, le CAC 40 avait perdu 0,87 %. Francfort a reculé de 0,18 %."
    claims = claims_of(text, published=dt.date(2024, 11, 27)).claims
    assert [(c.ticker, c.event_date) for c in claims if c.kind == "price_move"] == [
        ("^FCHI", dt.date(2024, 11, 26)), ("^GDAXI", dt.date(2024, 11, 27))]


def test_a_month_by_name_is_the_month_so_far_or_the_month_ended_and_an_unbounded_span_has_no_start():
    published = dt.date(2025, 4, 14)
    [april] = claims_of("The Stoxx 600 has lost 8% in April alone.", "en", published=published).claims
    [airbus] = claims_of("Airbus a gagné 2,4 % grâce à de bonnes livraisons en avril.", published=published).claims
    assert airbus.timing == "session"  # the month of the deliveries, not a span of the move
    assert (april.timing, april.period, april.period_start) == ("period", "named_month", dt.date(2025, 4, 1))
    [march] = claims_of("The Stoxx 600 lost 8% in March.", "en", published=published).claims
    # a month that has ended: the whole month, to its last close (31 March 2025 was a Monday)
    assert (march.timing, march.period_start, march.event_date) == ("period", dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    [june] = claims_of("The Stoxx 600 lost 8% in June.", "en", published=published).claims
    assert (june.timing, june.period_start) == ("period", None)  # further back than a quarter: which year is not said
    [stretch] = claims_of("The S&P 500 has fallen 4.43% over the same stretch.", "en", published=published).claims
    assert (stretch.timing, stretch.period, stretch.period_start) == ("period", "unspecified", None)


def test_a_figure_of_another_markets_close_time_is_a_moment_of_this_one():
    text = "In New York a little while after markets had closed in Europe the S&P 500 was trading down 0.27%."
    [claim] = claims_of(text, "en", published=dt.date(2024, 10, 22)).claims
    assert (claim.ticker, claim.timing) == ("^GSPC", "intraday")
    [closed] = claims_of("The S&P 500 closed down 0.27% after Europe had closed.", "en", published=dt.date(2024, 10, 22)).claims
    assert closed.timing == "session"


def test_an_update_date_is_not_a_publication_date_for_relative_words():
    article = CleanArticle(text="Nvidia a chuté hier de 17 %.", language="fr", updated_date=dt.date(2025, 2, 18),
                           date_upper=dt.date(2025, 2, 18))
    [claim] = extract_claims("a1", "a.txt", article, INDEX).claims
    assert claim.event_date is None and claim.date_basis == "inferred"


def test_period_start_from_the_reference_day():
    [claim] = claims_of("Depuis le début de l'année, Palantir a bondi de 64 %.", published=dt.date(2025, 3, 14)).claims
    assert (claim.timing, claim.period, claim.period_start) == ("period", "year_start", dt.date(2025, 1, 1))


def test_a_range_is_one_figure_and_a_question_asserts_nothing():
    result = claims_of("Meta prévoit d'investir entre 60 et 65 milliards de dollars. Nvidia va-t-il chuter de 20 % ?")
    assert result.claims == []
    money = [f for f in result.figures if f.unit == "USD"]
    assert [(f.value, f.quote.startswith("Meta")) for f in money] == [(65e9, True)]
    assert any(f.reason == "in a question" for f in result.figures)


def test_adr_listing_is_recorded():
    [claim] = claims_of("ASML a reculé de 5,75 % à New York.").claims
    assert (claim.ticker, claim.primary_ticker) == ("ASML", "ASML.AS")


def test_every_figure_says_why_it_is_not_a_claim():
    result = claims_of("Le chiffre d'affaires de LVMH a reculé de 2 %, et LVMH emploie 200 000 personnes.")
    assert result.claims == []
    reasons = {f.value: f.reason for f in result.figures}
    assert reasons[0.02] == 'measures "chiffre d\'affaires", not the share price'
    assert reasons[200000.0] == "a count or plain number, not a market figure"


def test_a_subject_named_twice_gives_distinct_claims_per_figure_and_one_per_figure():
    """Found by the synthetic corpus (#8): these used to give two claims with one id, and block publication."""
    both = claims_of("Danone et Danone ont respectivement cédé 3,5 % et 0,9 %.").claims
    assert sorted(c.value for c in both) == [-0.035, -0.009]
    assert len({c.claim_id for c in both}) == 2
    repeated = claims_of("Danone, Danone et Hermès ont tous reculé de plus de 3 %.").claims
    assert sorted(c.ticker for c in repeated) == ["BN.PA", "RMS.PA"]


def test_a_company_named_twice_in_a_list_is_one_subject():
    """Found by the fault tests on the synthetic corpus: NVDA|NVDA|… gave one verdict per repetition."""
    [claim] = claims_of("L'action Nvidia, Nvidia, Best Buy et Alphabet ont respectivement cédé 12 % et 8 %.").claims
    assert claim.ticker == "NVDA|BBY|GOOGL"


def test_thousands_of_listed_names_longest_first():
    """The reference table holds the index constituents (seeds/listings.csv): a Paris or Tokyo name is known;
    of overlapping names the longest wins; a shared short name ("Mitsubishi") names no one."""
    found = {m.surface: m.entity.ticker for m in INDEX.find("Bouygues, Tokyo Electron et le FTSE 250 ont monté.")}
    assert found == {"Bouygues": "EN.PA", "Tokyo Electron": "8035.T", "FTSE 250": "^FTMC"}
    assert "Mitsubishi" not in {m.surface for m in INDEX.find("Mitsubishi a gagné 2 %.")}


def test_a_city_stands_for_its_market_as_a_subject_not_after_a_preposition():
    [claim] = claims_of("Francfort a gagné 0,85 %.", published=dt.date(2025, 1, 28)).claims
    assert claim.ticker == "^GDAXI"
    [claim] = claims_of("Stellantis a gagné 5 % à Paris.", published=dt.date(2025, 1, 28)).claims
    assert claim.ticker == "STLAP.PA"


def test_a_live_dispatch_tense_is_intraday():
    assert claims_of("Le CAC 40 perd 0,39 %.").claims[0].timing == "intraday"
    assert claims_of("Alphabet chutait de 7 %.").claims[0].timing == "intraday"
    assert claims_of("Le CAC 40 a perdu 0,39 %.").claims[0].timing == "session"
    assert claims_of("The Dow is down 2%.", language="en").claims[0].timing == "intraday"


def test_the_index_and_the_market_of_a_city_stand_for_an_index():
    claims = claims_of("Le Nikkei a cédé 1 %. L'indice a perdu 5 % sur le mois.", published=dt.date(2025, 1, 28)).claims
    assert [c.ticker for c in claims] == ["^N225", "^N225"]
    [claim] = claims_of("La Bourse de Sydney a cédé 0,22 %.", published=dt.date(2025, 1, 28)).claims
    assert claim.ticker == "^AXJO"
    [claim] = claims_of("Le secteur a subi une chute de 0,6 % du Stoxx 600.", published=dt.date(2025, 1, 28)).claims
    assert (claim.ticker, claim.value) == ("^STOXX", -0.006)


def test_wire_wrap_grammar():
    """An index's change without the word "points", then its level; "was off", "decreased"."""
    kinds = [(c.ticker, c.kind, c.value) for c in claims_of(
        "The benchmark Nikkei 225 fell 68.57 to 37,608.49, as losing issues outnumbered gainers 145 to 75.",
        language="en").claims]
    assert kinds == [("^N225", "points_change", -68.57), ("^N225", "price_level", 37608.49)]
    kinds = [(c.ticker, c.kind, c.value) for c in claims_of("The S&P 500 was off 0.4% to 5,881.", language="en").claims]
    assert kinds == [("^GSPC", "price_move", -0.004), ("^GSPC", "price_level", 5881.0)]
    assert claims_of("The CBOE Volatility Index (VIX) decreased 15%.", language="en").claims[0].value == -0.15


def test_the_eve_of_an_event_is_not_yesterday_and_plural_presents_are_live():
    published = dt.date(2024, 11, 4)
    [claim] = claims_of("À la veille de l'élection, le CAC 40 a perdu 0,5 %.", published=published).claims
    assert claim.date_basis != "relative"
    [claim] = claims_of("La veille, le CAC 40 avait perdu 0,5 %.", published=published).claims
    assert claim.event_date == dt.date(2024, 11, 3)
    assert {c.timing for c in claims_of("Volkswagen et BMW perdent 2,24 % et 1,33 % respectivement.").claims} == {"intraday"}


def test_a_since_date_does_not_date_the_sentence_and_an_omission_ends_one():
    published = dt.date(2024, 11, 8)
    text = "Le CAC 40 a perdu 1,17 %. […] Il est tombé vendredi à son plus bas niveau depuis le 14 août."
    claims = claims_of(text, published=published).claims  # the -1.17 % and "Il est tombé vendredi", a direction
    assert [c.kind for c in claims] == ["price_move", "direction"]
    assert all(c.event_date != dt.date(2024, 8, 14) for c in claims)
    [claim] = [c for c in claims_of("Le CAC 40 est au plus bas depuis le 14 août, en baisse de 1 % vendredi.",
                                    published=published).claims if c.kind == "price_move"]  # (and the low's direction)
    assert claim.event_date == dt.date(2024, 11, 8)


def test_index_lists_and_year_to_date_phrases():
    kinds = [(c.ticker, c.value) for c in claims_of("The Dow, the S&P 500 and the Nasdaq ended the day in green.",
                                                    language="en").claims]
    assert kinds == [("^DJI", 1.0), ("^GSPC", 1.0), ("^IXIC", 1.0)]
    [claim] = claims_of("For the year, the FTSE 250 added 4.7%.", language="en", published=dt.date(2024, 12, 31)).claims
    assert (claim.ticker, claim.timing, claim.period_start) == ("^FTMC", "period", dt.date(2024, 1, 1))


def test_a_level_at_the_previous_close_is_dated_to_the_session_before():
    text = ("On Friday, November 29, 2024, the S&P 500 index closed at 6,032.38 points, compared to 5,998.74 "
            "points at the previous market close.")
    levels = {c.value: c for c in claims_of(text, "en").claims if c.kind == "price_level"}
    assert levels[6032.38].event_date == dt.date(2024, 11, 29)
    # One calendar day back: the verdicts take the last session on or before it (Wednesday, past Thanksgiving).
    assert levels[5998.74].event_date == dt.date(2024, 11, 28) and "previous_session" in levels[5998.74].flags


def test_this_month_is_measured_from_the_calendar_month_and_a_rolling_month_from_a_month_back():
    this_month = claims_of("On Monday, December 23, 2024, the Nasdaq Composite was up 2.8% this month.", "en").claims
    rolling = claims_of("On Monday, December 23, 2024, the Nasdaq Composite rose 2.8% over the past month.", "en").claims
    assert (this_month[0].period, this_month[0].period_start) == ("month_start", dt.date(2024, 12, 1))
    assert (rolling[0].period, rolling[0].period_start) == ("month", dt.date(2024, 11, 24))


def test_a_time_cue_governs_the_lines_after_it_not_those_before():
    text = ("Le 22 avril 2025, le CAC 40 a terminé en hausse de 1,2 %.\n"
            "Le DAX a gagné 0,8 %.\n"
            "En Europe à 10h30, le FTSE 100 gagne 0,5 %.\n"
            "Le SMI progresse de 0,3 %.")
    timing = {c.ticker: c.timing for c in claims_of(text).claims}
    assert timing["^FCHI"] == "session" and timing["^GDAXI"] == "session"
    assert timing["^FTSE"] == "intraday" and timing["^SSMI"] == "intraday"


def test_a_gapped_clause_names_its_index_and_keeps_the_verb_understood():
    text = ("Le 3 octobre 2024, le CAC 40 a perdu 1,32% à 7 477,78 points et l'Eurostoxx 50, 0,96% à 4 915,55 points. "
            "Le Nikkei a terminé en repli de 0,25% à 38'142,37 points et l'indice élargi Topix de 0,30% à 2716,40 points.")
    found = {(c.ticker, c.kind, round(c.value, 4)) for c in claims_of(text).claims}
    assert {("^STOXX50E", "price_move", -0.0096), ("^STOXX50E", "price_level", 4915.55),
            ("^N225", "price_level", 38142.37), ("^TOPX", "price_move", -0.003), ("^TOPX", "price_level", 2716.4)} <= found
    assert ("^FCHI", "price_level", 4915.55) not in found


def test_a_sentence_opening_on_a_pronoun_goes_on_about_the_last_security_and_a_year_end_move_is_a_period():
    text = ("On Tuesday, December 31, 2024, the FTSE 100 index closed at 8,173.02. It is up 5.7% for the year. "
            "The index ended the year nearly 6% higher, ending the year at 8,173.02.")
    claims = claims_of(text, "en").claims
    moves = {round(c.value, 3): c for c in claims if c.kind == "price_move"}
    assert moves[0.057].ticker == "^FTSE" and moves[0.057].period == "year_start"
    assert moves[0.06].period == "calendar_year"  # the year just ended, to its last session
    said = claims_of("Apple closed up 2% on January 27, 2025. It said sales rose 5%.", "en").claims
    assert [c.value for c in said if c.kind == "price_move"] == [0.02]  # "It said": a report, not the stock


def test_the_words_come_from_one_file_per_language_and_a_misspelt_list_is_an_error():
    from market_claims import lexicon

    assert set(lexicon.LEXICONS) == {"fr", "en"}
    assert "chut" in lexicon.LEXICONS["fr"]["down_stems"] and "fell" in lexicon.LEXICONS["en"]["down_words"]
    lexicon.check_lists(lexicon.LEXICONS)
    with pytest.raises(ValueError, match=r"en\.yaml: lists the engine does not read: \['down_wrods'\]"):
        lexicon.check_lists({"en": {"down_wrods": ["fell"]}})


@pytest.mark.parametrize("sentence, expected, language", [
    # the relative day dates the announcement it follows: the move is undated (inferred from prices)
    ("LVMH a chuté de 7,16 % après l'annonce hier soir d'un repli des ventes.", (None, "inferred"), "fr"),
    ("Nvidia fell 3% after the announcement yesterday of new export rules.", (None, "inferred"), "en"),
    ("Comme la veille, Nvidia a gagné 3 %.", (None, "inferred"), "fr"),  # a comparison: "like the day before"
    # ... but on its own it dates the move
    ("LVMH a chuté hier de 7,16 %.", (dt.date(2025, 4, 14), "relative"), "fr"),
])
def test_a_relative_day_after_an_event_word_dates_the_event_not_the_move(sentence, expected, language):
    [claim] = claims_of(sentence, language, published=dt.date(2025, 4, 15)).claims
    assert (claim.event_date, claim.date_basis) == expected


@pytest.mark.parametrize("sentence, language", [
    ("Nvidia gagne 3 % et le groupe redéfinit sa stratégie.", "fr"),   # "finit" inside a word is no close
    ("Nvidia is up 3% after it disclosed a new chip.", "en"),                  # nor "closed" inside "disclosed"
])
def test_a_close_word_inside_another_word_does_not_end_a_live_move(sentence, language):
    [claim] = [c for c in claims_of(sentence, language).claims if c.ticker == "NVDA"]
    assert claim.timing == "intraday"


@pytest.mark.parametrize("lead, timing", [
    ("Peu après 12 heures, le CAC 40 perd 0,39 %.", "intraday"),   # a piece written during the session
    ("Le CAC 40 a terminé en baisse de 0,39 %.", "session"),        # a close is named: the piece is a wrap
])
def test_a_paragraph_naming_no_time_takes_the_articles_time(lead, timing):
    text = lead + "\n\nTrigano (-8,05 % à 108,50 euros) affiche la plus forte baisse de l'indice SBF 120."
    trigano = [c for c in claims_of(text).claims if c.ticker == "TRI.PA"]
    assert trigano and {c.timing for c in trigano} == {timing}


def test_the_extraction_cache_key_follows_the_publication_time_and_the_extractors_code(tmp_path, monkeypatch):
    """A cached extraction is reused only for the same article read by the same extractor: the publication time
    now decides a figure's timing (published before the close is intraday), and any edit to the extractor's code or
    lexicons is a new extractor even when its version number was not bumped."""
    from market_claims import extraction_cache as cache

    record = {"article_id": "a", "source_file": "a.txt", "text": "Nvidia a chuté de 17 %.", "language": "fr",
              "published_date": dt.date(2025, 1, 27), "published_at": dt.datetime(2025, 1, 27, 15, 0),
              "updated_date": None, "date_lower": None, "date_upper": dt.date(2025, 1, 27)}
    key = cache.fingerprint(record, "ref")
    assert cache.fingerprint(record | {"published_at": dt.datetime(2025, 1, 27, 22, 0)}, "ref") != key
    assert cache.fingerprint(dict(record), "ref") == key
    # The same package with one lexicon word changed hashes differently.
    package = tmp_path / "market_claims"
    (package / "lexicons").mkdir(parents=True)
    (package / "extract.py").write_text("x = 1\n")
    (package / "lexicons" / "fr.yaml").write_text("up_words: [monte]\n")
    monkeypatch.setattr(cache, "__file__", str(package / "extraction_cache.py"))
    cache.extractor_hash.cache_clear()
    before = cache.extractor_hash()
    (package / "lexicons" / "fr.yaml").write_text("up_words: [monte, grimpe]\n")
    cache.extractor_hash.cache_clear()
    assert cache.extractor_hash() != before
    cache.extractor_hash.cache_clear()


def test_a_daily_move_an_index_does_not_make_is_flagged_and_a_stocks_is_not():
    """An index rarely moves 5 % in a session (a review of the year leaves its span unsaid: "L'indice phare milanais
    progresse de 12,5 %"); a stock does ("Vivendi bondit de 34 %"); the VIX, an index of volatility, too."""
    flags = {c.ticker: c.flags or "" for c in claims_of(
        "L'indice phare milanais progresse de 12,5 %, Vivendi bondit de 34 % et le VIX chute de 10 %.").claims}
    assert "implausible_daily_move" in flags["FTSEMIB.MI"]
    assert "implausible_daily_move" not in flags["VIV.PA"] and "implausible_daily_move" not in flags["^VIX"]

