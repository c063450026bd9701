"""claimledger serve in a real headless Chromium (Debian's package, driven by Playwright):
timeline → point → claim → document with the evidence highlighted, on the dev corpus and on
the bundled examples; a hostile article opened on every page that shows it, with no script
running. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimledger.ledger import Ledger
from tests.webhelp import (
    CHROMIUM,
    CHROMIUM_ARGS,
    EXAMPLES,
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

    # Click a point: its claim opens.
    point = page.locator("#timeline-chart .scatterlayer .trace .points path").first
    box = point.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.wait_for_selector("#timeline-chart .hoverlayer .hovertext", timeout=5_000)
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
