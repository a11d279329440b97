"""Every kind of public page on a 320 px phone, and at 400 % zoom, in Finnish and Swedish.

WCAG 2.1's reflow criterion (1.4.10) asks for content readable in 320 CSS px without scrolling
in two directions. For each page this measures what a reader on a narrow phone would meet:
sideways scrolling of the page, the smallest text anywhere on it (SVG text scaled as drawn),
and axe-core's WCAG 2.1 A and AA rules; and saves a screenshot to look at.

One server and one browser for the module (the fixtures of test_browser.py); the pages are
visited in a loop, and every failure names its page, so one run reports them all.
"""

import json

import pytest
from django.template import loader
from django.utils import translation
from playwright.sync_api import expect

from tests.test_browser import (  # noqa: F401 (browser and site are pytest fixtures)
    ARTIFACTS,
    axe_violations,
    browser,
    site,
)

MINIMUM_TEXT_PX = 12

# Every public URL name with real arguments from the fixtures, and the admin's login.
PAGES = {
    "list": "/",
    "list-filtered": "/?county=pirkanmaa&benefit=ikaantyneet",
    "list-search": "/?q=mieli&county=pirkanmaa",
    "detail": "/toimintamallit/kokemusasiantuntijatyoskentely-sosiaalipalveluissa/",
    "project": "/hankkeet/yhdessa-mielessa/",
    "map": "/kartta/",
    "statistics": "/tilastot/",
    "evidence": "/arviointi/",
    "glossary": "/kasitteet/",
    "challenges": "/haasteet/",
    "compare": "/vertaa/?models=digimieli,mielikioski,opastava-perhetyo,mitoke-malli",
    "shortlist": "/muistilista/",
    "shortlist-shared": "/muistilista/?models=digimieli,mielikioski",
    "open-data": "/avoin-data/",
    "statement": "/saavutettavuusseloste/",
    "privacy": "/tietosuojaseloste/",
    "api-docs": "/api/v1/docs/",
    "not-found": "/toimintamallit/ei-ole/",
    "server-error": "/palvelinvirhe-selaintesti/",
    "admin-login": "/admin/login/",
}
SHORTLISTED = ["mielikioski", "digimieli"]

# 320 CSS px is the width WCAG 1.4.10 names; 568 px tall like a small phone.
PHONE = {"viewport": {"width": 320, "height": 568}, "device_scale_factor": 1}
# A 1280 × 900 window at 400 % browser zoom lays pages out in 320 × 225 CSS px, with four
# device pixels to each CSS pixel: media queries, layout and font sizes in CSS px are exactly
# those of the zoomed window. Playwright has no browser zoom; device_scale_factor alone only
# sharpens (the layout stays 1280 px wide), and CDP's Emulation.setPageScaleFactor is a pinch
# zoom, which magnifies without reflowing; so this viewport is the faithful model of it.
ZOOM_400 = {"viewport": {"width": 320, "height": 225}, "device_scale_factor": 4}

# The smallest rendered text size, in CSS px, of every text node a reader can see. SVG text
# is scaled by the transform from its user units to the screen (getScreenCTM: the rendered
# width over the viewBox width, whatever preserveAspectRatio does).
SMALLEST_TEXT = """() => {
    const smallest = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const element = node.parentElement;
        if (!element || !node.textContent.trim()) continue;
        if (element.closest("script, style, noscript, title, desc")) continue;
        if (!element.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        // Text with no box larger than a pixel is not drawn (closed details, visually-hidden).
        const drawn = [...range.getClientRects()].some(box => box.width > 1 && box.height > 1);
        if (!drawn) continue;
        let size = parseFloat(getComputedStyle(element).fontSize);
        if (element instanceof SVGElement && element.getScreenCTM()) {
            const matrix = element.getScreenCTM();
            size *= Math.hypot(matrix.a, matrix.b);
        }
        smallest.push({size: Math.round(size * 100) / 100,
                       text: node.textContent.trim().slice(0, 40),
                       element: element.tagName.toLowerCase() + (element.className && typeof
                           element.className === "string" ? "." + element.className : "")});
    }
    smallest.sort((a, b) => a.size - b.size);
    return smallest.slice(0, 3);
}"""

SCROLL_OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def server_error_page(language: str) -> str:
    """The site's 500 page as its handler renders it: no URL fails on purpose."""
    with translation.override(language):
        return loader.get_template("500.html").render({"LANGUAGE_CODE": language})


