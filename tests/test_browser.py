"""Journeys in a real browser: Debian's Chromium driven by Playwright, against gunicorn.

The site runs as its own server process on a free loopback port, with a database of its own
(a temporary SQLite file, or a PostgreSQL database when DATABASE_URL points to PostgreSQL): a
copy of one migrated and loaded with the real fixtures (tests/servers.py). axe-core checks
WCAG 2.1 A and AA, injected with page.evaluate so that it runs under the site's real Content
Security Policy.
"""

import json
import re
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import expect, sync_playwright

from tests.servers import ROOT, catalogue_site

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
EDITOR, EDITOR_PASSWORD = "toimittaja", "Selain-testi-2026"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with catalogue_site(tmp_path_factory.mktemp("site"), EDITOR, EDITOR_PASSWORD) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser():
    # Module scope: Playwright's event loop must be gone before other tests use the ORM.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(
        base_url=site, locale="fi-FI", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_violations.append(message.text)
        ),
    )
    yield page
    context.close()
    assert page.csp_violations == [], page.csp_violations


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_A_AA
    )
    return [
        {
            "id": violation["id"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
    ]


def card_numbers(page) -> list[int]:
    texts = page.locator(".cards .card-title .number").all_inner_texts()
    return [int(text.rstrip(".")) for text in texts]


def test_coordinator_filters_searches_and_reads_a_model(page):
    page.goto("/")
    expect(page.locator(".result-count")).to_have_text("15 toimintamallia")
    benefit_count = page.locator("label:has(input[name=benefit])", has_text="Lapset ja nuoret")
    expect(benefit_count).to_contain_text("(3")
    # Checking a box applies the filter at once (progressive enhancement).
    # The county facet's Pirkanmaa ("used in the county" has one too).
    page.locator("input[name=county][value=pirkanmaa]").check()
    expect(page.locator(".result-count")).to_have_text("3 toimintamallia")
    assert card_numbers(page) == [5, 8, 13]
    # The facet counts now count within Pirkanmaa.
    expect(
        page.locator("label:has(input[name=benefit])", has_text="Lapset ja nuoret")
    ).to_contain_text("(1")
    page.locator("label:has(input[name=benefit])", has_text="Lapset ja nuoret").click()
    expect(page.locator(".result-count")).to_have_text("1 toimintamalli")
    assert card_numbers(page) == [5]
    # Remove one chip: back to Pirkanmaa's three.
    page.get_by_role(
        "link", name="Poista rajaus Terveyshyödyn saava kohderyhmä: Lapset ja nuoret"
    ).click()
    expect(page.locator(".result-count")).to_have_text("3 toimintamallia")
    page.get_by_role("link", name="Tyhjennä kaikki rajaukset").click()
    expect(page.locator(".result-count")).to_have_text("15 toimintamallia")
    page.get_by_label("Hae", exact=True).fill("pakolaisten")
    page.get_by_role("button", name="Hae", exact=True).click()
    assert card_numbers(page) == [8]
    page.locator(".card-title a").first.click()
    expect(page.locator("h1")).to_have_text(
        "Koulutuksesta tukea pakolaisten mielenterveyden edistämiseen"
    )
    expect(page.locator("ol.steps > li")).to_have_count(3)
    material = page.locator(".materials a.external")
    expect(material).to_have_count(1)
    assert material.get_attribute("href").startswith("https://innokyla.fi/sites/default/files/")


def test_every_material_link_of_a_model_is_shown(page):
    page.goto("/toimintamallit/mielen-hyvinvoinnin-vahvistaminen-iakkaiden-palveluissa/")
    hrefs = page.locator(".materials a.external").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) == 3
    assert all(href.endswith(".pdf") and "_" in href for href in hrefs)
    expect(page.locator("ol.steps > li")).to_have_count(4)


def test_language_switcher_changes_the_interface_and_back(page):
    page.goto("/kartta/")
    page.get_by_role("link", name="Svenska", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("h1")).to_have_text("Verksamhetsmodeller per välfärdsområde")
    page.get_by_role("link", name="English", exact=True).click()
    expect(page.locator("h1")).to_have_text("Operating models by wellbeing services county")
    expect(page.locator(".content-language-note")).to_be_visible()
    page.get_by_role("link", name="Suomi", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.locator("h1")).to_have_text("Toimintamallit hyvinvointialueittain")


def test_map_tiles_lead_to_the_filtered_list(page):
    page.goto("/kartta/")
    page.locator("a.tile[href$='county=pohjois-pohjanmaa']").click()
    expect(page.locator(".result-count")).to_have_text("2 toimintamallia")
    assert card_numbers(page) == [14, 15]
    page.goto("/kartta/")
    page.locator(".county-list").get_by_role("link", name="Pirkanmaa").click()
    assert card_numbers(page) == [5, 8, 13]


def test_statistics_page_shows_charts_and_their_tables(page):
    page.goto("/tilastot/")
    expect(page.locator("figure.chart svg[role=img]")).to_have_count(2)
    expect(page.locator("table")).to_have_count(2)
    expect(page.locator("table").first).to_contain_text("noin 12 800")
    expect(page.locator(".totals")).to_contain_text("noin 22 800")
    widths = page.locator("rect.bar").evaluate_all("bars => bars.map(b => b.getBBox().width)")
    assert widths[0] > widths[1] > widths[2] > 0


def focus_report(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                key: el.outerHTML.slice(0, 80),
                visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none',
            };
        }"""
    )


def test_keyboard_reaches_everything_with_visible_focus(page):
    page.goto("/?county=pirkanmaa")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Siirry sisältöön")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    focusable = page.evaluate(
        """() => [...document.querySelectorAll('a[href], input:not([type=hidden]), select, button')]
              .filter(el => el.offsetParent !== null).length"""
    )
    page.goto("/?county=pirkanmaa")
    reached = set()
    for _press in range(focusable + 5):
        page.keyboard.press("Tab")
        report = focus_report(page)
        if report["key"].startswith("<body"):
            break
        assert report["visible"], f"no visible focus on {report['key']}"
        reached.add(report["key"])
    assert len(reached) >= focusable - 1  # the skip link is the first of them


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?county=pirkanmaa&benefit=ikaantyneet",
        "/toimintamallit/kokemusasiantuntijatyoskentely-sosiaalipalveluissa/",
        "/ennen-kuin-aloitat/",
        "/vertaa/?models=digimieli,mielikioski,opastava-perhetyo,mitoke-malli",
    ],
)
@pytest.mark.parametrize(
    "viewport",
    [{"width": 360, "height": 740}, {"width": 640, "height": 450}],
    ids=["phone", "zoom200"],
)
def test_no_horizontal_scrolling_on_a_phone_or_at_200_percent(page, path, viewport):
    # 200 % zoom of a 1280 px wide window lays the page out in 640 CSS pixels.
    page.set_viewport_size(viewport)
    page.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_editor_edits_a_step_and_the_public_page_shows_it(page):
    page.goto("/admin/login/")
    page.get_by_label("Käyttäjätunnus").fill(EDITOR)
    page.get_by_label("Salasana").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.goto("/admin/models_catalog/operatingmodel/?q=mielikioski")
    page.get_by_role("link", name="Mielikioski").first.click()
    new_text = "Yhteyttä voi ottaa myös tekstiviestillä (selaintesti)."
    page.locator("textarea[name$='-text_fi']").nth(1).fill(new_text)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("muokattu")
    page.goto("/toimintamallit/mielikioski/")
    expect(page.locator("ol.steps > li").nth(1)).to_have_text(new_text)


def test_planner_goes_from_a_model_to_the_reports_lessons(page):
    page.goto("/toimintamallit/mielikioski/")
    page.get_by_role("link", name="Ennen kuin aloitat: raportin huomioita").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ennen kuin aloitat: huomioita hankkeiden suunnittelijoille"
    )
    expect(page.get_by_role("heading", name="Huomioitavaa tulevissa hankkeissa")).to_be_visible()
    expect(page.locator("main")).to_contain_text("alle kahden 100 % työntekijän panosta")


AXE_PAGES = {
    "list": "/",
    "list-filtered": "/?county=pirkanmaa&benefit=ikaantyneet&q=mieli",
    "list-empty": "/?county=lappi&benefit=omaishoitajat",
    "detail": "/toimintamallit/mielikioski/",
    "project": "/hankkeet/yhdessa-mielessa/",
    "statistics": "/tilastot/",
    "map": "/kartta/",
    "glossary": "/kasitteet/",
    "evidence": "/arviointi/",
    "statement": "/saavutettavuusseloste/",
    "privacy": "/tietosuojaseloste/",
    "open-data": "/avoin-data/",
    "compare": "/vertaa/?models=digimieli,mielikioski,opastava-perhetyo",
    "challenges": "/haasteet/",
    "before-you-start": "/ennen-kuin-aloitat/",
    "about": "/ohjelma/",
    "not-found": "/toimintamallit/ei-ole/",
    "admin-login": "/admin/login/",
}


@pytest.mark.parametrize("name", AXE_PAGES)
def test_pages_have_no_wcag_a_or_aa_violations(page, name):
    page.goto(AXE_PAGES[name])
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2, ensure_ascii=False)


def test_swedish_pages_have_no_wcag_violations(page):
    page.goto("/kieli/sv/?next=/toimintamallit/mielikioski/")
    assert axe_violations(page) == []


SCREENSHOT_PAGES = {
    "list": "/",
    "list-filtered": "/?county=pirkanmaa",
    "detail": "/toimintamallit/mielikioski/",
    "map": "/kartta/",
    "statistics": "/tilastot/",
    "statement": "/saavutettavuusseloste/",
    "before-you-start": "/ennen-kuin-aloitat/",
}


def test_screenshots_of_the_main_pages(page):
    directory = ARTIFACTS / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    for width, height in [(1280, 900), (360, 740)]:
        page.set_viewport_size({"width": width, "height": height})
        for name, path in SCREENSHOT_PAGES.items():
            page.goto(path)
            target = directory / f"{name}-{width}.png"
            page.screenshot(path=target, full_page=True)
            assert target.stat().st_size > 10_000


def test_api_documentation_works_under_the_csp_without_outside_servers(page, site):
    outside = []
    page.on("request", lambda request: request.url.startswith(site) or outside.append(request.url))
    page.goto("/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("MITO operating models API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert outside == []


def test_coordinator_picks_models_and_compares_them(page):
    page.goto("/?county=pohjois-pohjanmaa")
    page.get_by_label("Valitse vertailuun").nth(0).check()
    page.get_by_label("Valitse vertailuun").nth(1).check()
    page.get_by_role("button", name="Vertaa valittuja (2–4)").click()
    expect(page.locator("h1")).to_have_text("Vertaa toimintamalleja")
    expect(page.locator("table.compare thead th")).to_have_count(2)
    assert "models=" in page.url
    page.locator("table.compare summary").first.click()  # long texts fold open
    expect(page.locator("table.compare details[open]")).to_have_count(1)
    # Shortlist both, write a note, and download the plan section.
    # Added in place: the button says so (tests/test_browser_shortlist.py has the rest).
    page.get_by_role("button", name="Lisää muistilistaan").nth(0).click()
    expect(page.locator("button[data-shortlist]").nth(0)).to_contain_text("Jo muistilistalla")
    page.get_by_role("button", name="Lisää muistilistaan").first.click()
    expect(page.locator("button[data-shortlist][aria-disabled=true]")).to_have_count(2)
    page.get_by_role("link", name="Muistilista", exact=True).click()
    expect(page.locator("ol.shortlist > li")).to_have_count(2)
    page.locator("textarea").first.fill("Sopii kunnan omaishoidon kehittämiseen.")
    page.get_by_role("button", name="Tallenna muistiinpanot").click()
    expect(page.locator("textarea").first).to_have_value("Sopii kunnan omaishoidon kehittämiseen.")
    assert axe_violations(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Osio hyvinvointisuunnitelmaan (Word, DOCX)").click()
    download = download_info.value
    assert download.suggested_filename == "muistilista.docx"
    assert Path(download.path()).stat().st_size > 5000
    # Share it: the link carries only an id, and opens the list with its note.
    page.get_by_role("button", name="Tee linkki, joka avaa tämän muistilistan").click()
    expect(page.locator("h1")).to_have_text("Jaettu muistilista")
    expect(page.locator("ol.shortlist")).to_contain_text("Sopii kunnan omaishoidon kehittämiseen.")
    assert "/muistilista/jaettu/" in page.url
    assert "Sopii" not in page.url
    assert axe_violations(page) == []


# Swedish and English readers (issue 13): every kind of page they use, accessible, and in
# their language wherever a translation exists.

LANGUAGE_PAGES = {
    "list": "/",
    "list-filtered": "/?county=pirkanmaa&benefit=ikaantyneet",
    "detail": "/toimintamallit/mielikioski/",
    "project": "/hankkeet/yhdessa-mielessa/",
    "map": "/kartta/",
    "statistics": "/tilastot/",
    "compare": "/vertaa/?models=digimieli,mielikioski,opastava-perhetyo",
    "shortlist": "/muistilista/?models=digimieli,mielikioski",
    "challenges": "/haasteet/",
    "glossary": "/kasitteet/",
}


def finnish_texts_with_translations(language: str) -> set[str]:
    """The first paragraph of every Finnish text of the fixtures that has a `language` version
    of its own (long enough not to be a name that reads the same in every language)."""
    texts = set()
    for path in (ROOT / "fixtures").glob("*.json"):
        for record in json.loads(path.read_text(encoding="utf-8")):
            fields = record["fields"]
            for key, value in fields.items():
                if not key.endswith(f"_{language}") or not value:
                    continue
                finnish = fields.get(f"{key[: -len(language)]}fi") or ""
                first = finnish.strip().split("\n")[0].strip()
                if finnish != value and len(first) >= 12:
                    texts.add(first)
    return texts


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", LANGUAGE_PAGES)
def test_swedish_and_english_pages_are_accessible_and_in_their_language(page, language, name):
    page.goto(f"/{language}{LANGUAGE_PAGES[name]}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2, ensure_ascii=False)
    shown = page.locator("main").inner_text()
    # Whole texts only: "Etelä-Karjala" inside the name "Etelä-Karjalan … ky" is a proper name.
    finnish_left = sorted(
        text
        for text in finnish_texts_with_translations(language)
        if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", shown)
    )
    assert finnish_left == []


def test_language_switch_keeps_the_page_and_its_filters(page):
    page.goto("/?county=pirkanmaa&benefit=ikaantyneet")
    page.get_by_role("link", name="Svenska", exact=True).click()
    assert page.url.endswith("/sv/?county=pirkanmaa&benefit=ikaantyneet")
    expect(page.locator(".chips")).to_contain_text("Birkaland")
    page.locator(".card-title a").first.click()
    assert "/sv/toimintamallit/" in page.url
    expect(page.locator(".translation-note")).to_contain_text("ännu inte granskat")
    page.get_by_role("link", name="Suomenkielinen alkuperäinen").click()
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    assert "/sv/" not in page.url
