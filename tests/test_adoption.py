"""Taking a model into use: what it takes (each aspect filled from a named source, or said to
be not stated), who uses it now (reported, approved, then shown everywhere), and its limits."""

import csv
import html
import io
import json
import re

import pytest
from django.contrib.auth.models import Group, User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from models_catalog.models import Adoption, AdoptionFact, Aspect, Municipality, OperatingModel, Step

pytestmark = pytest.mark.django_db

NOT_STATED = {
    "fi": "Ei mainita lähteissä.",
    "sv": "Anges inte i källorna.",
    "en": "Not stated in the sources.",
}
PREFIX = {"fi": "", "sv": "/sv", "en": "/en"}


def page(client, model, language="fi") -> str:
    with translation.override(language):
        url = model.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def aspect_blocks(text) -> dict[str, str]:
    """Each aspect's <div> of the section "Taking it into use", in the page's order."""
    section = text[text.index('id="taking-into-use"') :]
    section = section[: section.index("</dl>")]
    parts = re.split(r'<div class="adoption-fact" data-aspect="([a-z_]+)">', section)[1:]
    return dict(zip(parts[::2], parts[1::2], strict=True))


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_model_page_shows_every_aspect_filled_or_not_stated(client, language):
    models = OperatingModel.objects.published().prefetch_related("adoption_facts")
    assert models.count() == 15
    for model in models:
        blocks = aspect_blocks(page(client, model, language))
        assert list(blocks) == Aspect.values, model  # the same order on every model
        facts = {fact.aspect: fact for fact in model.adoption_facts.all()}
        for aspect, label in Aspect.choices:
            block = blocks[aspect]
            with translation.override(language):
                assert html.escape(str(label)) in block
            if aspect in facts:
                shown = getattr(facts[aspect], f"text_{language}") or facts[aspect].text_fi
                assert html.escape(shown, quote=True) in block, (model, aspect)
                assert NOT_STATED[language] not in block
            else:
                assert NOT_STATED[language] in block, (model, aspect)


def test_every_model_names_the_organisation_behind_it(catalogue):
    for model in catalogue.values():
        owner = model.adoption_facts.get(aspect=Aspect.OWNER)
        assert owner.text_fi == model.implementer_text_fi  # table 2's "Toteuttaja"


def test_a_report_sourced_field_names_its_source(client, catalogue):
    model = catalogue[11]
    blocks = aspect_blocks(page(client, model))
    time = blocks["time"]
    assert "varattava riittävä aika" in time
    assert "Lähde:" in time
    assert "raportti" in time
    assert "Ohjaus 20/2023" in time
    assert "luku 2, osio ”Mielenterveysosaamisen johtaminen”" in time
    assert "”Haasteet ja ratkaisut”" in time
    # A step is named by its number; table 2 by its name.
    staff = aspect_blocks(page(client, catalogue[13]))["staff"]
    assert "”Toimintamalli”" in staff
    assert "vaihe 4" in staff
    assert "taulukko 2" in blocks["owner"]
    english = aspect_blocks(page(client, model, "en"))
    assert "Source:" in english["time"]
    assert "chapter 2" in english["time"]


def test_the_contact_person_is_given_only_where_a_source_gives_one(client, catalogue):
    contacts = AdoptionFact.objects.filter(aspect=Aspect.CONTACT)
    assert [fact.operating_model.number for fact in contacts] == [11]
    contact = contacts.get()
    project = catalogue[11].project  # the Innokylä page of model 11's project
    assert contact.text_fi == f"{project.contact_name}, {project.contact_organisation}"
    assert contact.email == project.contact_email == "milla.rantakari@paijatha.fi"
    block = aspect_blocks(page(client, catalogue[11]))["contact"]
    assert 'href="mailto:milla.rantakari@paijatha.fi"' in block
    assert "Innokylä" in block


def test_quotations_are_the_reports_own_words(catalogue):
    """Nothing is invented: every quotation is word for word in the part of the report it names."""
    facts = AdoptionFact.objects.filter(source="report", quoted=True).select_related(
        "operating_model"
    )
    assert facts.count() >= 30
    for fact in facts:
        model = fact.operating_model
        if fact.report_part == "steps":
            where = Step.objects.get(operating_model=model, number=fact.step).text_fi
        else:
            where = {"challenges": model.challenges_and_solutions_fi, "results": model.results_fi}[
                fact.report_part
            ]
        assert fact.text_fi in where, fact


def test_translations_of_the_new_texts_are_marked_unreviewed(catalogue):
    for fact in AdoptionFact.objects.all():
        for language in ("sv", "en"):
            assert getattr(fact, f"text_{language}"), fact
            assert fact.statuses(language)["text"] == "unreviewed", fact


