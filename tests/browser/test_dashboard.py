"""The dashboard in a real browser: Chromium (headless) over the demo database, no network but loopback.

Screenshots go to ``test-artifacts/`` at the repository root (gitignored) for a person to look at.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="browser tests need playwright: pip install playwright"
)
uvicorn = pytest.importorskip(
    "uvicorn", reason="browser tests need the serve extra: pip install 'proxywatch[serve]'"
)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("browser tests need Chromium: apt-get install chromium", allow_module_level=True)

from proxywatch.models import Article, Incident, Mention, stable_id  # noqa: E402
from proxywatch.serve import create_app  # noqa: E402
from proxywatch.store import IncidentFilter, Store, open_store  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TOKEN = "browser-test-token"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
EVIL = "<script>window.__pwned = 1</script>"
HOSTILE_ID = "inc-hostile"


def add_hostile_incident(store: Store) -> None:
    """One more incident whose only report is hostile: scripts in outlet, title, text; a javascript: URL."""
    now = datetime.now(UTC)
    text = (
        f"Hezbollah said it fired rockets {EVIL} at Haifa on Wednesday. "
        '<img src=x onerror="window.__pwned = 2"> The army said sirens sounded.'
    )
    article = Article(
        id="hostile-article",
        url="javascript:window.__pwned = 3",
        outlet=f'<img src=x onerror="window.__pwned = 4">Evil Wire{EVIL}',
        title=f"Rockets at Haifa {EVIL}",
        text=text,
        published_at=datetime(2024, 10, 2, 9, tzinfo=UTC),
        language="en",
        fetched_at=now,
        content_hash=stable_id(text, length=64),
    )
    start = text.index("rockets")
    mention = Mention(
        id="hostile-mention",
        article_id=article.id,
        sentence_span=(0, text.index("Wednesday.") + 10),
        sentence=text[: text.index("Wednesday.") + 10],
        event_type="Shelling/artillery/missile attack",
        weapon="rocket",
        claim_status="claimed",
        extractor_version="test",
        event_date=date(2024, 10, 2),
        evidence={"weapon": (start, start + 7), "place": (text.index("Haifa"), text.index("Haifa") + 5)},
    )
    store.add_articles([article])
    store.replace_mentions(article.id, [mention], extractor_version="test", run_id=None)
    incident = Incident(
        id=HOSTILE_ID,
        event_date=date(2024, 10, 2),
        event_type=mention.event_type,
        weapon="rocket",
        status="claimed",
        mention_ids=(mention.id,),
        article_ids=(article.id,),
        n_sources=1,
        n_reports=1,
        first_seen=now,
        last_updated=now,
        actor_id="hezbollah",
        actor_umbrella="hezbollah",
        actor_text=f"Hezbollah {EVIL}",
        target_text=f"Haifa {EVIL}",
        target_country="IL",
        place_text=f"Haifa {EVIL}",
        lat=32.79,
        lon=35.0,
        geo_precision="town",
        launch_country="LB",
    )
    store.save_incidents([incident])


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # What `proxywatch demo` stores (the pipeline over the bundled sample), without writing its brief.
    from proxywatch.api import sample_paths
    from proxywatch.pipeline import run
    from proxywatch.settings import load_settings

    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with open_store(db) as store:
        run([str(sample_paths()[0])], store=store, settings=load_settings(db=str(db)), command="demo")
        add_hostile_incident(store)
    return db


@pytest.fixture(scope="module")
def server(database: Path) -> Iterator[tuple[str, Store]]:
    store = open_store(database)
    app = create_app(lambda: store, token=TOKEN, rate_limit=0)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    web = uvicorn.Server(config)
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not web.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    port = web.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}", store
    web.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


class Watch:
    """What a page did that a test must check: blocked requests, script errors, dialogs."""

    def __init__(self) -> None:
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []


@pytest.fixture
def page(
    browser: Any, server: tuple[str, Store], request: pytest.FixtureRequest
) -> Iterator[tuple[Any, Watch]]:
    watch = Watch()
    # ``bypass_csp`` (indirect parameter) turns the CSP off, to prove that escaping alone holds.
    bypass = getattr(request, "param", False)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=bypass)

    def guard(route: Any) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if host in LOOPBACK:
            route.continue_()
        else:
            watch.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    opened = context.new_page()
    opened.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    opened.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
    opened.set_default_timeout(20_000)  # generous: CI shares two cores with everything else
    yield opened, watch
    context.close()
    assert watch.blocked == [], f"the page tried to leave the machine: {watch.blocked}"
    assert watch.errors == [], f"script errors: {watch.errors}"
    assert watch.dialogs == []


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=False)


def load(page: Any, base: str, fragment: str = "") -> None:
    page.goto(base + "/" + fragment)
    page.wait_for_selector("body[data-ready=true]")


def form_dates(page: Any) -> tuple[date, date]:
    start = page.eval_on_selector("input[name=start]", "e => e.value")
    end = page.eval_on_selector("input[name=end]", "e => e.value")
    return date.fromisoformat(start), date.fromisoformat(end)


def test_page_loads_and_maps_the_demo_incidents(page: tuple[Any, Watch], server: tuple[str, Store]) -> None:
    tab, _ = page
    base, store = server
    load(tab, base)
    start, end = form_dates(tab)
    expected = [i for i in store.incidents(IncidentFilter(start=start, end=end)) if i.lat is not None]
    assert len(expected) >= 30
    tab.wait_for_function(
        f"() => document.querySelectorAll('#points circle.incident').length === {len(expected)}"
    )
    drawn = set(tab.eval_on_selector_all("#points circle.incident", "cs => cs.map(c => c.dataset.id)"))
    assert drawn == {i.id for i in expected}
    rows = tab.locator("#incidents tbody tr")
    assert rows.count() == min(50, len(store.incidents(IncidentFilter(start=start, end=end))))
    assert tab.locator("#trigger-line").count() == 1  # the timeline marks the trigger day
    assert tab.locator("#countries path.launch").count() >= 3  # Iraq, Lebanon, Yemen launch attacks
    summary = f"{store.count_incidents()} incidents from {store.count_articles()} articles"
    assert summary in tab.text_content("#summary")
    shot(tab, "overview")


def test_a_filter_changes_the_list_and_the_map(page: tuple[Any, Watch], server: tuple[str, Store]) -> None:
    tab, _ = page
    base, store = server
    load(tab, base)
    before = tab.locator("#incidents tbody tr").count()
    tab.select_option("select[name=weapon]", "rocket")  # shown as "rocket" in the list too
    tab.wait_for_function(
        "() => [...document.querySelectorAll('#incidents tbody tr')]"
        ".every(r => r.cells[2].textContent === 'rocket')"
    )
    start, end = form_dates(tab)
    rockets = store.incidents(IncidentFilter(start=start, end=end, weapon="rocket"))
    assert 0 < len(rockets) < before
    assert tab.locator("#incidents tbody tr").count() == len(rockets)
    tab.wait_for_function(
        f"() => document.querySelectorAll('#points circle.incident').length === "
        f"{sum(i.lat is not None for i in rockets)}"
    )
    shot(tab, "filtered")


def test_detail_panel_shows_each_source_with_evidence(
    page: tuple[Any, Watch], server: tuple[str, Store]
) -> None:
    tab, _ = page
    base, store = server
    load(tab, base)
    tab.fill("input[name=min_sources]", "4")
    tab.press("input[name=min_sources]", "Tab")  # commit the field: the form listens for change
    tab.wait_for_function(
        "() => [...document.querySelectorAll('#incidents tbody tr')]"
        ".every(r => Number(r.cells[5].textContent) >= 4)"
    )
    row = tab.locator("#incidents tbody tr").first
    incident_id = row.get_attribute("data-id")
    row.click()
    tab.wait_for_selector("#detail:not([hidden]) li.source")
    incident = store.get_incidents([incident_id])[0]
    assert tab.locator("#detail li.source").count() == len(incident.mention_ids)
    outlets = set(tab.eval_on_selector_all("#detail .outlet", "es => es.map(e => e.textContent)"))
    stored = {a.outlet for a in store.get_articles(list(incident.article_ids))}
    assert outlets == stored and len(outlets) >= 4
    assert tab.locator("#detail mark.ev").count() >= len(incident.mention_ids)
    assert tab.locator(f"#points circle.selected[data-id='{incident_id}']").count() == 1
    shot(tab, "detail")
    tab.locator("#detail dl.fields a").first.click()  # the attacker: its actor page
    tab.wait_for_selector("#actor:not([hidden]) h2")
    assert tab.locator("#actor h2").text_content()
    shot(tab, "actor")


def test_review_needs_the_token(page: tuple[Any, Watch], server: tuple[str, Store]) -> None:
    tab, _ = page
    base, store = server
    target = store.incidents(IncidentFilter(weapon="ballistic_missile", limit=1))[0]
    load(tab, base, f"#incident/{target.id}")
    tab.wait_for_selector("#review-form")
    tab.fill("#review-form textarea", "checked against the IDF statement")
    tab.click("#review-form button[type=submit]")
    tab.wait_for_selector("#review-form .review-result.refused")
    assert "401" in tab.text_content("#review-form .review-result")
    assert store.get_incidents([target.id])[0].review_status == "unreviewed"
    shot(tab, "review-refused")

    tab.fill("#token", TOKEN)
    tab.fill("#review-form textarea", "checked against the IDF statement")
    tab.click("#review-form button[type=submit]")
    # The detail is drawn again after a review: wait for the new status there, then the message.
    tab.wait_for_selector("#detail dl.fields .badge.review-confirmed")
    assert "recorded: confirm" in tab.text_content("#review-form .review-result.ok")
    assert store.get_incidents([target.id])[0].review_status == "confirmed"
    [entry] = [r for r in store.reviews(target.id) if r.action == "confirm"]
    assert entry.comment == "checked against the IDF statement"
    tab.wait_for_selector("#detail ul.reviews li")
    shot(tab, "review-recorded")


@pytest.mark.parametrize("page", [False, True], ids=["with-csp", "escaping-alone"], indirect=True)
def test_injected_script_does_not_run(page: tuple[Any, Watch], server: tuple[str, Store]) -> None:
    tab, watch = page
    base, _ = server
    load(tab, base)
    tab.wait_for_selector(f"#points circle[data-id='{HOSTILE_ID}']")
    tab.click(f"#incidents tbody tr[data-id='{HOSTILE_ID}']")
    tab.wait_for_selector("#detail:not([hidden]) li.source")
    assert tab.evaluate("typeof window.__pwned") == "undefined"
    detail = tab.text_content("#detail")
    assert EVIL in detail and "Evil Wire" in detail  # shown as text, literally
    assert tab.locator("#detail script, #detail img, #detail a[href^='javascript']").count() == 0
    assert tab.locator("#detail .source-title a").count() == 0  # a javascript: URL is not made a link
    list_text = tab.text_content("#incidents tbody")
    assert EVIL in list_text
    shot(tab, "hostile")
    assert watch.dialogs == []


def test_api_docs_render_offline(page: tuple[Any, Watch], server: tuple[str, Store]) -> None:
    tab, _ = page
    base, _ = server
    tab.goto(base + "/docs")
    tab.wait_for_selector(".swagger-ui .opblock")
    assert tab.locator(".swagger-ui .opblock").count() >= 10
    shot(tab, "api-docs")
