"""Reading a page in any language: one translation note, the projects index, the programme's
timeline, the lessons' summary and contents, the statistics' tables behind a disclosure, the
favicon, compressed HTML, and the translations' wording as readers see it."""

import gzip
import re
from html import unescape

import pytest
from django.apps import apps
from django.test import Client
from django.utils import translation

from models_catalog.models import AdoptionFact, OperatingModel, Organisation, Project
from models_catalog.translation_status import TranslationStatus
from report.models import ReportBlock, ReportSection

LANGUAGES = ["", "/sv", "/en"]


def html_of(client, url, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


def url_of(obj) -> str:
    """The object's Finnish address, whatever language the last request left active."""
    with translation.override("fi"):
        return obj.get_absolute_url()


def text_of(html: str) -> str:
    """What a reader reads: the tags dropped, entities and soft hyphens undone."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).replace("\xad", "")


# One translation note


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_translated_model_page_carries_one_note_that_says_it_is_unreviewed(
    client, catalogue, language
):
    model = catalogue[13]
    html = html_of(client, f"/{language}{url_of(model)}")
    assert html.count('class="translation-note"') == 1
    assert "content-language-note" not in html
    note = html.split('<aside class="translation-note"')[1].split("</aside>")[0]
    unreviewed = {"sv": "ännu inte granskat", "en": "not yet reviewed"}[language]
    assert unreviewed in note
    assert f'<a href="{url_of(model)}" lang="fi" hreflang="fi">' in note


def test_the_note_says_when_all_it_shows_was_reviewed(client, catalogue):
    model = catalogue[13]
    for item in [model, *model.steps.all(), *model.materials.all()]:
        for field in item.statuses("en"):
            item.set_status(field, "en", TranslationStatus.REVIEWED)
        item.save()
    note = html_of(client, f"/en{url_of(model)}").split('class="translation-note"')[1]
    note = note.split("</aside>")[0]
    assert "reviewed by an editor" in note
    assert "not yet reviewed" not in note
    # Swedish was not reviewed: its page still says so.
    assert "ännu inte granskat" in html_of(client, f"/sv{url_of(model)}")


@pytest.mark.parametrize(
    "url",
    [
        "/hankkeet/",
        "/tilastot/",
        "/kasitteet/",
        "/haasteet/",
        "/vertaa/?models=digimieli,mielikioski",
    ],
)
def test_every_page_with_its_own_note_has_only_that_one(client, db, url):
    html = html_of(client, f"/sv{url}")
    assert html.count('class="translation-note"') == 1
    assert "content-language-note" not in html


def test_pages_without_translated_content_keep_the_general_note(client, db):
    assert html_of(client, "/sv/kartta/").count("content-language-note") == 1
    assert "content-language-note" not in html_of(client, "/kartta/")


# The projects index


def test_the_projects_index_lists_every_project_readers_can_reach(client, catalogue):
    OperatingModel.objects.filter(pk=catalogue[15].pk).update(is_published=False)
    hidden = catalogue[15].project
    reachable = Project.objects.with_published_models()
    assert hidden not in reachable
    for prefix in LANGUAGES:
        html = html_of(client, f"{prefix}/hankkeet/")
        for project in reachable:
            assert f'href="{prefix}{url_of(project)}"' in html
            for model in project.operating_models.published():
                assert f'href="{prefix}{url_of(model)}"' in html
        assert f'href="{prefix}{url_of(hidden)}"' not in html
        assert html.count("<h2>") == reachable.count()


def test_the_projects_index_is_in_the_report_order_and_linked_from_every_page(client, catalogue):
    html = html_of(client, "/hankkeet/")
    positions = [html.index(catalogue[n].get_absolute_url()) for n in sorted(catalogue)]
    assert positions == sorted(positions)
    for prefix in LANGUAGES:
        nav = (
            html_of(client, f"{prefix}/kartta/")
            .split('class="wrap main-nav"')[1]
            .split("</nav>")[0]
        )
        assert f'href="{prefix}/hankkeet/"' in nav
    project_page = html_of(client, url_of(catalogue[1].project))
    assert 'href="/hankkeet/">Hankkeet</a>' in project_page.split("</nav>")[1]  # breadcrumbs


def test_the_projects_index_runs_a_fixed_number_of_queries(client, db, django_assert_num_queries):
    client.get("/hankkeet/")
    with django_assert_num_queries(2):  # the projects; their published models
        client.get("/en/hankkeet/")


def test_the_projects_index_is_in_the_sitemap(client, db):
    assert "/hankkeet/</loc>" in client.get("/sitemap.xml").content.decode()


# About the programme: its timeline

FINNISH_MONTHS = {"Helmikuu": "helmikuussa", "Tammikuu": "tammikuusta", "Kevät": "keväällä",
                  "Elokuu": "elokuussa", "Joulukuu": "joulukuussa"}  # fmt: skip


def test_every_date_and_number_of_the_timeline_is_in_the_section_it_cites(client, db):
    html = html_of(client, "/ohjelma/")
    timeline = html.split('id="timeline"')[1].split("</ol>")[0]
    items = re.findall(r"<li>(.*?)</li>", timeline, re.S)
    assert len(items) >= 8
    for item in items:
        section = int(re.search(r"\(luku (\d)\)", item).group(1))
        source = " ".join(
            ReportBlock.objects.filter(section__number=section).values_list("text_fi", flat=True)
        ).lower()
        body = text_of(item).replace(f"(luku {section})", "")
        for number in re.findall(r"\d+(?:\.\d+\.\d+)?", body):
            assert number in source, (number, section)
        for month, inflected in FINNISH_MONTHS.items():
            if month in body:
                assert inflected in source, (month, section)


def test_the_timeline_is_in_every_language_and_the_list_links_to_it(client, db):
    for prefix, heading in [("", "Aikajana"), ("/sv", "Tidslinje"), ("/en", "Timeline")]:
        html = html_of(client, f"{prefix}/ohjelma/")
        assert f'<h2 id="timeline-heading">{heading}</h2>' in html
        assert f'href="{prefix}/ohjelma/#timeline"' in html_of(client, f"{prefix}/")


# Before you start: summary and contents


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_the_lessons_page_opens_with_a_summary_and_contents_whose_links_all_land(
    client, db, prefix
):
    html = html_of(client, f"{prefix}/ennen-kuin-aloitat/")
    assert (
        html.index('class="in-brief"')
        < html.index('class="contents"')
        < html.index('class="report-section"')
    )
    contents = html.split('class="contents"')[1].split("</nav>")[0]
    targets = re.findall(r'href="#([^"]+)"', contents)
    section = ReportSection.objects.get(placement="before_you_start")
    headed = section.blocks.exclude(heading_fi="").count()
    assert len(targets) == 1 + headed == 4
    for target in targets:
        assert html.count(f'id="{target}"') == 1, target


def test_the_summary_says_it_is_the_catalogues(client, db):
    summary = html_of(client, "/ennen-kuin-aloitat/").split('class="in-brief"')[1]
    assert "Luettelon tiivistelmä" in summary.split("</section>")[0]


# Statistics: the tables behind a disclosure


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_each_chart_keeps_its_text_and_its_table_behind_a_closed_disclosure(client, db, prefix):
    html = html_of(client, f"{prefix}/tilastot/")
    charts = re.findall(
        r'<figure class="chart">(.*?)</figure>\s*<details class="chart-data">(.*?)</details>',
        html,
        re.S,
    )
    assert len(charts) == 2
    folded = [tag for tag in re.findall(r"<details[^>]*>", html) if "menu-panel" not in tag]
    assert folded == [  # none open (the site's menu aside)
        *['<details class="chart-data">'] * 2,
        *['<details class="report-text">'] * 3,
    ]
    for chart, details in charts:
        description = re.search(r"<desc[^>]*>(.*?)</desc>", chart, re.S).group(1)
        assert 'role="img"' in chart
        cells = re.findall(r"<td>(.*?)</td>", details)
        assert len(cells) >= 3
        for value in cells:
            assert value in description


# Favicon, compression, target sizes, map names


def test_the_favicon_is_linked_and_favicon_ico_answers(client, db):
    assert 'rel="icon"' in html_of(client, "/")
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.parametrize("url", ["/", "/sv/toimintamallit/mielikioski/", "/en/tilastot/"])
def test_pages_are_sent_gzip_when_accepted_with_random_padding(client, db, url):
    plain = client.get(url)
    assert "Content-Encoding" not in plain
    first = client.get(url, headers={"accept-encoding": "gzip"})
    assert first["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in first["Vary"]
    body = gzip.decompress(first.content)
    assert body.startswith(b"<!DOCTYPE html>") or b"<html" in body[:200]
    assert len(first.content) < len(body) / 3
    # BREACH: a random-length file name in each gzip header, so lengths vary between responses
    # of the same page (Django's "Heal the Breach" padding).
    assert first.content[3] & gzip.FNAME
    lengths = {len(client.get(url, headers={"accept-encoding": "gzip"}).content) for _ in range(8)}
    assert len(lengths) > 1


def test_a_page_with_a_csrf_token_masks_it_anew_in_each_response(db):
    client = Client(enforce_csrf_checks=True)
    url = "/toimintamallit/mielikioski/"
    tokens = {
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html_of(client, url)).group(1)
        for _ in range(3)
    }
    assert len(tokens) == 3


def test_map_tiles_are_named_by_their_visible_text(client, db):
    html = html_of(client, "/kartta/")
    tiles = re.findall(r'<a [^>]*class="tile[^"]*"[^>]*>(.*?)</a>', html, re.S)
    assert len(tiles) == 22
    assert "aria-label" not in "".join(re.findall(r'<a [^>]*class="tile[^>]*>', html))
    for tile in tiles:
        visible = text_of(re.sub(r'<span class="visually-hidden">.*?</span>', "", tile)).strip()
        assert text_of(tile).strip().startswith(visible)
        assert re.search(r"\d+ toimintamallia?$", text_of(tile).strip())


# Translation wording: what readers see, still marked unreviewed

WORDING = [
    # (slug, field, language, now, before)
    (
        "mielikioski",
        "implementer_text",
        "sv",
        "Birkalands välfärdsområde (Pirha)",
        "välfärdsområdet PIRHA",
    ),
    (
        "mielikioski",
        "implementer_text",
        "en",
        "Pirkanmaa wellbeing services county (Pirha)",
        "PIRHA wellbeing",
    ),
    (
        "hyvan-mielen-kunta",
        "results",
        "sv",
        "kommunernas nyckelpersoners medvetenhet om faktorer som påverkar psykisk hälsa (93 %",
        "den psykiska hälsan hos nyckelpersonerna",
    ),
    (
        "digimieli",
        "results",
        "en",
        "established as the city's operating model",
        "one of the city's operating models",
    ),
    (
        "digimieli",
        "results",
        "sv",
        "etablerats som stadens verksamhetsmodell",
        "en verksamhetsmodell i staden",
    ),
    (
        "omaishoitajien-mielen-hyvinvointi-puheeksi",
        "target_group_text",
        "en",
        "Client advisers in family care",
        "informal care",
    ),
    (
        "kokemusasiantuntijatyoskentely-sosiaalipalveluissa",
        "challenges_and_solutions",
        "sv",
        "ett välfungerande team",
        "gott arbetsskick",
    ),
    (
        "kokemusasiantuntijatyoskentely-sosiaalipalveluissa",
        "goals",
        "en",
        "met and heard ever more fully",
        "increasingly strongly encountered",
    ),
    (
        "mielenterveysosaamisen-koordinointimalli",
        "results",
        "sv",
        "beslutsfattare att förbinda sig att följa upp",
        "förbinds till att",
    ),
    (
        "hyvinvointilahetti",
        "results",
        "en",
        "as someone who catches clients before",
        "a kind of catcher",
    ),
]


@pytest.mark.parametrize(("slug", "field", "language", "now", "before"), WORDING)
def test_fixed_wording_is_what_readers_see_and_stays_unreviewed(
    client, db, slug, field, language, now, before
):
    model = OperatingModel.objects.get(slug=slug)
    assert now in getattr(model, f"{field}_{language}")
    assert model.status_of(field, language) == TranslationStatus.UNREVIEWED
    shown = text_of(html_of(client, f"/{language}{url_of(model)}"))
    assert now in shown
    assert before not in shown


def translated_texts():
    """Every Swedish and English text of the catalogue's content, with its row and field."""
    for model in apps.get_models():
        fields = getattr(model, "TRANSLATED_FIELDS", None)
        if not fields:
            continue
        for row in model._default_manager.all():
            for field in fields:
                for language in ("sv", "en"):
                    yield row, field, language, getattr(row, f"{field}_{language}") or ""


def test_no_old_wording_is_left_and_every_fixed_text_is_unreviewed(db):
    old = re.compile(
        r"Psykisk hälsa Finland|PIRHA wellbeing|välfärdsområdet PIRHA|informal carer|"
        r"client advisor|informal care\b|arbetsskick|förbinds till|strongly encountered|catcher"
    )
    mieli = 0
    for row, field, language, text in translated_texts():
        assert not old.search(text), (row, field, language, text)
        if "MIELI Psykisk Hälsa Finland rf" in text:
            # The report's own texts name it in 7 places (the adoption facts quote them).
            mieli += not isinstance(row, AdoptionFact)
            assert row.status_of(field, language) == TranslationStatus.UNREVIEWED
    assert mieli == 7
    assert Organisation.objects.get(slug="mieli-ry").name_sv == ("MIELI Psykisk Hälsa Finland rf")


def test_english_says_family_carers_and_client_advisers_as_the_finnish_does(client, db):
    # omaishoitaja: family carer; asiakasohjaaja: client adviser (the old-wording test above
    # keeps "informal carer" and "advisor" out of every text).
    shown = text_of(html_of(client, "/en/tilastot/"))
    assert "family carers' mental wellbeing in the work of a client adviser" in shown
    assert "Family carers (" in text_of(html_of(client, "/en/"))  # the target-group facet
