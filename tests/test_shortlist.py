"""The shortlist: kept in the session, noted, shared by link, downloaded as CSV and DOCX."""

import csv
import io
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document

from models_catalog import caching
from models_catalog.models import OperatingModel, SharedShortlist
from models_catalog.shortlist import MAX_MODELS, MAX_NOTE
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
    assert response["Location"] == "/?county=pirkanmaa#model-mielikioski"  # the card added
    assert listed(client) == ["mielikioski"]
    response = client.post(ADD, {"slug": "digimieli", "next": "https://evil.example/"})
    assert response["Location"] == "/#model-digimieli"


def ticked(html: str) -> list[str]:
    return re.findall(r'name="models" value="([-\w]+)" checked>', html)


def test_adding_from_the_list_returns_to_it_with_the_ticks_for_comparison(client):
    page = client.get("/?county=pirkanmaa&models=digimieli").content.decode()
    # The address to return to, without the ticks: the add sends the ones ticked now.
    assert '<input type="hidden" name="next" value="/?county=pirkanmaa" form="shortlist-add">' in (
        page
    )
    response = client.post(
        ADD,
        {"slug": "mielikioski", "next": "/", "models": ["digimieli", "mitoke-malli", "<x>"]},
    )
    back = "/?models=digimieli&models=mitoke-malli"
    assert response["Location"] == f"{back}#model-mielikioski"
    page = client.get(back).content.decode()
    assert ticked(page) == ["digimieli", "mitoke-malli"]
    assert 'aria-disabled="true"' in add_button(page, "mielikioski")
    assert '<input type="hidden" name="next" value="/" form="shortlist-add">' in page
    # Unticked since: gone. Only a same-site address is returned to, with the ticks.
    for elsewhere in ["https://evil.example/?county=pirkanmaa", "//evil.example/", "/\\evil"]:
        response = client.post(
            ADD, {"slug": "digimieli", "next": elsewhere, "models": ["mitoke-malli"]}
        )
        assert response["Location"] == "/?models=mitoke-malli#model-digimieli"


def test_notes_are_saved_per_model_and_models_can_be_removed(client):
    add(client, "mielikioski", "digimieli")
    client.post(PAGE, {"note-mielikioski": "Sopii Ylöjärven malliin.", "note-muu": "ohitetaan"})
    entries = client.get(PAGE).context["entries"]
    assert [(m.slug, note) for m, note in entries] == [
        ("mielikioski", "Sopii Ylöjärven malliin."),
        ("digimieli", ""),
    ]
    client.post(PAGE, {"remove": "mielikioski"})
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


LONG_FINNISH_NOTE = "Sopii kuntamme hyvinvointisuunnitelmaan, koska se tavoittaa nuoret. " * 10


def test_share_link_with_long_notes_carries_only_a_short_id(client, settings):
    slugs = list(OperatingModel.objects.published().values_list("slug", flat=True))
    add(client, *slugs)
    notes = {f"note-{slug}": LONG_FINNISH_NOTE[:700] for slug in slugs}
    share = client.post(PAGE, {**notes, "share": "1"})["Location"]
    assert len(share) < 60  # the 181 kB links of old
    assert "Sopii" not in share
    shared = SharedShortlist.objects.get()
    assert len(shared.pk) >= 16  # 96 random bits: not guessable
    lifetime = shared.expires_at - shared.created_at
    assert abs(lifetime - SharedShortlist.LIFETIME) < timedelta(seconds=1)
    entries = Client().get(share).context["entries"]
    assert len(entries) == len(slugs)
    assert all(note == LONG_FINNISH_NOTE[:700].strip() for _model, note in entries)


def test_shared_notes_are_length_limited(client):
    add(client, "digimieli")
    share = client.post(PAGE, {"note-digimieli": "a" * 10_000, "share": "1"})["Location"]
    [(_model, note)] = Client().get(share).context["entries"]
    assert len(note) == MAX_NOTE


