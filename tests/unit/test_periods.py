"""The periods stage over whole documents: the dateline that dates a text, event tolls that are
no running totals, and which time in a sentence dates its figure (claims.md, "The publication
date", "Event tolls are not running totals"). Every sentence here is invented."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from claimledger.extraction.periods import dateline
from claimledger.extraction.pipeline import Extractor
from claimledger.extraction.times import full_date
from claimledger.lexicon import build_lexicon, load_lexicon
from claimledger.model import Document
from tests.support.extracthelp import INVASION, PUBLISHED, claims, one

SYRIA_WAR = date(2011, 3, 15)


def period(c: object) -> tuple[date | None, date | None, bool]:
    p = c.period  # type: ignore[attr-defined]
    return (p.start, p.end, p.cumulative)


# -- full dates as datelines write them -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Friday 14 Jul 2017", date(2017, 7, 14)),
        ("Fri Jul 14 2017", date(2017, 7, 14)),
        ("July 14 2017", date(2017, 7, 14)),
        ("Jul. 14, 2017", date(2017, 7, 14)),
        ("Jul 142017", date(2017, 7, 14)),  # the day and year run together
        ("14.07.2017", date(2017, 7, 14)),  # dots and dashes: the day first
        ("03-07-2017", date(2017, 7, 3)),
        ("07/03/2017", date(2017, 7, 3)),  # slashes: the month first
        ("2017-07-14", date(2017, 7, 14)),
    ],
)
def test_full_date(text: str, day: date) -> None:
    assert full_date(text) == day


def test_full_date_outside_the_calendar_is_none() -> None:
    assert full_date("30.02.2017") is None


# -- datelines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Published 3 March 2019 Two people were hurt in a fire.", date(2019, 3, 3)),
        ("Date of publication 3 March 2019 Two people were hurt.", date(2019, 3, 3)),
        ("Posted on March 3 2019 by A Desk Writer Two people were hurt.", date(2019, 3, 3)),
        ("Last updated at Mar 032019 CAIRO Two people were hurt.", date(2019, 3, 3)),
        ("Sunday 3 Mar 2019 Two hurt in fire Two people were hurt.", date(2019, 3, 3)),
        ("Sun Mar 3 2019 Two hurt in fire. Two people were hurt.", date(2019, 3, 3)),
        ("03-03-2019 Two hurt in fire. Two people were hurt.", date(2019, 3, 3)),
        ("03.03.2019(updated 1020 03.03.2019) Two people were hurt.", date(2019, 3, 3)),
        ("03/04/2019 10:20 GMT LIMA, March 4, 2019 (AFP) - Two people", date(2019, 3, 4)),
        ("LIMA, Mar 3, 2019 (Wire Service) -- Two people were hurt.", date(2019, 3, 3)),
        ("TOWNVILLE, Ruritania (Mar. 3, 2019) Two people were hurt.", date(2019, 3, 3)),
        ("(Lima, 3 March 2019): Two people were hurt.", date(2019, 3, 3)),
        ("Fire in market hurts two Reports AFP Sunday 3 Mar 2019 Two people", date(2019, 3, 3)),
        ("Losses of the week\n2019-03-03 09:00:00 | ID: 1234\nTwo people", date(2019, 3, 3)),
        ("Published:\u00a03 March 2019\nTwo people were hurt.", date(2019, 3, 3)),
    ],
)
def test_dateline(text: str, day: date) -> None:
    found = dateline(load_lexicon(), text)
    assert found is not None and found.day == day


@pytest.mark.parametrize(
    "text",
    [
        # A site's date widget: today's date alone on its line, above the menu.
        "Tuesday, 5 March 2019\nHome News Sport\nTwo people were hurt.",
        "5 March 2019\nTwo people were hurt.",
        # A date inside the story is no dateline.
        "Two people were hurt on 3 March 2019 in a fire.",
        "The fire of 3 March 2019 hurt two people.",
    ],
)
def test_no_dateline(text: str) -> None:
    assert dateline(load_lexicon(), text) is None


def test_dateline_wins_over_metadata_and_dates_weekdays() -> None:
    # Metadata says 2023-03-13 (a crawl); the text is dated Wednesday 2016-08-10.
    c = one(
        "Wed Aug 10 2016 Rebel rocket fire on a market in Aleppo killed 14 civilians on Monday, "
        "the Syrian Observatory for Human Rights said."
    )
    assert period(c) == (date(2016, 8, 8), date(2016, 8, 8), False)


def test_dateline_picks_the_conflict_of_its_time() -> None:
    # A record dated before the Syrian war began (metadata wrong), its dateline in 2014: the
    # running total is the war's.
    c = one(
        "Published 9 May 2014 More than 150,000 people have been killed in Syria since the "
        "conflict began, the Syrian Observatory for Human Rights said.",
        published=date(2010, 1, 1),
    )
    assert period(c) == (SYRIA_WAR, date(2014, 5, 9), True)


def test_dateline_date_is_not_the_period_of_a_headline_figure() -> None:
    c = one("Thu May 8 2014 Car bomb kills 12 in Homs.", published=None)
    assert period(c) == (None, date(2014, 5, 8), False)


def test_without_any_date_relative_expressions_stay_unresolved() -> None:
    c = one("Last week a landslide killed 31 people, officials said.", published=None)
    assert period(c) == (None, None, False)


def test_dateline_resolves_relative_expressions_of_an_undated_record() -> None:
    c = one(
        "04/02/2019 10:00 GMT OSLO, April 2, 2019 (AFP) - Some 40 people have died this year "
        "in avalanches, the police said on Tuesday.",
        published=None,
    )
    assert period(c) == (date(2019, 1, 1), date(2019, 4, 2), False)


# -- event tolls ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "An air strike on the town of Marea killed 12 civilians, the Syrian Observatory for "
        "Human Rights said.",
        "A mortar attack on a school in Aleppo left three children dead, the monitor said.",
        "Nine soldiers were killed in an ambush near Homs, state media said.",
    ],
)
def test_an_event_toll_without_its_day_is_no_running_total(text: str) -> None:
    c = one(text, published=date(2016, 8, 10))
    assert period(c) == (None, date(2016, 8, 10), False)


def test_a_running_total_of_the_war_stays_cumulative() -> None:
    c = one(
        "More than 300,000 people have been killed in Syria, the Syrian Observatory for Human "
        "Rights said.",
        published=date(2016, 8, 10),
    )
    assert period(c) == (SYRIA_WAR, date(2016, 8, 10), True)


def test_without_a_conflict_no_count_is_cumulative() -> None:
    c = one("So far 48 people have died in the heat, the health ministry said.", published=None)
    assert period(c) == (None, None, False)


def test_a_toll_told_again_with_its_day_dates_the_first_telling() -> None:
    first, second = claims(
        "Car bomb kills 17 in Homs.\n"
        "A car bomb in Homs killed 17 people on Saturday, the governor said.\n",
        published=date(2016, 8, 10),
    )
    assert period(second) == (date(2016, 8, 6), date(2016, 8, 6), False)
    assert period(first) == period(second)


# -- which time dates a figure --------------------------------------------------------------------


def test_a_time_before_the_speaker_without_a_comma_is_the_events() -> None:
    # Text that lost its commas: "on Sunday" ends the event's clause, not the attribution.
    c = one(
        "At least 30 rebels were killed in a blast at the border on Sunday the Syrian Observatory "
        "for Human Rights said.",
        published=date(2016, 8, 10),
    )
    assert period(c) == (date(2016, 8, 7), date(2016, 8, 7), False)


def test_a_time_in_an_opening_phrase_dates_the_statement() -> None:
    c = one(
        "In a briefing on Friday, Ukraine's military said Russia had lost 3,500 tanks since the "
        "start of the invasion."
    )
    # Friday before the publication date, Monday 2023-03-13.
    assert period(c) == (INVASION, PUBLISHED - timedelta(days=3), True)


def test_a_perfect_count_after_a_since_span_counts_from_its_day() -> None:
    found = claims(
        "The monitor said shelling of the district has grown heavier since government troops "
        "began a push to retake the hills north of the old city on June 3.\n"
        "The shelling has killed 61 civilians, the monitor said.\n",
        published=date(2016, 6, 20),
    )
    assert [period(c) for c in found] == [(date(2016, 6, 3), date(2016, 6, 20), False)]


def test_earlier_this_week_names_no_day() -> None:
    c = one(
        "Earlier this week an air strike on a market in Idlib killed 23 people, the monitor said.",
        published=date(2016, 6, 18),
    )
    assert period(c) == (None, date(2016, 6, 18), False)


def test_today_is_the_day_of_todays_events() -> None:
    found = claims(
        "Today the occupiers struck a school in Sumy.\n"
        "Four residents were killed and 11 were wounded in the strike, the governor said.\n",
        published=date(2022, 5, 3),
    )
    assert [period(c) for c in found] == [(date(2022, 5, 3), date(2022, 5, 3), False)] * 2


def test_today_of_a_count_that_runs_is_its_as_of_date() -> None:
    c = one(
        "Today we know of the deaths of 212 Ukrainian children in this war.",
        published=date(2022, 5, 3),
    )
    assert period(c) == (INVASION, date(2022, 5, 3), True)


def test_a_toll_of_the_whole_conflict_is_a_running_total() -> None:
    found = claims(
        "Shelling killed four people in Homs on Tuesday, the monitor said.\n"
        "A research group has put the death toll from the five-year-old conflict at more than "
        "400,000.\n",
        published=date(2016, 3, 10),
    )
    assert period(found[-1]) == (SYRIA_WAR, date(2016, 3, 10), True)


def test_the_war_which_began_years_ago_is_the_conflict() -> None:
    c = one(
        "More than 250,000 people have been killed in Syria's war, which started as a protest "
        "movement in 2011, the monitor said.",
        published=date(2016, 3, 10),
    )
    assert period(c) == (SYRIA_WAR, date(2016, 3, 10), True)


def test_a_time_after_an_event_verb_past_the_speaker_is_the_events() -> None:
    # The attribution read too wide ("Nusra … a local source told"): "on Saturday" follows the
    # speaker, not the verb of saying, and dates the blast.
    c = one(
        "A car bomb near the offices of the Nusra Front in Idlib left on Saturday at least 19 "
        "people dead a local source told reporters.",
        published=date(2017, 5, 22),
    )
    assert period(c) == (date(2017, 5, 20), date(2017, 5, 20), False)


def test_a_time_after_a_participle_of_saying_dates_the_statement() -> None:
    c = one(
        "An air strike killed 31 militants in Idlib province, state television said, citing "
        "the defence ministry as saying on Thursday.",
        published=date(2017, 10, 6),
    )
    assert period(c) == (None, date(2017, 10, 6), False)


def test_a_rate_is_no_running_total() -> None:
    c = one("Ukraine is losing up to 90 soldiers a day in the Donbas, Zelenskyy said.")
    assert c.rate is not None and period(c) == (None, PUBLISHED, False)


def test_a_rate_over_a_named_span_keeps_it() -> None:
    c = one("Russia lost 700 soldiers a day in April, British intelligence said.")
    assert period(c) == (date(2022, 4, 1), date(2022, 4, 30), False)


def test_the_first_days_of_the_invasion_are_a_running_total() -> None:
    c = one(
        "In 40 days of the invasion, 160 Ukrainian children were killed, the prosecutors said.",
        published=date(2022, 4, 5),
    )
    assert period(c) == (INVASION, date(2022, 4, 4), True)


def test_an_ordinal_day_of_the_war_is_an_anchor() -> None:
    found = claims(
        "The 60th day of the war is over.\n"
        "Four Ukrainian civilians were killed in the past 24 hours, the governor said.\n",
        published=date(2022, 4, 20),
    )
    # day 60 = 2022-04-24, after the publication date: what follows resolves against it
    assert [period(c) for c in found] == [(date(2022, 4, 23), date(2022, 4, 24), False)]


def test_the_last_week_of_a_month() -> None:
    c = one(
        "The think tank said Russian forces advanced about 6 km north of Kupiansk during the "
        "last week of February."
    )
    assert period(c) == (date(2023, 2, 22), date(2023, 2, 28), False)


def test_in_that_period_is_the_period_just_named() -> None:
    killed, wounded = claims(
        "Between 1 and 10 March, the mission said, 52 civilians were killed in Ukraine. "
        "In that period 140 Ukrainian civilians were wounded, it said."
    )
    assert period(killed) == period(wounded) == (date(2023, 3, 1), date(2023, 3, 10), False)


def test_a_time_right_after_said_is_the_statements_even_unattributed() -> None:
    # "The army, for its part, said on Sunday that …": however the speaker is read, Sunday is
    # when it was said, and "since Friday" is the figure's period.
    c = one(
        "The army, for its part, said on Sunday that its troops had killed more than 120 RSF "
        "fighters in fighting around El Fasher since Friday.",
        published=date(2024, 9, 30),
    )
    assert period(c)[0] == date(2024, 9, 27) and not period(c)[2]


def test_a_tally_line_with_a_past_verb_is_a_running_total_not_an_event() -> None:
    found = claims(
        "Ukraine's General Staff said the combat losses of the Russian army from 24.02 to 12.03 "
        "were approximately:\n"
        "personnel ‒ about 9000 persons were liquidated,\n"
        "tanks ‒ 300 units,\n"
    )
    assert [(c.metric, c.value.low, period(c)) for c in found] == [
        ("personnel.killed", 9000, (INVASION, PUBLISHED, True)),
        ("equipment.tanks", 300, (INVASION, PUBLISHED, True)),
    ]


def test_today_after_its_count_dates_the_events_and_before_it_the_count() -> None:
    day = date(2022, 3, 20)
    events = one(
        "Ukraine's president said in the evening that we have lost 40 of our soldiers today.", day
    )
    assert period(events) == (day, day, False)
    running = one(
        "Ukraine's president said: today we know of the deaths of 145 children in Russia's war.",
        day,
    )
    assert period(running) == (INVASION, day, True)


def test_a_documents_own_speaker_ties_no_figure_to_an_earlier_paragraph() -> None:
    from claimledger.model import Document
    from tests.support.extracthelp import _EXTRACTOR

    day = date(2022, 5, 3)
    document = Document(
        id="t",
        text=(
            "Yesterday a Russian missile hit Odesa and a 14-year-old boy died.\n\n"
            "Since Russia's invasion began, 220 children were killed and 406 were injured."
        ),
        published=day,
        speaker="Volodymyr Zelenskyy",
    )
    found = {c.value.low: c for c in _EXTRACTOR.extract(document)}
    assert period(found[220]) == (INVASION, day, True)
    assert found[220].location is None


def test_words_of_a_count_that_runs_are_lexicon_data(tmp_path: Path) -> None:
    # grammar.toml periods.running_count_words: near one of these an event's toll is a running
    # total. A user lexicon that adds "altogether" makes the strikes' toll the war's so far.
    text = "Kharkiv's governor said Russian air strikes killed 12 civilians altogether in the city."
    user = tmp_path / "lexicon"
    user.mkdir()
    body = '[periods]\nrunning_count_words = ["altogether"]\n'
    (user / "grammar.toml").write_text(body, encoding="utf-8")
    published = date(2023, 3, 1)
    for lex, want in (
        (build_lexicon(()), (None, published, False)),
        (build_lexicon((user,)), (INVASION, published, True)),
    ):
        (c,) = Extractor(lex).extract(Document("t", text, published))
        assert period(c) == want
