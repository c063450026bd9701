"""Readings the stage tests once found wrong, kept so they stay right (claims.md semantics)."""

from __future__ import annotations

from datetime import date

from tests.support.extracthelp import INVASION, PUBLISHED, claims, one, values


def test_scale_after_a_range_applies_to_both_bounds() -> None:
    c = one("Ukraine's military said two to three thousand Russian soldiers were killed.")
    assert (c.value.low, c.value.high, c.value.qualifier) == (2000, 3000, "range")


def test_were_killed_or_wounded_is_one_total() -> None:
    c = one("Ukraine's military said 120 Russian soldiers were killed or wounded.")
    assert c.metric == "personnel.killed_or_wounded"


def test_personnel_line_of_a_loss_list_counts_losses() -> None:
    found = claims(
        "Ukraine's military said the totals of Russian combat losses since the start of "
        "the invasion were:\ntanks — 3,765 (+4)\npersonnel — 162,560 (+620)"
    )
    people = [c for c in found if c.metric == "personnel.killed_or_wounded"]
    assert [(c.value.low, c.period.cumulative) for c in people] == [(162560, True), (620, False)]
    assert all(c.subject == "Russia" and c.group == "military" for c in people)


def test_general_staff_personnel_tally_means_killed() -> None:
    """The Ukrainian General Staff's personnel figure counts the killed (claimants.toml says
    so), whether or not the line says "liquidated"."""
    found = claims(
        "Ukraine's General Staff said the totals of Russian combat losses since the start of "
        "the invasion were:\ntanks — 3,765 (+4)\npersonnel — 162,560 (+620)"
    )
    people = [c for c in found if c.metric.startswith("personnel")]
    assert [(c.metric, c.value.low) for c in people] == [
        ("personnel.killed", 162560),
        ("personnel.killed", 620),
    ]


def test_derived_rate_takes_the_metric_of_its_figure() -> None:
    found = claims(
        "US officials said Russia had lost about 100,000 soldiers. "
        "That figure amounts to about 800 per quarter mile."
    )
    rate = next(c for c in found if c.rate is not None)
    assert rate.metric == "personnel.killed_or_wounded"
    assert (rate.rate.per, rate.rate.unit) == (0.25, "mile")
    assert rate.claimant.name is None


def test_units_of_equipment() -> None:
    c = one("Ukraine's military said its forces destroyed 12 units of Russian special equipment.")
    assert (c.metric, c.value.low, c.subject) == ("equipment.special_equipment", 12, "Russia")


def test_by_weekday_beats_a_total_of() -> None:
    c = one(
        "Ukraine's military said that by Thursday a total of 162,560 Russian soldiers "
        "had been killed."
    )
    assert (c.period.start, c.period.end, c.period.cumulative) == (INVASION, date(2023, 3, 9), True)


def test_bringing_the_total_to_is_a_running_total() -> None:
    found = claims(
        "Ukraine's General Staff said 620 Russian soldiers were killed in the past day, "
        "bringing the total to 162,560."
    )
    total = next(c for c in found if c.value.low == 162560)
    assert (total.period.start, total.period.end, total.period.cumulative) == (
        INVASION,
        PUBLISHED,
        True,
    )
    daily = next(c for c in found if c.value.low == 620)
    assert daily.period.cumulative is False


def test_without_a_publication_date_relative_periods_stay_open() -> None:
    for phrase in ("in the past 24 hours", "in recent days", "since May last year"):
        c = one(f"Cherevatyi said 221 Russian soldiers were killed {phrase}.", published=None)
        assert (c.period.start, c.period.end, c.period.cumulative) == (None, None, False), phrase


def test_a_full_date_needs_no_publication_date() -> None:
    c = one("Cherevatyi said 221 Russian soldiers were killed on 12 March 2023.", published=None)
    assert (c.period.start, c.period.end) == (date(2023, 3, 12), date(2023, 3, 12))


def test_alias_beats_an_unnamed_group_of_the_same_words() -> None:
    c = one("UK Defence Intelligence said Russia had lost 40 tanks.")
    assert (c.claimant.name, c.claimant.affiliation) == ("UK Ministry of Defence", "United Kingdom")


def test_amounted_to_after_a_noun_is_not_the_outlets_arithmetic() -> None:
    c = one("Ukraine's military said Russian losses amounted to 900 soldiers.")
    assert (c.claimant.name, c.subject) == ("Ukrainian military", "Russia")


