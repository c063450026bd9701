"""A benchmark corpus: the development articles, shuffled, mixed with everyday news that holds no
claim — politics, economy, weather, sport, culture — written for this project from templates
(the figures in it are percentages, money, dates, scores and ages: numbers a claim extractor
must look at and let go). Each everyday article has its own generated names of people, towns
and firms and its own wording of each sentence, so unrelated articles share few phrases, as
real ones do.

    python benchmarks/corpus.py --mb 20 --claims-share 0.1 [--distinct] --output /tmp/corpus

writes text files with `date` lines (one article each) into the output folder; `generate()`
yields `Document`s for benchmarks that work in memory.
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from claimledger.model import Document
from claimledger.sources import iter_documents

REPO = Path(__file__).resolve().parents[1]

CITIES = [
    "Lisbon",
    "Warsaw",
    "Nairobi",
    "Osaka",
    "Lyon",
    "Tallinn",
    "Porto Alegre",
    "Perth",
    "Rotterdam",
    "Valparaíso",
]
PEOPLE = [
    "Maria Kovalenko",
    "Tomas Lindqvist",
    "Amina Okafor",
    "Hiroshi Tanaka",
    "Claire Dubois",
    "Rafael Mendes",
    "Sofia Petrova",
    "Daniel Weber",
]
BODIES = [
    "the central bank",
    "the transport ministry",
    "the city council",
    "the statistics office",
    "the football federation",
    "the port authority",
    "the national weather service",
]
TEAMS = ["Rovers", "United", "Athletic", "Harbour FC", "Dynamo", "Rangers"]

HEADLINES = [
    "{city} council approves new tram line after long debate",
    "Inflation eases to {pct}% as energy prices fall",
    "{team} beat {team2} {goals}-{goals2} to stay top of the table",
    "Heatwave expected to last until the weekend, forecasters say",
    "Film festival in {city} opens with a record {k},000 tickets sold",
    "Port traffic grows for a {nth} straight month",
    "Budget talks stall over pensions and teachers' pay",
]

# [a|b|c] picks one wording per use: the same fact is told in many ways, as in real news.
# An article is about one topic mostly, as a real one is: articles of different topics share
# almost no wording, which keeps generated text from looking like copies of itself.
TOPICS: dict[str, list[str]] = {
    "economy": [
        "{body_cap} [said on {weekday}|reported on {weekday}|announced|confirmed] that "
        "[consumer prices|food prices|rents in {city}|fuel prices] [rose|climbed|increased] "
        "{pct}% in {month}, [down from|after|compared with] {pct2}% [a month earlier|in "
        "{month}|the month before].",
        "Shares in {firm} [fell|dropped|slid|rose|jumped] {pct}% in [early|late|morning] "
        "trading after [it cut its forecast|it raised its forecast|{person} stepped "
        "down|results beat estimates].",
        "[Unemployment|Joblessness|The jobless rate] [stood at|was|fell to|rose to] {pct}% in "
        "the {nth} quarter [in {city}|nationally|across the region], [according to|said] "
        "{body}.",
        "[Mortgage rates|Borrowing costs|Rents] have [risen|climbed|gone up] by {d} "
        "percentage points since {year}, [squeezing|hurting|worrying] [first-time "
        "buyers|young families|renters in {city}].",
        "[Ticket|Fare|Bus] prices will rise by {pct}% from [January|{month}], [the "
        "operator|{firm}|{body}] said, the first increase in {years} years.",
        "{firm} said it would open a [plant|warehouse|store|office] [near|in|outside] {city} "
        "next year and hire [about|up to|some] {k} [staff|workers|people].",
        "{person} of {firm} said [orders|sales|bookings] were up {pct}% on the year, helped "
        "by [exports to|demand in|shops in] {city}.",
        "{firm} agreed to buy [a rival|a supplier|a start-up in {city}] for ${bn} million, "
        "its {nth} [purchase|deal|acquisition] in {years} years.",
        "{person}, an economist at {firm}, [expects|forecasts|sees] growth of {d}.{goals}% "
        "[this year|next year|in {year}], [below|above|close to] the [government's|central "
        "bank's] [estimate|forecast].",
        "[Exports|Imports|Retail sales] [rose|fell|grew] {pct}% in {month}, [the statistics "
        "office said|{body} said|figures showed], the [fastest|slowest|biggest] change since "
        "{year}.",
    ],
    "city": [
        "The [plan|scheme|project|proposal], which [will cost|is expected to cost|could cost] "
        "[about|roughly|some|nearly] ${bn} [billion|million] over {years} years, [still "
        "needs|awaits|has yet to win] the [approval of parliament|backing of {body}|support "
        "of {person}].",
        "Passenger numbers at [the airport|{city} airport|the {city} terminal|the port of "
        "{city}] [reached|hit|rose to|climbed to] {m}.{d} million [last year|in {year}], the "
        "[highest|most] since {year}.",
        "The new [line|route|bridge|bus corridor] [in {city}|to {city}|near {city}] will have "
        "{stops} [stops|stations|lanes] and [should|could|is meant to] carry {k},000 "
        "[passengers|people|commuters] a day when it opens in {year}.",
        "The harbour [at {city}|of {city}] [handled|moved|shipped] {m}.{d} million containers "
        "[last year|in {year}], {pct}% [more|fewer] than in {year}.",
        "A spokesperson for {body} said the new [timetable|rules|fees|opening hours] would "
        "apply from {d} {month}.",
        "The {city} [library|pool|town hall] will stay open until {d} pm on "
        "[weekdays|Fridays|Saturdays] from {month}, {body} said.",
        "Residents of {city} will vote on the new [cycle lanes|parking rules|school "
        "site|park] in {month}, {person} told a [meeting|packed hall|local paper].",
        "Work on the [ring road|new school|water works] in {city} will [take|last] {years} "
        "months and cost [about|some|up to] ${m} million, {person} [said|told residents].",
        "{body_cap} [plans|wants|has promised] {stops} new [bus stops|cycle racks|street "
        "lights] [in|around] {city} by {month}.",
    ],
    "politics": [
        "{person}, {age}, who has [led|chaired|run] the [committee|board|panel|council] since "
        "{year}, [told reporters|said|told {city} radio|wrote on social media] [the vote|a "
        "decision|the ballot|the hearing] would [take place|come|be held] in {month}.",
        "Talks between the {count} [coalition parties|unions and {firm}|groups on the {city} "
        "council] [ended|broke up|closed] without agreement [late on {weekday}|on {weekday} "
        "evening|after {d} hours], and will resume [next week|on {weekday}|in {month}].",
        "The bill [passed|was approved|cleared parliament] by {votes} votes to {votes2}, with "
        "{d} abstentions[| after a long debate| on {weekday}].",
        "{person}, {age}, [announced|confirmed|said] on {weekday} that [she|he] would "
        "[stand|run] for [mayor of {city}|the {city} seat|re-election] in {year}.",
        "[A poll|A survey|Polling] for {firm} [puts|shows|gives] the [governing "
        "party|opposition|coalition] on {pct}{d}%, [up|down] {d} points [since {month}|from "
        "last month].",
    ],
    "sport": [
        "{person} [scored twice|struck late|found the net] in the [final|last|closing] "
        "{minutes} minutes, and {team} [held on|hung on|kept their lead] [despite a late "
        "penalty|against {team2}|in front of {k},000 fans].",
        "{person} [finished|won|ran] the [{city} marathon|marathon|half marathon] in [2|3] "
        "hours {minutes} minutes, a [course|personal|national] record.",
        "{team} are unbeaten at home since {month}, and {person} has scored in {stops} "
        "[games|matches] [this season|in a row|since {month}].",
        "{team2} [signed|bought|loaned] a [midfielder|goalkeeper|defender] from {city} for "
        "[about|a reported|some] ${m} million [on {weekday}|this week].",
        "{person} won the {nth} stage of the [race|tour] into {city} by {minutes} seconds.",
    ],
    "culture": [
        "[Organisers|Promoters|{body_cap}|{person}] said {k},000 "
        "[visitors|fans|guests|people] attended the [opening concert|festival|fair in "
        "{city}|first night], [twice as many as|up from {m},000|more than] the year before.",
        "The [museum|gallery|theatre|concert hall] [in {city}|of {city}], closed for {years} "
        "years of renovation, reopens on {d} {month} with [an exhibition of|a show of|a "
        "season of] {stops} [paintings|works|plays|concerts].",
        "The [novel|film|album] by {person} [sold|reached] {k},000 copies in its {nth} week, "
        "[its publisher|{firm}|the label] said.",
        "{city}'s [orchestra|choir|festival] [celebrates|marks] {years} years with {stops} "
        "[concerts|shows|events] [this summer|in {month}|next season].",
    ],
    "weather": [
        "Temperatures [are expected to|could|will] [climb|rise|reach] to {temp} degrees "
        "[Celsius|C] [on {weekday}|in {city}|across the region], with [little|no|some] rain "
        "before the {nth} of {month}.",
        "Farmers [near {city}|in the region|around {city}] expect a harvest of "
        "[about|roughly|some] {k},000 tonnes [of wheat|of barley|of grapes|of apples], helped "
        "by a [mild|wet|warm] spring.",
        "Wind gusts of up to {temp}0 km/h are forecast [along the coast|over {city}|in the "
        "hills] on {weekday} [night|morning|afternoon].",
        "[Snow|Hail|Fog] [closed|slowed] the [pass|road|airport] [near|at] {city} for {d} "
        "hours on {weekday}, [the police|{body}|the operator] said.",
        "Rainfall in {month} was {pct}% [above|below] the average, [the weather "
        "service|{body}] [said|reported].",
    ],
}

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth"]


# Names made for each article from syllables, as real articles name their own people, towns
# and firms: two unrelated articles then share about as few three-word phrases as real ones do
# (near-duplicate detection finds no false copies among them).
SYLLABLES = (
    "ka lo ri men sa tor vi del an be cor du el fi gan ho is ju kel lam mo nor pa quin ros sel"
    " tan ul ver wen ya zu bri cas dor fen gil har ist jon kri lis mar nev ost pel rin sto"
).split()
FIRST_NAMES = (
    "Maria Tomas Amina Hiroshi Claire Rafael Sofia Daniel Ines Kofi Lena Marek Nadia Oskar Priya"
    " Quentin Rosa Samir Tereza Ulrich Vera Wanjiru Yusuf Zofia Anders Beatriz Chidi Dmitri Elif"
).split()
FIRM_KINDS = ["Holdings", "Group", "Foods", "Logistics", "Energy", "Media", "Textiles", "Labs"]
TOWN_ENDINGS = ["", "", "", " Bay", " Heights", " Junction", "ville", "stad", " Falls"]


def _coined(rnd: random.Random, parts: int = 3) -> str:
    return "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, parts))).capitalize()


@dataclass(frozen=True)
class Cast:
    """The people, towns, bodies, firms and teams one article is about."""

    people: list[str]
    cities: list[str]
    bodies: list[str]
    firms: list[str]
    teams: list[str]

    @classmethod
    def new(cls, rnd: random.Random) -> Cast:
        cities = [_coined(rnd) + rnd.choice(TOWN_ENDINGS) for _ in range(2)] + [rnd.choice(CITIES)]
        return cls(
            people=[f"{rnd.choice(FIRST_NAMES)} {_coined(rnd, 4)}" for _ in range(4)],
            cities=cities,
            bodies=[*rnd.sample(BODIES, 3), f"the {rnd.choice(cities)} district council"],
            firms=[f"{_coined(rnd)} {rnd.choice(FIRM_KINDS)}" for _ in range(2)],
            teams=[f"{_coined(rnd)} {rnd.choice(TEAMS)}" for _ in range(2)],
        )


_CHOICE = re.compile(r"\[([^\[\]]*)\]")


def _fill(template: str, rnd: random.Random, cast: Cast) -> str:
    template = _CHOICE.sub(lambda m: rnd.choice(m.group(1).split("|")), template)
    team, team2 = cast.teams
    body = rnd.choice(cast.bodies)
    return template.format(
        city=rnd.choice(cast.cities),
        person=rnd.choice(cast.people),
        firm=rnd.choice(cast.firms),
        body=body,
        body_cap=body[0].upper() + body[1:],
        team=team,
        team2=team2,
        goals=rnd.randint(1, 4),
        goals2=rnd.randint(0, 3),
        pct=rnd.randint(1, 19),
        pct2=rnd.randint(1, 19),
        bn=rnd.randint(2, 400),
        years=rnd.randint(2, 30),
        age=rnd.randint(25, 80),
        year=rnd.randint(1990, 2023),
        month=rnd.choice(MONTHS),
        weekday=rnd.choice(WEEKDAYS),
        m=rnd.randint(1, 90),
        d=rnd.randint(1, 9),
        minutes=rnd.randint(5, 59),
        temp=rnd.randint(12, 44),
        nth=rnd.choice(ORDINALS),
        k=rnd.randint(2, 900),
        stops=rnd.randint(8, 90),
        count=rnd.randint(2, 6),
        votes=rnd.randint(200, 400),
        votes2=rnd.randint(50, 199),
    )


def filler(rnd: random.Random, day: date, n: int) -> Document:
    """An everyday news article with figures but no claim."""
    cast = Cast.new(rnd)
    main, aside = rnd.sample(sorted(TOPICS), 2)

    def sentence() -> str:
        return _fill(rnd.choice(TOPICS[main if rnd.random() < 0.75 else aside]), rnd, cast)

    paragraphs = []
    for _ in range(rnd.randint(5, 12)):
        paragraphs.append(" ".join(sentence() for _ in range(rnd.randint(2, 5))))
    text = _fill(rnd.choice(HEADLINES), rnd, cast) + "\n" + "\n".join(paragraphs) + "\n"
    return Document(id=f"news-{n:06d}", text=text, published=day)


def generate(
    megabytes: float,
    claims_share: float,
    seed: int = 7,
    source: Path | None = None,
    distinct: bool = False,
) -> Iterator[Document]:
    """About `megabytes` of documents; `claims_share` of the bytes are development articles.

    distinct: each copy of an article gets a closing line of its own ("Reporting by …"), so
    that a ledger stores every copy (as it would syndicated copies) instead of the first only;
    the line holds no figure and changes none of the article's claims."""
    rnd = random.Random(seed)
    default = REPO.parent / "shared" / "corpus" / "dev"
    src = source or (default if default.is_dir() else REPO / "examples")
    dev = list(iter_documents([src]))
    budget = megabytes * 1e6
    size = dev_size = 0
    n = 0
    day = date(2024, 1, 1)
    while size < budget:
        n += 1
        # By bytes, not by documents: the articles are longer than the everyday news.
        if dev_size < claims_share * size or (claims_share and not size):
            d = rnd.choice(dev)
            text = d.text
            if distinct:
                byline = (
                    f"Reporting by {_coined(rnd, 4)} {_coined(rnd, 4)}; editing by {_coined(rnd)}."
                )
                text = text.rstrip("\n") + "\n" + byline + "\n"
            dev_size += len(text.encode())
            doc = Document(id=f"{d.id}~{n:06d}", text=text, published=d.published)
        else:
            doc = filler(rnd, day + timedelta(days=n % 300), n)
        size += len(doc.text.encode())
        yield doc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument(
        "--claims-share",
        type=float,
        default=0.1,
        help="share of the bytes from development articles",
    )
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--distinct", action="store_true", help="give every copy of an article its own text"
    )
    ap.add_argument("--output", type=Path, required=True)
    args = ap.parse_args()
    args.output.mkdir(parents=True, exist_ok=True)
    count = 0
    for doc in generate(args.mb, args.claims_share, args.seed, distinct=args.distinct):
        header = f"date {doc.published.isoformat()}\n" if doc.published else ""
        (args.output / f"{doc.id.replace('~', '_')}.txt").write_text(
            header + doc.text, encoding="utf-8"
        )
        count += 1
    print(f"{count} documents written to {args.output}")


if __name__ == "__main__":
    main()
