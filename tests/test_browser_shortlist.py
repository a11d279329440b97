"""Keeping and sharing, in a real browser (issue 32): the shortlist never loses a word, adding
keeps the reader's place and ticks, a shared list's link copies with one press; on a phone
(390×844) and a laptop (1280×800), in Finnish, Swedish and English, with and without
JavaScript. Screenshots go to test-artifacts/screenshots/shortlist/.
"""

import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.test_browser import (  # noqa: F401 (browser and site are pytest fixtures)
    ARTIFACTS,
    axe_violations,
    browser,
    site,
)

SCREENS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
TEXTS = {
    "fi": {
        "added-now": "Lisätty muistilistaan.",
        "add": "Lisää muistilistaan",
        "added": "Jo muistilistalla",
        "saved": "Muistiinpanot on tallennettu.",
        "xlsx": "Taulukko Exceliin (XLSX)",
        "copy": "Kopioi linkki",
        "copied": "Linkki kopioitiin.",
        "not-copied": "Linkkiä ei voitu kopioida",
    },
    "sv": {
        "added-now": "Tillagd i minneslistan.",
        "add": "Lägg till i minneslistan",
        "added": "Redan på minneslistan",
        "saved": "Anteckningarna är sparade.",
        "xlsx": "Tabell för Excel (XLSX)",
        "copy": "Kopiera länken",
        "copied": "Länken kopierades.",
        "not-copied": "Länken kunde inte kopieras",
    },
    "en": {
        "added-now": "Added to your shortlist.",
        "add": "Add to shortlist",
        "added": "Already on your shortlist",
        "saved": "The notes are saved.",
        "xlsx": "Table for Excel (XLSX)",
        "copy": "Copy the link",
        "copied": "The link was copied.",
        "not-copied": "The link could not be copied",
    },
}
NOTES = {
    "fi": "Sopii Äänekoskelle: yöllä ja päivällä, å-kirjainkin.",
    "sv": "Passar Åbolands skärgård och Närpes: även på lördagar.",
    "en": "Fits the Åland and Pöytyä pilots: ä, ö and å kept.",
}
SCREENSHOTS = ARTIFACTS / "screenshots" / "shortlist"


def prefix(language: str) -> str:
    return "" if language == "fi" else f"/{language}"


def new_page(browser, site, screen: str, **options):  # noqa: F811
    context = browser.new_context(base_url=site, locale="fi-FI", **SCREENS[screen], **options)
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_violations.append(message.text)
        ),
    )
    return context, page


def shot(page, name: str, full_page=False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=full_page)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("screen", SCREENS)
def test_adding_keeps_the_place_and_the_ticks_and_notes_survive_a_reload(
    browser,  # noqa: F811
    site,  # noqa: F811
    screen,
    language,
):
    texts = TEXTS[language]
    context, page = new_page(browser, site, screen)
    try:
        page.goto(f"{prefix(language)}/")
        card = page.locator(".cards > li").nth(4)
        slug = card.locator("button[data-shortlist]").get_attribute("data-shortlist")
        button = card.locator(f'button[data-shortlist="{slug}"]')
        button.scroll_into_view_if_needed()
        tick = card.locator("input[name=models]")
        tick.check()
        page.locator(".cards > li").nth(5).locator("input[name=models]").check()
        button.scroll_into_view_if_needed()  # so that the click itself need not scroll
        before = page.evaluate("window.scrollY")
        assert before > 300  # far enough down that a reload to the top would show
        url = page.url
        expect(button).to_contain_text(texts["add"])
        button.click()
        expect(button).to_have_attribute("aria-disabled", "true")
        expect(button).to_contain_text(texts["added"])
        expect(page.locator("#shortlist-status")).to_have_text(texts["added-now"])
        assert page.url == url  # no reload
        assert abs(page.evaluate("window.scrollY") - before) < 2
        expect(tick).to_be_checked()
        expect(page.locator("input[name=models]:checked")).to_have_count(2)
        shot(page, f"added-{language}-{screen}")
        # Pressed again (a screen reader's user can: it stays focusable), nothing happens.
        button.click(force=True)
        expect(button).to_contain_text(texts["added"])
        # A reload keeps the state (from the server) and the ticks (from the session's storage).
        page.reload()
        expect(page.locator(f'button[data-shortlist="{slug}"]')).to_have_attribute(
            "aria-disabled", "true"
        )
        expect(page.locator("input[name=models]:checked")).to_have_count(2)

        # The note as typed is saved without a button; a new visit to the page shows it.
        page.goto(f"{prefix(language)}/muistilista/")
        note = page.locator(f"#note-{slug}")
        note.click()
        note.press_sequentially(NOTES[language], delay=5)
        saved = page.locator(f"#note-status-{slug}")
        expect(saved).to_have_text(texts["saved"])
        saved.scroll_into_view_if_needed()
        shot(page, f"notes-saved-{language}-{screen}")
        page.goto(f"{prefix(language)}/muistilista/")
        expect(page.locator(f"#note-{slug}")).to_have_value(NOTES[language])
        assert axe_violations(page) == []
    finally:
        context.close()
    assert page.csp_violations == []


