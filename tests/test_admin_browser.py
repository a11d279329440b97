"""An editor's admin in a real browser: the change page fits the window, municipalities follow
the chosen counties. Debian's Chromium driven by Playwright, against gunicorn (tests/servers.py)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.servers import catalogue_site
from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, EDITOR, EDITOR_PASSWORD

SCREENSHOTS = ARTIFACTS / "screenshots" / "admin"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with catalogue_site(tmp_path_factory.mktemp("admin_site"), EDITOR, EDITOR_PASSWORD) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def signed_in(site):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            base_url=site, locale="fi-FI", viewport={"width": 1366, "height": 900}
        )
        page = context.new_page()
        page.goto("/admin/login/")
        page.get_by_label("Käyttäjätunnus").fill(EDITOR)
        page.get_by_label("Salasana").fill(EDITOR_PASSWORD)
        page.get_by_role("button", name="Kirjaudu sisään").click()
        yield context
        browser.close()


@pytest.fixture
def page(signed_in):
    page = signed_in.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_violations.append(message.text)
        ),
    )
    yield page
    page.close()
    assert page.csp_violations == [], page.csp_violations


def open_model(page, name):
    page.goto(f"/admin/models_catalog/operatingmodel/?q={name}")
    page.get_by_role("link", name=name, exact=True).first.click()
    expect(page.locator("#operatingmodel_form")).to_be_visible()


@pytest.mark.parametrize("width", [1366, 1024])
def test_a_models_change_page_fits_the_window(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_model(page, "Mielikioski")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"change-page-{width}.png", full_page=True)
    page.screenshot(path=SCREENSHOTS / f"change-page-top-{width}.png")
    page.locator("#materials-group").screenshot(path=SCREENSHOTS / f"materials-{width}.png")
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    # Every field of the materials' rows is on screen: link, type and the delete box.
    for selector in [
        "input[name^='materials-'][name$='-url']",
        "select[name^='materials-'][name$='-kind']",
        "input[name^='materials-'][name$='-DELETE']",
    ]:
        box = page.locator(selector).first.bounding_box()
        assert box is not None, selector
        assert 0 <= box["x"] <= box["x"] + box["width"] <= width, selector


def test_municipalities_are_asked_for_the_chosen_counties(page):
    open_model(page, "Mielikioski")
    chosen = page.locator("#id_counties_to option").evaluate_all("os => os.map(o => o.value)")
    assert chosen
    with page.expect_response(lambda r: "/admin/autocomplete/" in r.url) as answer:
        page.locator(".field-municipalities .select2-selection").click()
    url = answer.value.url
    assert "field_name=municipalities" in url
    assert f"counties={','.join(chosen)}" in url
    offered = answer.value.json()["results"]
    assert offered
    expect(page.locator(".select2-results__option").first).to_be_visible()
    # A county taken away from the chosen ones is no longer asked for.
    page.keyboard.press("Escape")
    page.select_option("#id_counties_to", chosen[0])
    page.locator("#id_counties_remove").click()
    remaining = page.locator("#id_counties_to option").evaluate_all("os => os.map(o => o.value)")
    assert chosen[0] not in remaining
    with page.expect_response(lambda r: "/admin/autocomplete/" in r.url) as answer:
        page.locator(".field-municipalities .select2-selection").click()
    asked = parse_qs(urlsplit(answer.value.url).query).get("counties", [""])[0].split(",")
    assert chosen[0] not in asked
    assert asked == (remaining or [""])


def test_history_shows_values_and_compares_two_versions(page):
    open_model(page, "Mielikioski")
    for words in ("Selaintestin ensimmäinen lisäys.", "Selaintestin toinen lisäys."):
        results = page.locator("textarea[name=results_fi]")
        results.fill(f"{results.input_value()} {words}")
        page.locator("input[name=_continue]").click()
        expect(page.locator(".messagelist")).to_be_visible()
    page.get_by_role("link", name="Muokkaushistoria").click()
    expect(page.locator("ins", has_text="Selaintestin toinen lisäys.")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "history.png", full_page=True)
    page.get_by_role("button", name="Vertaa valittuja versioita").click()
    expect(page.locator("ins", has_text="Selaintestin toinen lisäys.")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "history-compare.png", full_page=True)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths


def test_deleting_an_organisation_in_use_names_the_models(page):
    page.goto("/admin/models_catalog/organisation/?q=Helsingin+kaupunki")
    page.locator("#result_list tbody th a").first.click()
    page.get_by_role("link", name="Poista").click()
    expect(page.locator("#content")).to_contain_text("Digimieli")
    expect(page.locator("input[type=submit]")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS / "delete-protected.png", full_page=True)
