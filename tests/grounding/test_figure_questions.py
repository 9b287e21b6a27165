"""Near misses by code: a question about a price wants a currency in its answer ("cost" in
time is not a price); a service no document mentions is not covered."""

from __future__ import annotations

import pytest

from channelwise.grounding.policy import asks_for_fact, asks_for_figure
from channelwise.grounding.scope import foreign_law, foreign_names, missing_subject, missing_units

PINTEREST_EFFORT = (
    "Der größte Aufwand entsteht am Anfang bei Pinnwand-Struktur und Keyword-Recherche; danach "
    "reichen oft ein bis zwei Stunden pro Woche für einen stetigen Fluss [1]."
)


def test_time_that_a_channel_costs_is_not_a_price() -> None:
    assert not missing_units("und wie viel zeit kostet das pro woche?", PINTEREST_EFFORT)
    assert not missing_units("how much work does a newsletter cost us?", "Two to four hours.")
    assert not missing_units("what does a podcast cost us in hours?", "One working day [1].")


def test_a_price_question_still_wants_a_currency() -> None:
    assert missing_units("was kostet das im monat?", PINTEREST_EFFORT)
    assert missing_units("how much does meta verified cost?", "There is a business plan [1].")
    assert not missing_units("was kostet das im monat?", "14,99 US-Dollar im Monat [1].")
    # a plural currency is a currency ("up to 10,000 euros a month" was not one)
    assert not missing_units("how much does aitana make a month?", "Up to 10,000 euros [1].")
    assert not missing_units("what does it cost?", "About 180 US dollars a year [1].")


@pytest.mark.parametrize(
    "question",
    [
        "how long should a linkedin post be?",
        "what's the best length for an instagram caption?",
        "wie lang sollte ein betreff im newsletter sein?",
        "ideale länge für einen linkedin beitrag?",
    ],
)
def test_the_length_of_a_text_wants_characters_words_or_lines(question: str) -> None:
    """The LinkedIn entry's "15 to 20 minutes a day" or "two to three posts a week" does
    not say how long a post should be."""
    assert missing_units(question, "Two to three posts a week, 15 to 20 minutes a day [1].")
    assert not missing_units(question, "Posts can run to 3,000 characters [1].")
    assert not missing_units(question, "Keep it under 50 Zeichen [1].")


@pytest.mark.parametrize(
    "question",
    [
        "wie lange dauert es, einen beitrag zu schreiben?",
        "how long do posts stay visible in a whatsapp channel?",
        "how long should our test phase be?",
        "wie lange bleiben beiträge im kanal sichtbar?",
    ],
)
def test_how_long_something_takes_or_lasts_is_not_a_text_length(question: str) -> None:
    assert not missing_units(question, "Six to eight weeks; posts disappear after 30 days [1].")


@pytest.mark.parametrize(
    "question",
    [
        "welchen anteil der fb feed posts liefert laut zuckerberg die ki empfehlung?",
        "what share of the feed is recommended content?",
        "wie viel prozent unserer follower sehen einen post?",
        "what's a normal newsletter open rate for fashion retail, benchmark pls",
        "was ist eine gute öffnungsrate für einen newsletter?",
        "what is a good engagement rate on linkedin?",
    ],
)
def test_a_share_or_a_benchmark_rate_wants_a_percentage(question: str) -> None:
    """ "Open rates are inflated, while click rates remain reliable" does not say what a
    normal open rate is; "since October 2025" does not say which share."""
    assert missing_units(question, "Open rates are inflated since 2021 [1].")
    assert not missing_units(question, "About 30 percent of the feed [1].")
    assert not missing_units(question, "Rund 30 Prozent [1].")
    assert not missing_units(question, "Etwa die Hälfte [1].")


def test_rating_content_is_no_rate() -> None:
    assert not missing_units("how do we rate our content ideas?", "By what AI cannot copy [1].")


