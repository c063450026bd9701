"""claimledger serve in a real headless Chromium (Debian's package, driven by Playwright):
timeline → point → claim → document with the evidence highlighted, on the dev corpus and on
the bundled examples; a hostile article opened on every page that shows it, with no script
running; the demo's ledger (scripts/demo.sh) at 1400 px and on a phone, its timeline ticked in
days and drawn with lines and bars. Screenshots go to artifacts/screenshots/ (git ignores
artifacts/)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimledger.ledger import Ledger
from tests.support.webhelp import (
    CHROMIUM,
    CHROMIUM_ARGS,
    EXAMPLES,
    REPO,
    TOKEN,
    XSS_MARK,
    Server,
    Watch,
    chromium_or_skip,
    hostile_html_page,
    hostile_items,
    screenshot,
    serve,
    small_ua_mod,
)

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("dev") / "dev.db"
    with Ledger.open(db) as led:
        led.ingest([shared / "corpus" / "dev"])
        reference = shared / "data" / "reference"
        if (reference / "ua-mod").is_dir():
            led.load_reference("ua-mod", reference / "ua-mod")
        if (reference / "oryx").is_dir():
            led.load_reference("oryx", reference / "oryx")
    with serve(str(db)) as server:
        yield server


@pytest.fixture(scope="module")
def examples_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("examples")
    db = tmp / "examples.db"
    with Ledger.open(db) as led:
        led.ingest(sorted(EXAMPLES.glob("*.txt")))
        led.load_reference("ua-mod", small_ua_mod(tmp / "ua-mod"))
    with serve(str(db)) as server:
        yield server


def expected_claimants(server: Server, metric: str, subject: str) -> set[str | None]:
    """Who has a plotted claim (a count, not a rate) of exactly this metric and subject."""
    items = server.get(
        "/api/claims", params={"metric": metric, "subject": subject, "limit": 500}
    ).json()["items"]
    return {
        i["claimant"]["name"]
        for i in items
        if i["metric"] == metric and i["subject"] == subject and i["rate"] is None
    }


def open_page(browser: Any, viewport: dict[str, int] = LAPTOP) -> tuple[Any, Watch]:
    page = browser.new_page(viewport=viewport)
    watch = Watch()
    watch.attach(page)
    return page, watch


def only_local(server: Server, watch: Watch) -> None:
    outside = [u for u in watch.requests if not u.startswith(server.base)]
    assert not outside, f"requests outside the app: {outside}"


POINTS = ".scatterlayer .trace .points path, .barlayer .trace .point path"
DAY_LABEL = re.compile(r"^(\d{4}-\d{2}-\d{2}|[A-Z][a-z]{2} \d{1,2})$")  # laptop, phone


def assert_in_words(tooltip: str) -> None:
    """A tooltip reads as a sentence would: "at least 226", "1 document", never a field's id
    ("(at_least)") or a plural in brackets ("document(s)")."""
    assert "document" in tooltip, tooltip
    assert "(s)" not in tooltip and "_" not in tooltip, tooltip
    assert not re.search(r"\b1 documents\b|\b1 independent reports\b", tooltip), tooltip


def day_ticks(page: Any) -> list[str]:
    """The timeline's x-axis labels; each must name a day (never an hour or a fraction of a
    second: "23:59:59.999", "00:00:00.0005", "06:00")."""
    labels = [t.strip() for t in page.locator("#timeline-chart .xtick text").all_text_contents()]
    assert labels, "no x-axis labels"
    for label in labels:
        assert DAY_LABEL.match(label), f"not a day: {label!r} in {labels}"
    return labels


def drawn_lines(page: Any) -> int:
    """Lines Plotly drew (SVG paths of a scatter trace in "lines" mode, at least two points)."""
    paths = page.locator("#timeline-chart .scatterlayer .trace path.js-line").all()
    return sum(1 for p in paths if (p.get_attribute("d") or "").count("L") >= 1)


BROKEN_DATES = """() => [...document.querySelectorAll('main table td')]
  .flatMap(td => [...td.querySelectorAll('span.nowrap')].concat(
      td.classList.contains('nowrap') ? [td] : []))
  .filter(el => /\\d{4}-\\d{2}-\\d{2}/.test(el.textContent))
  .filter(el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const lines = new Set([...range.getClientRects()]
      .filter(r => r.width > 0).map(r => Math.round(r.top)));
    return lines.size !== 1;
  })
  .map(el => el.textContent)"""


def broken_dates(page: Any) -> list[str]:
    """Dates in the page's tables drawn on more than one line (Chromium breaks "2024-05-01"
    after a hyphen where nothing keeps it whole)."""
    result: list[str] = page.evaluate(BROKEN_DATES)
    return result


def timeline_to_document(
    browser: Any, server: Server, metric: str, subject: str, name: str
) -> dict[str, Any]:
    page, watch = open_page(browser)
    page.goto(f"{server.base}/timeline?metric={metric}&subject={subject}")
    page.wait_for_selector("#timeline-chart[data-ready]", timeout=20_000)
    data = json.loads(page.locator("#timeline-data").text_content() or "{}")

    # One series per claimant: the legend names each claimant once, besides the references.
    legend = [t.strip() for t in page.locator("#timeline-chart .legendtext").all_text_contents()]
    claimants = [x for x in legend if not x.endswith("(reference)")]
    assert len(claimants) == len(set(claimants)) == len(data["series"])
    want = expected_claimants(server, metric, subject)
    assert {s["claimant"] for s in data["series"]} == want
    assert len(legend) - len(claimants) == len(data["references"])
    screenshot(page, f"{name}-timeline")

    # Click a point (a running total) or a bar (a figure for a period): its claim opens.
    point = page.locator(f"#timeline-chart {POINTS}").first
    box = point.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.wait_for_selector("#timeline-chart .hoverlayer .hovertext", timeout=5_000)
    tooltip = page.locator("#timeline-chart .hoverlayer .hovertext").first.text_content() or ""
    assert_in_words(tooltip)
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r".*/claims/\d+$"), timeout=10_000)
    claim_id = int(page.url.rsplit("/", 1)[1])
    ids = {p["claim"] for s in data["series"] for p in s["points"]}
    assert claim_id in ids
    detail = server.get(f"/api/claims/{claim_id}").json()
    claim = detail["claim"]
    assert claim["metric"] == metric
    evidence = claim["evidence"]["text"]
    assert page.locator("#claim-evidence").text_content() == evidence
    assert page.locator("#entry-counts").is_visible()
    screenshot(page, f"{name}-claim")

    # Follow it to its document: the claim's words are highlighted there.
    page.locator("#claim-document").click()
    page.wait_for_url(re.compile(rf".*/documents/\d+\?claim={claim_id}#claim-{claim_id}$"))
    focus = page.locator("mark.evidence.focus")
    assert focus.count() >= 1 and focus.first.is_visible()
    assert "".join(focus.all_text_contents()) == evidence
    assert page.locator(f"#claim-{claim_id}").count() == 1
    assert page.locator(f'a.ref[href="/claims/{claim_id}"]').count() == 1
    screenshot(page, f"{name}-document")

    assert not watch.dialogs and not watch.errors, (watch.dialogs, watch.errors)
    only_local(server, watch)
    page.close()
    return data


def test_dev_corpus_timeline_point_claim_document(browser: Any, dev_server: Server) -> None:
    data = timeline_to_document(browser, dev_server, "personnel.killed", "Russia", "dev")
    assert len(data["series"]) >= 5
    assert any(r["source"] == "ua-mod" for r in data["references"])
    # Running totals and figures for a period are both there, told apart.
    kinds = {p["cumulative"] for s in data["series"] for p in s["points"]}
    assert kinds == {True, False}

    page, watch = open_page(browser, PHONE)
    page.goto(f"{dev_server.base}/timeline?metric=personnel.killed&subject=Russia")
    page.wait_for_selector("#timeline-chart[data-ready]", timeout=20_000)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page scrolls sideways on a phone"
    screenshot(page, "dev-timeline-phone")
    assert not watch.errors
    page.close()


def test_examples_timeline_point_claim_document(browser: Any, examples_server: Server) -> None:
    data = timeline_to_document(browser, examples_server, "personnel.killed", "Sudan", "examples")
    assert len(data["series"]) >= 2


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The ledger scripts/demo.sh builds: the examples and the bundled ua-mod slice."""
    db = tmp_path_factory.mktemp("demo") / "examples.db"
    with Ledger.open(db) as led:
        led.ingest([EXAMPLES])
        led.load_reference("ua-mod", REPO / "reference-data" / "ua-mod")
    with serve(str(db)) as server:
        yield server