def test_a_side_that_had_soldiers_killed_is_the_subject() -> None:
    c = one("Ukraine's military said Russian forces had 120 soldiers killed and wounded.")
    assert c.subject == "Russia"


def test_people_killed_by_a_side_are_the_other_sides_people() -> None:
    c = one(
        "The Gaza Health Ministry said Israeli strikes had killed 300 people, "
        "most of them civilians.",
        published=date(2023, 11, 10),
    )
    assert (c.subject, c.group) == ("Palestinians", "unspecified")


def test_launched_by_is_not_who_shot_them_down() -> None:
    c = one(
        "Ukraine's military said its air defences shot down 30 Shahed drones launched by Russia."
    )
    assert (c.metric, c.subject) == ("equipment.uav", "Russia")


def test_an_armed_proxys_losses_are_military() -> None:
    c = one("Ukraine's military said the Wagner Group had lost 300 men near Bakhmut.")
    assert (c.subject, c.group, c.location) == ("Russia", "military", "Bakhmut")


def test_number_of_people_killed_when_rose_to_is_a_count_frame() -> None:
    """A count noun far before its figure, over a clause describing the event: the clause
    dates the event, its parties are the attacker, the place decides whose dead they are."""
    found = claims(
        "The number of people killed when a Russian missile hit a shopping centre in Kharkiv "
        "on Saturday rose to 14 on Monday, including three children, the regional governor said."
    )
    assert [(c.metric, c.value.low, c.subject) for c in found] == [
        ("personnel.killed", 14, "Ukraine"),
        ("personnel.killed", 3, "Ukraine"),
    ]
    saturday = date(2023, 3, 11)
    assert all((c.period.start, c.period.end) == (saturday, saturday) for c in found)
    assert found[0].location == "Kharkiv"


def test_a_count_that_rose_to_is_a_running_total() -> None:
    c = one(
        "The number of people killed by flooding in the river valley rose to 40, "
        "the emergency service said."
    )
    assert c.period.cumulative and c.group == "civilian"


def test_since_an_event_on_a_day_starts_the_period() -> None:
    c = one(
        "The number of people killed in Israel since militants crossed the border fence on "
        "Saturday has risen to more than 900, officials said.",
        published=date(2023, 10, 10),
    )
    assert (c.subject, c.location) == ("Israel", "Israel")
    assert (c.period.start, c.period.end, c.period.cumulative) == (
        date(2023, 10, 7),
        date(2023, 10, 10),
        True,
    )


def test_equipment_doing_the_harm_is_not_lost() -> None:
    found = claims("A Russian drone struck an apartment block in Odesa, killing two people.")
    assert [(c.metric, c.value.low) for c in found] == [("personnel.killed", 2)]


def test_a_state_outside_the_wars_is_the_subject_of_a_toll_in_its_city() -> None:
    c = one(
        "At least 60 people were killed by floods in the Libyan city of Benghazi, officials said."
    )
    assert (c.subject, c.group) == ("Libya", "civilian")


def test_a_part_of_a_whole_counts_the_part() -> None:
    """ "35 of the 39 drones": the part was lost; the whole is what was launched."""
    found = claims(
        "Ukraine's air force said it shot down 35 of the 39 Shahed drones Russia launched "
        "overnight and seven of eight cruise missiles."
    )
    assert values(found) == [("equipment.uav", 35, 35), ("munitions.cruise_missiles", 7, 7)]
    assert all(c.subject == "Russia" for c in found)


def test_bare_parts_of_a_count_take_its_noun() -> None:
    found = claims(
        "Russia's defence ministry said air defences destroyed 40 Ukrainian drones overnight, "
        "including 15 over the Belgorod region and 9 over the Kursk region."
    )
    assert values(found) == [
        ("equipment.uav", 40, 40),
        ("equipment.uav", 15, 15),
        ("equipment.uav", 9, 9),
    ]
    assert [c.location for c in found][1:] == ["Belgorod Oblast", "Kursk Oblast"]


def test_a_party_in_a_proper_name_is_not_a_side() -> None:
    c = one("The Saudi Hospital in El Fasher had received 19 bodies by the evening, doctors said.")
    assert (c.metric, c.subject) == ("personnel.killed", "Sudan")