def test_how_many_use_a_platform_wants_that_platforms_figure() -> None:
    """ "how many monthly active users does discord have in germany" got TikTok's 25.7
    million; a figure for another platform is no answer."""
    tiktok = "TikTok reported about 25.7 million monthly active users in Germany [1]."
    assert missing_subject("how many monthly active users does discord have in germany", tiktok)
    assert missing_subject("wie viele nutzer hat bluesky in deutschland?", tiktok)
    assert not missing_subject("wie viele leute nutzen tiktok?", tiktok)
    assert not missing_subject("how many people use insta?", "Instagram: 40 percent [1].")
    # no platform named: the conversation says which
    assert not missing_subject("and how many users does it have?", tiktok)
    assert not missing_subject("how many posts a week on discord?", tiktok)


def test_a_character_limit_wants_that_platforms_limit() -> None:
    """ "how many characters can a threads post have?" got Bluesky's limit, whose sentence
    lists "threads" among Bluesky's features."""
    bluesky = "Bluesky offers text posts of up to 300 characters, threads and quote posts [1]."
    assert missing_subject("how many characters can a threads post have?", bluesky)
    assert not missing_subject("wie viele zeichen hat ein bsky post?", bluesky)


def test_german_questions_for_a_number_in_any_case_ask_for_a_fact() -> None:
    """ "ab wie vielen abos" (dative) was read as advice, so the paid-membership entry
    answered a question about YouTube's threshold for ad revenue."""
    for question in (
        "ab wie vielen abos kann man bei yt eigentlich an der werbung mitverdienen?",
        "wie viele leute nutzen bluesky?",
        "wieviel kostet meta verified?",
    ):
        assert asks_for_fact(question) and asks_for_figure(question), question
    assert not asks_for_fact("wie viele kanäle sollten wir testen, lohnt sich das?")
    assert not asks_for_figure("lohnt sich youtube für uns?")


def test_what_changed_when_asks_for_a_fact() -> None:
    """ "und was hat sich 2018 dann nochmal geändert?" after a question on Facebook Zero got
    the entry on Meta's reach history, not the section on 2018."""
    for question in (
        "und was hat sich 2018 dann nochmal geändert?",
        "and what changed in 2018?",
        "what happened to page reach in 2014?",
    ):
        assert asks_for_fact(question), question
    assert not asks_for_fact("what changed for us, should we move budget to tiktok?")


def test_earning_asks_for_a_fact_in_english_as_verdienen_does_in_german() -> None:
    """ "can you actually make money on YouTube as a creator?" got the entry on channels for
    creators, not YouTube's thresholds."""
    for question in (
        "can you actually make money on youtube as a creator?",
        "what do twitch affiliates earn?",
        "was verdient man auf twitch als affiliate?",
    ):
        assert asks_for_fact(question), question
    assert not asks_for_fact("should we start a youtube channel to earn more?")


def test_whether_something_is_allowed_or_required_asks_for_a_fact() -> None:
    """A rule answers it, not advice: "dürfen wir unsere mitarbeiter bitten die posts
    hochzuvoten?" got the entry on newsletter law, not Reddit's rule on vote manipulation;
    "do our tiktok and insta profiles need an impressum" got the entry on moving effort to
    TikTok."""
    for question in (
        "dürfen wir unsere mitarbeiter bitten die posts hochzuvoten?",
        "darf ich meine linkedin kontakte in den newsletter packen?",
        "is it legal to repost tiktok clips with the watermark?",
        "are we allowed to run issue ads on instagram?",
        "do our tiktok and insta profiles need an impressum too?",
        "brauchen wir ein impressum auf insta?",
        "is a double opt-in mandatory in germany?",
    ):
        assert asks_for_fact(question), question
    assert not asks_for_fact("dürfen wir ki-bilder nutzen oder sollten wir lieber fotografieren?")
    # what a team needs to do is advice
    assert not asks_for_fact("brauchen wir tiktok?")
    assert not asks_for_fact("ok we're convinced we need to diversify. now or slowly?")
    assert not asks_for_fact("hilfe unser insta wurde gehackt!!! was müssen wir jetzt tun")