@pytest.mark.parametrize("viewport", [{"width": 1400, "height": 900}, PHONE], ids=["1400", "390"])
def test_the_demo_ledger_on_a_laptop_and_a_phone(
    browser: Any, demo_server: Server, viewport: dict[str, int]
) -> None:
    width = viewport["width"]
    page, watch = open_page(browser, viewport)

    # The timeline opens on the ledger's busiest series: Russia's killed, two claimants'
    # running totals as lines over six weeks with their daily figures as bars, and the
    # reference series drawn with them.
    page.goto(f"{demo_server.base}/timeline")
    page.wait_for_selector("#timeline-chart[data-ready]", timeout=20_000)
    data = json.loads(page.locator("#timeline-data").text_content() or "{}")
    assert (data["metric"], data["subject"]) == ("personnel.killed", "Russia")
    assert [r["source"] for r in data["references"]] == ["ua-mod"]
    totals = [s for s in data["series"] if sum(p["cumulative"] for p in s["points"]) >= 5]
    assert len(totals) >= 2  # two claimants' running totals over the weeks
    labels = day_ticks(page)
    assert len(labels) >= 4, labels
    assert drawn_lines(page) >= len(totals) + 1  # each claimant's line, and the reference's
    bars = page.locator("#timeline-chart .barlayer .trace .point path")
    periods = [p for s in data["series"] for p in s["points"] if not p["cumulative"]]
    assert bars.count() == len(periods)
    screenshot(page, f"demo-timeline-{width}")
    bars.first.scroll_into_view_if_needed()  # below the fold on a phone
    bar = bars.first.bounding_box()
    assert bar is not None
    page.mouse.move(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    page.wait_for_selector("#timeline-chart .hoverlayer .hovertext", timeout=5_000)
    assert_in_words(
        page.locator("#timeline-chart .hoverlayer .hovertext").first.text_content() or ""
    )
    screenshot(page, f"demo-timeline-tooltip-{width}")

    # The claims page: dropdown filters, the table as wide as the window.
    page.goto(f"{demo_server.base}/claims")
    assert page.locator("form.filters select").count() >= 4
    assert page.locator("form.filters input[type=text][name=claimant]").count() == 0
    table = page.locator("table.claims").bounding_box()
    assert table is not None
    if width >= 1400:
        assert table["width"] >= width * 0.9, table  # not held to a column in the middle
        wrap = "document.querySelector('main .table-wrap')"
        assert page.evaluate(f"{wrap}.scrollWidth <= {wrap}.clientWidth")  # every column shown
    assert not broken_dates(page)
    dated = page.locator("table.claims td span.nowrap, table.claims td.nowrap")
    assert dated.count() >= 53, dated.count()  # each claim's period and publication date
    screenshot(page, f"demo-claims-{width}")

    page.goto(f"{demo_server.base}/compare")
    assert page.locator("table.compare tbody tr").count() >= 12  # 6 days × 2 claimants, twice
    assert page.locator("table.compare td span.nowrap").count() >= 12
    assert not broken_dates(page)
    screenshot(page, f"demo-compare-{width}")

    page.goto(f"{demo_server.base}/checks")
    assert page.locator("ul.findings li, ol.findings li").count() >= 1
    screenshot(page, f"demo-checks-{width}")

    page.goto(f"{demo_server.base}/documents?q=killed")
    page.locator("a.doc-link").first.click()
    page.wait_for_url(re.compile(r".*/documents/\d+$"))
    assert page.locator("mark.evidence").count() >= 1
    assert not broken_dates(page)
    screenshot(page, f"demo-document-{width}")

    for path in ("/timeline", "/claims", "/compare", "/checks", "/"):
        page.goto(demo_server.base + path)
        if path == "/timeline":
            page.wait_for_selector("#timeline-chart[data-ready]", timeout=20_000)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{path} scrolls sideways at {width} px"
    assert not watch.dialogs and not watch.errors, (watch.dialogs, watch.errors)
    only_local(demo_server, watch)
    page.close()


ONE_DAY = "Ukraine's General Staff said {n} Russian soldiers were killed in the past day."


@pytest.mark.parametrize("dates", [["2024-03-01"], ["2024-03-01", "2024-03-02"]], ids=["1", "2"])
def test_a_timeline_of_one_or_two_dates_is_ticked_in_days(
    browser: Any, tmp_path: Path, dates: list[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, day in enumerate(dates):
        text = f"date {day}\n" + ONE_DAY.format(n=400 + 10 * i)
        (folder / f"report-{day}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "few.db"
    with Ledger.open(db) as led:
        led.ingest([folder])
    with serve(str(db)) as server:
        for viewport in (LAPTOP, PHONE):
            page, watch = open_page(browser, viewport)
            page.goto(f"{server.base}/timeline?metric=personnel.killed&subject=Russia")
            page.wait_for_selector("#timeline-chart[data-ready]", timeout=20_000)
            labels = day_ticks(page)
            # Each date labelled once, as a day; nothing between them.
            assert len(labels) == len(set(labels)) == len(dates), labels
            assert page.locator("#timeline-chart .barlayer .trace .point path").count() == len(
                dates
            )
            screenshot(page, f"few-{len(dates)}-timeline-{viewport['width']}")
            assert not watch.errors, watch.errors
            page.close()


def test_pages_read_without_javascript(browser: Any, examples_server: Server) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{examples_server.base}/timeline?metric=personnel.killed&subject=Sudan")
    links = page.locator("section.series a.claim-link")
    assert links.count() >= 3
    links.first.click()
    page.wait_for_url(re.compile(r".*/claims/\d+$"))
    assert page.locator("#claim-evidence").is_visible()
    for path in ("/", "/compare?metric=personnel.killed&subject=Sudan", "/checks", "/claims"):
        page.goto(examples_server.base + path)
        assert page.locator("main").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    context.close()


# -- hostile documents ---------------------------------------------------------------------------

PROBE = f"""() => {{
  const bad = [];
  if (window.{XSS_MARK} !== undefined) bad.push('script ran: ' + window.{XSS_MARK});
  for (const id of ['injected', 'injected-svg', 'injected-link']) {{
    if (document.getElementById(id)) bad.push('injected element #' + id);
  }}
  for (const el of document.querySelectorAll('*')) {{
    for (const a of el.attributes) {{
      if (a.name.toLowerCase().startsWith('on')) bad.push('handler ' + a.name);
      if (/href$/i.test(a.name) && /^\\s*(javascript|data|vbscript):/i.test(a.value))
        bad.push('live link ' + a.value);
    }}
  }}
  for (const s of document.querySelectorAll('script')) {{
    if (!(s.src && new URL(s.src).origin === location.origin) && s.type !== 'application/json')
      bad.push('foreign script ' + (s.src || s.textContent.slice(0, 40)));
  }}
  for (const e of document.querySelectorAll('img, svg image, iframe, object, embed'))
    bad.push('element ' + e.tagName);
  return bad;
}}"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("hostile")
    (tmp / "in").mkdir()
    (tmp / "in" / "siege-report.html").write_text(hostile_html_page(), encoding="utf-8")
    record = {
        "id": "wire-<script>alert(1)</script>",
        "title": f"<script>window.{XSS_MARK}=20</script>Wire",
        "text": (
            "Ukraine's General Staff said 430 Russian soldiers were killed in the past day. "
            f'<img src=x onerror="window.{XSS_MARK}=21"> <a href="javascript:alert(22)">x</a>'
        ),
        "published": "2023-03-15",
        "url": "javascript:alert(document.cookie)",
        "outlet": "<img src=x onerror=alert(23)><script>alert(24)</script>",
    }
    (tmp / "in" / "records.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp / "hostile.db"
    with Ledger.open(db) as led:
        report = led.ingest([tmp / "in"])
        assert report.counts.documents_new == 2, report
        led.add(hostile_items())
        led.load_reference("ua-mod", small_ua_mod(tmp / "ua-mod"))
    with serve(str(db)) as server:
        yield server


def hostile_pages(server: Server) -> list[str]:
    docs = server.get("/api/documents", params={"limit": 100}).json()["items"]
    claims = server.get("/api/claims", params={"limit": 500}).json()["items"]
    assert len(docs) == 3 and claims
    pages = ["/", "/claims", "/checks", "/reference", "/documents", "/documents?q=killed",
             "/documents?q=script", "/timeline?metric=personnel.killed&subject=Russia",
             "/timeline?metric=personnel.killed&subject=Ukraine",
             "/compare?metric=personnel.killed&subject=Russia", "/api"]  # fmt: skip
    pages += [f"/documents/{d['id']}" for d in docs]
    pages += [f"/claims/{c['id']}" for c in claims]
    pages += [f"/documents/{c['document']}?claim={c['id']}" for c in claims]
    pages += [f"/claims?doc={c['doc_id']}" for c in claims[:3]]
    return pages


def test_a_hostile_article_runs_no_script_on_any_page(browser: Any, hostile_server: Server) -> None:
    page, watch = open_page(browser)
    shown = 0
    for path in hostile_pages(hostile_server):
        response = page.goto(hostile_server.base + path)
        assert response is not None and response.status == 200, path
        if "/timeline" in path:
            page.wait_for_selector("#timeline-chart[data-ready]", timeout=20_000)
            # Hover every point: the hover labels show the claimants' names.
            for point in page.locator("#timeline-chart .points path").all():
                box = point.bounding_box()
                if box:
                    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                    page.wait_for_timeout(50)
        bad = page.evaluate(PROBE)
        assert not bad, (path, bad)
        if XSS_MARK in (page.text_content("main") or ""):
            shown += 1  # the hostile text is there, as text
    assert shown >= 10
    assert not watch.dialogs, watch.dialogs
    assert not watch.errors, watch.errors
    only_local(hostile_server, watch)

    # A document's javascript: URL is shown as text, not as a link.
    docs = hostile_server.get("/api/documents", params={"q": "script"}).json()["items"]
    page.goto(f"{hostile_server.base}/documents/{docs[0]['id']}")
    assert page.locator(".url-text").count() == 1
    assert page.locator("a.ext").count() == 0
    assert "<img src=x onerror=" in (page.text_content("#doc-text") or "")  # shown, not run
    screenshot(page, "hostile-document")
    page.close()


@pytest.fixture(scope="module")
def token_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("token") / "examples.db"
    with Ledger.open(db) as led:
        led.ingest(sorted(EXAMPLES.glob("*.txt")))
    with serve(str(db), env={"CLAIMLEDGER_TOKEN": TOKEN}) as server:
        yield server


@pytest.mark.parametrize("path", ["/%09/127.0.0.3:18999/", "/%0a/127.0.0.3:18999/", "/%5C/x"])
def test_the_token_link_never_takes_chromium_to_another_host(
    browser: Any, token_server: Server, path: str
) -> None:
    """Chromium drops tabs and newlines from a Location ("/\t/host/" is "//host/"): the
    redirect after ?token= must lead to this server whatever the path holds."""
    page, watch = open_page(browser)
    try:
        page.goto(f"{token_server.base}{path}?token={TOKEN}")
    except Exception as exc:  # a refused connection elsewhere is the failure shown below
        watch.errors.append(str(exc))
    only_local(token_server, watch)
    assert page.url.startswith(token_server.base + "/"), page.url
    # The cookie is set: the app opens without the token from now on.
    response = page.goto(token_server.base + "/timeline")
    assert response is not None and response.status == 200
    page.close()