def test_an_expired_or_unknown_share_link_says_so_without_a_500(client):
    add(client, "digimieli")
    share = client.post(PAGE, {"note-digimieli": "Hyvä", "share": "1"})["Location"]
    SharedShortlist.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    for url in [share, f"{PAGE}jaettu/eiole/", f"{PAGE}jaettu/{'x' * 300}/", f"{PAGE}jaettu/%00/"]:
        response = Client().get(url)
        assert response.status_code == 404
        assert "jaetut linkit toimivat 180 päivää" in response.content.decode()


def test_shared_downloads_come_from_the_stored_shortlist(client):
    add(client, "digimieli")
    share = client.post(PAGE, {"note-digimieli": "Sopii meille", "share": "1"})["Location"]
    share_id = share.rstrip("/").rsplit("/", 1)[1]
    html = Client().get(share).content.decode()
    assert f"lataa.docx?jaettu={share_id}" in html
    response = Client().get(
        reverse("models_catalog:shortlist_download", args=["csv"]), {"jaettu": share_id}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))
    assert rows[1][5] == "Sopii meille"


def test_sharing_does_not_drop_the_page_cache(client):
    generation = caching.generation()
    add(client, "digimieli")
    client.post(PAGE, {"note-digimieli": "Hyvä", "share": "1"})
    assert caching.generation() == generation


def test_share_links_are_limited_per_client(client, settings):
    settings.SHARE_LIMIT_PER_HOUR = 2
    add(client, "digimieli")
    made = [client.post(PAGE, {"share": "1"})["Location"] for _ in range(3)]
    assert [url.startswith(f"{PAGE}jaettu/") for url in made] == [True, True, False]
    assert SharedShortlist.objects.count() == 2


def test_shared_shortlists_are_kept_from_search_engines_and_a_readers_own_is_not(client):
    add(client, "mielikioski")
    share = client.post(PAGE, {"note-mielikioski": "Sopii meille", "share": "1"})["Location"]
    for address in (share, f"{PAGE}?models=mielikioski"):
        response = Client().get(address)
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    own = client.get(PAGE)
    assert "X-Robots-Tag" not in own
    assert 'name="robots"' not in own.content.decode()
    assert "muistilista/jaettu" not in Client().get("/sitemap.xml").content.decode()


def test_adding_asked_by_the_script_answers_in_json_and_says_already_added(client):
    json_headers = {"Accept": "application/json"}
    first = client.post(ADD, {"slug": "digimieli", "next": "/"}, headers=json_headers)
    assert first.status_code == 200
    assert first.json() == {
        "added": True,
        "on_shortlist": True,
        "message": "Lisätty muistilistaan.",
    }
    again = client.post(ADD, {"slug": "digimieli"}, headers=json_headers).json()
    assert again == {"added": False, "on_shortlist": True, "message": "Jo muistilistalla"}
    unknown = client.post(ADD, {"slug": "ei-ole"}, headers=json_headers)
    assert unknown.status_code == 400
    assert listed(client) == ["digimieli"]


def add_button(html, slug):
    """The add button of a model on a page, as the reader gets it."""
    match = re.search(rf'<button [^>]*data-shortlist="{slug}"[^>]*>(.*?)</button>', html)
    assert match, slug
    return match[0]


@pytest.mark.parametrize(
    "path",
    ["/", "/toimintamallit/mielikioski/", "/vertaa/?models=mielikioski,digimieli", "/sv/"],
)
def test_a_model_on_the_shortlist_says_so_on_every_page_only_to_its_reader(client, path):
    other = Client()
    other.get(path)  # the cached page, rendered for someone else first
    add(client, "mielikioski")
    mine, theirs = client.get(path).content.decode(), other.get(path).content.decode()
    added = add_button(mine, "mielikioski")
    assert 'aria-disabled="true"' in added
    assert ("Redan på minneslistan" if path == "/sv/" else "Jo muistilistalla") in added
    assert "aria-disabled" not in add_button(theirs, "mielikioski")
    assert "aria-disabled" not in add_button(mine, "digimieli")