def test_others_and_manner_adverbs() -> None:
    found = claims(
        "Three civilians were killed and 11 others wounded in Kherson, the governor said. "
        "Eight people were injured in Odesa, three of them seriously. "
        "One man was lightly injured by shrapnel in Kharkiv."
    )
    assert values(found) == [
        ("personnel.killed", 3, 3),
        ("personnel.wounded", 11, 11),
        ("personnel.wounded", 8, 8),
        ("personnel.wounded", 3, 3),
        ("personnel.wounded", 1, 1),
    ]
    assert found[1].group == "civilian"


def test_officially_listed_as_missing() -> None:
    c = one("More than 8,000 Ukrainian servicemen are officially listed as missing.")
    assert (c.metric, c.subject, c.group) == ("personnel.missing", "Ukraine", "military")


def test_a_participle_before_the_people_noun_says_what_happened() -> None:
    c = one("The RSF published video of what it said were 37 captured troops.")
    assert c.metric == "personnel.captured"


def test_a_noun_that_names_a_side_in_one_war() -> None:
    """ "the army" is Sudan's army in Sudan's war (conflicts.toml side_words)."""
    found = claims(
        "The RSF said its fighters had killed 400 army soldiers and captured 700 others when "
        "they took the base in Darfur.",
        published=date(2023, 11, 10),
    )
    assert [(c.metric, c.value.low, c.subject) for c in found] == [
        ("personnel.killed", 400, "Sudanese Armed Forces"),
        ("personnel.captured", 700, "Sudanese Armed Forces"),
    ]


def test_speaker_after_the_last_comma_of_a_trailing_attribution() -> None:
    c = one(
        "The number of people killed by the flood at the Nova Kakhovka dam rose to 13 in the "
        "Kherson region, Interior Minister Ihor Klymenko said."
    )
    assert c.claimant.name == "Ihor Klymenko"


def test_he_refers_to_a_person_not_to_the_people_counted() -> None:
    found = claims(
        "Vitaliy Barabash, head of the town's military administration, spoke on Thursday. "
        "Two residents were killed by shelling on Wednesday, he said."
    )
    assert [c.claimant.name for c in found] == ["Vitaliy Barabash"]


def test_an_institution_in_a_capital_speaks_for_that_state() -> None:
    c = one(
        "The health ministry in Damascus said 1,250 people had died in the earthquake.",
        published=date(2023, 2, 8),
    )
    assert (c.claimant.name, c.claimant.affiliation) == ("Syrian Health Ministry", "Syria")


def test_a_report_noun_in_the_reported_clause_is_no_fronted_report() -> None:
    """ "…killed 4,360 people in 2023, the lowest annual toll since …, the monitor said on
    Monday": the year is the figure's period, not part of the attribution."""
    c = one(
        "The war in Syria killed 4,360 people in 2023, the lowest annual toll since the "
        "uprising began, the Syrian Observatory for Human Rights said on Monday.",
        published=date(2024, 1, 2),
    )
    assert (c.period.start, c.period.end) == (date(2023, 1, 1), date(2023, 12, 31))
    assert c.subject == "Syria"


def test_during_the_night() -> None:
    c = one("Air defences destroyed 40 Ukrainian drones during the night, Russia's ministry said.")
    assert (c.period.start, c.period.end, c.period.cumulative) == (
        date(2023, 3, 12),
        PUBLISHED,
        False,
    )


def test_a_simple_past_event_after_a_dated_lead_is_of_that_night() -> None:
    found = claims(
        "Russia fired 30 missiles at Ukraine overnight, officials said.\n\n"
        "In the Lviv region two people were injured, the governor said."
    )
    c = found[-1]
    assert (c.metric, c.period.start, c.period.end) == (
        "personnel.wounded",
        date(2023, 3, 12),
        PUBLISHED,
    )


def test_a_present_count_after_a_dated_lead_still_runs() -> None:
    found = claims(
        "Russia fired 30 missiles at Ukraine overnight, officials said.\n\n"
        "US officials said Russian casualties are nearing 200,000 killed and wounded."
    )
    c = found[-1]
    assert (c.period.start, c.period.cumulative) == (INVASION, True)


def test_a_world_city_keeps_the_spelling_the_news_used() -> None:
    c = one(
        "At least 5,000 people were killed by floods in Derna, officials said.",
        published=date(2023, 9, 14),
    )
    assert (c.location, c.subject) == ("Derna", "Libya")


def test_a_camp_named_before_its_common_noun() -> None:
    c = one(
        "An air strike on a school in the Nuseirat refugee camp killed at least 33 people, "
        "health officials said.",
        published=date(2024, 6, 6),
    )
    assert c.location == "Nuseirat"