def test_whats_asks_for_a_fact_unless_it_asks_for_a_way() -> None:
    """ "what's the character limit for a mastodon post?" got the entry on whether Mastodon is
    worth it, with the limit last; "what's a realistic timeline …" asks for a plan."""
    assert asks_for_fact("what's the character limit for a mastodon post?")
    assert asks_for_fact("whats the cut on subs after that?")
    assert not asks_for_fact("what's a realistic timeline for getting followers onto a list?")
    assert not asks_for_fact("what's the best way to start on bluesky?")
    assert not asks_for_fact("whatsapp channel for our café?")


def test_a_service_no_document_mentions_is_foreign_unless_the_documents_name_it() -> None:
    known = frozenset({"substack", "steady", "newsletter"})
    assert foreign_names("beehiiv or substack for our paid newsletter?", known) == ["beehiiv"]
    assert foreign_names("lohnt sich ein newsletter über Steady?", known) == []
    assert foreign_names("hotjar oder plausible.io für die website?", known) == [
        "hotjar",
        "plausible",
    ]
    assert foreign_names("how do we kick off a newsletter?", known) == []  # a word, not Kick


def test_the_law_of_a_country_outside_germany_and_the_eu_is_foreign() -> None:
    assert foreign_law("what are the UK ASA rules for influencer ad disclosure?") == ["uk"]
    assert foreign_law("ist ein impressum in österreich pflicht?") == ["österreich"]
    # a compound names the law too
    assert foreign_law("gilt die impressumspflicht genauso in österreich?") == ["österreich"]
    assert foreign_law("was sagt das schweizer datenschutzgesetz?") == ["schweizer"]
    assert foreign_law("which FTC rules apply to US creators?") == ["us"]
    # a curated question about TikTok in the USA is no legal question; "us" is a pronoun
    assert foreign_law("wird tiktok in den usa verboten?") == []
    assert foreign_law("help us understand the rules for influencer ads") == []
    assert foreign_law("can you help us with the uk rules on ads?") == ["uk"]
    # Germany or the EU named too: the documents cover that part
    assert foreign_law("does the gdpr apply to our customers in france?") == []
    assert foreign_law("we're a us company, do the german impressum rules apply?") == []


def test_a_question_that_also_asks_for_options_asks_for_advice() -> None:
    """ "… now meta just rejects the ads. what's going on and what are our options?" got a
    section on what the ban means, not the entry on what an NGO does instead."""
    for question in (
        "meta keeps rejecting our petition ads. what's going on and what are our options?",
        "we want ai pictures instead of a photo shoot – what's the rule here, good idea?",
        "steady oder patreon, damit unterstützer monatlich zahlen – gute idee?",
        "was ist da los und was können wir tun?",
        "wann müssen wir das kennzeichnen und worauf müssen wir achten?",
    ):
        assert not asks_for_fact(question), question
    assert asks_for_fact("what's the rule for labelling ai pictures?")
    assert asks_for_fact("was ist ein deepfake?")


def test_a_question_that_first_says_who_asks_asks_for_advice() -> None:
    """ "hr consultancy, 12 ppl. our ceo really wants a podcast. how often would we need to
    publish and can it actually make money?" got the podcast's monetisation section, not the
    entry on whether a podcast is worth it for them."""
    for question in (
        "hr consultancy, 12 ppl. our ceo really wants a podcast. how often would we need to "
        "publish and can it actually make money?",
        "yoga studio owner here. we'd like ai pics of people doing yoga. whats the eu rule?",
    ):
        assert not asks_for_fact(question), question
    for question in (  # the first sentence asks, or the question is short
        "how many views does a reel need? and what counts as a view on tiktok these days?",
        "bakery here. what's the rule?",
        "we've been told so many different things by so many agencies over the last two "
        "years. what's the avg engagement rate on tiktok?",
    ):
        assert asks_for_fact(question), question
