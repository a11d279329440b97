"""Downloads of filtered lists, machine-readable pages, the feed, the sitemap and robots.txt."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ElementTree

import pytest
from django.urls import reverse

from models_catalog.models import OperatingModel
from tests.factories import OperatingModelFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def csv_rows(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # a BOM, so Excel reads Finnish letters right
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"county": "pirkanmaa"},
        {"county": "pirkanmaa", "benefit": "lapset-ja-nuoret"},
        {"q": "omaishoitajien"},
    ],
)
def test_csv_download_has_the_same_rows_as_the_page(client, params):
    page = client.get("/", {**params, "page_size": 10})
    shown = [model.name for model in page.context["paginator"].object_list]
    response = client.get(reverse("models_catalog:export_csv"), params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert rows[0][:2] == ["numero", "nimi"]
    assert [row[1] for row in rows[1:]] == shown  # every page of the list, not just the first


def test_csv_joins_list_fields_and_keeps_finnish_letters(client):
    rows = csv_rows(client.get(reverse("models_catalog:export_csv"), {"county": "pirkanmaa"}))
    header = rows[0]
    pakolaiset = next(row for row in rows if row[0] == "8")
    counties = pakolaiset[header.index("hyvinvointialueet")]
    assert "Pirkanmaa; " in counties or "; Pirkanmaa" in counties
    assert "Ylöjärvi" in rows[3][header.index("alue")]
    assert "julkaistu" not in header  # readers' downloads have published models only


def test_list_page_offers_downloads_with_its_filters(client):
    html = client.get("/", {"county": "pirkanmaa", "page": "1", "sort": "name"}).content.decode()
    assert f'href="{reverse("models_catalog:export_csv")}?county=pirkanmaa"' in html
    assert f'href="{reverse("export_json")}?county=pirkanmaa"' in html


def test_json_download_has_the_same_models_as_the_page_in_full(client):
    response = client.get(reverse("export_json"), {"benefit": "ikaantyneet"})
    data = json.loads(response.content)
    assert data["count"] == 2
    assert [item["number"] for item in data["results"]] == [9, 13]
    assert data["results"][1]["steps"][0]["number"] == 1
    assert "THL" in data["licence"]


def test_downloads_leave_out_drafts(client):
    OperatingModelFactory(is_published=False, name="Luonnos")
    assert "Luonnos" not in client.get(reverse("models_catalog:export_csv")).content.decode()
    data = json.loads(client.get(reverse("export_json")).content)
    assert data["count"] == 15


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_detail_page_carries_schema_org_json_ld(client, catalogue):
    model = catalogue[8]
    data = json_ld(client.get(model.get_absolute_url()).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["name"] == model.name
    assert data["description"] == model.theme
    assert data["url"] == f"http://testserver{model.get_absolute_url()}"
    assert {p["name"] for p in data["provider"]} == {"TAYS", "KYS", "HUS", "Mieli ry"}
    assert "Pirkanmaan hyvinvointialue" in {a["name"] for a in data["areaServed"]}
    assert [a["audienceType"] for a in data["audience"]] == ["Pakolaiset ja maahanmuuttajat"]
    assert data["dateModified"] == model.updated_at.isoformat()


def test_json_ld_cannot_break_out_of_its_script(client, catalogue):
    OperatingModel.objects.filter(number=1).update(theme_fi="</script><script>alert(1)</script>")
    html = client.get(catalogue[1].get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["description"] == "</script><script>alert(1)</script>"


def test_detail_page_has_open_graph_tags(client, catalogue):
    html = client.get(catalogue[13].get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Mielikioski">' in html
    assert f'<meta property="og:description" content="{catalogue[13].theme}">' in html
    assert (
        '<meta property="og:url" content="http://testserver/toimintamallit/mielikioski/">' in html
    )


def test_atom_feed_is_valid_and_lists_changes_first(client):
    OperatingModel.objects.get(number=12).save()  # changed just now
    response = client.get(reverse("models_catalog:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 15
    assert entries[0].find(f"{ATOM}title").text == "Mielenterveysosaamisen koordinointimalli"
    assert entries[0].find(f"{ATOM}updated").text


def test_sitemap_is_valid_xml_with_every_published_page(client):
    OperatingModelFactory(is_published=False, slug="luonnos")
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    for model in OperatingModel.objects.published():
        assert f"http://testserver{model.get_absolute_url()}" in locations
    assert "http://testserver/hankkeet/yhdessa-mielessa/" in locations
    assert "http://testserver/tilastot/" in locations
    assert not [location for location in locations if "luonnos" in location]


def test_robots_txt_points_to_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_open_data_page_states_licence_and_citation(client):
    html = client.get(reverse("models_catalog:open_data")).content.decode()
    assert "© the authors and the Finnish Institute for Health and Welfare (THL)" in html
    assert "Ohjaus 20/2023" in html
    for name in ["api:root", "api:docs", "api:schema", "models_catalog:feed"]:
        assert f'href="{reverse(name)}"' in html


def test_downloads_are_sent_as_they_are_made_with_every_model_in_the_api_form(client):
    csv = client.get(reverse("models_catalog:export_csv"))
    download = client.get(reverse("export_json"))
    assert csv.streaming
    assert download.streaming
    data = json.loads(b"".join(download.streaming_content))
    assert data["count"] == len(data["results"]) == 15
    for item in data["results"]:
        assert item == client.get(f"/api/v1/operating-models/{item['slug']}/").json()
