"""Reference series: the mapping (data, validated), the ua-mod and Oryx readers, claims lined
up with them — on small files written here and on the real data sets (SQLite, PostgreSQL)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.analysis.errors import AnalysisError, ReferenceDataError
from claimledger.analysis.reference import (
    load_mapping,
    read_reference,
    spec_for,
)
from claimledger.cli import app
from claimledger.ledger import Ledger
from claimledger.lexicon import load_lexicon
from claimledger.model import Claim, Document
from tests.support.analysishelp import claim

LEX = load_lexicon()

runner = CliRunner()
WAR = date(2022, 2, 24)
MOD = {"claimant": "Ukrainian Ministry of Defence", "affiliation": "Ukraine"}


def D(day: int) -> date:
    return date(2023, 3, day)


# -- the mapping --------------------------------------------------------------------------------


def test_the_mapping_names_metrics_for_both_data_sets() -> None:
    refs = load_mapping(LEX)
    assert sorted(refs) == ["oryx", "ua-mod"]
    ua = refs["ua-mod"]
    assert (ua.format, ua.fill, ua.subjects) == ("ua-mod", "exact", ("Russia",))
    by_metric = {s.metric: s for s in ua.series}
    assert by_metric["personnel.killed"].columns == (("personnel",),)
    assert by_metric["equipment.missile_launchers"].columns == (("mobile SRBM system",),)
    assert by_metric["equipment.vehicles"].columns == (
        ("vehicles and fuel tanks",),
        ("military auto", "fuel tank"),
    )
    oryx = refs["oryx"]
    assert (oryx.fill, oryx.subjects, oryx.value) == (
        "previous",
        ("Russia", "Ukraine"),
        "type_total",
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("version = 2\n", "version must be 1"),
        ("version = 1\n[[reference]]\nid = 'x'\nformat = 'csv'\n", "unknown format 'csv'"),
        (
            "version = 1\n[[reference]]\nid = 'x'\nformat = 'ua-mod'\nsubject = 'Narnia'\n",
            "unknown party 'Narnia'",
        ),
        (
            "version = 1\n[[reference]]\nid = 'x'\nformat = 'ua-mod'\nsubject = 'Russia'\n"
            "[[reference.series]]\nmetric = 'equipment.tank'\ncolumns = [['tank']]\n",
            "unknown metric 'equipment.tank'",
        ),
        (
            "version = 1\n[[reference]]\nid = 'x'\nformat = 'ua-mod'\nsubject = 'Russia'\n"
            "[[reference.series]]\nmetric = 'equipment.tanks'\ncolumns = [[1]]\n",
            "'columns' must be a list of lists of column names",
        ),
        ("version = 1\n[[reference]\n", "not valid TOML"),
    ],
)
def test_a_bad_mapping_is_an_error_naming_the_file(tmp_path: Path, body: str, reason: str) -> None:
    f = tmp_path / "references.toml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(ReferenceDataError) as err:
        load_mapping(LEX, f)
    assert str(err.value).startswith(f"{f}: ") and reason in str(err.value)
    assert "\n" not in str(err.value).strip()


# -- small files written here ---------------------------------------------------------------------


def _ua_mod(folder: Path) -> Path:
    """Five days of a ua-mod-like series: SRBM tracked only on the first two days; vehicles
    as two columns, then as one."""
    folder.mkdir()
    personnel = [
        {"date": D(d).isoformat(), "day": 380 + d, "personnel": 160_000 + 500 * d,
         "personnel*": "about"}
        for d in range(12, 17)
    ]  # fmt: skip
    equipment = []
    for d in range(12, 17):
        row: dict[str, object] = {"date": D(d).isoformat(), "day": 380 + d, "tank": 3_490 + d}
        if d <= 13:
            row |= {"mobile SRBM system": 4, "military auto": 5_000, "fuel tank": 300 + d}
        else:
            row |= {"vehicles and fuel tanks": 5_380 + d, "greatest losses direction": "Bakhmut"}
        equipment.append(row)
    # A row for 14 March with no tanks: the day has no tank value at all.
    equipment[2].pop("tank")
    (folder / "russia_losses_personnel.json").write_text(json.dumps(personnel), "utf-8")
    (folder / "russia_losses_equipment.json").write_text(json.dumps(equipment), "utf-8")
    return folder


ORYX_CSV = (
    "country,equipment_type,destroyed,abandoned,captured,damaged,type_total,date_recorded\n"
    "Russia,Tanks,10,0,0,0,10,2023-03-01\n"
    "Russia,Tanks,12,0,1,0,13,2023-03-10\n"
    'Russia,"Losses excluding Recon Drones and Trucks - 140, of which: destroyed: 100,\n'
    'damaged: 40",100,0,0,40,140,2023-03-10\n'
    "Ukraine,Tanks,5,0,0,0,5,2023-03-05\n"
    "Belarus,Tanks,1,0,0,0,1,2023-03-05\n"
)


def test_reading_small_files(tmp_path: Path) -> None:
    cols = read_reference(spec_for("ua-mod", LEX), _ua_mod(tmp_path / "ua"))
    assert cols[("Russia", "personnel")][0] == (D(12), 166_000.0, "about")
    assert [p[0] for p in cols[("Russia", "tank")]] == [D(12), D(13), D(15), D(16)]
    assert ("Russia", "greatest losses direction") not in cols
    f = tmp_path / "daily_count.csv"
    f.write_text(ORYX_CSV, encoding="utf-8")
    oryx = read_reference(spec_for("oryx", LEX), tmp_path)
    assert sorted(oryx) == [
        ("Russia", "Losses excluding Recon Drones and Trucks"),
        ("Russia", "Tanks"),
        ("Ukraine", "Tanks"),
    ]  # Belarus is in no mapping: left out
    assert oryx[("Russia", "Tanks")] == [(D(1), 10.0, None), (D(10), 13.0, None)]


def _claims() -> list[tuple[Document, list[Claim]]]:
    def total(metric: str, value: float, day: int, **kw: object) -> Claim:
        return claim(metric, value, doc="mod", start=WAR, end=D(day), cumulative=True,
                     **{**MOD, **kw})  # type: ignore[arg-type]  # fmt: skip

    text = "The ministry's daily figures on Russian losses, as reported."
    return [
        (
            Document("mod", text, D(16)),
            [
                total("equipment.tanks", 3_506, 16),  # the series' value that day
                total("equipment.tanks", 3_503, 15),  # 3,505 that day; 3,503 on the 13th
                total("equipment.tanks", 3_500, 14),  # the series has no tanks on the 14th
                total("equipment.vehicles", 5_312, 12),  # 5,000 + 312, two columns then
                total("equipment.vehicles", 5_396, 16),  # one column since
                total("equipment.missile_launchers", 4, 16),  # tracked until the 13th only
                total("personnel.killed", 168_000, 16, qualifier="approx"),
                total("personnel.killed", 168_000, 16, group="civilian"),  # not the series
                total("equipment.tanks", 120, 16, location="Bakhmut"),  # one town's
                total("equipment.tanks", 12, 16, subset="Leopard 2"),  # a part: not the series
                # a day's figure: the change from the 15th to the 16th is 1
                claim("equipment.tanks", 5, doc="mod", start=D(15), end=D(16), **MOD),  # type: ignore[arg-type]
                # Oryx, previous-row fill: 13 on the 12th (row of the 10th)
                total("equipment.tanks", 13, 12, claimant="Oryx", affiliation="independent"),
            ],
        )
    ]


def test_claims_lined_up_with_small_series(ledger_url: str, tmp_path: Path) -> None:
    ua = _ua_mod(tmp_path / "ua")
    (tmp_path / "oryx").mkdir()
    (tmp_path / "oryx" / "daily_count.csv").write_text(ORYX_CSV, encoding="utf-8")
    with Ledger.open(ledger_url) as ledger:
        ledger.add(_claims())
        loaded = ledger.load_reference("ua-mod", ua)
        assert (loaded.series, loaded.values, loaded.first, loaded.last) == (
            6,
            5 + 4 + 2 + 2 + 2 + 3,
            D(12),
            D(16),
        )
        assert ledger.load_reference("ua-mod", ua).values == loaded.values  # replaced
        ledger.load_reference("oryx", tmp_path / "oryx")
        lines = ledger.reference_check()
    got = [
        (
            ln.source,
            ln.claim.metric,
            ln.claim.value.low,
            ln.kind,
            ln.on,
            ln.reference,
            ln.difference,
            ln.status,
            ln.last,
            ln.same_value,
        )
        for ln in lines
    ]
    assert got == [
        ("ua-mod", "equipment.tanks", 3506, "total", D(16), 3506, 0, "matches", None,
         ((D(16), D(16)),)),
        ("ua-mod", "equipment.tanks", 3503, "total", D(15), 3505, -2, "differs", None,
         ((D(13), D(13)),)),
        ("ua-mod", "equipment.tanks", 3500, "total", D(14), None, None, "no value",
         (D(13), 3503), ()),
        ("ua-mod", "equipment.vehicles", 5312, "total", D(12), 5312, 0, "matches", None,
         ((D(12), D(12)),)),
        ("ua-mod", "equipment.vehicles", 5396, "total", D(16), 5396, 0, "matches", None,
         ((D(16), D(16)),)),
        ("ua-mod", "equipment.missile_launchers", 4, "total", D(16), None, None, "no value",
         (D(13), 4), ((D(12), D(13)),)),
        ("ua-mod", "personnel.killed", 168000, "total", D(16), 168000, 0, "matches", None,
         ((D(16), D(16)),)),
        ("ua-mod", "equipment.tanks", 5, "change", D(16), 1, 4, "differs", None, ()),
        ("ua-mod", "equipment.tanks", 13, "total", D(12), 3502, -3489, "differs", None, ()),
        ("oryx", "equipment.tanks", 3506, "total", D(16), 13, 3493, "differs", None, ()),
        ("oryx", "equipment.tanks", 3503, "total", D(15), 13, 3490, "differs", None, ()),
        ("oryx", "equipment.tanks", 3500, "total", D(14), 13, 3487, "differs", None, ()),
        ("oryx", "equipment.tanks", 5, "change", D(16), 0, 5, "differs", None, ()),
        ("oryx", "equipment.tanks", 13, "total", D(12), 13, 0, "matches", None,
         ((D(10), D(10)),)),
    ]  # fmt: skip
    by_value = {(ln.source, ln.claim.metric, ln.claim.value.low): ln for ln in lines}
    assert by_value[("ua-mod", "equipment.missile_launchers", 4)].summary() == (
        "Ukrainian Ministry of Defence's 4 missile launchers (total as of 2023-03-16): ua-mod "
        "has no value on 2023-03-16 (its last one, 4, is from 2023-03-13); ua-mod reports "
        "exactly 4 on 2023-03-12 – 2023-03-13."
    )
    assert by_value[("ua-mod", "equipment.tanks", 3503)].summary() == (
        "Ukrainian Ministry of Defence's 3,503 tanks (total as of 2023-03-15) differs from "
        "ua-mod's 3,505 on 2023-03-15 (difference -2); ua-mod reports exactly 3,503 on "
        "2023-03-13."
    )
    assert by_value[("ua-mod", "personnel.killed", 168000)].note == "about"


def test_reference_commands(ledger_url: str, tmp_path: Path) -> None:
    ua = _ua_mod(tmp_path / "ua")
    with Ledger.open(ledger_url) as ledger:
        ledger.add(_claims())
    load = runner.invoke(app, ["reference", "load", "ua-mod", str(ua), "--db", ledger_url])
    assert load.exit_code == 0, load.output
    assert load.stdout.strip() == (
        f"ua-mod: 6 series, 18 daily values, 2023-03-12 – 2023-03-16 (from {ua.resolve()})"
    )
    listed = runner.invoke(app, ["reference", "list", "--db", ledger_url])
    assert "mobile SRBM" in listed.stdout and "6 series" in listed.stdout
    table = runner.invoke(app, ["reference", "check", "--db", ledger_url])
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].startswith("✓ Ukrainian Ministry of Defence's 3,506 tanks")
    assert lines[-1] == "9 claims checked: 4 match, 3 differ, 2 without a reference value"
    jsonl = runner.invoke(app, ["reference", "check", "--db", ledger_url, "-f", "jsonl"])
    rows = [json.loads(x) for x in jsonl.stdout.splitlines()]
    assert rows[0]["status"] == "matches" and rows[0]["same_value"] == [["2023-03-16"] * 2]
    as_csv = runner.invoke(app, ["reference", "check", "--db", ledger_url, "-f", "csv"])
    table_rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["status"] for r in table_rows] == [r["status"] for r in rows]
    assert table_rows[5]["last_date"] == "2023-03-13" and table_rows[5]["last_value"] == "4"


@pytest.mark.parametrize(
    ("source", "make", "code", "reason"),
    [
        ("ua-mod", lambda p: p / "missing", 1, "no such file or folder"),
        ("ua-mod", lambda p: p, 1, "holds neither russia_losses_personnel.json"),
        ("ua-mod", lambda p: _write(p / "x.json", "[{"), 1, "not JSON"),
        ("ua-mod", lambda p: _write(p / "x.json", '{"a": 1}'), 1, "not a ua-mod loss series"),
        ("ua-mod", lambda p: _write(p / "x.json", '[{"date": "March"}]'), 1, "bad date"),
        ("oryx", lambda p: _write(p / "o.csv", "a,b\n1,2\n"), 1, "not an Oryx daily count"),
        ("oryx", lambda p: _write(p / "o.csv", b"\xff\xfe\x00bad"), 1, "not UTF-8 text"),
        ("nato", lambda p: p, 2, "unknown reference 'nato' (known: oryx, ua-mod)"),
    ],
)
def test_bad_reference_input_is_one_line(
    tmp_path: Path, source: str, make: object, code: int, reason: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    db = tmp_path / "l.db"
    result = runner.invoke(app, ["reference", "load", source, str(path), "--db", str(db)])
    assert result.exit_code == code
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("claimledger: ") and reason in line


def _write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_unknown_reference_in_the_api() -> None:
    with pytest.raises(AnalysisError, match="unknown reference 'nato'"):
        spec_for("nato", LEX)


# -- the real data sets ---------------------------------------------------------------------------


def test_the_seed_article_against_the_real_ua_mod_series(ledger_url: str, shared: Path) -> None:
    ref = shared / "data" / "reference"
    seed = shared / "corpus" / "dev" / "bakhmut-2023-03-13.txt"
    with Ledger.open(ledger_url) as ledger:
        ledger.ingest([str(seed)])
        ua = ledger.load_reference("ua-mod", ref / "ua-mod")
        assert (ua.series, ua.first) == (19, date(2022, 2, 25))
        oryx = ledger.load_reference("oryx", ref / "oryx")
        assert (oryx.series, oryx.values) == (59, 1365)
        lines = ledger.reference_check("ua-mod")
    assert {ln.on for ln in lines} == {date(2023, 3, 16)}
    matching = {ln.claim.metric: ln.reference for ln in lines if ln.status == "matches"}
    assert matching == {
        "personnel.killed": 162_560,
        "equipment.aircraft": 305,
        "equipment.helicopters": 289,
        "equipment.tanks": 3_504,
        "equipment.artillery": 2_539,
        "equipment.armored_vehicles": 6_810,
        "equipment.mlrs": 503,
        "equipment.ships": 18,
        "equipment.vehicles": 5_394,
        "equipment.air_defense": 265,
        "equipment.uav": 2_145,
        "equipment.special_equipment": 257,
        "munitions.cruise_missiles": 907,
    }
    tanks = next(ln for ln in lines if ln.claim.metric == "equipment.tanks")
    assert tanks.same_value == ((date(2023, 3, 16), date(2023, 3, 16)),)  # not the 13th
    [srbm] = [ln for ln in lines if ln.status != "matches"]
    assert srbm.claim.metric == "equipment.missile_launchers" and srbm.status == "no value"
    assert srbm.last == (date(2022, 4, 30), 4)
    assert "(its last one, 4, is from 2022-04-30)" in srbm.summary()
    table = runner.invoke(app, ["reference", "check", "--db", ledger_url, "--source", "ua-mod"])
    out = table.stdout.splitlines()
    assert out[0] == (
        "✓ Ukrainian Ministry of Defence's about 162,560 killed (total as of 2023-03-16) "
        "matches ua-mod's 162,560 on 2023-03-16; ua-mod reports exactly 162,560 on 2023-03-16."
    )
    assert out[-1] == "14 claims checked: 13 match, 0 differ, 1 without a reference value"


def test_the_real_oryx_counts_fill_from_the_previous_row(ledger_url: str, shared: Path) -> None:
    ref = shared / "data" / "reference" / "oryx"
    aircraft = claim("equipment.aircraft", 79, doc="o", start=WAR, end=D(16), cumulative=True,
                     claimant="Oryx", affiliation="independent")  # fmt: skip
    with Ledger.open(ledger_url) as ledger:
        ledger.add([(Document("o", "Oryx counts Russian aircraft losses.", D(16)), [aircraft])])
        ledger.load_reference("oryx", ref)
        [line] = ledger.reference_check("oryx")
    assert (line.status, line.reference) == ("matches", 79)
    # The rows bracketing 16 March 2023 in daily_count.csv are both 79 (only changes are rows).
    first, last = line.same_value[0]
    assert first <= D(16) and last >= first and (last - first) < timedelta(days=400)
