"""The facet bitmaps (search.facets, their members from models_catalog.facets) follow every
change of the catalogue, on any database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from models_catalog import facets as facet_links
from models_catalog.models import Material, OperatingModel, WellbeingCounty
from models_catalog.synthetic import generate_synthetic
from search import facets

from .factories import OperatingModelFactory

pytestmark = pytest.mark.django_db


def county_count(client, slug: str) -> int:
    listing = client.get("/", {"county": slug})
    options = next(facet for facet in listing.context["facets"] if facet.name == "county")
    return next((option.count for option in options.options if option.value == slug), 0)


def as_read() -> dict:
    index = facets.current("default")
    return {
        "models": set(index.models),
        **{
            f"{facet}:{option}": set(members)
            for facet, options in index.options.items()
            for option, members in options.items()
            if members
        },
    }


def as_linked() -> dict:
    bitmaps = facet_links.from_links("default")
    return {
        ("models" if key == facets.PUBLISHED else ":".join(key)): set(members)
        for key, members in bitmaps.items()
        if members or key == facets.PUBLISHED
    }


def test_counts_follow_publishing_linking_and_deleting(client):
    pirkanmaa = WellbeingCounty.objects.get(slug="pirkanmaa")
    before = county_count(client, "pirkanmaa")
    model = OperatingModelFactory(is_published=False)
    model.counties.add(pirkanmaa)
    assert county_count(client, "pirkanmaa") == before  # a draft is no one's option
    model.is_published = True
    model.save()
    assert county_count(client, "pirkanmaa") == before + 1
    model.counties.remove(pirkanmaa)
    assert county_count(client, "pirkanmaa") == before
    model.counties.add(pirkanmaa)
    model.delete()
    assert county_count(client, "pirkanmaa") == before


def test_bitmaps_equal_a_count_from_the_links_after_many_kinds_of_change():
    generate_synthetic(120)
    models = list(OperatingModel.objects.filter(is_synthetic=True).order_by("pk")[:6])
    models[0].is_published = False
    models[0].save()
    models[1].delete()
    models[2].counties.clear()
    Material.objects.filter(operating_model=models[3]).update(kind="video")
    WellbeingCounty.objects.filter(slug="pirkanmaa").get().save()
    assert as_read() == as_linked()


def test_a_bulk_update_reaches_the_bitmaps():
    OperatingModel.objects.filter(number__in=[1, 2]).update(is_published=False)
    assert as_read() == as_linked()


def test_rebuild_restores_bitmaps_raw_sql_bypassed():
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {OperatingModel._meta.db_table} SET is_published = %s WHERE number < 3",
            [False],
        )
    assert as_read() != as_linked()
    assert facet_links.differences("default")
    facet_links.rebuild("default")
    assert as_read() == as_linked()
    assert not facet_links.differences("default")


def test_counting_reads_one_statement_whether_or_not_the_bitmaps_changed():
    facets.current("default")
    with CaptureQueriesContext(connection) as unchanged:
        facets.current("default")
    OperatingModelFactory()
    with CaptureQueriesContext(connection) as changed:
        index = facets.current("default")
    assert len(unchanged) == len(changed) == 1
    assert len(index.models) == OperatingModel.objects.published().count()
