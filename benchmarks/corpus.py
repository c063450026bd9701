"""A benchmark corpus: the development articles, shuffled, mixed with everyday news that holds no
claim — politics, economy, weather, sport, culture — written for this project from templates
(the figures in it are percentages, money, dates, scores and ages: numbers a claim extractor
must look at and let go).

    python benchmarks/corpus.py --mb 20 --claims-share 0.25 --output /tmp/bench-corpus

writes text files with `date` lines (one article each) into the output folder; `generate()`
yields `Document`s for benchmarks that work in memory.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
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

SENTENCES = [
    "{body_cap} said on {weekday} that consumer prices rose {pct}% in {month}, down from"
    " {pct2}% a month earlier.",
    "The plan, which will cost about ${bn} billion over {years} years, still needs the"
    " approval of parliament.",
    "{person}, {age}, who has led the committee since {year}, told reporters the vote would"
    " take place in {month}.",
    "Passenger numbers at the airport reached {m}.{d} million last year, the highest since {year}.",
    "The {team} striker scored twice in the final {minutes} minutes, and the home side held"
    " on despite a late penalty.",
    "Temperatures are expected to climb to {temp} degrees Celsius on {weekday}, with little"
    " rain before the {nth} of {month}.",
    "Shares in the company fell {pct}% in early trading after it cut its forecast for the"
    " second half.",
    "The new line will have {stops} stops and should carry {k},000 passengers a day when it"
    " opens in {year}.",
    "Organisers said {k},000 people attended the opening concert, twice as many as the year"
    " before.",
    "Unemployment stood at {pct}% in the {nth} quarter, according to {body}.",
    "Talks between the {count} coalition parties ended without agreement late on {weekday},"
    " and will resume next week.",
    "The museum, closed for {years} years of renovation, reopens on {d} {month} with an"
    " exhibition of {stops} paintings.",
    "Mortgage rates have risen by {d} percentage points since {year}, squeezing first-time buyers.",
    "{person} finished the marathon in 2 hours {minutes} minutes, a course record.",
    "The harbour handled {m}.{d} million containers last year, {pct}% more than in {year}.",
    "Farmers in the region expect a harvest of about {k},000 tonnes, helped by a mild spring.",
    "A spokesperson for {body} said the new timetable would apply from {d} {month}.",
    "Ticket prices will rise by {pct}% from January, the operator said, the first increase"
    " in {years} years.",
    "The bill passed by {votes} votes to {votes2}, with {d} abstentions.",
    "Wind gusts of up to {temp}0 km/h are forecast along the coast on {weekday} night.",
]

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


def _fill(template: str, rnd: random.Random) -> str:
    team, team2 = rnd.sample(TEAMS, 2)
    body = rnd.choice(BODIES)
    return template.format(
        city=rnd.choice(CITIES),
        person=rnd.choice(PEOPLE),
        body=body,
        body_cap=body[0].upper() + body[1:],
        team=team,
        team2=team2,
        goals=rnd.randint(1, 4),
        goals2=rnd.randint(0, 3),
        pct=rnd.randint(1, 9),
        pct2=rnd.randint(1, 9),
        bn=rnd.randint(2, 40),
        years=rnd.randint(2, 12),
        age=rnd.randint(35, 70),
        year=rnd.randint(2005, 2023),
        month=rnd.choice(MONTHS),
        weekday=rnd.choice(WEEKDAYS),
        m=rnd.randint(1, 40),
        d=rnd.randint(1, 9),
        minutes=rnd.randint(5, 40),
        temp=rnd.randint(25, 41),
        nth=rnd.choice(ORDINALS),
        k=rnd.randint(2, 90),
        stops=rnd.randint(8, 40),
        count=rnd.randint(2, 5),
        votes=rnd.randint(200, 300),
        votes2=rnd.randint(100, 199),
    )


def filler(rnd: random.Random, day: date, n: int) -> Document:
    """An everyday news article with figures but no claim."""
    paragraphs = []
    for _ in range(rnd.randint(4, 8)):
        paragraphs.append(
            " ".join(_fill(rnd.choice(SENTENCES), rnd) for _ in range(rnd.randint(2, 4)))
        )
    text = _fill(rnd.choice(HEADLINES), rnd) + "\n" + "\n".join(paragraphs) + "\n"
    return Document(id=f"news-{n:06d}", text=text, published=day)


def generate(
    megabytes: float, claims_share: float, seed: int = 7, source: Path | None = None
) -> Iterator[Document]:
    """About `megabytes` of documents; `claims_share` of the bytes are development articles."""
    rnd = random.Random(seed)
    default = REPO.parent / "shared" / "corpus" / "dev"
    src = source or (default if default.is_dir() else REPO / "examples")
    dev = list(iter_documents([src]))
    budget = megabytes * 1e6
    size = 0
    n = 0
    day = date(2024, 1, 1)
    while size < budget:
        n += 1
        if rnd.random() < claims_share:
            d = rnd.choice(dev)
            doc = Document(id=f"{d.id}~{n:06d}", text=d.text, published=d.published)
        else:
            doc = filler(rnd, day + timedelta(days=n % 300), n)
        size += len(doc.text.encode())
        yield doc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument(
        "--claims-share", type=float, default=0.25, help="share of development articles"
    )
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--output", type=Path, required=True)
    args = ap.parse_args()
    args.output.mkdir(parents=True, exist_ok=True)
    count = 0
    for doc in generate(args.mb, args.claims_share, args.seed):
        header = f"date {doc.published.isoformat()}\n" if doc.published else ""
        (args.output / f"{doc.id.replace('~', '_')}.txt").write_text(
            header + doc.text, encoding="utf-8"
        )
        count += 1
    print(f"{count} documents written to {args.output}")


if __name__ == "__main__":
    main()
