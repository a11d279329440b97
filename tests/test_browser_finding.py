"""Finding a model in a real browser (issue 32): a search typed into the box ranks as the API
does; on a phone the first result is within a screen and a half, the filters and the menu one
tap away; a place with no model of its own is answered with the nearby counties'. Screenshots
in test-artifacts/screenshots/finding/."""

import json
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.test_browser import ARTIFACTS, axe_violations, browser, site  # noqa: F401

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
NARROW = {"viewport": {"width": 320, "height": 640}}
SCREENSHOTS = ARTIFACTS / "screenshots" / "finding"
PREFIX = {"fi": "", "sv": "/sv", "en": "/en"}
SEARCH_BOX = {"fi": "Hae", "sv": "Sök", "en": "Search"}


def new_page(browser, site, screen, **options):  # noqa: F811
    context = browser.new_context(base_url=site, locale="fi-FI", **screen, **options)
    return context, context.new_page()


def shown_slugs(page) -> list[str]:
    return page.locator(".results .cards .card-title a").evaluate_all(
        "links => links.map(link => link.pathname.split('/').filter(Boolean).pop())"
    )


def api_slugs(page, query: str) -> list[str]:
    answer = page.request.get(f"/api/v1/operating-models/?q={quote(query)}&page_size=100")
    return [model["slug"] for model in answer.json()["results"]]


@pytest.mark.parametrize(
    ("language", "query"),
    [("fi", "ikääntyneiden yksinäisyys"), ("sv", "pensionärer"), ("en", "teachers")],
)
def test_a_search_typed_into_the_box_ranks_as_the_api(browser, site, language, query):  # noqa: F811
    context, page = new_page(browser, site, DESKTOP)
    try:
        page.goto(f"{PREFIX[language]}/")
        box = page.get_by_role("searchbox", name=SEARCH_BOX[language])
        box.fill(query)
        box.press("Enter")
        page.wait_for_url("**q=*")
        expect(page.locator("#id_sort")).to_have_value("relevance")
        expected = api_slugs(page, query)
        assert expected
        assert shown_slugs(page) == expected[:20]
        # An order the reader chooses is kept, and sent again with the next search.
        page.locator("#id_sort").select_option("number")
        page.wait_for_url("**sort=number*")
        numbers = page.locator(".results .card-title .number").all_inner_texts()
        assert numbers == sorted(numbers, key=lambda text: int(text.rstrip(".")))
        expect(page.locator("#id_sort")).to_have_value("number")
    finally:
        context.close()


LISTS = ["/", "/?q=nuoret", "/?county=pirkanmaa", "/?q=Korsholm"]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize(("screen", "label"), [(PHONE, "390"), (DESKTOP, "1280")])
def test_the_first_result_is_within_a_screen_and_a_half(browser, site, language, screen, label):  # noqa: F811
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, page = new_page(browser, site, screen)
    limit = screen["viewport"]["height"] * 1.5
    try:
        for number, path in enumerate(LISTS):
            page.goto(PREFIX[language] + path)
            first = page.locator(".cards .card").first
            expect(first).to_be_visible()
            top = first.bounding_box()["y"]
            assert top < limit, f"{path} ({language}, {label}): first card at {top} px"
            if screen is PHONE:
                header = page.locator(".site-header").bounding_box()["height"]
                assert header < 120, f"{path} ({language}): header {header} px"
            page.screenshot(path=SCREENSHOTS / f"list{number}-{language}-{label}.png")
    finally:
        context.close()


def test_on_a_phone_the_filters_and_the_menu_are_one_tap_away(browser, site):  # noqa: F811
    context, page = new_page(browser, site, PHONE)
    try:
        page.goto("/")
        facets = page.locator(".filter-panel fieldset").first
        expect(facets).to_be_hidden()
        page.locator(".filter-panel > summary").tap()
        expect(facets).to_be_visible()
        menu = page.get_by_role("link", name="Kartta")
        expect(menu).to_be_hidden()
        page.locator(".menu-panel > summary").tap()
        expect(menu).to_be_visible()
    finally:
        context.close()


def test_without_javascript_the_filters_open_with_a_tap(browser, site):  # noqa: F811
    context, page = new_page(browser, site, PHONE, java_script_enabled=False)
    try:
        page.goto("/sv/")
        page.locator(".filter-panel > summary").tap()
        expect(page.locator(".filter-panel fieldset").first).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize(
    ("path", "note", "heading"),
    [
        (
            "/sv/?q=Korsholm",
            "Inga modeller har utvecklats i Österbotten; "
            "modeller från närliggande välfärdsområden:",
            "Närliggande välfärdsområden: Södra Österbotten, Mellersta Österbotten, Satakunta",
        ),
        (
            "/?q=Vaasa",
            "Hyvinvointialueella Pohjanmaa ei ole kehitetty toimintamalleja; toimintamalleja "
            "lähimmiltä hyvinvointialueilta:",
            "Lähimmät hyvinvointialueet: Etelä-Pohjanmaa, Keski-Pohjanmaa, Satakunta",
        ),
    ],
)
def test_a_place_with_no_model_is_answered_with_the_nearby_counties(
    browser,  # noqa: F811
    site,  # noqa: F811
    path,
    note,
    heading,
):
    context, page = new_page(browser, site, PHONE)
    try:
        page.goto(path)
        expect(page.locator(".nearby-note")).to_have_text(note)
        expect(page.locator("#nearby-heading")).to_have_text(heading)
        expect(page.locator(".nearby .card").first).to_be_visible()
        page.screenshot(path=SCREENSHOTS / f"nearby{path.count('sv')}.png", full_page=True)
    finally:
        context.close()


def test_a_map_tile_with_no_model_leads_to_the_nearby_answer(browser, site):  # noqa: F811
    context, page = new_page(browser, site, DESKTOP)
    try:
        page.goto("/kartta/")
        page.locator(".tile-grid a[href='/?county=pohjanmaa']").click()
        expect(page.locator(".nearby-note")).to_contain_text("Hyvinvointialueella Pohjanmaa")
        assert page.locator(".nearby .card").count() >= 1
    finally:
        context.close()


def test_a_town_with_models_finds_its_own_first(browser, site):  # noqa: F811
    context, page = new_page(browser, site, DESKTOP)
    try:
        page.goto("/?q=Kokkola")
        slugs = shown_slugs(page)
        assert slugs[0] == "mielenterveysosaamisen-koordinointimalli"  # Soite, Keski-Pohjanmaa
        expect(page.locator(".card .matched-tags").first).to_contain_text("Keski-Pohjanmaa")
        page.goto("/?q=varhaiskasvattajat")
        expect(page.locator(".card .matched-tags").first).to_have_text(
            "Osuma: kohderyhmä Varhaiskasvatuksen ja opetuksen henkilöstö"
        )
        expect(page.locator(".facet .count").first).to_contain_text(" / ")
    finally:
        context.close()


@pytest.mark.parametrize(("screen", "label"), [(NARROW, "320"), (DESKTOP, "desktop")])
def test_the_list_with_a_search_and_a_nearby_answer_has_no_axe_violations(
    browser,  # noqa: F811
    site,  # noqa: F811
    screen,
    label,
):
    context, page = new_page(browser, site, screen)
    try:
        for path in ["/?q=varhaiskasvattajat", "/sv/?q=Korsholm", "/en/?county=pohjanmaa"]:
            page.goto(path)
            violations = axe_violations(page)
            assert violations == [], f"{path} ({label}): " + json.dumps(violations, indent=1)
    finally:
        context.close()
