"""The shortlist: kept in the session, noted, shared by link, downloaded as CSV and DOCX."""

import csv
import io

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from docx import Document

from tests.factories import OperatingModelFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("models_catalog:shortlist")
ADD = reverse("models_catalog:shortlist_add")


def add(client, *slugs):
    for slug in slugs:
        client.post(ADD, {"slug": slug, "next": "/"})


def listed(client):
    return [model.slug for model, _note in client.get(PAGE).context["entries"]]


def test_adding_from_a_page_returns_to_it(client):
    response = client.post(ADD, {"slug": "mielikioski", "next": "/?county=pirkanmaa"})
    assert response["Location"] == "/?county=pirkanmaa"
    assert listed(client) == ["mielikioski"]
    response = client.post(ADD, {"slug": "digimieli", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_notes_are_saved_per_model_and_models_can_be_removed(client):
    add(client, "mielikioski", "digimieli")
    client.post(PAGE, {"note-mielikioski": "Sopii Ylöjärven malliin.", "note-muu": "ohitetaan"})
    entries = client.get(PAGE).context["entries"]
    assert [(m.slug, note) for m, note in entries] == [
        ("mielikioski", "Sopii Ylöjärven malliin."),
        ("digimieli", ""),
    ]
    client.post(reverse("models_catalog:shortlist_remove"), {"slug": "mielikioski"})
    assert listed(client) == ["digimieli"]


def test_unknown_drafts_and_duplicates_are_not_added(client):
    draft = OperatingModelFactory(is_published=False)
    add(client, "ei-ole", draft.slug, "mielikioski", "mielikioski", "<script>")
    assert listed(client) == ["mielikioski"]


def test_shortlist_lives_only_in_the_session_and_survives_a_new_client(client):
    add(client, "opastava-perhetyo")
    key = client.cookies["sessionid"].value
    stored = Session.objects.get(session_key=key).get_decoded()
    assert stored["shortlist"] == {"slugs": ["opastava-perhetyo"], "notes": {}}
    # The browser keeps its cookie across a server restart: a fresh client with the cookie.
    again = Client()
    again.cookies["sessionid"] = key
    assert listed(again) == ["opastava-perhetyo"]


def test_shareable_link_rebuilds_the_shortlist_elsewhere(client):
    add(client, "mielikioski", "digimieli")
    response = client.post(PAGE, {"note-digimieli": "Ahdistuksen hoitoon", "share": "1"})
    share = response["Location"]
    assert share.startswith(f"{PAGE}jaettu/")
    other = Client()
    shared = other.get(share)
    assert [(m.slug, n) for m, n in shared.context["entries"]] == [
        ("mielikioski", ""),
        ("digimieli", "Ahdistuksen hoitoon"),
    ]
    assert listed(other) == []  # seeing a shared list does not change one's own...
    share_id = share.rstrip("/").rsplit("/", 1)[1]
    other.post(reverse("models_catalog:shortlist_import"), {"shared": share_id})
    assert listed(other) == ["mielikioski", "digimieli"]  # ...until one makes it one's own


def test_old_style_links_with_notes_in_the_query_keep_working(client):
    shared = client.get(f"{PAGE}?models=mielikioski,digimieli&note-digimieli=Ahdistuksen+hoitoon")
    assert [(m.slug, n) for m, n in shared.context["entries"]] == [
        ("mielikioski", ""),
        ("digimieli", "Ahdistuksen hoitoon"),
    ]
    client.post(
        reverse("models_catalog:shortlist_import"),
        {"models": "mielikioski,digimieli", "note-digimieli": "Ahdistuksen hoitoon"},
    )
    assert listed(client) == ["mielikioski", "digimieli"]


@pytest.mark.parametrize(
    "query",
    [
        "models=",
        "models=ei-ole,%00,😀",
        "models=" + "x," * 500,
        "note-x=1",
        "models=mielikioski&note-mielikioski=" + "a" * 5000,
    ],
)
def test_bad_shared_links_give_a_normal_page(client, query):
    response = client.get(f"{PAGE}?{query}")
    assert response.status_code == 200


def test_csv_download_has_names_steps_and_links(client, catalogue):
    add(client, "mielikioski", "hyvan-mielen-kunta")
    client.post(PAGE, {"note-mielikioski": "Matala kynnys"})
    response = client.get(reverse("models_catalog:shortlist_download", args=["csv"]))
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert [row[0] for row in rows[1:]] == ["Mielikioski", "Hyvän mielen kunta"]
    assert catalogue[13].steps.get(number=2).text in rows[1][3]
    assert catalogue[13].materials.get().url in rows[1][4]
    assert rows[1][5] == "Matala kynnys"


def test_docx_download_is_a_plan_section_with_every_part(client, catalogue):
    add(client, "mielikioski", "mielen-hyvinvoinnin-vahvistaminen-iakkaiden-palveluissa")
    client.post(PAGE, {"note-mielikioski": "Sopii meille."})
    response = client.get(reverse("models_catalog:shortlist_download", args=["docx"]))
    assert response["Content-Type"].endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    for number in (13, 9):
        model = catalogue[number]
        assert model.name in text
        for step in model.steps.all():
            assert step.text in text
        for material in model.materials.all():
            assert material.url in text
    assert "Sopii meille." in text
    assert "Toimintamallit hyvinvointisuunnitelmaan" in text


def test_unknown_download_kind_is_a_404(client):
    assert client.get(f"{PAGE}lataa.exe").status_code == 404


def test_pages_offer_adding_to_the_shortlist(client, catalogue):
    for path in ["/", catalogue[13].get_absolute_url(), "/vertaa/?models=digimieli,mielikioski"]:
        html = client.get(path).content.decode()
        assert 'id="shortlist-add"' in html
        assert 'form="shortlist-add"' in html


def test_odd_slugs_posted_to_the_shortlist_are_ignored(client):
    for slug in ["\x00", "a\x00b", "x" * 5000, "ä ö"]:
        assert client.post(ADD, {"slug": slug, "next": "/"}).status_code == 302
    assert listed(client) == []
