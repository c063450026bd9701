"""The JSON API and the pages of claimledger serve, in process (FastAPI's TestClient) over real
SQLite and PostgreSQL ledgers: results, paging, search, limits, read-only, token, headers."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from claimledger.errors import LedgerError
from claimledger.ledger import Ledger
from claimledger.model import Claim, Claimant, Document, Evidence, Period, Value
from claimledger.storage import Store, search
from claimledger.storage.engine import make_engine, resolve_url
from claimledger.storage.migrate import upgrade
from claimledger.storage.reader import LedgerReader
from claimledger.storage.schema import entry_claims
from claimledger.web.app import create_app
from claimledger.web.render import word_stem
from claimledger.web.security import COOKIE, CSP
from claimledger.web.state import Limits
from tests.support.webhelp import (
    EXAMPLES,
    SYNDICATION,
    TOKEN,
    XSS_MARK,
    hostile_items,
    small_ua_mod,
)


def build(url: str, tmp: Path) -> None:
    with Ledger.open(url) as led:
        led.ingest(sorted(EXAMPLES.glob("*.txt")))
        led.ingest([SYNDICATION])
        led.add(hostile_items())
        led.load_reference("ua-mod", small_ua_mod(tmp / "ua-mod"))


@contextmanager
def client(url: str, **kwargs: Any) -> Iterator[TestClient]:
    store = Store.open_readonly(url, timeout=kwargs.pop("timeout", 10.0))
    try:
        app = create_app(store, **kwargs)
        with TestClient(app, base_url="http://127.0.0.1") as c:
            yield c
    finally:
        store.close()


@pytest.fixture
def ledger(ledger_url: str, tmp_path: Path) -> str:
    build(ledger_url, tmp_path)
    return ledger_url


def test_claims_are_paged_by_id_with_the_filters_of_the_claims_command(ledger: str) -> None:
    with client(ledger) as c:
        everything = c.get("/api/claims", params={"limit": 500}).json()
        total = everything["total"]
        assert total == len(everything["items"]) > 30
        assert everything["next_after"] is None
        ids = [i["id"] for i in everything["items"]]
        assert ids == sorted(ids)

        seen: list[int] = []
        after = None
        while True:
            params: dict[str, Any] = {"limit": 7, "count": "false"}
            if after is not None:
                params["after"] = after
            page = c.get("/api/claims", params=params).json()
            assert page["total"] is None and len(page["items"]) <= 7
            seen += [i["id"] for i in page["items"]]
            after = page["next_after"]
            if after is None:
                break
        assert seen == ids
        newest = c.get("/api/claims", params={"newest_first": "true", "limit": 3}).json()
        assert [i["id"] for i in newest["items"]] == ids[::-1][:3]

        # The filters of `claimledger claims`: metric prefix, subject in any case, part of a
        # claimant's name, dates overlapping, document id.
        r = c.get("/api/claims", params={"metric": "personnel", "subject": "sudan"}).json()
        assert r["total"] == len(r["items"]) > 0
        assert all(i["metric"].startswith("personnel.") for i in r["items"])
        assert {i["subject"] for i in r["items"]} == {"Sudan"}
        r = c.get("/api/claims", params={"claimant": "health organ"}).json()
        assert {i["claimant"]["name"] for i in r["items"]} == {"World Health Organization"}
        r = c.get("/api/claims", params={"doc": "el-fasher-2024-06-20"}).json()
        assert r["total"] > 0 and {i["doc_id"] for i in r["items"]} == {"el-fasher-2024-06-20"}
        r = c.get("/api/claims", params={"since": "2030-01-01"}).json()
        assert r == {"items": [], "limit": 50, "next_after": None, "total": 0}

        one = everything["items"][0]
        # The claims.md form, the document's metadata, the ledger's ids and counts.
        for key in ("doc_id", "metric", "subject", "value", "rate", "claimant", "period",
                    "location", "group", "evidence", "url", "title", "published", "outlet",
                    "id", "document", "entry", "documents", "independent"):  # fmt: skip
            assert key in one


def test_a_claim_comes_with_every_document_reporting_it_copies_grouped(ledger: str) -> None:
    with client(ledger) as c:
        drones = c.get("/api/claims", params={"metric": "munitions", "limit": 100}).json()
        drones = (
            drones["items"]
            or c.get("/api/claims", params={"metric": "equipment.uav"}).json()["items"]
        )
        wire = [i for i in drones if i["documents"] == 6]
        assert wire, [(i["metric"], i["documents"]) for i in drones]
        detail = c.get(f"/api/claims/{wire[0]['id']}").json()
        entry = detail["entry"]
        assert (entry["documents"], entry["independent"]) == (6, 2)
        sizes = sorted(len(s["copies"]) for s in entry["stories"])
        assert sizes == [1, 5]  # five wire copies, one report of its own
        copies = [cp for s in entry["stories"] for cp in s["copies"]]
        assert len({cp["document"] for cp in copies}) == 6
        assert all(cp["evidence"]["text"] for cp in copies)
        assert detail["claim"]["id"] == wire[0]["id"]

        page = c.get(f"/claims/{wire[0]['id']}").text
        assert "<strong>6</strong> documents" in page and "<strong>2</strong> independent" in page
        assert "5 copies of one report" in page

        assert c.get("/api/claims/999999").status_code == 404
        assert c.get("/claims/999999").status_code == 404
        assert c.get("/api/claims/0").status_code == 422


def test_documents_full_text_search(ledger: str) -> None:
    with client(ledger) as c:
        all_docs = c.get("/api/documents", params={"limit": 100}).json()
        examples = len(list(EXAMPLES.glob("*.txt")))  # nine bundled articles
        assert all_docs["total"] == len(all_docs["items"]) == examples + 6 + 1 == 16
        published = [d["published"] for d in all_docs["items"] if d["published"]]
        assert published == sorted(published, reverse=True)

        # Stemmed ("drone" finds "drones"); every word must occur, in the title or the text.
        r = c.get("/api/documents", params={"q": "drone"}).json()
        assert r["terms"] == ["drone"]
        found = {d["doc_id"] for d in r["items"]}
        assert r["total"] == len(found) >= 6
        assert found >= {p.stem for p in SYNDICATION.glob("*.html")}
        assert all(d["snippet"] for d in r["items"])
        r = c.get("/api/documents", params={"q": "Drones, interceptors!"}).json()
        assert r["terms"] == ["drones", "interceptors"]
        wire = {p.stem for p in SYNDICATION.glob("*.html")} - {"dnipro-monitor-drones"}
        assert {d["doc_id"] for d in r["items"]} == wire  # the independent report has none
        r = c.get("/api/documents", params={"q": "interceptors Fasher"}).json()
        assert r["total"] == 0
        r = c.get("/api/documents", params={"q": "Fasher"}).json()
        assert [d["doc_id"] for d in r["items"]] == ["el-fasher-2024-06-20"]

        # Query syntax from a user is words, never operators: nothing makes the query fail.
        for q in ['"', "kill* OR NEAR(", "-x AND (y", "'; DROP TABLE documents; --", "日本 ü"]:
            resp = c.get("/api/documents", params={"q": q})
            assert resp.status_code == 200, (q, resp.text)
        assert search.search_terms("a b c d e f g h i j k") == list("abcdefgh")
        assert c.get("/api/documents", params={"q": "x" * 201}).status_code == 422

        page = c.get("/documents", params={"q": "drones"}).text
        assert "<mark>drones</mark>" in page.lower() or "<mark>Drones</mark>" in page


def test_a_document_shows_its_text_with_every_claim_highlighted(ledger: str) -> None:
    with client(ledger) as c:
        docs = c.get("/api/documents", params={"q": "Fasher"}).json()["items"]
        doc = c.get(f"/api/documents/{docs[0]['id']}").json()
        assert doc["claims"] and doc["text"]
        for cl in doc["claims"]:
            ev = cl["evidence"]
            assert doc["text"][ev["start"] : ev["end"]] == ev["text"]
        focus = doc["claims"][0]["id"]
        page = c.get(f"/documents/{doc['id']}", params={"claim": focus}).text
        assert f'id="claim-{focus}"' in page
        assert page.count('class="evidence') >= 1 and 'class="evidence focus"' in page
        for cl in doc["claims"]:
            assert f'href="/claims/{cl["id"]}"' in page
        assert c.get("/api/documents/999999").status_code == 404


def test_analyses_over_the_api(ledger: str) -> None:
    with client(ledger) as c:
        tl = c.get("/api/timeline", params={"metric": "personnel.killed", "subject": "sudan"})
        data = tl.json()
        assert data["subject"] == "Sudan"
        # One series per claimant and subset: a claimant's count of children is no point of
        # its series of whole tolls.
        names = [(s["claimant"], s["subset"]) for s in data["series"]]
        assert len(names) == len(set(names)) >= 2
        assert len({name for name, _ in names}) >= 2
        for s in data["series"]:
            for p in s["points"]:
                assert (
                    c.get(f"/api/claims/{p['claim']}").json()["claim"]["claimant"]["name"]
                    == s["claimant"]
                )
        ru = c.get(
            "/api/timeline", params={"metric": "personnel.killed", "subject": "Russia"}
        ).json()
        assert [r["source"] for r in ru["references"]] == ["ua-mod"]
        assert ru["references"][0]["points"][0] == ["2023-03-08", 164000]
        inverted = [p for s in ru["series"] for p in s["points"] if p["low"] == 20]
        assert inverted and inverted[0]["high"] == 30  # a range is drawn low to high
        bad = c.get("/api/timeline", params={"metric": "personnel.kiled", "subject": "Russia"})
        assert bad.status_code == 404 and "personnel.killed" in bad.json()["detail"]

        cmp = c.get(
            "/api/compare", params={"metric": "personnel.killed", "subject": "Sudan"}
        ).json()
        assert cmp["total"] == len(cmp["items"]) > 0
        for p in cmp["items"]:
            for f in p["figures"]:
                assert c.get(f"/api/claims/{f['claim']}").status_code == 200
        assert c.get("/api/compare", params={"metric": "x", "subject": "Sudan"}).status_code == 404

        checks = c.get("/api/checks").json()
        assert checks["total"] == sum(checks["counts"].values()) >= 1
        kinds = {f["kind"] for f in checks["items"]}
        assert "range_inverted" in kinds
        only = c.get("/api/checks", params={"kind": "range_inverted"}).json()
        assert {f["kind"] for f in only["items"]} == {"range_inverted"}
        assert all(e["claim"] and e["document"] for f in only["items"] for e in f["evidence"])
        assert c.get("/api/checks", params={"kind": "nonsense"}).status_code == 422

        ref = c.get("/api/reference-check").json()
        assert ref["loaded"] == ["ua-mod"]
        assert c.get("/api/reference-check", params={"source": "nope"}).status_code == 404

        claimants = c.get("/api/claimants").json()["items"]
        assert any(x["name"] == "World Health Organization" for x in claimants)
        metrics = c.get("/api/metrics").json()
        assert {m["metric"] for m in metrics} >= {"personnel.killed", "equipment.uav"}
        killed = next(m for m in metrics if m["metric"] == "personnel.killed")
        assert killed["claims"] == sum(killed["subjects"].values())

        ov = c.get("/api/overview").json()
        assert ov["counts"]["documents"] == 16 and ov["counts"]["unanalysed"] == 0  # 9 examples
        assert (
            ov["findings"]["high"] + ov["findings"]["medium"] + ov["findings"]["low"]
            == checks["total"]
        )
        assert len(ov["latest"]) == 10

        for path in ("/", "/timeline", "/compare", "/checks", "/claims", "/documents",
                     "/reference", "/api"):  # fmt: skip
            r = c.get(path)
            assert r.status_code == 200, (path, r.text[:500])
            assert r.headers["content-type"].startswith("text/html")


def test_the_web_app_never_writes(ledger: str) -> None:
    # Claims stored without the analysis (as while an ingest runs): the web shows them as
    # they are and brings nothing up to date.
    with Store.open(ledger) as store:
        doc = Document(id="late", text="The ministry said 12 Russian tanks were destroyed.",
                       published=date(2023, 3, 20))  # fmt: skip
        c0 = Claim("late", "equipment.tanks", "Russia", Value(12, 12, "exact"), None,
                   Claimant("Ministry", "Ukraine"), Period(None, date(2023, 3, 20), False),
                   None, None, Evidence(0, 49, doc.text[:49]))  # fmt: skip
        store.wait(store.submit([(doc, [c0])]))

    def snapshot() -> tuple[Any, ...]:
        with Store.open(ledger) as s:
            return (
                s.read(
                    lambda c: c.execute(select(func.count()).select_from(entry_claims)).scalar()
                ),
                LedgerReader(s).table_counts(),
            )

    before = snapshot()
    with client(ledger) as c:
        ov = c.get("/api/overview").json()
        assert ov["counts"]["unanalysed"] == 1
        assert "not yet in a ledger entry" in c.get("/").text
        tanks = c.get("/api/claims", params={"doc": "late"}).json()["items"]
        assert tanks[0]["entry"] is None and tanks[0]["documents"] == 1
        for path in ("/api/checks", "/api/reference-check", "/checks", "/reference",
                     "/api/timeline?metric=equipment.tanks&subject=Russia",
                     "/api/compare?metric=equipment.tanks&subject=Russia",
                     f"/claims/{tanks[0]['id']}", f"/api/claims/{tanks[0]['id']}"):  # fmt: skip
            assert c.get(path).status_code == 200, path
        # Only GET and HEAD: anything else is refused before it reaches a route.
        assert c.post("/api/claims").status_code == 405
        assert c.delete("/api/claims/1").status_code == 405
    assert snapshot() == before

    # The connections themselves cannot write.
    with Store.open_readonly(ledger) as ro, pytest.raises(LedgerError):
        ro.read(lambda c: c.execute(text("DELETE FROM claims")))


def test_a_slow_query_is_stopped(ledger: str) -> None:
    slow = (
        "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r"
        if ledger.startswith("sqlite")
        else "SELECT pg_sleep(5)"
    )
    with Store.open_readonly(ledger, timeout=0.3) as ro:
        started = time.monotonic()
        with pytest.raises(LedgerError) as err:
            ro.read(lambda c: c.exec_driver_sql(slow).scalar())
        assert time.monotonic() - started < 3
        assert "interrupt" in str(err.value) or "statement timeout" in str(err.value)
        # The connection goes on serving ordinary queries.
        assert LedgerReader(ro).table_counts()["documents"] == 16


def test_search_structures_follow_upgrades_and_writes(ledger_url: str) -> None:
    engine = make_engine(resolve_url(ledger_url))
    upgrade(engine, "0005")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO documents (doc_id, hash, text, ingested_at) "
                "VALUES ('old', 'h-old', 'Howitzers were destroyed near Kupiansk.', "
                "'2023-01-01 00:00:00')"
            )
        )
    engine.dispose()
    with Store.open(ledger_url) as store:  # upgraded to 0006: the old document is indexed
        found = browse_terms(store, ["howitzer"])
        assert found == ["old"]
        if ledger_url.startswith("sqlite"):
            triggers = store.read(
                lambda c: sorted(
                    c.exec_driver_sql(
                        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                    ).scalars()
                )
            )
            assert triggers == ["documents_fts_ad", "documents_fts_ai", "documents_fts_au"]
        store.write(lambda c: c.execute(text("UPDATE documents SET text = 'Tanks in Lyman.'")))
        assert browse_terms(store, ["howitzer"]) == []
        assert browse_terms(store, ["lyman"]) == ["old"]
        store.write(lambda c: c.execute(text("DELETE FROM documents")))
        assert browse_terms(store, ["lyman"]) == []


def browse_terms(store: Store, terms: list[str]) -> list[str]:
    found, _ = LedgerReader(store).documents_page(terms, 10, 0)
    return [d.doc_id for d in found]


@pytest.mark.parametrize("ledger_url", ["postgresql"], indirect=True)
def test_postgresql_search_uses_its_index(ledger_url: str) -> None:
    with Store.open(ledger_url) as store:

        def plan(conn: Any) -> str:
            conn.exec_driver_sql("SET enable_seqscan = off")
            q = (
                f"EXPLAIN SELECT id FROM documents WHERE {search.PG_VECTOR} "
                "@@ plainto_tsquery('english', 'tank')"
            )
            return "\n".join(conn.exec_driver_sql(q).scalars())

        assert search.PG_INDEX in store.read(plan)


# -- the HTTP surface: limits, headers, token, host ---------------------------------------------


@pytest.fixture
def sqlite_ledger(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    build(url, tmp_path)
    return url


def test_limits_are_enforced(sqlite_ledger: str) -> None:
    with client(sqlite_ledger) as c:
        for path, params in (
            ("/api/claims", {"limit": 501}),
            ("/api/claims", {"limit": 0}),
            ("/api/claims", {"after": 2**40}),
            ("/api/claims", {"metric": "m" * 201}),
            ("/api/documents", {"limit": 101}),
            ("/api/documents", {"offset": 10_001}),
            ("/api/claimants", {"limit": 1001}),
            ("/api/checks", {"offset": 10_001}),
        ):
            assert c.get(path, params=params).status_code == 422, (path, params)
        assert c.get(f"/api/claims/{2**40}").status_code == 422
        assert c.get("/claims", params={"since": "not-a-date"}).status_code == 400
        assert c.get("/documents", params={"offset": "99999999"}).status_code == 400


def test_every_response_carries_the_security_headers(sqlite_ledger: str) -> None:
    with client(sqlite_ledger) as c:
        for path in ("/", "/api/claims", "/static/app.css", "/nope", "/api/claims/999999"):
            r = c.get(path)
            assert r.headers["content-security-policy"] == CSP, path
            assert "script-src 'self';" in CSP and "unsafe-eval" not in CSP
            assert r.headers["x-content-type-options"] == "nosniff"
            assert r.headers["x-frame-options"] == "DENY"
        plotly = c.get("/static/vendor/plotly.min.js")
        assert plotly.status_code == 200 and plotly.headers["content-type"].startswith(
            "text/javascript"
        )
        assert len(plotly.content) > 1_000_000  # the package's own file, served locally
        assert c.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN
        head = c.head("/api/claims")
        assert head.status_code == 200 and head.content == b""
        assert c.get("/openapi.json").json()["info"]["title"] == "claimledger"


def test_document_strings_are_escaped_everywhere(sqlite_ledger: str) -> None:
    with client(sqlite_ledger) as c:
        hostile = c.get("/api/claims", params={"doc": hostile_items()[0][0].id}).json()["items"]
        assert hostile
        pages = ["/", "/claims", "/checks", "/documents", "/documents?q=officials",
                 "/timeline?metric=personnel.killed&subject=Russia",
                 "/compare?metric=personnel.killed&subject=Russia",
                 f"/documents/{hostile[0]['document']}?claim={hostile[0]['id']}"]  # fmt: skip
        pages += [f"/claims/{h['id']}" for h in hostile]
        for path in pages:
            html = c.get(path).text
            assert XSS_MARK in html or path in ("/documents",), path  # the strings are shown
            for bad in ("<script>window.", "<img src=x", "<svg onload", 'href="javascript:',
                        "onerror=\"window", "<b onmouseover"):  # fmt: skip
                assert bad not in html, (path, bad)
            scripts = re.findall(r"<script\b[^>]*>", html)
            for tag in scripts:
                assert 'src="/static/' in tag or 'type="application/json"' in tag, (path, tag)


def test_a_token_guards_every_request(sqlite_ledger: str) -> None:
    with client(sqlite_ledger, token=TOKEN) as c:
        r = c.get("/api/claims")
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
        assert c.get("/api/claims", headers={"Authorization": "Bearer wrong"}).status_code == 401
        ok = c.get("/api/claims", headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200
        for path in ("/", "/static/app.css", "/openapi.json", "/static/vendor/plotly.min.js"):
            assert c.get(path).status_code == 401, path
        page = c.get("/timeline")
        assert page.status_code == 401 and 'name="token"' in page.text
        assert c.get("/api/claims", params={"token": TOKEN}).status_code == 401  # not in URLs
        assert c.get("/timeline", params={"token": "wrong"}).status_code == 401

        # A browser opens a page once with ?token=: it gets a cookie and the address without it.
        r = c.get("/timeline", params={"token": TOKEN, "metric": "personnel.killed"},
                  follow_redirects=False)  # fmt: skip
        assert r.status_code == 303
        assert r.headers["location"] == "/timeline?metric=personnel.killed"
        assert (
            "HttpOnly" in r.headers["set-cookie"] and "SameSite=Strict" in r.headers["set-cookie"]
        )
        c.cookies.set(COOKIE, TOKEN)
        assert c.get("/timeline").status_code == 200
        assert c.get("/api/claims").status_code == 200
        c.cookies.set(COOKIE, "nope")
        assert c.get("/").status_code == 401


def test_without_a_token_only_requests_to_localhost_are_answered(sqlite_ledger: str) -> None:
    with client(sqlite_ledger) as c:
        assert c.get("/api/claims", headers={"Host": "evil.example"}).status_code == 400
        assert c.get("/api/claims", headers={"Host": "localhost:8000"}).status_code == 200
        assert c.get("/api/claims", headers={"Host": "[::1]:8000"}).status_code == 200


def test_limits_object_bounds_pages() -> None:
    assert Limits().claims_page == 500 and Limits().query_timeout == 10.0


def test_the_loopback_address_served_on_is_an_allowed_host(sqlite_ledger: str) -> None:
    with client(sqlite_ledger, host="127.0.0.2") as c:
        assert c.get("/api/claims", headers={"Host": "127.0.0.2:8000"}).status_code == 200
        assert c.get("/api/claims", headers={"Host": "localhost:8000"}).status_code == 200
        assert c.get("/api/claims", headers={"Host": "evil.example"}).status_code == 400
    with client(sqlite_ledger, host="::1") as c:
        assert c.get("/api/claims", headers={"Host": "[::1]:8000"}).status_code == 200
    with client(sqlite_ledger, host="0.0.0.0") as c:  # not loopback: never a Host by itself
        assert c.get("/api/claims", headers={"Host": "0.0.0.0:8000"}).status_code == 400


def test_the_token_redirect_stays_on_this_site_and_in_ascii(sqlite_ledger: str) -> None:
    with client(sqlite_ledger, token=TOKEN) as c:
        for raw, where in (
            ("/%09/127.0.0.3:18999/", "/127.0.0.3:18999/"),
            ("/%0a/x", "/x"),
            ("/%0d%0a%5c%5cevil.example/", "/evil.example/"),
            ("/claims/%E2%80%AE", "/claims/%E2%80%AE"),
        ):
            r = c.get(f"{raw}?token={TOKEN}", follow_redirects=False)
            assert r.status_code == 303, raw
            assert r.headers["location"] == where, raw


def test_every_token_character_allowed_works_in_the_cookie_and_the_header(
    sqlite_ledger: str,
) -> None:
    from claimledger.web.security import TOKEN_PUNCTUATION

    token = "Az09" + TOKEN_PUNCTUATION
    with client(sqlite_ledger, token=token) as c:
        r = c.get("/timeline", params={"token": token}, follow_redirects=False)
        assert r.status_code == 303
        set_cookie = r.headers["set-cookie"]
        assert "Secure" not in set_cookie  # plain HTTP: a Secure cookie would never come back
        pair = set_cookie.split(";")[0]  # what a browser sends back
        assert pair == f"{COOKIE}={token}"
        assert c.get("/timeline", headers={"Cookie": pair}).status_code == 200
        auth = {"Authorization": f"Bearer {token}"}
        assert c.get("/api/claims", headers=auth).status_code == 200
    with client(sqlite_ledger, token=TOKEN, secure_cookie=True) as c:
        r = c.get("/timeline", params={"token": TOKEN}, follow_redirects=False)
        assert "; Secure" in r.headers["set-cookie"]


BIDI = "\u202e"


def test_bidi_controls_in_ledger_strings_never_reach_a_page(tmp_path: Path) -> None:
    """U+202E (and the other overrides, embeddings and isolates) in a doc_id, title, outlet or
    claimant would reverse the rest of a line: pages show the text without them."""
    url = f"sqlite:///{tmp_path / 'bidi.db'}"
    text = "Officials said 40 soldiers were killed near Bakhmut on 12 March."
    doc = Document(
        id=f"doc{BIDI}id-\u2066x\u2069",
        text=text + f" {BIDI}reversed\u202c",
        published=date(2023, 3, 13),
        url="https://example.org/a",
        title=f"Title {BIDI}eltit",
        outlet=f"Outlet {BIDI}teltuo",
        source="s",
    )
    claim = Claim(
        doc_id=doc.id,
        metric="personnel.killed",
        subject="Russia",
        value=Value(40, 40, "exact"),
        rate=None,
        claimant=Claimant(f"Spokesman {BIDI}x", "Ukraine\u202b"),
        period=Period(date(2023, 3, 12), date(2023, 3, 12), False),
        location=f"Bakhmut{BIDI}",
        group="military",
        evidence=Evidence(0, len(text), text),
    )
    with Ledger.open(url) as led:
        led.add([(doc, [claim])])
    controls = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
    with client(url) as c:
        [item] = c.get("/api/claims").json()["items"]
        pages = ["/", "/claims", "/documents", "/checks", f"/claims/{item['id']}",
                 f"/documents/{item['document']}",
                 "/timeline?metric=personnel.killed&subject=Russia",
                 "/compare?metric=personnel.killed&subject=Russia"]  # fmt: skip
        for path in pages:
            html = c.get(path).text
            for ch in controls:
                assert ch not in html, (path, hex(ord(ch)))
                assert f"\\u{ord(ch):04x}" not in html.lower(), (path, hex(ord(ch)))
                assert f"&#{ord(ch)};" not in html and f"&#x{ord(ch):x};" not in html.lower()
        assert "Outlet teltuo" in c.get(f"/documents/{item['document']}").text
        assert "Spokesman x" in c.get(f"/claims/{item['id']}").text


def test_the_pages_read_as_a_person_would(sqlite_ledger: str, tmp_path: Path) -> None:
    with client(sqlite_ledger) as c:
        # The API page is rendered: code spans, not Markdown backticks; no generated titles.
        api_page = c.get("/api").text
        main = api_page[api_page.index("<main") : api_page.index("</main>")]
        assert "`" not in main and "Timeline Api" not in main
        assert "<code>claimledger compare</code>" in main

        # The claims page: the width of the window, a dropdown per filter of the ledger's values.
        claims_page = c.get("/claims", params={"claimant": "World Health Organization"}).text
        assert '<main class="wide">' in claims_page
        for name in ("metric", "subject", "claimant", "affiliation", "location"):
            assert f'<select name="{name}">' in claims_page, name
        assert '<option value="World Health Organization" selected>' in claims_page
        assert '<option value="personnel.killed">personnel.killed (' in claims_page
        assert 'type="text" name="metric"' not in claims_page
        assert 'type="text" name="location"' not in claims_page
        assert '<option value="Vovchansk">Vovchansk (' in claims_page  # a place of the examples
        assert "1 claim." in claims_page or " claims." in claims_page

        # The chart's note names only the panels drawn: Sudan's figures are all for a period.
        note = re.compile(r'<p class="legend-note muted">(.*?)</p>', re.S)
        sudan = c.get("/timeline", params={"metric": "personnel.killed", "subject": "Sudan"})
        found_note = note.search(sudan.text)
        assert found_note and found_note.group(1).startswith("Figures for a period")
        russia = c.get("/timeline", params={"metric": "personnel.killed", "subject": "Russia"})
        found_note = note.search(russia.text)
        assert found_note and found_note.group(1).startswith("Top panel: running totals")

        # Search marks each form of a word the index found ("kill" finds "killed").
        found = c.get("/documents", params={"q": "kill"}).text
        snippets = re.findall(r'<p class="snippet">(.*?)</p>', found, re.S)
        assert snippets
        forms: set[str] = set()
        for s in snippets:
            marked = re.findall(r"<mark>(\w+)</mark>", s)
            words = re.findall(r"\w+", re.sub(r"</?mark>", "", s))
            assert marked and marked == [w for w in words if word_stem(w) == "kill"], s
            forms |= {m.lower() for m in marked}
        assert "killed" in forms, forms  # a form the query did not spell

    # Plain text names no outlet: the overview does not count "0 outlets".
    plain = f"sqlite:///{tmp_path / 'plain.db'}"
    with Ledger.open(plain) as led:
        led.ingest(sorted(EXAMPLES.glob("*.txt")))
    with client(plain) as c:
        overview = c.get("/").text
        assert "claims</div>" in overview
        assert "outlets</div>" not in overview and "reference series</div>" not in overview
    with client(sqlite_ledger) as c:  # syndicated pages name theirs
        assert re.search(r'class="big">\d+</span> outlets</div>', c.get("/").text)