def open_context(browser, site, language: str, screen: dict):  # noqa: F811
    context = browser.new_context(base_url=site, locale="fi-FI", **screen)
    page = context.new_page()
    page.goto(f"/kieli/{language}/?next=/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    for slug in SHORTLISTED:
        page.goto(f"/toimintamallit/{slug}/")
        page.locator("button[form=shortlist-add]").first.click()
        # Added in place (site.js): wait for it before the page is left.
        expect(page.locator("button[form=shortlist-add]").first).to_have_attribute(
            "aria-disabled", "true"
        )
    page.route(
        f"{site}{PAGES['server-error']}",
        lambda route: route.fulfill(
            status=500, content_type="text/html", body=server_error_page(language)
        ),
    )
    return context, page


#: Pages without a language in their URL: they follow the language cookie.
UNPREFIXED = {"api-docs", "admin-login"}


def check_pages(browser, site, language: str, screen: dict, label: str, full_page: bool):  # noqa: F811
    directory = ARTIFACTS / "screenshots" / "phone"
    directory.mkdir(parents=True, exist_ok=True)
    context, page = open_context(browser, site, language, screen)
    failures = []
    try:
        for name, path in PAGES.items():
            if language != "fi" and name not in UNPREFIXED:
                path = f"/{language}{path}"  # reader pages have their language in the URL
            page.goto(path)
            if name == "api-docs":
                # Measured with the list of models opened: its tables are the widest part.
                page.locator(
                    "#operations-operating-models-operating_models_list button"
                ).first.click()
                expect(page.locator(".responses-table").first).to_be_visible()
            where = f"{name} ({path}, {language}, {label})"
            page_language = page.locator("html").get_attribute("lang")
            if page_language != ("en" if name == "api-docs" else language):
                failures.append(f"{where}: html lang is {page_language!r}")
            overflow = page.evaluate(SCROLL_OVERFLOW)
            if overflow > 0:
                failures.append(f"{where}: the page scrolls sideways by {overflow} px")
            smallest = page.evaluate(SMALLEST_TEXT)
            if smallest and smallest[0]["size"] < MINIMUM_TEXT_PX:
                failures.append(f"{where}: text smaller than {MINIMUM_TEXT_PX} px: {smallest}")
            violations = axe_violations(page)
            if violations:
                failures.append(
                    f"{where}: axe: {json.dumps(violations, ensure_ascii=False, indent=1)}"
                )
            target = directory / f"{name}-{language}-{label}.png"
            if not full_page:
                # At 400 % the header fills the first screen: show where the content begins.
                page.evaluate("document.querySelector('main')?.scrollIntoView()")
            page.screenshot(path=target, full_page=full_page)
    finally:
        context.close()
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_page_reflows_and_reads_at_320_px(browser, site, language):  # noqa: F811
    check_pages(browser, site, language, PHONE, "320", full_page=True)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_page_reflows_and_reads_at_400_percent_zoom(browser, site, language):  # noqa: F811
    # One screen only: a whole page at four device pixels per CSS pixel is huge.
    check_pages(browser, site, language, ZOOM_400, "zoom400", full_page=False)


def test_phone_reader_without_javascript_finds_results_first_and_opens_the_filters(
    browser,  # noqa: F811
    site,  # noqa: F811
):
    context = browser.new_context(base_url=site, locale="fi-FI", java_script_enabled=False, **PHONE)
    page = context.new_page()
    try:
        page.goto("/?county=pirkanmaa&benefit=ikaantyneet")
        panel = page.locator("details.filter-panel")
        summary = panel.locator("summary")
        expect(summary).to_have_text("Rajaukset (2 valittu)")
        expect(panel.locator("fieldset").first).to_be_hidden()
        # Folded, the panel takes one line: the results follow the search field at once.
        results = page.locator(".result-count").bounding_box()
        assert results["y"] - summary.bounding_box()["y"] < 100
        summary.click()
        expect(panel.locator("fieldset").first).to_be_visible()
        # A count never wraps apart from its number: each is one line box.
        lines = page.locator(".facet .count").evaluate_all(
            "counts => counts.map(count => count.getClientRects().length)"
        )
        assert len(lines) > 10
        assert set(lines) == {1}
        page.get_by_label("Ikääntyneet (1").first.uncheck()
        page.get_by_role("button", name="Näytä tulokset").click()
        expect(page.locator(".result-count")).to_have_text("3 toimintamallia")
        expect(summary).to_have_text("Rajaukset (1 valittu)")
        # A wide screen shows the facets although the panel is folded (::details-content).
        page.set_viewport_size({"width": 1280, "height": 900})
        expect(panel).not_to_have_attribute("open", "")
        expect(summary).to_be_hidden()
        expect(panel.locator("fieldset").first).to_be_visible()
    finally:
        context.close()