def test_shelling_of_the_city_is_where() -> None:
    found = claims(
        "Rescuers in Kherson were working under fire. Russian shelling of the city killed "
        "three people, the governor said."
    )
    assert [c.location for c in found] == ["Kherson"]


def test_a_region_in_a_later_subordinate_clause_is_not_the_figures() -> None:
    c = one(
        "More than 1,300 people have been killed in Israel since Saturday, officials said, "
        "as the army pressed on with its bombardment of the Gaza Strip.",
        published=date(2023, 10, 12),
    )
    assert c.location == "Israel"


def test_up_from_is_the_same_count_earlier() -> None:
    found = claims(
        "The governor of the occupied part of the region said the toll had risen to 29, "
        "up from 17 on Sunday."
    )
    assert values(found) == [("personnel.killed", 29, 29), ("personnel.killed", 17, 17)]
    now, before = found
    assert now.period.end == PUBLISHED and now.period.cumulative
    assert before.period.end == date(2023, 3, 12) and before.period.cumulative
    assert before.rate is None


def test_a_day_earlier_is_no_rate() -> None:
    found = claims(
        "The number of people killed in the flood rose to 5,500 on Monday, up from 3,840 a day "
        "earlier, officials said."
    )
    assert [(c.value.low, c.rate) for c in found] == [(5500, None), (3840, None)]
    assert found[1].period.end == date(2023, 3, 12)


def test_a_local_official_speaks_for_the_state_of_his_place() -> None:
    found = claims(
        "Alexei Smirnov, the acting governor of the Kursk region, said 12 civilians had been "
        "killed.\n\nRescuers in Kherson were working under fire. Russian shelling killed three "
        "people, regional governor Oleksandr Prokudin said."
    )
    assert [(c.claimant.name, c.claimant.affiliation, c.subject) for c in found] == [
        ("Alexei Smirnov", "Russia", "Russia"),
        ("Oleksandr Prokudin", "Ukraine", "Ukraine"),
    ]
    assert found[0].location == "Kursk Oblast"


def test_the_subject_after_a_fronted_phrase_with_an_apposition() -> None:
    c = one(
        "On the occupied left bank, where the flooding was worse, the Moscow-installed "
        "governor of the region, Vladimir Saldo, said the toll had risen to 29."
    )
    assert (c.claimant.name, c.claimant.affiliation) == ("Vladimir Saldo", "Russia")


def test_a_body_the_lexicon_does_not_know_is_named_as_written() -> None:
    c = one(
        "At least 30 civilians were killed in El Fasher on Sunday, the Sudan Doctors Network said.",
        published=date(2024, 9, 30),
    )
    assert (c.claimant.name, c.claimant.affiliation) == ("Sudan Doctors Network", "independent")


def test_a_state_body_named_as_written_speaks_for_its_state() -> None:
    c = one(
        "The Ukrainian Coordination Headquarters for the Treatment of Prisoners of War says "
        "more than 8,000 Ukrainian servicemen are listed as missing."
    )
    assert (
        c.claimant.name
        == "Ukrainian Coordination Headquarters for the Treatment of Prisoners of War"
    )
    assert c.claimant.affiliation == "Ukraine"


def test_towns_headlines_and_common_acronyms_are_not_speakers() -> None:
    found = claims(
        "Warplanes targeted Khan Sheikhun with gases and killed more than 70 people said "
        "Mounzer Khalil head of the local health authority.\n\n"
        "Rockets Kill 12 Civilians In Aleppo\n\n"
        "Al-Alam TV said 12 civilians were killed."
    )
    assert "Khan Sheikhun" not in {c.claimant.name for c in found}
    assert not {"Rockets Kill", "TV"} & {c.claimant.name for c in found}


def test_a_time_in_a_parts_aside_is_that_parts_alone() -> None:
    found = claims(
        "The Health Ministry in Gaza said at least 30,534 Palestinians had been killed since "
        "the war began, 97 of them in the previous 24 hours, and that 71,920 others had been "
        "wounded.",
        published=date(2024, 3, 5),
    )
    wounded = next(c for c in found if c.metric == "personnel.wounded")
    assert (wounded.value.low, wounded.period.start, wounded.period.cumulative) == (
        71920,
        date(2023, 10, 7),
        True,
    )


