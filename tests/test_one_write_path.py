"""Every way the catalogue can be changed reaches everything a reader or a client meets, at once.

Each change below is made as an editor, a command or a developer's code makes it, after every
page has been read once (so the page cache holds them all). Then each page, download and
store must say what the tables say, and `check_derived` must find nothing out of step.
"""

import json
from io import StringIO
from pathlib import Path

import pytest
import reversion
from django.core.management import call_command
from django.utils import timezone
from django.utils.feedgenerator import rfc3339_date
from reversion.models import Version

from models_catalog.models import (
    Material,
    MaterialKind,
    OperatingModel,
    Organisation,
    Step,
    TargetGroup,
    WellbeingCounty,
)
from tests.admin_forms import change_url, form_data, step_prefix

pytestmark = pytest.mark.django_db

SLUG = "mielikioski"
#: Words no model has: a search for one finds a model only if the change put it there.
MARK = "Kvasaarikuvio"


def _model():
    return OperatingModel.objects.get(slug=SLUG)


# The changes: each returns (text now shown on the model, or gone from it; whether it is shown).


def save_the_model(client, tmp_path):
    model = _model()
    model.theme_fi = f"{MARK} teemana"
    model.save()
    return MARK, True


def post_the_admin_form_with_a_step(admin_client, tmp_path):
    model = _model()
    data = form_data(admin_client.get(change_url(model)))
    data[f"{step_prefix(data, 1)}-text_fi"] = f"{MARK} ensimmäisenä vaiheena"
    response = admin_client.post(change_url(model), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return MARK, True


def update_the_models_text(client, tmp_path):
    OperatingModel.objects.filter(slug=SLUG).update(theme_fi=f"{MARK} teemana")
    return MARK, True


#: The theme is on the model's card too, where other models list it as related.
save_the_model.shown_in = ["model page", "API detail", "CSV", "JSON", "search", "related card"]
update_the_models_text.shown_in = save_the_model.shown_in


def update_a_step(client, tmp_path):
    Step.objects.filter(operating_model__slug=SLUG, number=1).update(text_fi=MARK)
    return MARK, True


def bulk_create_a_step(client, tmp_path):
    model = _model()
    number = model.steps.count() + 1
    Step.objects.bulk_create([Step(operating_model=model, number=number, text_fi=MARK)])
    return MARK, True


def bulk_create_a_material(client, tmp_path):
    model = _model()
    Material.objects.bulk_create(
        [
            Material(
                operating_model=model,
                order=model.materials.count() + 1,
                title_fi=MARK,
                url="https://example.org/kvasaari",
                kind=MaterialKind.VIDEO,
            )
        ]
    )
    return MARK, True


def _marked_material():
    material = _model().materials.first()
    material.title_fi = MARK
    material.save()
    return material


def delete_a_material(client, tmp_path):
    _model().materials.get(title_fi=MARK).delete()
    return MARK, False


delete_a_material.prepare = _marked_material


def delete_materials_by_queryset(client, tmp_path):
    Material.objects.filter(operating_model__slug=SLUG, title_fi=MARK).delete()
    return MARK, False


delete_materials_by_queryset.prepare = _marked_material


def rename_an_organisation(client, tmp_path):
    organisation = _model().organisations.first()
    organisation.name_fi = MARK
    organisation.save()
    return MARK, True


def update_an_organisations_name(client, tmp_path):
    Organisation.objects.filter(pk=_model().organisations.first().pk).update(name_fi=MARK)
    return MARK, True


def update_a_target_groups_name(client, tmp_path):
    TargetGroup.objects.filter(pk=_model().work_target_groups.first().pk).update(name_fi=MARK)
    return MARK, True


def _new_county():
    county = WellbeingCounty.objects.exclude(operating_models__slug=SLUG).first()
    county.name_fi = MARK  # so that the county shows as a word on the model
    county.save()
    return county


def add_a_county(client, tmp_path):
    county = _new_county()
    _model().counties.add(county)
    return MARK, True


def add_a_county_from_its_side(client, tmp_path):
    county = _new_county()
    county.operating_models.add(_model())
    return MARK, True


def write_a_county_link_straight(client, tmp_path):
    county = _new_county()
    links = OperatingModel.counties.through.objects
    links.bulk_create([links.model(operatingmodel_id=_model().pk, wellbeingcounty_id=county.pk)])
    return MARK, True


def move_a_county_link_straight(client, tmp_path):
    county = _new_county()
    links = OperatingModel.counties.through.objects.filter(operatingmodel__slug=SLUG)
    links.filter(pk=links.first().pk).update(wellbeingcounty_id=county.pk)
    return MARK, True


def clear_a_county_from_its_side(client, tmp_path):
    WellbeingCounty.objects.get(name_fi=MARK).operating_models.clear()
    return MARK, False


def _marked_county():
    county = _model().counties.first()
    county.name_fi = MARK
    county.save()


clear_a_county_from_its_side.prepare = _marked_county


def rename_a_countys_slug(client, tmp_path):
    county = _model().counties.first()
    county.slug = "kvasaari"
    county.save()
    return "kvasaari", True


rename_a_countys_slug.shown_in = ["API detail"]  # a slug is no text of the pages


def loaddata_a_changed_model(client, tmp_path):
    dump = tmp_path / "model.json"
    call_command(
        "dumpdata",
        "models_catalog.OperatingModel",
        pks=str(_model().pk),
        natural_foreign=True,
        output=str(dump),
    )
    records = json.loads(dump.read_text(encoding="utf-8"))
    records[0]["fields"]["theme_fi"] = f"{MARK} teemana"
    dump.write_text(json.dumps(records), encoding="utf-8")
    call_command("loaddata", str(dump), verbosity=0)
    return MARK, True


def import_a_translation(client, tmp_path):
    model = _model()
    path = tmp_path / "translations.json"
    record = {
        "model": "models_catalog.operatingmodel",
        "key": [SLUG],
        "field": "theme",
        "fi": model.theme_fi,
        "sv": f"{MARK} på svenska",
        "en": f"{MARK} in English",
    }
    path.write_text(json.dumps([record]), encoding="utf-8")
    call_command("import_translations", str(path), stdout=StringIO())
    return MARK, True


import_a_translation.shown_in = ["model page in Swedish", "model page in English"]


def revert_an_earlier_version(client, tmp_path):
    model = _model()
    with reversion.create_revision():
        model.save()
    original = model.theme_fi
    with reversion.create_revision():
        model.theme_fi = f"{MARK} teemana"
        model.save()
    Version.objects.get_for_object(model).order_by("pk").first().revision.revert()
    assert _model().theme_fi == original
    return MARK, False


CHANGES = [
    save_the_model,
    post_the_admin_form_with_a_step,
    update_the_models_text,
    update_a_step,
    bulk_create_a_step,
    bulk_create_a_material,
    delete_a_material,
    delete_materials_by_queryset,
    rename_an_organisation,
    update_an_organisations_name,
    update_a_target_groups_name,
    add_a_county,
    add_a_county_from_its_side,
    write_a_county_link_straight,
    move_a_county_link_straight,
    clear_a_county_from_its_side,
    rename_a_countys_slug,
    loaddata_a_changed_model,
    import_a_translation,
    revert_an_earlier_version,
]


#: Changes to what many models show (a vocabulary's names), and a fixture with its own date:
#: the model's "last updated" stays.
KEEPING_THE_MODELS_DATE = [
    rename_an_organisation,
    update_an_organisations_name,
    update_a_target_groups_name,
    rename_a_countys_slug,
    loaddata_a_changed_model,
]


def _a_model_showing_it_among_related() -> OperatingModel:
    published = OperatingModel.objects.published()
    model = _model()
    for other in published.exclude(pk=model.pk).for_detail():
        if model.pk in published.related_pks(other, limit=4):
            return other
    raise AssertionError(f"no model shows {SLUG} among its related models")


def what_readers_meet(client, search: str) -> dict[str, str]:
    """Every page, download and answer that shows the model, as text."""
    pages = {
        "related card": _a_model_showing_it_among_related().get_absolute_url(),
        "sitemap": "/sitemap.xml",
        "search": f"/?q={search}",
        "list filtered by its counties": "/?"
        + "&".join(f"county={county.slug}" for county in _model().counties.all()),
        "model page": f"/toimintamallit/{SLUG}/",
        "model page in Swedish": f"/sv/toimintamallit/{SLUG}/",
        "model page in English": f"/en/toimintamallit/{SLUG}/",
        "API detail": f"/api/v1/operating-models/{SLUG}/",
        "API detail in Swedish": f"/api/v1/operating-models/{SLUG}/?lang=sv",
        "API search": f"/api/v1/operating-models/?q={search}",
        "CSV": "/toimintamallit.csv",
        "JSON": "/toimintamallit.json",
        "feed": "/syote.atom",
    }
    seen = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        seen[name] = body.decode("utf-8-sig")
    return seen


def readers_of_the_list_see_the_model(html: str) -> bool:
    return f'href="/toimintamallit/{SLUG}/"' in html


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_a_change_reaches_every_reader_at_once_however_it_is_made(
    client, admin_client, change, tmp_path
):
    if hasattr(change, "prepare"):
        change.prepare()
    what_readers_meet(client, MARK.casefold())  # every page now in the page cache
    before = _model().updated_at

    mark, shown = change(admin_client if "admin" in change.__name__ else client, tmp_path)

    seen = what_readers_meet(client, MARK.casefold())
    for name in getattr(change, "shown_in", ["model page", "API detail", "CSV", "JSON", "search"]):
        if name == "search":
            assert readers_of_the_list_see_the_model(seen["search"]) == shown, name
            found = [model["slug"] for model in json.loads(seen["API search"])["results"]]
            assert (SLUG in found) == shown, "API search"
        else:
            assert (mark in seen[name]) == shown, name
    # Every county the model now has finds it.
    assert readers_of_the_list_see_the_model(seen["list filtered by its counties"])
    model = _model()
    if change not in KEEPING_THE_MODELS_DATE:
        assert model.updated_at > before
    assert rfc3339_date(model.updated_at) in seen["feed"]
    address = f"/toimintamallit/{SLUG}/</loc>"
    # The sitemap's date is the site's own (Helsinki) day, not UTC's.
    lastmod = f"<lastmod>{timezone.localtime(model.updated_at):%Y-%m-%d}</lastmod>"
    assert any(address in entry and lastmod in entry for entry in seen["sitemap"].split("<url>"))
    call_command("check_derived", stdout=StringIO())


def test_facet_counts_follow_links_written_straight_to_their_table(client):
    county = WellbeingCounty.objects.exclude(operating_models__slug=SLUG).first()

    def count_shown() -> int:
        html = client.get("/").content.decode()
        marker = f'name="county" value="{county.slug}"'
        if marker not in html:
            return 0
        after = html[html.index(marker) :]
        return int(after[after.index('class="count">(') + 15 :].split(")", 1)[0])

    before = count_shown()
    links = OperatingModel.counties.through.objects
    links.bulk_create([links.model(operatingmodel_id=_model().pk, wellbeingcounty_id=county.pk)])
    assert count_shown() == before + 1
    assert county.operating_models.published().count() == before + 1


def test_an_update_of_finnish_text_outdates_its_translations_for_the_admin(admin_client):
    outdated = "/admin/models_catalog/operatingmodel/?translation=outdated"
    assert f"/{_model().pk}/change/" not in admin_client.get(outdated).content.decode()
    OperatingModel.objects.filter(slug=SLUG).update(name_fi="Mielikioski, uusi nimi")
    assert f"/{_model().pk}/change/" in admin_client.get(outdated).content.decode()


def test_raw_sql_is_found_by_check_derived_and_repaired_by_rebuild_derived(django_db_blocker):
    from django.core.management.base import CommandError
    from django.db import connection

    table = Step._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET text_fi = %s WHERE number = 1", [MARK])
    with pytest.raises(CommandError, match="search index"):
        call_command("check_derived", stdout=StringIO())
    call_command("rebuild_derived", stdout=StringIO())
    call_command("check_derived", stdout=StringIO())


def test_dumpdata_dumps_content_only_and_loads_back(tmp_path):
    dump = tmp_path / "everything.json"
    call_command("dumpdata", output=str(dump), natural_foreign=True)
    labels = {record["model"] for record in json.loads(Path(dump).read_text(encoding="utf-8"))}
    assert "models_catalog.operatingmodel" in labels
    assert "search.term" in labels  # the thesaurus is content
    assert not labels & {"search.searchentry", "search.facetbitmap", "search.word"}
