"""Time expressions: `parse_date`, `find_times`, and the periods whole-document extraction gives
(claims.md, "Which date relative expressions resolve against")."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimledger.extraction.matching as matching_module
from claimledger.extraction.segment import segment
from claimledger.extraction.times import DateSpec, find_times, parse_date
from claimledger.lexicon import build_lexicon, load_lexicon
from tests.support.extracthelp import INVASION, PUBLISHED, claims, one

REF = PUBLISHED  # Monday 2023-03-13


def period(c: object) -> tuple[date | None, date | None, bool]:
    p = c.period  # type: ignore[attr-defined]
    return (p.start, p.end, p.cumulative)


# -- parse_date ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("12 March", DateSpec(day=12, month=3)),
        ("March 12", DateSpec(day=12, month=3)),
        ("12 March 2022", DateSpec(day=12, month=3, year=2022)),
        ("March 12, 2022", DateSpec(day=12, month=3, year=2022)),
        ("3rd March", DateSpec(day=3, month=3)),
        ("Sept. 3", DateSpec(day=3, month=9)),
        ("Saturday", DateSpec(weekday=5)),
        ("May last year", DateSpec(month=5, year_offset=-1)),
        ("March this year", DateSpec(month=3, year_offset=0)),
        ("May 2022", DateSpec(month=5, year=2022)),
        ("2022", DateSpec(year=2022)),
    ],
)
def test_parse_date(text: str, spec: DateSpec) -> None:
    assert parse_date(text) == spec


@pytest.mark.parametrize("text", ["yesterday", "the spring", "12", "may"])
def test_parse_date_rejects_what_is_no_date(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("12 March", date(2023, 3, 12), date(2023, 3, 12)),
        # a day later in the year than the reference is last year's
        ("1 April", date(2022, 4, 1), date(2022, 4, 1)),
        ("Saturday", date(2023, 3, 11), date(2023, 3, 11)),
        # the reference day itself is the latest Monday on or before it
        ("Monday", date(2023, 3, 13), date(2023, 3, 13)),
        ("Friday", date(2023, 3, 10), date(2023, 3, 10)),
        ("May last year", date(2022, 5, 1), date(2022, 5, 31)),
        ("May", date(2022, 5, 1), date(2022, 5, 31)),
        ("February 2023", date(2023, 2, 1), date(2023, 2, 28)),
        ("2022", date(2022, 1, 1), date(2022, 12, 31)),
    ],
)
def test_dates_resolve_against_the_reference(text: str, first: date, last: date) -> None:
    spec = parse_date(text)
    assert spec is not None
    assert (spec.first(REF), spec.last(REF)) == (first, last)


def test_impossible_day_resolves_to_nothing() -> None:
    spec = parse_date("31 February")
    assert spec is not None and spec.first(REF) is None


def test_days_before() -> None:
    assert DateSpec(days_before=2).first(REF) == date(2023, 3, 11)


# -- find_times ------------------------------------------------------------------------------------


def kinds(text: str) -> list[tuple[str, str, int]]:
    [sent] = segment(text)
    return [(t.kind, t.text.strip(), t.n) for t in find_times(sent, [], load_lexicon())]


@pytest.mark.parametrize(
    ("text", "kind", "expr", "n"),
    [
        ("They said 1,100 died in the past 24 hours.", "past", "in the past 24 hours", 1),
        ("They said 1,100 died over the last three days.", "past", "over the last three days", 3),
        ("They said 1,100 died since May last year.", "since", "since May last year", 1),
        ("They said 1,100 died in recent days.", "open", "in recent days", 1),
        ("They said 1,100 died on 12 March near Bakhmut.", "day", "on 12 March", 1),
        ("They said 1,100 died on Saturday.", "day", "on Saturday", 1),
        ("By Thursday, 1,100 had died.", "by", "By Thursday", 1),
        ("On day 386 of the war, they spoke.", "anchor", "day 386 of the war", 386),
        ("They said 1,100 died in all.", "cumul", "in all", 1),
    ],
)
def test_find_times(text: str, kind: str, expr: str, n: int) -> None:
    assert (kind, expr, n) in kinds(text)


def test_time_numbers_are_masked_from_the_number_finder() -> None:
    [sent] = segment("On 12 March 2023, 1,100 soldiers died in the past 24 hours.")
    find_times(sent, [], load_lexicon())
    masked = {sent.tokens[i].text for i in sent.masked}
    assert {"12", "2023", "24"} <= masked
    assert "1,100" not in masked


# -- periods through extraction --------------------------------------------------------------------


def test_past_24_hours() -> None:
    c = one("Ukraine's General Staff said 1,100 Russian soldiers were killed in the past 24 hours.")
    assert period(c) == (date(2023, 3, 12), date(2023, 3, 13), False)


def test_on_a_date() -> None:
    c = one("Serhiy Cherevatyi said 239 Russian soldiers were killed near Bakhmut on 12 March.")
    assert period(c) == (date(2023, 3, 12), date(2023, 3, 12), False)


def test_on_a_weekday_is_the_latest_such_day() -> None:
    c = one("Cherevatyi said 239 Russian soldiers were killed on Saturday.")
    assert period(c) == (date(2023, 3, 11), date(2023, 3, 11), False)
    c = one("Cherevatyi said 239 Russian soldiers were killed on Monday.")
    assert period(c) == (date(2023, 3, 13), date(2023, 3, 13), False)


def test_by_thursday_is_a_running_total_as_of_that_day() -> None:
    c = one("By Thursday, 162,560 Russian soldiers had been killed, Ukraine's military said.")
    assert period(c) == (INVASION, date(2023, 3, 9), True)
    c = one("By Thursday, Russia had lost 3,500 tanks, Ukraine's military said.")
    assert (c.metric, *period(c)) == ("equipment.tanks", INVASION, date(2023, 3, 9), True)


def test_since_may_last_year() -> None:
    c = one("Ukraine's military said 9,000 Russian soldiers had been killed since May last year.")
    assert period(c) == (date(2022, 5, 1), REF, False)


def test_in_recent_days_has_an_open_start() -> None:
    c = one("Ukraine's military said 1,100 Russian soldiers had been killed in recent days.")
    assert period(c) == (None, REF, False)


def test_since_the_start_of_the_invasion_is_cumulative_from_the_registry() -> None:
    c = one(
        "Ukraine's military said 150,000 Russian soldiers had been killed since the start of "
        "the invasion."
    )
    assert period(c) == (INVASION, REF, True)


def test_other_conflicts_start_on_their_own_first_day() -> None:
    c = one(
        "The Gaza Health Ministry said 11,000 Palestinians had been killed since the start of "
        "the war.",
        published=date(2023, 11, 10),
    )
    assert period(c) == (date(2023, 10, 7), date(2023, 11, 10), True)


@pytest.mark.parametrize("phrase", ["in all", "in total", "so far"])
def test_running_total_words(phrase: str) -> None:
    c = one(f"Ukraine's military said Russian forces had lost 3,500 tanks {phrase}.")
    assert period(c) == (INVASION, REF, True)


def test_a_month_and_a_year() -> None:
    c = one("Ukraine's military said 12 Russian soldiers were killed in 2022.")
    assert period(c) == (date(2022, 1, 1), date(2022, 12, 31), False)
    c = one("Ukraine's military said 12 Russian soldiers were killed in February.")
    assert period(c) == (date(2023, 2, 1), date(2023, 2, 28), False)


def test_day_of_the_war_moves_the_reference_for_what_follows() -> None:
    text = (
        "On day 386 of the war, Ukraine's military said Russia had lost 3,500 tanks.\n"
        "By Thursday, a total of 162,560 Russian soldiers had been killed, Ukraine's military "
        "said.\n"
        "Serhiy Cherevatyi said 221 Russian soldiers were killed in the past 24 hours.\n"
    )
    tanks, total, daily = claims(text)
    # day 1 = 2022-02-24, so day 386 = Thursday 2023-03-16, three days after publication
    assert (tanks.metric, *period(tanks)) == ("equipment.tanks", INVASION, date(2023, 3, 16), True)
    assert (total.value.low, *period(total)) == (162560, INVASION, date(2023, 3, 16), True)
    assert period(daily) == (date(2023, 3, 15), date(2023, 3, 16), False)


def test_anchor_moves_only_what_comes_after_it() -> None:
    text = (
        "Serhiy Cherevatyi said 221 Russian soldiers were killed in the past 24 hours.\n"
        "On day 386 of the war, Ukraine's military said 240 Russian soldiers were killed in the "
        "past 24 hours.\n"
    )
    before, after = claims(text)
    assert period(before) == (date(2023, 3, 12), date(2023, 3, 13), False)
    assert period(after) == (date(2023, 3, 15), date(2023, 3, 16), False)


def test_statement_date_is_the_reference_for_what_was_said() -> None:
    c = one("Cherevatyi said on Friday that 221 Russian soldiers were killed in the past day.")
    assert period(c) == (date(2023, 3, 9), date(2023, 3, 10), False)
    c = one("Cherevatyi said on Friday that 221 Russian soldiers were killed in recent days.")
    assert period(c) == (None, date(2023, 3, 10), False)


def test_statement_date_ends_a_running_total() -> None:
    c = one(
        "Ukraine's military said on Friday that 3,500 Russian tanks had been destroyed since "
        "the start of the invasion."
    )
    assert period(c) == (INVASION, date(2023, 3, 10), True)


def test_statement_date_is_not_the_period_of_the_figure() -> None:
    c = one("Cherevatyi said on Friday that 221 Russian soldiers were killed since May last year.")
    assert period(c) == (date(2022, 5, 1), date(2023, 3, 10), False)


def test_without_a_publication_date_relative_periods_have_no_end() -> None:
    found = claims(
        "Cherevatyi said 221 Russian soldiers were killed since May last year.\n"
        "Ukraine's military said 1,100 Russian soldiers had been killed in recent days.\n"
        "Ukraine's military said 150,000 Russian soldiers had been killed since the start of "
        "the invasion.\n",
        published=None,
    )
    assert [c.value.low for c in found] == [221, 1100, 150000]
    assert [c.period.end for c in found] == [None, None, None]
    # the conflict's first day needs no reference date
    assert period(found[2]) == (INVASION, None, True)


# -- the lower-case twins are a speed-up only ------------------------------------------------

_DATE_WORDS = (
    "on 12 March",
    "13-19 January",
    "between 3 and 5 May",
    "since February 24",
    "by Thursday",
    "in the past 24 hours",
    "over the weekend",
    "last week",
    "this year",
    "day 386 of the war",
    "in the first half of 2016",
    "so far",
    "in all",
    "a total of",
    "two days ago",
    "overnight",
    "since the start of the year",
    "in recent days",
    "during the same period",
    "March was",
    "in May 2023",
    "from 1 to 3 June",
    "at 10:30",
    "5 p.m.",
    "three weeks",
    "in 2022",
    "May",
    "may",
    "MARCH",
    "Monday's",
    "the previous day",
    "in that month",
    "yesterday",
)


def _times_and_masks(text: str) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for sent in segment(text):
        found = find_times(sent, [], load_lexicon())
        out.append((tuple(found), frozenset(sent.masked)))
    return out


@given(
    st.lists(
        st.one_of(
            st.sampled_from(_DATE_WORDS),
            st.text(alphabet="abcdeyMJ0123456789 -–,.:’", min_size=1, max_size=12),
        ),
        min_size=1,
        max_size=12,
    )
)
@settings(max_examples=300, deadline=None)
def test_twin_patterns_find_what_the_patterns_find(parts: list[str]) -> None:
    """find_times searches lower-cased twins of its patterns first where a sentence allows it;
    with the twins off (every sentence takes the patterns' own path) it finds the same."""
    text = " ".join(parts)
    with_twins = _times_and_masks(text)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(matching_module, "_NOT_FOLDABLE", re.compile(r"[\s\S]"))  # no sentence folds
        without = _times_and_masks(text)
    assert with_twins == without


# -- the words of the patterns are lexicon data (grammar.toml [times]) -----------------------------


@pytest.mark.parametrize(
    ("text", "kind", "expr", "n"),
    [
        # war_nouns after "the first … of", as campaign nouns are
        ("They said 40 died in the first week of the conflict.", "first", None, 1),
        # start_verbs: one list for "that began in …" and "since the offensive began"
        ("The siege, which resumed in May, killed 40.", "since", "which resumed in May", 1),
        ("Since the offensive erupted, 40 have died.", "event", "Since the offensive erupted", 1),
        # closing_adjectives before a phase noun
        ("They said 40 died in the closing stages of the battle.", "open", None, 1),
        # the longest word of each running-total phrase opens its pattern: "totals" alone
        ("Russian losses now totals 40 tanks, they said.", "cumul", "totals", 1),
        # count_words, and whole days counted in hours
        ("They said 40 died over the past fourteen days.", "past", None, 14),
        ("They said 40 died in the previous 72 hours.", "past", None, 3),
    ],
)
def test_time_words_from_the_lexicon(text: str, kind: str, expr: str | None, n: int) -> None:
    found = [(k, e, m) for k, e, m in kinds(text) if k == kind]
    assert found, kinds(text)
    assert found[0][2] == n
    if expr is not None:
        assert found[0][1] == expr


def test_a_span_of_centuries_is_masked_as_time() -> None:
    # clauses.time_units: every unit of time masks the number before it.
    [sent] = segment("The 2 centuries-old bridge and 3 houses fell, they said.")
    find_times(sent, [], load_lexicon())
    assert "2" in {sent.tokens[i].text for i in sent.masked}
    assert "3" not in {sent.tokens[i].text for i in sent.masked}


def test_a_user_lexicon_adds_a_word_to_the_time_patterns(tmp_path: Path) -> None:
    user = tmp_path / "lexicon"
    user.mkdir()
    (user / "grammar.toml").write_text('[times]\nago_words = ["back"]\n', encoding="utf-8")
    [sent] = segment("Two weeks back, 40 people died in the floods.")
    assert [t.kind for t in find_times(sent, [], build_lexicon(()))] == []
    [sent] = segment("Two weeks back, 40 people died in the floods.")
    (rel,) = find_times(sent, [], build_lexicon((user,)))
    assert (rel.kind, rel.text, rel.a) == ("day", "Two weeks back", DateSpec(days_before=14))
