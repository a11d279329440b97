"""A coordinator reports that their municipality uses a model, on a phone, in Finnish and in
Swedish; an editor approves it in the admin; the map then shows it. axe on the model's page
with its new section, at 320 px and on a desktop."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.test_browser import (  # noqa: F401 (the fixtures)
    CHROMIUM,
    EDITOR,
    EDITOR_PASSWORD,
    axe_violations,
    browser,
    page,
    site,
)

PHONE = {"width": 390, "height": 844}


def new_page(browser, site, locale, viewport):  # noqa: F811
    context = browser.new_context(base_url=site, locale=locale, viewport=viewport)
    return context, context.new_page()


def approve_as_editor(browser, site, organisation):  # noqa: F811
    context, editor = new_page(browser, site, "fi-FI", PHONE)
    editor.goto("/admin/login/")
    editor.get_by_label("Käyttäjätunnus").fill(EDITOR)
    editor.get_by_label("Salasana").fill(EDITOR_PASSWORD)
    editor.get_by_role("button", name="Kirjaudu sisään").click()
    editor.goto("/admin/models_catalog/adoption/?status__exact=pending")
    row = editor.locator("#result_list tbody tr", has_text=organisation)
    expect(row).to_have_count(1)
    row.locator("input[name=_selected_action]").check()
    editor.locator("select[name=action]").select_option("approve")
    editor.locator("button[name=index]").click()
    expect(editor.locator(".messagelist")).to_contain_text("hyväksytty")
    context.close()


@pytest.mark.parametrize(
    ("language", "prefix", "link", "thanks", "organisation"),
    [
        ("fi", "", "Käytättekö tätä mallia?", "Kiitos.", "Hervannan koulu (selain)"),
        ("sv", "/sv", "Använder ni modellen?", "Tack.", "Hervanta skola (webbläsare)"),
    ],
)
def test_report_an_adoption_approve_it_and_see_it_on_the_map(
    browser,  # noqa: F811
    site,  # noqa: F811
    language,
    prefix,
    link,
    thanks,
    organisation,
):
    context, reader = new_page(browser, site, f"{language}-FI", PHONE)
    reader.goto(f"{prefix}/toimintamallit/digimieli/")
    expect(reader.locator("#taking-into-use")).to_be_visible()
    reader.get_by_role("link", name=link).click()
    reader.locator("select[name=municipality]").select_option("tampere")
    reader.locator("input[name=organisation]").fill(organisation)
    reader.locator("input[name=since]").fill("2025")
    reader.locator("form.adoption-form button[type=submit]").click()
    expect(reader.locator(".notice")).to_contain_text(thanks)
    assert reader.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Nothing shown before an editor approves it.
    expect(reader.locator("#taking-into-use")).not_to_contain_text(organisation)
    reader.goto(f"{prefix}/kartta/")
    expect(reader.locator(".used-now")).not_to_contain_text(organisation)

    approve_as_editor(browser, site, organisation)

    reader.goto(f"{prefix}/kartta/")
    used_now = reader.locator(".used-now")
    expect(used_now).to_contain_text(organisation)
    used_now.get_by_role("link", name="Digimieli").first.click()
    expect(reader.locator(".uses")).to_contain_text(organisation)
    assert reader.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


@pytest.mark.parametrize(
    "viewport", [{"width": 320, "height": 800}, {"width": 1280, "height": 900}]
)
@pytest.mark.parametrize(
    "path",
    ["/toimintamallit/mielenterveysosaamisen-johtaminen/", "/sv/toimintamallit/mielikioski/"],
)
def test_model_page_with_taking_it_into_use_has_no_wcag_violations(
    browser,  # noqa: F811
    site,  # noqa: F811
    path,
    viewport,
):
    context, reader = new_page(browser, site, "fi-FI", viewport)
    reader.goto(path)
    expect(reader.locator("#taking-into-use")).to_be_visible()
    violations = axe_violations(reader)
    assert violations == [], json.dumps(violations, indent=2, ensure_ascii=False)
    assert reader.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    reader.goto(path + "kaytossa/")  # the report form
    assert axe_violations(reader) == []
    context.close()


def test_the_print_button_prints_the_handout(page):  # noqa: F811
    page.goto("/toimintamallit/mielenterveysosaamisen-johtaminen/")
    button = page.locator("[data-print]")
    expect(button).to_be_visible()  # shown by static/js/print.js, under the CSP
    page.evaluate("window.print = () => { window.printed = true; }")
    button.click()
    assert page.evaluate("window.printed") is True
    assert page.evaluate("document.documentElement.classList.contains('handout')")
    page.emulate_media(media="print")
    # The handout: whom to contact and what it takes, and the materials with their addresses.
    expect(page.locator("#taking-into-use")).to_be_visible()
    expect(page.locator(".materials .print-url").first).to_be_visible()
    for hidden in ["#goals-heading", "#steps-heading", "#results-heading", ".related"]:
        expect(page.locator(hidden)).to_be_hidden()


@pytest.mark.parametrize(
    "slug",
    [
        "kokemusasiantuntijatyoskentely-sosiaalipalveluissa",  # the most filled aspects
        "mielen-hyvinvoinnin-vahvistaminen-iakkaiden-palveluissa",  # the most materials
    ],
)
def test_the_handout_fits_on_one_a4_page(page, slug):  # noqa: F811
    page.goto(f"/toimintamallit/{slug}/")
    page.evaluate("document.documentElement.classList.add('handout')")
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