def test_notes_sent_by_the_script_are_saved_without_a_reload(client):
    add(client, "mielikioski")
    response = client.post(
        PAGE, {"note-mielikioski": "Kirjoitettu ääni"}, headers={"Accept": "application/json"}
    )
    assert response.json() == {"saved": True}
    assert client.get(PAGE).context["entries"][0][1] == "Kirjoitettu ääni"


@pytest.mark.parametrize("kind", ["docx", "xlsx", "csv"])
def test_downloading_from_the_form_saves_the_notes_as_typed_first(client, kind):
    add(client, "mielikioski")
    response = client.post(PAGE, {"note-mielikioski": "Vielä tallentamaton", "download": kind})
    assert response["Location"] == reverse("models_catalog:shortlist_download", args=[kind])
    assert client.get(PAGE).context["entries"][0][1] == "Vielä tallentamaton"


def test_removing_from_the_form_keeps_the_other_notes_as_typed(client):
    add(client, "mielikioski", "digimieli")
    client.post(
        PAGE, {"note-mielikioski": "Pois", "note-digimieli": "Jää", "remove": "mielikioski"}
    )
    assert [(m.slug, n) for m, n in client.get(PAGE).context["entries"]] == [("digimieli", "Jää")]


class Forms(HTMLParser):
    """Every form of a page and the submit buttons in it or pointing at it (form="id")."""

    def __init__(self):
        super().__init__()
        self.forms, self.buttons, self.open = {}, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.open = attrs.get("id") or f"form-{len(self.forms)}"
            self.forms[self.open] = 0
        submits = tag == "button" and attrs.get("type", "submit") == "submit"
        submits |= tag == "input" and attrs.get("type") in {"submit", "image"}
        if submits:
            self.buttons.append(attrs.get("form") or self.open)

    def handle_endtag(self, tag):
        if tag == "form":
            self.open = None

    def without_submit(self):
        return [form for form in self.forms if form not in self.buttons]


def test_every_form_has_a_submit_button(client):
    add(client, "mielikioski")
    share = client.post(PAGE, {"note-mielikioski": "Hyvä", "share": "1"})["Location"]
    pages = [
        "/",
        "/?q=zzzzqqqq",  # no results: no card, so no hidden add form either
        "/?county=ei-ole-olemassa",
        "/toimintamallit/mielikioski/",
        "/vertaa/",
        "/vertaa/?models=mielikioski,digimieli",
        PAGE,
        share,
        f"{PAGE}?models=mielikioski",
    ]
    for page in pages:
        parser = Forms()
        parser.feed(client.get(page).content.decode())
        assert parser.without_submit() == [], page


def test_a_shared_shortlist_offers_its_link_to_copy(client):
    add(client, "mielikioski")
    share = client.post(PAGE, {"share": "1"})["Location"]
    html = Client().get(share).content.decode()
    assert re.search(
        rf'<input type="text" id="share-url" value="http://testserver{share}" readonly', html
    )
    assert 'id="copy-share-url"' in html
    assert "Kopioi linkki" in html


def test_a_full_shortlist_says_why_nothing_was_added(client):
    slugs = list(OperatingModel.objects.published().values_list("slug", flat=True))
    for _ in range(MAX_MODELS - len(slugs)):
        slugs.append(OperatingModelFactory().slug)
    extra = OperatingModelFactory().slug
    add(client, *slugs)
    assert len(listed(client)) == MAX_MODELS
    answer = client.post(ADD, {"slug": extra}, headers={"Accept": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["on_shortlist"] is False
    assert f"enintään {MAX_MODELS} mallia" in answer.json()["message"]
    page = client.post(ADD, {"slug": extra, "next": "/"}, follow=True)
    assert f"enintään {MAX_MODELS} mallia" in page.content.decode()
    assert extra not in listed(client)
