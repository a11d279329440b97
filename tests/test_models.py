"""Model behaviour and the invariants the database itself enforces."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from models_catalog.models import Material, OperatingModel, Step
from tests.factories import OperatingModelFactory, ProjectFactory
from trainings.models import Figure

pytestmark = pytest.mark.django_db


def test_operating_model_str_and_url(catalogue):
    assert str(catalogue[13]) == "13. Mielikioski"
    assert catalogue[13].get_absolute_url() == "/toimintamallit/mielikioski/"


def test_step_and_material_str(catalogue):
    assert str(catalogue[13].steps.first()) == "Mielikioski: 1."
    assert str(catalogue[6].materials.first()) == "Vahvana elämään -video"


def test_natural_keys_round_trip(catalogue):
    step = catalogue[2].steps.get(number=4)
    assert step.natural_key() == ("hyvan-mielen-kunta", 4)
    assert Step.objects.get_by_natural_key("hyvan-mielen-kunta", 4) == step
    material = catalogue[9].materials.get(order=3)
    assert Material.objects.get_by_natural_key(*material.natural_key()) == material
    assert OperatingModel.objects.get_by_natural_key("mielikioski") == catalogue[13]


def test_published_excludes_drafts():
    draft = OperatingModelFactory(is_published=False)
    assert draft not in OperatingModel.objects.published()
    assert OperatingModel.objects.published().count() == 15


def test_material_is_pdf_reads_the_url_path(catalogue):
    assert catalogue[15].materials.get().is_pdf
    assert not catalogue[1].materials.get().is_pdf


def test_figure_display_values_follow_the_reports_wording():
    # Finnish is the default language: the report's own "noin" and "yli".
    assert Figure.objects.get(slug="menetelmakoulutukset-osallistujat").display_value == (
        "noin 12\u00a0800"
    )
    assert Figure.objects.get(slug="viestinta-tavoitetut-henkilot").display_value == (
        "yli 280\u00a0000"
    )


@translation.override("en")
def test_figure_display_values_in_english():
    assert Figure.objects.get(slug="menetelmakoulutukset-osallistujat").display_value == (
        "about 12\u00a0800"
    )
    assert Figure.objects.get(slug="viestinta-tavoitetut-henkilot").display_value == (
        "over 280\u00a0000"
    )
    assert Figure.objects.get(slug="hanketuki-webinaarien-yleiso").display_value == "about 100–500"
    assert Figure.objects.get(slug="viestinta-kyselyyn-vastanneet-hankkeet").display_value == "11"


def assert_database_refuses(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_database_enforces_unique_number_and_slug(catalogue):
    project = ProjectFactory()
    fields = {
        "name": "Uusi",
        "theme": "t",
        "goals": "g",
        "innokyla_url": "https://innokyla.fi/x",
        "project": project,
    }
    assert_database_refuses(lambda: OperatingModel.objects.create(number=13, slug="uusi", **fields))
    assert_database_refuses(
        lambda: OperatingModel.objects.create(number=99, slug="mielikioski", **fields)
    )


def test_database_enforces_step_order_unique_per_model(catalogue):
    assert_database_refuses(
        lambda: Step.objects.create(operating_model=catalogue[1], number=1, text="Toinen ykkönen")
    )
    # The same number in another model is fine.
    Step.objects.create(operating_model=catalogue[1], number=4, text="Neljäs vaihe")


def test_database_enforces_non_empty_texts_and_http_links(catalogue):
    assert_database_refuses(
        lambda: Step.objects.create(operating_model=catalogue[1], number=9, text="")
    )
    assert_database_refuses(
        lambda: Material.objects.create(
            operating_model=catalogue[1], order=9, title="x", url="javascript:alert(1)", kind="tool"
        )
    )
    assert_database_refuses(
        lambda: Material.objects.create(
            operating_model=catalogue[1], order=9, title="x", url="https://x.fi", kind="poster"
        )
    )
    assert_database_refuses(lambda: OperatingModel.objects.filter(number=1).update(name=""))


def test_database_enforces_figure_invariants():
    figure = Figure.objects.get(slug="hanketuki-webinaarien-yleiso")
    assert_database_refuses(lambda: Figure.objects.filter(pk=figure.pk).update(value_max=10))
    method = Figure.objects.get(slug="menetelmakoulutukset-lukumaara")
    assert_database_refuses(
        lambda: Figure.objects.filter(pk=method.pk).update(is_reported_total=True)
    )


def test_deleting_a_model_deletes_its_steps_and_materials(catalogue):
    catalogue[3].delete()
    assert not Step.objects.filter(operating_model__number=3).exists()
    assert not Material.objects.filter(operating_model__number=3).exists()
