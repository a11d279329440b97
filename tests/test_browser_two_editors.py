"""Two editors in two browser contexts (Chromium, Playwright) on one site: the lost-edit cases
of issue 31, each now refused with the conflict shown, or merged, and nothing lost.

Screenshots of what the second editor sees go to test-artifacts/screenshots/two-editors/.
"""

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.servers import editor_sessions, manage, own_database, served, site_env
from tests.test_browser import (
    ARTIFACTS,
    AXE_SOURCE,
    CHROMIUM,
    CHROMIUM_ARGS,
    WCAG_A_AA,
)

SCREENSHOTS = ARTIFACTS / "screenshots" / "two-editors"
PKS = """
from models_catalog.models import OperatingModel
for number in [5, 6, 7]:
    print("pk", OperatingModel.objects.get(number=number).pk)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with own_database(tmp_path_factory.mktemp("editors"), loaded=True) as database_url:
        env = site_env(database_url)
        sessions = editor_sessions(env, "anna", "bertta")
        output = manage(env, "shell", "-c", PKS).stdout.split()
        pks = [output[index + 1] for index, word in enumerate(output) if word == "pk"]
        with served(env, "-w", "2", "--threads", "2") as base_url:
            yield base_url, sessions, pks


@pytest.fixture(scope="module")
def editors(site):
    """Anna's and Bertta's pages, each in a browser context of its own, signed in."""
    base_url, sessions, _pks = site
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = []
        for session in sessions:
            context = browser.new_context(
                base_url=base_url, locale="fi-FI", viewport={"width": 1366, "height": 900}
            )
            context.add_cookies([{"name": "sessionid", "value": session, "url": base_url}])
            pages.append(context.new_page())
        yield pages
        browser.close()


def change(pk) -> str:
    return f"/admin/models_catalog/operatingmodel/{pk}/change/"


def save(page):
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()


def text_of(page, pk, name) -> str:
    page.goto(change(pk))
    return page.locator(f"[name={name}]").input_value()


def conflict_table_violations(page) -> list:
    page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "tags => axe.run({include: [['.edit-conflict']]}, {runOnly: {type: 'tag', values: tags}})",
        WCAG_A_AA,
    )
    return [violation["id"] for violation in results["violations"]]


def test_the_same_model_saved_at_the_same_moment_then_saved_again(site, editors):
    _base_url, _sessions, (pk, _, _) = site
    anna, bertta = editors
    anna.goto(change(pk))
    bertta.goto(change(pk))
    anna.locator("[name=results_fi]").fill("Annan tulokset.")
    anna.locator("[name=goals_fi]").fill("Annan tavoitteet.")
    bertta.locator("[name=results_fi]").fill("Bertan tulokset.")
    bertta.locator("[name=area_text_fi]").fill("Bertan alue.")
    save(anna)
    expect(anna.locator(".messagelist .success")).to_be_visible()
    save(bertta)

    # Refused: nothing of Bertta's saved, all of it still in the form, the diff shown.
    conflict = bertta.locator(".edit-conflict")
    expect(conflict).to_be_visible()
    expect(bertta.locator(".errornote")).to_be_visible()
    expect(bertta.locator(".messagelist .success")).to_have_count(0)
    expect(conflict).to_contain_text("Annan tulokset.")
    expect(conflict).to_contain_text("Bertan tulokset.")
    expect(conflict).to_contain_text("Annan tavoitteet.")  # only Anna changed it
    expect(bertta.locator("[name=results_fi]")).to_have_value("Bertan tulokset.")
    expect(bertta.locator("[name=area_text_fi]")).to_have_value("Bertan alue.")
    expect(bertta.locator("[name=goals_fi]")).to_have_value("Annan tavoitteet.")
    conflict.scroll_into_view_if_needed()
    bertta.screenshot(path=SCREENSHOTS / "1-same-field-refused.png")
    assert conflict_table_violations(bertta) == []
    bertta.set_viewport_size({"width": 320, "height": 740})  # WCAG 2.1's reflow width
    assert conflict_table_violations(bertta) == []
    overflow = bertta.evaluate(
        "() => { const t = document.querySelector('.edit-conflict');"
        " return t.getBoundingClientRect().right - document.documentElement.clientWidth; }"
    )
    conflict.scroll_into_view_if_needed()
    bertta.screenshot(path=SCREENSHOTS / "1-same-field-refused-320px.png")
    bertta.set_viewport_size({"width": 1366, "height": 900})
    assert overflow <= 0, "the table must fit a phone's width"
    assert text_of(anna, pk, "results_fi") == "Annan tulokset."

    # Saving again, having seen it: Bertta's changes land, Anna's other change stays.
    save(bertta)
    expect(bertta.locator(".messagelist .success")).to_be_visible()
    bertta.screenshot(path=SCREENSHOTS / "2-saved-again-after-the-conflict.png")
    anna.goto(change(pk))
    expect(anna.locator("[name=results_fi]")).to_have_value("Bertan tulokset.")
    expect(anna.locator("[name=area_text_fi]")).to_have_value("Bertan alue.")
    expect(anna.locator("[name=goals_fi]")).to_have_value("Annan tavoitteet.")


def test_mark_reviewed_while_another_editor_has_the_model_open(site, editors):
    _base_url, _sessions, (_, pk, _) = site
    anna, bertta = editors
    bertta.goto(change(pk))
    expect(bertta.locator("[name=reviewed_on]")).to_have_value("")
    anna.goto("/admin/models_catalog/operatingmodel/")
    anna.locator(f"input[name=_selected_action][value='{pk}']").check()
    anna.locator("select[name=action]").select_option("mark_reviewed")
    anna.locator("button[name=index]").click()
    expect(anna.locator(".messagelist")).to_contain_text("merkitty tarkistetuksi")
    anna.goto(change(pk))
    reviewed = anna.locator("[name=reviewed_on]").input_value()
    assert reviewed

    # Bertta saves the form she opened before: her change lands, the review is not undone.
    bertta.locator("[name=theme_fi]").fill("Bertan teema.")
    save(bertta)
    expect(bertta.locator(".messagelist .warning")).to_contain_text("Toinen toimittaja")
    bertta.screenshot(path=SCREENSHOTS / "3-merged-after-mark-reviewed.png")
    assert text_of(anna, pk, "reviewed_on") == reviewed
    assert text_of(anna, pk, "theme_fi") == "Bertan teema."

    # Had she changed the review date herself, she is asked: both dates are shown.
    bertta.goto(change(pk))
    bertta.locator("[name=reviewed_on]").fill("")
    save(bertta)
    bertta.goto(change(pk))
    anna.goto("/admin/models_catalog/operatingmodel/")
    bertta.locator("[name=reviewed_on]").fill("1.1.2026")
    anna.locator(f"input[name=_selected_action][value='{pk}']").check()
    anna.locator("select[name=action]").select_option("mark_reviewed")
    anna.locator("button[name=index]").click()
    expect(anna.locator(".messagelist")).to_contain_text("merkitty tarkistetuksi")
    save(bertta)
    expect(bertta.locator(".edit-conflict")).to_contain_text("1.1.2026")
    bertta.locator(".edit-conflict").scroll_into_view_if_needed()
    bertta.screenshot(path=SCREENSHOTS / "4-review-date-refused.png")
    assert text_of(anna, pk, "reviewed_on") == reviewed


def test_different_fields_and_materials_merge(site, editors):
    _base_url, _sessions, (_, _, pk) = site
    anna, bertta = editors
    anna.goto(change(pk))
    bertta.goto(change(pk))
    anna.locator("[name=goals_fi]").fill("Annan tavoitteet.")
    anna.locator("input[name$='-title_fi'][name^='materials-']").first.fill("Annan materiaali")
    bertta.locator("[name=results_fi]").fill("Bertan tulokset.")
    save(anna)
    save(bertta)
    expect(bertta.locator(".messagelist .warning")).to_be_visible()
    bertta.screenshot(path=SCREENSHOTS / "5-different-fields-merged.png")
    anna.goto(change(pk))
    expect(anna.locator("[name=goals_fi]")).to_have_value("Annan tavoitteet.")
    expect(anna.locator("[name=results_fi]")).to_have_value("Bertan tulokset.")
    expect(anna.locator("input[name$='-title_fi'][name^='materials-']").first).to_have_value(
        "Annan materiaali"
    )
