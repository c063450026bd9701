"""Who claims each figure: reporting verbs before and after, "according to", quotations,
referring words, unnamed groups, carry-over into lists, the outlet's own arithmetic, and the
canonical names and affiliations of claimants.toml."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from claimledger.extraction.pipeline import Extractor
from claimledger.lexicon import build_lexicon, load_lexicon
from claimledger.model import Claim, Claimant, Document
from claimledger.sources.jsonl import iter_jsonl
from tests.support.extracthelp import PUBLISHED, claims, doc, one

CHEREVATYI = Claimant("Serhiy Cherevatyi", "Ukraine")
RU_MOD = Claimant("Russian Ministry of Defence", "Russia")
UA_MOD = Claimant("Ukrainian Ministry of Defence", "Ukraine")
UA_STAFF = Claimant("Ukrainian General Staff", "Ukraine")


def test_reporting_verb_before_the_figure() -> None:
    c = one("Serhiy Cherevatyi said 239 Russian soldiers were killed near Bakhmut.")
    assert c.claimant == CHEREVATYI


def test_reporting_verb_after_the_figure() -> None:
    c = one("Russia lost 239 soldiers near Bakhmut, Ukraine's defence ministry said.")
    assert c.claimant == UA_MOD
    assert c.subject == "Russia"


def test_inverted_reporting_verb_after_the_figure() -> None:
    c = one("Russia lost 239 soldiers near Bakhmut, said Serhiy Cherevatyi.")
    assert c.claimant == CHEREVATYI


def test_according_to() -> None:
    c = one("According to Ukraine's General Staff, Russia lost 239 soldiers near Bakhmut.")
    assert c.claimant == UA_STAFF


def test_according_to_after_the_figure() -> None:
    c = one("Russia lost 239 soldiers near Bakhmut, according to Ukraine's General Staff.")
    assert c.claimant == UA_STAFF


def test_quotation_attributed_after_it_to_a_named_speaker() -> None:
    text = (
        "Olena Kovalenko, a Ukrainian army spokeswoman, spoke to reporters on Sunday. "
        '"We killed 239 Russian soldiers near Bakhmut," she said.'
    )
    c = one(text)
    assert c.claimant == Claimant("Olena Kovalenko", "Ukraine")
    assert (c.metric, c.value.low, c.subject) == ("personnel.killed", 239, "Russia")


def test_quotation_by_a_known_person() -> None:
    c = one('Serhiy Cherevatyi spoke on television. "We destroyed 12 Russian tanks," he said.')
    assert c.claimant == CHEREVATYI
    assert (c.metric, c.subject) == ("equipment.tanks", "Russia")


def test_surname_refers_back() -> None:
    text = (
        "Taras Hrytsenko, a Ukrainian army spokesman, spoke on Sunday. "
        "Hrytsenko added that 40 Russian soldiers were captured."
    )
    c = one(text)
    assert c.claimant == Claimant("Taras Hrytsenko", "Ukraine")
    assert c.metric == "personnel.captured"


def test_title_refers_back() -> None:
    text = (
        "Taras Hrytsenko, a Ukrainian army spokesman, spoke on Sunday. "
        "The spokesman said 40 Russian soldiers were captured."
    )
    assert one(text).claimant == Claimant("Taras Hrytsenko", "Ukraine")


def test_description_refers_back_to_a_body() -> None:
    text = (
        "Russia's defence ministry gave its weekly update on Sunday. "
        "The ministry said 300 Ukrainian soldiers were killed near Avdiivka."
    )
    c = one(text)
    assert c.claimant == RU_MOD
    assert c.subject == "Ukraine"


def test_pronoun_refers_back_to_a_body() -> None:
    text = (
        "Russia's defence ministry gave its weekly update on Sunday. "
        "It said 300 Ukrainian soldiers were killed near Avdiivka."
    )
    assert one(text).claimant == RU_MOD


@pytest.mark.parametrize(
    "text",
    [
        "US officials said Russia had lost 100,000 soldiers.",
        "A senior US official said Russia had lost 100,000 soldiers.",
        "Russia had lost 100,000 soldiers, a senior US official said.",
    ],
)
def test_unnamed_us_officials_keep_their_label(text: str) -> None:
    c = one(text)
    assert c.claimant == Claimant("US officials", "United States")
    assert (c.metric, c.subject) == ("personnel.killed_or_wounded", "Russia")


def test_unnamed_group_of_the_other_side() -> None:
    c = one("Russian military bloggers said 300 Ukrainian soldiers were killed.")
    assert c.claimant == Claimant("Russian military bloggers", "Russia")
    assert c.subject == "Ukraine"


def test_source_carries_over_to_the_following_list() -> None:
    text = (
        "Russia's defence ministry said on Sunday that Ukrainian losses were:\n"
        "tanks — 12\n"
        "howitzers — 31\n"
    )
    found = claims(text)
    assert [(c.metric, c.value.low) for c in found] == [
        ("equipment.tanks", 12),
        ("equipment.artillery", 31),
    ]
    assert {c.claimant for c in found} == {RU_MOD}
    assert {c.subject for c in found} == {"Ukraine"}


def test_source_carries_over_within_its_paragraph() -> None:
    text = (
        "Ukraine's General Staff said 620 Russian soldiers were killed in the past day. "
        "Russia also lost four tanks and 11 drones."
    )
    found = claims(text)
    assert [c.value.low for c in found] == [620, 4, 11]
    assert {c.claimant for c in found} == {UA_STAFF}


def test_outlet_s_own_derivation_has_no_claimant() -> None:
    first, derived = claims(
        "US officials said Russia had suffered about 30,000 casualties around Bakhmut. That "
        "figure amounts to about 800 killed or wounded per quarter mile."
    )
    assert first.claimant == Claimant("US officials", "United States")
    assert derived.claimant == Claimant(None, None)


def test_unattributed_statement_has_no_claimant() -> None:
    c = one("At least 12 civilians were killed in Kherson on Sunday.")
    assert c.claimant == Claimant(None, None)


@pytest.mark.parametrize(
    ("speaker", "claimant"),
    [
        ("Russia's defence ministry", RU_MOD),
        ("Russia's Ministry of Defence", RU_MOD),
        ("The Russian Defense Ministry", RU_MOD),
        ("Moscow's defence ministry", RU_MOD),
        ("Ukraine's defence ministry", UA_MOD),
        ("Kyiv's General Staff", UA_STAFF),
        ("The General Staff of the Armed Forces of Ukraine", UA_STAFF),
        ("Britain's defence ministry", Claimant("UK Ministry of Defence", "United Kingdom")),
        (
            "The Institute for the Study of War",
            Claimant("Institute for the Study of War", "United States"),
        ),
        ("Oryx", Claimant("Oryx", "independent")),
        ("Zelensky", Claimant("Volodymyr Zelenskyy", "Ukraine")),
        ("Cherevaty", CHEREVATYI),
    ],
)
def test_claimant_aliases_and_affiliations(speaker: str, claimant: Claimant) -> None:
    c = one(f"{speaker} said 300 Russian tanks had been destroyed since the start of the war.")
    assert c.claimant == claimant


# ---- who speaks when no one is named -------------------------------------------------------------
_EXTRACTOR = Extractor(load_lexicon())


def _extract(document: Document) -> list[Claim]:
    return _EXTRACTOR.extract(document)


def one_of(found: list[Claim]) -> Claim:
    assert len(found) == 1, [(c.metric, c.value) for c in found]
    return found[0]


def test_a_record_s_speaker_claims_what_it_states_without_a_source() -> None:
    record = {
        "id": "address-1",
        "title": "Evening address of the President of Ukraine",
        "date": "2022-04-20",
        "speaker": "Volodymyr Zelenskyy",
        "text": "Good evening. Today 23 of our soldiers were killed near Izium.",
    }
    (document,) = iter_jsonl([json.dumps(record).encode()], "s.jsonl", "s", on_error=print)
    assert document.speaker == "Volodymyr Zelenskyy"
    c = one_of(_extract(document))
    assert c.claimant == Claimant("Volodymyr Zelenskyy", "Ukraine")


def test_a_speaker_the_lexicon_does_not_know_speaks_for_the_party_of_the_title() -> None:
    document = Document(
        id="t",
        text="The occupiers have already killed 140 children in our country.",
        published=PUBLISHED,
        title="Address of the Deputy Minister of Ukraine to the parliament of Norway",
        speaker="Petro Danylenko",
    )
    assert one_of(_extract(document)).claimant == Claimant("Petro Danylenko", "Ukraine")


def test_a_figure_the_speaker_attributes_to_another_is_the_other_s() -> None:
    document = Document(
        id="t",
        text="According to the General Staff of Ukraine, Russia has lost 31 aircraft.",
        published=PUBLISHED,
        speaker="Volodymyr Zelenskyy",
    )
    assert one_of(_extract(document)).claimant == UA_STAFF


def test_an_official_site_speaks_for_its_owner() -> None:
    document = Document(
        id="t",
        text="Since the start of the invasion Russia has lost 512 tanks.",
        published=PUBLISHED,
        outlet="Ministry of Defence of Ukraine",
    )
    assert one_of(_extract(document)).claimant == UA_MOD


def test_an_outlet_that_is_no_claimant_speaks_for_no_one() -> None:
    document = Document(
        id="t",
        text="At least 12 civilians were killed in Kherson on Sunday.",
        published=PUBLISHED,
        outlet="Daily Courier",
    )
    assert one_of(_extract(document)).claimant == Claimant(None, None)


SOHR = Claimant("Syrian Observatory for Human Rights", "independent")


def test_a_wire_credit_is_no_claimant() -> None:
    text = (
        "Idlib (AFP) Air strikes killed at least 12 civilians in a market town on Monday, "
        "the Syrian Observatory for Human Rights said."
    )
    assert one(text).claimant == SOHR


def test_a_wire_agency_that_reports_is_a_claimant() -> None:
    c = one("In Idlib, AFP reported that 12 civilians were killed in a market town on Monday.")
    assert c.claimant.name == "AFP"


def test_a_monitor_described_is_the_one_the_text_names_later() -> None:
    text = (
        "Air strikes killed at least 12 civilians in a market town on Monday, a monitor said. "
        "The Syrian Observatory for Human Rights said the raids went on until dawn."
    )
    found = claims(text)
    assert [c.claimant for c in found] == [SOHR]


def test_a_monitor_described_with_none_named_keeps_its_label() -> None:
    c = one("Air strikes killed at least 12 civilians in a market town, a monitoring group said.")
    assert c.claimant.name == "monitoring group"


def test_the_observatory_s_director_speaks_for_it() -> None:
    c = one("Observatory director Rami Abdel Rahman said 40 fighters were killed near Raqqa.")
    assert c.claimant == SOHR


def test_without_commas_the_speaker_is_the_mention_nearest_the_verb() -> None:
    # Stripped punctuation (scraped text): the place before the speaker is not the speaker.
    c = one(
        "Jets killed at least 9 civilians near the village of Tal Abyad in northern Syria "
        "the Syrian Observatory for Human Rights said on Monday."
    )
    assert c.claimant == SOHR


@pytest.mark.parametrize(
    ("source", "label"),
    [
        ("local sources", "local sources"),
        ("activists", "activists"),
        ("local media", "local media"),
    ],
)
def test_unnamed_sources_of_the_press_speak_for_no_side(source: str, label: str) -> None:
    c = one(f"Shelling killed seven people in a village near Hama on Monday, {source} said.")
    assert c.claimant == Claimant(label, "independent")


def test_unnamed_officials_speak_for_the_state_where_it_happened() -> None:
    c = one("Floods killed 31 people in Mozambique this week, local officials said on Monday.")
    assert c.claimant == Claimant("local officials", "Mozambique")


def test_an_unnamed_official_keeps_the_label_as_written() -> None:
    c = one("Mudslides in Indonesia have killed 11 people, an official said on Sunday.")
    assert c.claimant == Claimant("official", "Indonesia")


def test_an_institution_with_no_side_named_is_the_state_s_where_it_happened() -> None:
    c = one(
        "BEIRA, March 3 (Reuters) - Cyclone rains in Mozambique have killed 17 people this week, "
        "the government said on Monday."
    )
    assert c.claimant == Claimant("Mozambican government", "Mozambique")


def test_state_tv_keeps_its_label_with_its_state() -> None:
    c = one("Syrian state TV said 6 people were killed by a roadside bomb in Homs.")
    assert c.claimant == Claimant("Syrian state TV", "Syria")


def test_the_war_s_toll_as_background_is_the_outlet_s() -> None:
    text = (
        "Air strikes killed 12 civilians in Idlib on Monday, the Syrian Observatory for Human "
        "Rights said. More than 300,000 people have been killed since the war began in 2011."
    )
    first, background = claims(text, date(2017, 4, 4))
    assert first.claimant == SOHR
    assert background.claimant == Claimant(None, None)


def test_a_figure_that_continues_the_account_keeps_its_source() -> None:
    text = (
        "Air strikes killed 12 civilians in Idlib on Monday, the Syrian Observatory for Human "
        "Rights said. Another 30 people were wounded in the town."
    )
    assert {c.claimant for c in claims(text, date(2017, 4, 4))} == {SOHR}


def test_a_monitoring_group_described_is_the_observatory_named_later() -> None:
    text = (
        "Rocket fire killed 8 civilians in Daraa on Friday, a monitoring group said. The "
        "Syrian Observatory for Human Rights said two children were among the dead."
    )
    first, *_ = claims(text, date(2017, 4, 4))
    assert first.claimant == SOHR


def test_a_label_ending_in_an_independent_source_is_independent() -> None:
    c = one(
        "Barrel bombs killed at least 21 people in a market in Idlib, a local civil defence "
        "official said."
    )
    assert c.claimant == Claimant("local civil defence official", "independent")


def test_a_dateline_s_abbreviated_day_and_month_are_no_name() -> None:
    c = one("Thu Oct 5 2017 Air strikes killed 7 militants near Idlib, the monitor said.")
    assert c.claimant.name != "Thu Oct"


def test_an_aside_since_the_invasion_began_continues_the_account() -> None:
    text = (
        "Regional governor Maksym Kozytskyi said four people were killed in Lviv. "
        "Another 12 people were wounded, the deadliest strike on the city since the invasion "
        "began."
    )
    assert {c.claimant.name for c in claims(text)} == {"Maksym Kozytskyi"}


def test_the_person_in_a_subject_s_apposition_speaks() -> None:
    c = one(
        "An army spokesman, Major Dana Levi, said 60 Hamas fighters were killed near the border."
    )
    assert c.claimant.name == "Dana Levi"


def test_the_person_after_a_body_s_title_speaks() -> None:
    c = one(
        "Air defences downed 9 drones overnight, Ukraine's air force commander, Mykola "
        "Oleshchuk, wrote on Telegram."
    )
    assert c.claimant == Claimant("Mykola Oleshchuk", "Ukraine")


def test_a_side_s_army_named_as_the_subject_speaks() -> None:
    c = one(
        "The Sudanese army, for its part, said on Monday that its forces had killed 45 RSF "
        "fighters near Nyala."
    )
    assert c.claimant == Claimant("Sudanese army", "Sudanese Armed Forces")


def test_the_one_cited_as_saying_speaks_not_the_one_citing() -> None:
    c = one(
        "Strikes killed 30 militants near Palmyra, a news channel cited the Russian defence "
        "ministry as saying."
    )
    assert c.claimant == RU_MOD


def test_an_institution_with_no_side_is_the_one_for_the_place_it_speaks_of() -> None:
    text = (
        "In Gaza, the health ministry said 212 Palestinians had been killed since Sunday. "
        "In the West Bank, 14 Palestinians were killed, the Palestinian health ministry said."
    )
    first, _ = claims(text)
    assert first.claimant == Claimant("Gaza Health Ministry", "Palestinians")


def test_a_reporting_verb_with_a_time_before_that_is_a_cue() -> None:
    c = one(
        "The Syrian Observatory for Human Rights reported on Monday that 27 people had been "
        "killed in Deir ez-Zor."
    )
    assert c.claimant == SOHR


def test_a_rights_group_described_is_the_observatory_the_text_names() -> None:
    text = (
        "A rights group has said that gunmen killed at least 40 villagers near Hama. The "
        "Syrian Observatory for Human Rights said the attackers fled north."
    )
    first, *_ = claims(text)
    assert first.claimant == SOHR


def test_police_speak_for_the_state_where_it_happened() -> None:
    c = one("Floods in Assam killed 14 people in three days, police in India said on Friday.")
    assert c.claimant == Claimant("police", "India")


def test_the_speaker_before_a_title_in_apposition_speaks() -> None:
    c = one(
        "In a valley of northern Pakistan, a landslide killed at least 9 people, Asad Mehmood "
        "Khan, a deputy superintendent of police for the valley, told reporters."
    )
    assert c.claimant == Claimant("Asad Mehmood Khan", "Pakistan")


def test_rescue_officials_keep_their_label() -> None:
    c = one("Rescue officials said 12 people were killed when a building collapsed in Kharkiv.")
    assert c.claimant == Claimant("rescue officials", "Ukraine")


def test_the_interior_ministry_is_the_state_s_where_it_happened() -> None:
    c = one("A car bomb killed nine people in Damascus on Sunday, the interior ministry said.")
    assert c.claimant == Claimant("Syrian Interior Ministry", "Syria")


def test_an_institution_with_no_state_in_sight_keeps_its_label() -> None:
    c = one("Twelve people died in the floods upstream, the interior ministry said.")
    assert c.claimant == Claimant("interior ministry", None)


def test_a_count_over_years_of_the_war_is_background() -> None:
    text = (
        "Air strikes killed 12 civilians in Idlib on Monday, the Syrian Observatory for Human "
        "Rights said. Over 150,000 people have been killed in the war, which began with street "
        "protests in 2011."
    )
    first, background = claims(text, date(2014, 7, 19))
    assert first.claimant == SOHR
    assert background.claimant == Claimant(None, None)


def test_a_reporting_verb_in_a_subordinate_clause_is_an_event_not_a_source() -> None:
    c = one(
        "Since the army announced the end of the ceasefire at least 140 civilians have died in "
        "Hama according to civil defence officials."
    )
    assert c.claimant.affiliation == "independent"


def test_a_subordinate_clause_that_reports_the_figure_is_its_source() -> None:
    found = claims(
        "Fighting went on after the health ministry of Syria said 12 people were killed in Aleppo."
    )
    assert [c.claimant.name for c in found] == ["Syrian Health Ministry"]


def test_a_bare_verb_opening_its_sentence_is_an_order_not_a_source() -> None:
    document = Document(
        id="t",
        text=(
            "Russia's army will not break us. Go home. Tell your generals that you want to "
            "live.\n\nSergeant Ivan Petrenko. Posthumously. Destroyed three enemy tanks near "
            "Kharkiv."
        ),
        published=date(2022, 3, 20),
        speaker="Volodymyr Zelenskyy",
    )
    c = one_of(_extract(document))
    assert c.claimant == Claimant("Volodymyr Zelenskyy", "Ukraine")
    assert (c.metric, c.subject, c.value.low) == ("equipment.tanks", "Russia", 3)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Heat killed 41 people in Bangladesh, newspapers said on Monday.", "newspapers"),
        ("Press reports said 12 fishermen drowned off Galle.", "press reports"),
        (
            "DHAKA, May 3 (Xinhua via COMTEX) -- Heat killed 41 people in Bangladesh,"
            " newspapers said on Monday.",
            "newspapers",
        ),
    ],
)
def test_the_press_as_an_unnamed_source(text: str, name: str) -> None:
    c = one(text)
    assert (c.claimant.name, c.claimant.affiliation) == (name, "independent")


def test_a_state_news_agency_speaks_for_its_state() -> None:
    c = one("Floods killed 12 people in Guangxi, the Xinhua news agency said.")
    assert (c.claimant.name, c.claimant.affiliation) == ("Xinhua", "China")


def test_the_said_source_wins_over_an_agency_credit_in_brackets() -> None:
    c = one(
        "LANZHOU, Gansu, Aug. 9 (Xinhua) -- The toll from the landslide in Gansu Province rose"
        " to 127, rescue headquarters said Monday."
    )
    assert (c.claimant.name, c.claimant.affiliation) == ("rescue headquarters", "China")


@pytest.mark.parametrize(
    "text",
    [
        "Later, state news agency SANA said mortar fire killed three people in Jobar.",
        "The official news agency SANA reported that mortar fire killed three people in Jobar.",
    ],
)
def test_a_label_in_apposition_to_a_known_name_is_the_name(text: str) -> None:
    c = one(text)
    assert c.claimant == Claimant("SANA", "Syria")


def test_the_red_cross_federation_and_fars_are_known_bodies() -> None:
    ifrc = one(
        "Nine volunteers were killed in the shelling, the International Federation of Red "
        "Cross and Red Crescent Societies (IFRC) said."
    )
    assert ifrc.claimant == Claimant("IFRC", "independent")
    fars = one("Over 40 militants were killed in clashes near Hama, FNA reported.")
    assert fars.claimant == Claimant("Fars News Agency", "Iran")


def test_a_description_that_runs_into_a_name_is_that_person() -> None:
    found = claims(
        "A local civil defence official Omar al-Haddad said government warplanes struck a bakery. "
        "At least 12 people were killed in the strike, he said. "
        "Two more bodies were found later, al-Haddad said."
    )
    assert [c.claimant for c in found] == [Claimant("Omar al-Haddad", "independent")] * 2


def test_a_description_without_a_name_keeps_its_label() -> None:
    c = one("A local rescue official said at least 12 people were killed in the strike.")
    assert c.claimant.name == "local rescue official"


@pytest.mark.parametrize(
    "recall",
    [
        "Earlier this week an air strike on a market in Saraqib killed at least 40 civilians.",
        "In early May a car bomb in the town of Azaz killed 40 people.",
        "Last month shelling of a school in Douma killed 40 children.",
    ],
)
def test_a_recalled_earlier_event_is_not_the_account_it_follows(recall: str) -> None:
    found = claims(
        "Government shelling killed nine people in Jisr al-Shughur on Monday, the Syrian "
        f"Observatory for Human Rights said. {recall}",
        published=date(2017, 6, 14),
    )
    assert [(c.value.low, c.claimant.name) for c in found] == [
        (9, "Syrian Observatory for Human Rights"),
        (40, None),
    ]


def test_a_figure_that_goes_on_with_the_account_keeps_its_source() -> None:
    found = claims(
        "Government shelling killed nine people in Jisr al-Shughur on Monday, the Syrian "
        "Observatory for Human Rights said. Another 40 were wounded in the town.",
        published=date(2017, 6, 14),
    )
    assert {c.claimant.name for c in found} == {"Syrian Observatory for Human Rights"}


def test_a_war_s_toll_in_the_perfect_is_the_outlet_s_background() -> None:
    found = claims(
        "Barrel bombs killed 14 people in Anadan on Tuesday, the Syrian Observatory for Human "
        "Rights said. Talks have stalled in a conflict that has so far claimed 290,000 lives.",
        published=date(2016, 5, 3),
    )
    assert [(c.value.low, c.claimant.name) for c in found] == [
        (14, "Syrian Observatory for Human Rights"),
        (290000, None),
    ]


def test_revealed_that_is_a_reporting_verb_and_a_sputnik_correspondent_speaks_for_russia() -> None:
    c = one("A Sputnik correspondent revealed that 11 people died in the blast near Jaramana.")
    assert c.claimant == Claimant("Sputnik correspondent", "Russia")
    assert one("The search revealed 11 bodies under the rubble in Jaramana.").claimant.name is None


def test_a_named_source_reported_without_that() -> None:
    found = claims(
        "On Friday Syrian state TV reported a mortar round hit a school in Mezzeh, killing a "
        "teacher and wounding 14."
    )
    assert {c.claimant for c in found} == {Claimant("Syrian state TV", "Syria")}
    assert len(found) == 2


def test_a_source_s_reports_of_is_a_noun() -> None:
    c = one("UNICEF reports of attacks grew after an air strike killed 14 people in Mezzeh.")
    assert c.claimant.name is None


def test_a_caption_s_reports_is_no_cue() -> None:
    found = claims(
        "Strikes on Idlib market Omar Kaya reports - Video. Air raids killed at least 31 people "
        "in Saraqib on Sunday."
    )
    assert [c.claimant.name for c in found] == [None]


def test_a_source_at_a_named_body_is_the_body() -> None:
    c = one("A source at the Homs Police Command said that a car bomb killed six people in Akrama.")
    assert c.claimant == Claimant("Homs Police Command", "Syria")
    same = one("A source in Homs said that a car bomb killed six people in Akrama.")
    assert same.claimant.name == "source"


def test_the_first_of_two_sources_named_together_speaks() -> None:
    c = one(
        "Mortar fire killed five civilians in Jaramana on Monday the Syrian Observatory for "
        "Human Rights and a medical source said."
    )
    assert c.claimant.name == "Syrian Observatory for Human Rights"


def test_an_unnamed_official_named_as_the_next_sentence_s_speaker() -> None:
    text = (
        "Shelling killed 14 people in Atareb on Friday, a civil defence official said. "
        "Speaking to Anadolu Agency Samir Haddad said rescuers were still searching the rubble."
    )
    assert one(text).claimant == Claimant("Samir Haddad", "independent")
    other = (
        "Shelling killed 14 people in Atareb on Friday, a civil defence official said. "
        "Governor Samir Haddad said rescuers were still searching the rubble."
    )
    assert one(other).claimant.name == "civil defence official"


def test_the_words_of_names_and_sentences_are_read_from_the_lexicon(tmp_path: Path) -> None:
    # A particle the built-in list lacks ends the name there ("Johan" alone names no one); added
    # in a user lexicon, it joins the name as "van" or "bin" do.
    text = "Johan ter Horst said 12 people were killed in Kharkiv."
    assert one(text).claimant.name is None
    (tmp_path / "grammar.toml").write_text('[attribution]\nname_particles = ["ter"]\n')
    [c] = Extractor(build_lexicon((tmp_path,))).extract(doc(text))
    assert c.claimant.name == "Johan ter Horst"