def test_a_fact_without_its_source_is_refused(catalogue):
    with pytest.raises(IntegrityError), transaction.atomic():
        AdoptionFact.objects.create(
            operating_model=catalogue[15], aspect=Aspect.COSTS, text="Jotain", source="report"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        AdoptionFact.objects.create(
            operating_model=catalogue[15], aspect=Aspect.COSTS, text="Jotain", source="editor"
        )


# Who uses it now -------------------------------------------------------------------------


def report(client, model, **data):
    fields = {"municipality": "tampere", "organisation": "Hervannan koulu", "since": "2025"}
    fields.update(data)
    return client.post(
        reverse("models_catalog:report_adoption", kwargs={"slug": model.slug}),
        fields,
        **({"REMOTE_ADDR": data.pop("address")} if "address" in data else {}),
    )


def everywhere(client, model) -> dict[str, str]:
    """What each output says of the model, in every language."""
    found = {}
    for language in ("fi", "sv", "en"):
        found[f"page-{language}"] = page(client, model, language)
        found[f"map-{language}"] = client.get(f"{PREFIX[language]}/kartta/").content.decode()
        listing = client.get(f"{PREFIX[language]}/", {"used": "pirkanmaa"}).content.decode()
        found[f"facet-{language}"] = listing
        found[f"csv-{language}"] = client.get(
            f"{PREFIX[language]}/toimintamallit.csv"
        ).content.decode("utf-8-sig")
    found["api"] = client.get(f"/api/v1/operating-models/{model.slug}/").content.decode()
    found["json"] = client.get("/toimintamallit.json").content.decode()
    return found


def test_an_anonymous_report_is_invisible_until_an_editor_approves_it(client, catalogue):
    digimieli = catalogue[1]  # developed in Helsinki, not in Pirkanmaa
    before = everywhere(client, digimieli)
    response = report(client, digimieli)
    assert response.status_code == 302
    assert response["Location"] == digimieli.get_absolute_url()
    thanked = client.get(response["Location"]).content.decode()
    assert "Kiitos. Ilmoituksesi vastaanotettiin" in thanked
    adoption = Adoption.objects.get()
    assert (adoption.status, adoption.source) == ("pending", "reader")
    pending = everywhere(client, digimieli)
    for where, text in pending.items():
        assert "Hervannan koulu" not in text, where
        assert "Hervannan koulu" not in before[where]
    assert digimieli.get_absolute_url() not in pending["facet-fi"]

    editor = User.objects.create_user("toimittaja", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Toimittaja"))
    client.force_login(editor)
    changelist = reverse("admin:models_catalog_adoption_changelist")
    assert (
        "Hervannan koulu" in client.get(changelist, {"status__exact": "pending"}).content.decode()
    )
    approved = client.post(
        changelist, {"action": "approve", "_selected_action": [adoption.pk]}, follow=True
    )
    assert "1 käyttöönotto hyväksytty." in approved.content.decode()
    assert Version.objects.get_for_object(adoption).exists()  # in its history
    client.logout()

    shown = everywhere(client, digimieli)
    for where, text in shown.items():
        if not where.startswith("facet"):  # a card names no adopters: checked by its link
            assert "Hervannan koulu" in text, where
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            url = digimieli.get_absolute_url()
        assert f'href="{url}"' in shown[f"facet-{language}"]  # "used in my county"
        assert f'href="{url}"' in shown[f"map-{language}"]
        assert "2025" in shown[f"page-{language}"]
    assert "Tampere" in shown["page-fi"]
    assert "Tammerfors" in shown["page-sv"]
    api = json.loads(shown["api"])
    adopted = [use for use in api["used_in"] if not use["original"]]
    assert adopted == [
        {
            "place": "Tampere",
            "place_slug": "tampere",
            "kind": "municipality",
            "county_slug": "pirkanmaa",
            "organisation": "Hervannan koulu",
            "since": 2025,
            "until": None,
            "original": False,
            "contact_name": "",
            "contact_email": "",
            "translations": adopted[0]["translations"],
        }
    ]
    assert adopted[0]["translations"]["sv"]["name"] == "Tammerfors"
    rows = list(csv.DictReader(io.StringIO(shown["csv-en"])))
    assert "Tampere, Hervannan koulu, since 2025" in rows[0]["where it is used now"]
    json_ld = shown["page-fi"].split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert {"@type": "City", "name": "Tampere"} in json.loads(json_ld)["areaServed"]


def test_the_original_projects_are_the_first_adoptions(client, catalogue):
    api = client.get("/api/v1/operating-models/mielenterveysosaamisen-johtaminen/").json()
    assert api["used_in"] == [
        {
            "place": "Päijät-Häme",
            "place_slug": "paijat-hame",
            "kind": "county",
            "county_slug": "paijat-hame",
            "organisation": "",
            "since": 2021,  # the project's period from its Innokylä page, nothing invented
            "until": 2023,
            "original": True,
            "contact_name": "",
            "contact_email": "",
            "translations": api["used_in"][0]["translations"],
        }
    ]
    mielikioski = client.get("/api/v1/operating-models/mielikioski/").json()
    assert [(use["place"], use["since"]) for use in mielikioski["used_in"]] == [("Ylöjärvi", None)]
    # The facet counts where a model was developed as where it is used.
    listing = client.get("/", {"used": "pirkanmaa"}).content.decode()
    for number in (5, 8, 13):
        assert f'href="{catalogue[number].get_absolute_url()}"' in listing


def test_editors_add_approved_adoptions_in_the_admin(client, catalogue):
    editor = User.objects.create_user("toimittaja", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Toimittaja"))
    client.force_login(editor)
    add = reverse("admin:models_catalog_adoption_add")
    form = client.get(add).content.decode()
    assert 'value="approved" selected' in form
    tampere = Municipality.objects.get(slug="tampere")
    response = client.post(
        add,
        {
            "operating_model": catalogue[13].pk,
            "municipality": tampere.pk,
            "organisation": "",
            "since": "2024",
            "status": "approved",
            "source": "editor",
        },
    )
    assert response.status_code == 302
    assert "Tampere" in client.get("/api/v1/operating-models/mielikioski/").content.decode()


def test_the_admin_edits_taking_it_into_use_with_the_model(admin_client, catalogue):
    url = reverse("admin:models_catalog_operatingmodel_change", args=[catalogue[11].pk])
    text = admin_client.get(url).content.decode()
    assert "Milla Rantakari" in text
    assert "adoption_facts-TOTAL_FORMS" in text


# The report form's limits and hygiene ---------------------------------------------------


def test_reports_beyond_the_limit_are_refused_with_a_message_and_not_stored(
    client, settings, catalogue
):
    settings.ADOPTION_REPORT_LIMIT_PER_HOUR = 2
    url = reverse("models_catalog:report_adoption", kwargs={"slug": catalogue[1].slug})

    def send(n, address="203.0.113.5"):
        data = {"municipality": "tampere", "organisation": f"Koulu {n}"}
        return client.post(url, data, REMOTE_ADDR=address)

    assert [send(n).status_code for n in range(2)] == [302, 302]
    refused = send(3)
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "Olet lähettänyt useita ilmoituksia viimeisen tunnin aikana" in text
    assert 'value="Koulu 3"' in text  # still in the form
    assert Adoption.objects.count() == 2
    assert send(4, address="198.51.100.7").status_code == 302  # another reader
    assert Adoption.objects.count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"municipality": ""}, "Tämä kenttä vaaditaan."),
        ({"municipality": "ei-ole"}, "Valitse oikea vaihtoehto."),
        ({"since": "1800"}, "1990"),
        ({"since": "vuosi"}, "Syötä kokonaisluku."),
        ({"contact_email": "ei-osoite"}, "Syötä kelvollinen sähköpostiosoite."),
        ({"contact_name": "Matti\x0bMeikäläinen"}, "U+000B"),
        ({"organisation": "x" * 201}, "200"),
        ({"website": "http://spam.example"}, 'value="Koulu"'),  # a bot: nothing kept
    ],
)
def test_bad_reports_are_refused_with_a_message_and_nothing_is_saved(
    client, catalogue, data, message
):
    fields = {"municipality": "tampere", "organisation": "Koulu", "since": "2024"}
    fields.update(data)
    response = client.post(
        reverse("models_catalog:report_adoption", kwargs={"slug": catalogue[1].slug}), fields
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Adoption.objects.exists()


def test_the_same_use_reported_twice_is_stored_once(client, catalogue):
    url = reverse("models_catalog:report_adoption", kwargs={"slug": catalogue[1].slug})
    data = {"municipality": "tampere", "organisation": "Koulu"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 200
    assert "Tästä käytöstä on jo ilmoitettu" in again.content.decode()
    assert Adoption.objects.count() == 1


def test_no_report_form_for_a_draft_or_a_missing_model(client, catalogue):
    OperatingModel.objects.filter(pk=catalogue[2].pk).update(is_published=False)
    assert (
        client.get(
            reverse("models_catalog:report_adoption", kwargs={"slug": catalogue[2].slug})
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("models_catalog:report_adoption", kwargs={"slug": "ei-ole"})).status_code
        == 404
    )


def test_the_report_form_in_swedish(client, catalogue):
    response = client.get(f"/sv/toimintamallit/{catalogue[1].slug}/kaytossa/")
    text = response.content.decode()
    assert "Berätta att ni använder modellen" in text
    assert 'lang="sv"' in text


# Near me ---------------------------------------------------------------------------------


def card_numbers(text) -> list[int]:
    return [int(number) for number in re.findall(r'<span class="number">(\d+)\.</span>', text)]


def test_near_me_puts_the_own_county_first_then_its_neighbours(client, catalogue):
    text = client.get("/", {"near": "tampere"}).content.decode()
    # Pirkanmaa: 5 (Tampere), 8 (the county), 13 (Ylöjärvi); then its neighbours: 7 (Etelä-
    # Pohjanmaa), 11 (Päijät-Häme); then the rest in the report's order.
    assert card_numbers(text) == [5, 8, 13, 7, 11, 1, 2, 3, 4, 6, 9, 10, 12, 14, 15]
    reasons = re.findall(r'<p class="near-reason">(.*?)</p>', text)
    assert len(reasons) == 5
    assert "Kehitetty omalla hyvinvointialueellasi, Pirkanmaa" in reasons[0]
    assert "naapurialueella: Etelä-Pohjanmaa" in reasons[3]
    assert "naapurialueella: Päijät-Häme" in reasons[4]
    assert '<option value="tampere" selected>' in text
    swedish = client.get("/sv/", {"near": "tampere"}).content.decode()
    assert "Utvecklad i ditt välfärdsområde, Birkaland" in swedish


def test_near_me_counts_approved_adoptions(client, catalogue):
    Adoption.objects.create(
        operating_model=catalogue[15],
        municipality=Municipality.objects.get(slug="tampere"),
        status=Adoption.Status.APPROVED,
    )
    Adoption.objects.create(  # pending: not counted
        operating_model=catalogue[14], municipality=Municipality.objects.get(slug="tampere")
    )
    text = client.get("/", {"near": "tampere"}).content.decode()
    assert card_numbers(text)[:4] == [5, 8, 13, 15]
    assert "Käytössä omalla hyvinvointialueellasi: Tampere" in text


def test_near_me_is_remembered_in_the_session(client, catalogue):
    assert "near-remembered" not in client.get("/").content.decode()
    client.get("/", {"near": "hamina"})
    later = client.get("/", {"benefit": "lapset"}).content.decode()
    assert "Valitsit aiemmin kunnan Hamina." in later
    assert "?benefit=lapset&amp;near=hamina" in later
    client.get("/", {"near": ""})  # "not chosen": forgotten
    assert "near-remembered" not in client.get("/").content.decode()


def test_near_me_with_an_unknown_municipality_keeps_the_report_order(client):
    text = client.get("/", {"near": "ei-ole"}).content.decode()
    assert card_numbers(text) == list(range(1, 16))
    assert "near-reason" not in text


def test_near_me_neighbours_are_symmetric_and_known_counties():
    from models_catalog.models import WellbeingCounty
    from models_catalog.nearby import NEIGHBOURS

    assert set(NEIGHBOURS) == set(WellbeingCounty.objects.values_list("slug", flat=True))
    for county, neighbours in NEIGHBOURS.items():
        for other in neighbours:
            assert county in NEIGHBOURS[other], (county, other)


def test_a_county_that_changes_takes_its_adopted_models_with_it(catalogue):
    """The one write path: moving a municipality to another county moves the "used in the
    county" facet of the models adopted there (check_derived stays in step)."""
    from django.core.management import call_command

    from models_catalog.models import WellbeingCounty

    inari = Municipality.objects.get(slug="inari")  # no model of its own
    Adoption.objects.create(
        operating_model=catalogue[13], municipality=inari, status=Adoption.Status.APPROVED
    )
    inari.county = WellbeingCounty.objects.get(slug="kainuu")
    inari.save()
    call_command("check_derived")  # exits 1 on any difference


def test_an_editor_changes_a_fact_with_the_model_history_and_translation_status(
    admin_client, catalogue
):
    from tests.admin_forms import change_url, form_data

    url = change_url(catalogue[11])
    data = form_data(admin_client.get(url))
    key = next(
        name
        for name, value in data.items()
        if name.startswith("adoption_facts-")
        and name.endswith("-text_fi")
        and "riittävä aika" in value
    )
    data[key] = "Käyttöönottoon kannattaa varata puoli vuotta (toimittajan testi)."
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    fact = AdoptionFact.objects.get(operating_model=catalogue[11], aspect=Aspect.TIME)
    assert fact.text_fi.endswith("(toimittajan testi).")
    assert fact.statuses("sv")["text"] == "outdated"  # the Swedish was made from the old text
    assert Version.objects.get_for_object(fact).exists()  # in the model's history
    page_text = page(admin_client, catalogue[11])
    assert "toimittajan testi" in aspect_blocks(page_text)["time"]