@pytest.mark.parametrize("screen", SCREENS)
def test_without_javascript_adding_returns_to_the_card_and_downloads_carry_unsaved_notes(
    browser,  # noqa: F811
    site,  # noqa: F811
    screen,
):
    context, page = new_page(
        browser, site, screen, java_script_enabled=False, accept_downloads=True
    )
    try:
        page.goto("/?county=pirkanmaa")
        card = page.locator(".cards > li").nth(2)
        slug = card.locator("button[data-shortlist]").get_attribute("data-shortlist")
        card.locator("button[data-shortlist]").click()
        page.wait_for_url(re.compile(rf"/\?county=pirkanmaa#model-{slug}$"))
        added = page.locator(f'button[data-shortlist="{slug}"]')
        expect(added).to_have_attribute("aria-disabled", "true")
        expect(added).to_contain_text(TEXTS["fi"]["added"])
        box = page.locator(f"#model-{slug}").bounding_box()
        height = SCREENS[screen]["viewport"]["height"]
        assert -1 <= box["y"] < height, box  # the card is on the screen, not the page's top
        shot(page, f"added-without-js-fi-{screen}")

        page.goto("/muistilista/")
        page.locator(f"#note-{slug}").fill(NOTES["fi"])
        with page.expect_download() as download_info:
            page.get_by_role("button", name=TEXTS["fi"]["xlsx"]).click()
        download = download_info.value
        assert download.suggested_filename == "muistilista.xlsx"
        sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
        assert NOTES["fi"] in [cell.value for cell in sheet[2]]
        page.goto("/muistilista/")
        expect(page.locator(f"#note-{slug}")).to_have_value(NOTES["fi"])
    finally:
        context.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_without_javascript_adding_keeps_the_ticks_for_comparison(browser, site, screen):  # noqa: F811
    context, page = new_page(browser, site, screen, java_script_enabled=False)
    try:
        page.goto("/")
        cards = page.locator(".cards > li")
        chosen = [cards.nth(n).locator("input[name=models]").get_attribute("value") for n in (1, 3)]
        for slug in chosen:
            page.locator(f"#model-{slug} input[name=models]").check()
        slug = cards.nth(6).locator("button[data-shortlist]").get_attribute("data-shortlist")
        page.locator(f'button[data-shortlist="{slug}"]').click()
        page.wait_for_url(re.compile(rf"/\?models={chosen[0]}&models={chosen[1]}#model-{slug}$"))
        expect(page.locator("input[name=models]:checked")).to_have_count(2)
        for ticked in chosen:
            expect(page.locator(f"#model-{ticked} input[name=models]")).to_be_checked()
        added = page.locator(f'button[data-shortlist="{slug}"]')
        expect(added).to_have_attribute("aria-disabled", "true")
        expect(added).to_contain_text(TEXTS["fi"]["added"])
        box = page.locator(f"#model-{slug}").bounding_box()
        assert -1 <= box["y"] < SCREENS[screen]["viewport"]["height"] / 2, box  # at the card
        assert page.evaluate("window.scrollY") > 300  # not the page's top
        shot(page, f"ticks-kept-without-js-fi-{screen}")
        # The ticks go on to the comparison, at its own address.
        page.get_by_role("button", name="Vertaa valittuja (2–4)").click()
        page.wait_for_url(re.compile(rf"/vertaa/\?models={chosen[0]}&models={chosen[1]}$"))
        expect(page.locator("table.compare thead th")).to_have_count(2)
    finally:
        context.close()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("screen", SCREENS)