def test_calendar_weeks_months_years_and_halves() -> None:
    """Published on Monday 13 March 2023."""
    cases = {
        "Ukraine's General Staff said 6,210 Russian troops were killed last week.": (
            date(2023, 3, 6),
            date(2023, 3, 12),
        ),
        "Ukraine's General Staff said 900 Russian troops were killed this month.": (
            date(2023, 3, 1),
            PUBLISHED,
        ),
        "The project said 10,350 Russian soldiers were killed in the first half of 2022.": (
            date(2022, 1, 1),
            date(2022, 6, 30),
        ),
        "The monitor said 4,360 people were killed in Syria last year.": (
            date(2022, 1, 1),
            date(2022, 12, 31),
        ),
        "The monitor said 300 people were killed in Syria so far this year.": (
            date(2023, 1, 1),
            PUBLISHED,
        ),
    }
    for text, (start, end) in cases.items():
        c = one(text)
        assert (c.period.start, c.period.end, c.period.cumulative) == (start, end, False), text


def test_since_a_month_last_year_still_wins() -> None:
    c = one("Ukraine's military said 40,000 Russian troops were killed since May last year.")
    assert (c.period.start, c.period.end) == (date(2022, 5, 1), PUBLISHED)


def test_since_the_month_or_year_a_war_began_is_since_it_began() -> None:
    c = one(
        "The observatory said it had verified the deaths of 14,456 people since the start of "
        "the Syrian uprising in 2011.",
        published=date(2016, 6, 27),
    )
    assert (c.period.start, c.period.cumulative) == (date(2011, 3, 15), True)


def test_over_the_weekend_is_the_last_saturday_and_sunday() -> None:
    c = one("The army said its troops had killed more than 50 Hamas gunmen over the weekend.")
    assert (c.period.start, c.period.end) == (date(2023, 3, 11), date(2023, 3, 12))


def test_on_day_n_of_the_war_dates_that_days_events() -> None:
    c = one(
        "KYIV, Jan 24 - On day 700 of the full-scale war, Russian shelling killed at least eight "
        "civilians, local officials said on Wednesday.",
        published=date(2024, 1, 24),
    )
    # Day 1 is 24 February 2022 (claims.md), so day 700 is 24 January 2024.
    assert (c.period.start, c.period.end, c.period.cumulative) == (
        date(2024, 1, 24),
        date(2024, 1, 24),
        False,
    )


def test_a_datelines_date_is_no_claims_period() -> None:
    """ "NAIROBI, Nov 10 - … said on Thursday" (Thursday is 9 November): the dateline is when
    the story was filed, not read against the statement's day (which made it last year)."""
    c = one(
        "NAIROBI, Nov 10 - Fighters killed more than 800 people in Ardamata, a local rights "
        "group said on Thursday.",
        published=date(2023, 11, 10),
    )
    assert c.period.end == date(2023, 11, 9)


def test_a_parts_places_are_its_own_and_a_states_territory_is_a_place() -> None:
    found = claims(
        "Russia's defence ministry said its air defences had destroyed 66 Ukrainian drones over "
        "Russian territory during the night, including 21 over the Bryansk region and 17 over "
        "the Kursk region."
    )
    assert [(c.value.low, c.location) for c in found] == [
        (66, "Russia"),
        (21, "Bryansk Oblast"),
        (17, "Kursk Oblast"),
    ]


def test_a_run_on_sentence_of_many_figures_and_places_is_not_cubic() -> None:
    """One "sentence" of 500 clauses, each with figures and a town: every claim is found, and
    the place and period choices no longer rescan the sentence for every pair (31 s before;
    a fraction of a second now — the time is not asserted, the claims are)."""
    text = "Officials said that " + ", ".join(
        f"Russian forces lost {i % 9 + 2} tanks near Bakhmut and Ukrainian troops killed "
        f"{i % 7 + 3} soldiers"
        for i in range(500)
    )
    found = claims(text + ".")
    assert len(found) == 1000
    assert {c.location for c in found} == {"Bakhmut"}


def test_a_figure_beyond_any_plausible_count_is_no_claim() -> None:
    """A 300-digit "figure" was a claim of 1e300 killed (issue #14): past ten billion (more
    than everyone alive) a number counts nothing; a large real count stays."""
    nines = "9" * 300
    found = claims(
        f"The ministry said {nines} soldiers were killed near Bakhmut. The ministry said"
        " 12,000,000,000 soldiers were wounded. The ministry said 1.2 billion rounds of"
        " ammunition were fired and 6,500 soldiers were killed."
    )
    assert [c.value.low for c in found if c.metric.startswith("personnel")] == [6500]
