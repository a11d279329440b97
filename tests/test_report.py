"""The rest of the report as pages: section 6 (before you start), section 1 (about), 3–5."""

import html
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.urls import reverse
from reversion.models import Version

from report.models import ReportBlock, ReportSection
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


def fixture_blocks(section_slug):
    """The fixture's own text of one section, in order: what the pages must show."""
    path = Path(settings.FIXTURE_DIRS[0]) / "report.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    return [
        record["fields"]
        for record in records
        if record["model"] == "report.reportblock" and record["fields"]["section"] == [section_slug]
    ]


def page_text(client, url):
    """The page as a reader's text: tags out, entities decoded, whitespace collapsed."""
    content = client.get(url).content.decode()
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


def squeeze(text):
    return " ".join(text.split())


def test_every_section_6_paragraph_is_on_the_before_you_start_page(client):
    blocks = fixture_blocks("pohdinta")
    assert len(blocks) == 12  # 11 paragraphs (one joined across a page break) and a quotation
    text = page_text(client, reverse("report:before_you_start"))
    for block in blocks:
        assert squeeze(block["text"]) in text
        if block["heading"]:
            assert block["heading"] in text
    headings = [block["heading"] for block in blocks if block["heading"]]
    assert headings == [
        "Tärkeimmät saavutukset",
        "Juurruttamisen onnistuminen",
        "Huomioitavaa tulevissa hankkeissa",
    ]
    # The report's advice on resourcing, word for word.
    assert "alle kahden 100 % työntekijän panosta hanketta ei kannata rahoittaa" in text
    assert "14. Hanke" in text


#: The conversion typos fixed in the report's text (README: "How the report was read").
TYPOS_FIXED = {
    "mielenterveys-pääomaa": "mielenterveyspääomaa",
    "Mielensterveysosaamisen": "Mielenterveysosaamisen",
    "mielensterveysosaamisen": "mielenterveysosaamisen",
    "mielensterveyden": "mielenterveyden",
    "hyödynetyt": "hyödynnetyt",
    "perinteiden median": "perinteisen median",
    "työvälaineitä": "työvälineitä",
    "jatkosakin": "jatkossakin",
    "mielenterveytyydestä": "mielenterveydestä",
}


@pytest.mark.parametrize(
    "slug", ["johdanto", "koulutukset", "viestinnan-tulokset", "hanketuki", "pohdinta"]
)
def test_the_conversion_typos_are_fixed_in_the_report_text(slug):
    text = " ".join(squeeze(block["text"]) for block in fixture_blocks(slug))
    assert not [wrong for wrong in TYPOS_FIXED if wrong in text]


def test_section_1_timeline_is_on_the_about_page(client):
    text = page_text(client, reverse("report:about"))
    for block in fixture_blocks("johdanto"):
        assert squeeze(block["text"]) in text
    for fact in [
        "julkaistiin helmikuussa 2020",
        "aluksi kymmenen, joissa toiminta-aika oli tammikuusta 2021 vuoden 2022 loppuun",
        "viisi hanketta aloitti elokuussa 2021",
        "jatkaa vielä kuusi kuukautta vuonna 2023",
        "11 hanketta sai lisärahoitusta",
    ]:
        assert fact in text


def test_sections_3_to_5_text_is_beside_the_figures(client):
    text = page_text(client, reverse("trainings:statistics"))
    for slug in ["koulutukset", "viestinnan-tulokset", "hanketuki"]:
        for block in fixture_blocks(slug):
            assert squeeze(block["text"]) in text, (slug, block["order"])
    # Each section's text sits in the section of its figures, in the report's order.
    content = client.get(reverse("trainings:statistics")).content.decode()
    trainings = content.index('id="trainings-heading"')
    communication = content.index('id="communication-heading"')
    support = content.index('id="support-heading"')
    assert trainings < content.index('id="section-3"') < communication
    assert communication < content.index('id="section-4"') < support
    assert support < content.index('id="section-5"')
    assert "kahdesti vuodessa" in text
    assert "joka toinen viikko" in text
    assert "10.10.2022" in text
    assert "27.5.2023" in text


def test_before_you_start_is_linked_from_the_list_and_every_model(client, catalogue):
    url = reverse("report:before_you_start")
    assert f'href="{url}"' in client.get(reverse("models_catalog:list")).content.decode()
    for model in catalogue.values():
        content = client.get(model.get_absolute_url()).content.decode()
        assert f'class="planner-note"><a href="{url}"' in content, model


def test_pages_without_report_text_still_open(client):
    ReportSection.objects.all().delete()
    for name in ["report:before_you_start", "report:about", "trainings:statistics"]:
        assert client.get(reverse(name)).status_code == 200


def test_an_editor_changes_the_text_in_the_admin_and_history_keeps_it(admin_client, client):
    section = ReportSection.objects.get(slug="pohdinta")
    url = reverse("admin:report_reportsection_change", args=[section.pk])
    data = form_data(admin_client.get(url))
    first = ReportBlock.objects.get(section=section, order=1)
    prefix = next(key for key, value in data.items() if value == str(first.pk))[: -len("-id")]
    data[f"{prefix}-text_fi"] = "Uusi kappale."
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert ReportBlock.objects.get(pk=first.pk).text_fi == "Uusi kappale."
    assert "Uusi kappale." in client.get(reverse("report:before_you_start")).content.decode()
    version = Version.objects.get_for_object(section).first()
    assert version.revision.user.username == "admin"
    assert any("Uusi kappale." in v.serialized_data for v in version.revision.version_set.all())


def test_report_text_is_translated_and_says_nobody_has_reviewed_it_yet():
    block = ReportBlock.objects.get(section__slug="pohdinta", order=1)
    assert block.text_fi
    assert block.text_sv
    assert block.text_en
    assert set(block.statuses("sv").values()) == {"unreviewed"}
    assert ReportSection.objects.get(slug="johdanto").title_sv


def test_editors_may_edit_the_report_text_and_read_link_checks(client):
    editor = User.objects.create_user("toimittaja", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Toimittaja"))
    client.force_login(editor)
    section = ReportSection.objects.get(slug="pohdinta")
    url = reverse("admin:report_reportsection_change", args=[section.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:links_linkcheck_changelist")).status_code == 200
    assert editor.has_perm("report.change_reportblock")
    assert not editor.has_perm("links.change_linkcheck")


def test_report_pages_are_in_the_sitemap(client):
    content = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/ennen-kuin-aloitat/" in content
    assert "http://testserver/ohjelma/" in content