def test_a_shared_list_link_copies_with_one_press(browser, site, screen, language):  # noqa: F811
    texts = TEXTS[language]
    context, page = new_page(browser, site, screen)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    try:
        slug = "digimieli"
        page.goto(f"{prefix(language)}/toimintamallit/{slug}/")
        page.locator(f"#model-{slug} button[data-shortlist]").click()
        expect(page.locator(f"#model-{slug} button[data-shortlist]")).to_have_attribute(
            "aria-disabled", "true"
        )
        page.goto(f"{prefix(language)}/muistilista/")
        page.locator("button[name=share]").click()
        page.wait_for_url(re.compile(r"/muistilista/jaettu/[\w-]+/$"))
        field = page.locator("#share-url")
        expect(field).to_have_value(page.url)
        expect(field).to_have_attribute("readonly", "")
        page.get_by_role("button", name=texts["copy"]).click()
        expect(page.locator("#copy-status")).to_contain_text(texts["copied"])
        assert page.evaluate("navigator.clipboard.readText()") == page.url
        shot(page, f"copy-link-{language}-{screen}")
        assert axe_violations(page) == []
    finally:
        context.close()
    assert page.csp_violations == []


def test_where_the_clipboard_refuses_the_link_is_selected_to_copy_by_hand(browser, site):  # noqa: F811
    context, page = new_page(browser, site, "phone")
    context.add_init_script(
        "Object.defineProperty(navigator, 'clipboard', {value: {writeText: () =>"
        " Promise.reject(new Error('denied'))}})"
    )
    try:
        slug = "digimieli"
        page.goto(f"/toimintamallit/{slug}/")
        page.locator(f"#model-{slug} button[data-shortlist]").click()
        expect(page.locator(f"#model-{slug} button[data-shortlist]")).to_have_attribute(
            "aria-disabled", "true"
        )
        page.goto("/muistilista/")
        page.locator("button[name=share]").click()
        page.wait_for_url(re.compile(r"/muistilista/jaettu/"))
        page.get_by_role("button", name=TEXTS["fi"]["copy"]).click()
        expect(page.locator("#copy-status")).to_contain_text(TEXTS["fi"]["not-copied"])
        selected = page.evaluate(
            "(() => { const f = document.activeElement;"
            " return [f.id, f.value.slice(f.selectionStart, f.selectionEnd)]; })()"
        )
        assert selected == ["share-url", page.url]
        shot(page, "copy-link-fallback-fi-phone")
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_shortlist_pages_have_no_axe_violations(browser, site, width):  # noqa: F811
    context, page = new_page(browser, site, "desktop")
    page.set_viewport_size({"width": width, "height": 800})
    failures = []
    try:
        for slug in ["digimieli", "mielikioski"]:
            page.goto(f"/toimintamallit/{slug}/")
            page.locator(f"#model-{slug} button[data-shortlist]").click()
            expect(page.locator(f"#model-{slug} button[data-shortlist]")).to_have_attribute(
                "aria-disabled", "true"
            )
        for language in ["fi", "sv", "en"]:
            page.goto(f"{prefix(language)}/muistilista/")
            page.locator("textarea").first.fill(NOTES[language])
            expect(page.locator(".autosave-status").first).to_have_text(TEXTS[language]["saved"])
            failures += [(language, "own", v) for v in axe_violations(page)]
            shot(page, f"shortlist-{language}-{width}", full_page=True)
        page.locator("button[name=share]").click()
        page.wait_for_url(re.compile(r"/muistilista/jaettu/"))
        failures += [("en", "shared", v) for v in axe_violations(page)]
        shot(page, f"shortlist-shared-en-{width}", full_page=True)
        page.goto("/?q=zzzzqqqq")  # no results: no form left without a button
        failures += [("fi", "no results", v) for v in axe_violations(page)]
    finally:
        context.close()
    assert failures == [], json.dumps(failures, indent=1, ensure_ascii=False)
