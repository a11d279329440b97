"""The facet bitmaps (search.facets) follow every change of the catalogue, on any database."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pyroaring import BitMap

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
        "order": list(index.order),
        **{
            f"{facet}:{option}": set(members)
            for facet, options in index.options.items()
            for option, members in options.items()
            if members
        },
    }


def as_linked() -> dict:
    published = OperatingModel.objects.published().order_by("number")
    return {
        "models": set(published.values_list("pk", flat=True)),
        "order": list(published.values_list("pk", flat=True)),
        **{
            ":".join(key): set(members)
            for key, members in facets._from_links("default").items()
            if members
        },
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
    models[4].number, models[5].number = 10_000, 1_000  # renumbered past the others, swapped
    models[4].save()
    models[5].save()
    assert as_read() == as_linked()


def test_rebuild_restores_bitmaps_a_bulk_change_bypassed():
    # Below the catalogue's own update(): a plain UPDATE, as a data migration might run.
    OperatingModel._base_manager.filter(number__in=[1, 2]).update(is_published=False)
    assert as_read() != as_linked()
    facets.rebuild("default")
    assert as_read() == as_linked()


def test_counting_reads_one_statement_whether_or_not_the_bitmaps_changed():
    facets.current("default")
    with CaptureQueriesContext(connection) as unchanged:
        facets.current("default")
    OperatingModelFactory()
    with CaptureQueriesContext(connection) as changed:
        index = facets.current("default")
    assert len(unchanged) == len(changed) == 1
    assert len(index.models) == OperatingModel.objects.published().count()


@pytest.mark.parametrize("catalogue_size", [40, 3_000])
def test_related_are_the_first_sharing_candidates_ranked_by_options_shared(
    catalogue_size, monkeypatch
):
    """FacetIndex.related against its definition, with few and with many models sharing (it
    sorts the few by their place and walks the report's order for the many)."""
    monkeypatch.setattr(facets, "RELATED_CANDIDATES", 6)  # a window that changes the choice
    rng = random.Random(catalogue_size)
    order = rng.sample(range(1, 10 * catalogue_size), catalogue_size)
    owned = {
        pk: {("benefit", str(group)) for group in rng.sample(range(8), rng.randint(1, 4))}
        | {("county", str(rng.randrange(200)))}
        for pk in order
    }
    options = {}
    for pk, keys in owned.items():
        for facet, option in keys:
            options.setdefault(facet, {}).setdefault(option, BitMap()).add(pk)
    index = facets.FacetIndex(BitMap(order), options, tuple(order))
    for pk in order[:: catalogue_size // 20]:
        for own in (owned[pk], {key for key in owned[pk] if key[0] == "county"}):
            shared = {other: len(own & owned[other]) for other in order if other != pk}
            candidates = [other for other in order if shared.get(other)][
                : facets.RELATED_CANDIDATES
            ]
            expected = sorted(candidates, key=lambda other: -shared[other])[:4]
            chosen = {facet: [option for f, option in own if f == facet] for facet, _ in own}
            assert index.related(pk, chosen, 4) == expected


def test_an_edit_that_keeps_every_models_place_does_not_write_the_order_again(monkeypatch):
    """The published models' row (1.6 MB at 100 000) is written when a number or a
    publication changes, not with every edit."""
    written = []
    encode = facets._encode_order
    monkeypatch.setattr(
        facets, "_encode_order", lambda order: written.append(order) or encode(order)
    )
    model = OperatingModel.objects.get(number=3)
    model.theme_fi += " (muokattu)"
    model.save()
    assert written == []
    model.number = 10_000
    model.save()
    assert [pk for _number, pk in written[-1]][-1] == model.pk
    assert facets.current("default").order[-1] == model.pk


@pytest.mark.parametrize("many", [False, True], ids=["a few models", "more than a hundred"])
def test_the_order_is_written_only_when_a_changed_model_moves_or_is_published(monkeypatch, many):
    """Whether the changed models keep their places is read from the stored order: for a few
    models by looking each up, for many in one pass; both must see a move, a publication
    and a withdrawal, and nothing else."""
    generate_synthetic(120 if many else 0)
    published = OperatingModel.objects.published().order_by("number")
    places = dict(published.values_list("pk", "number"))
    keys = {pk: ["county:pirkanmaa"] for pk in places}
    changed = list(places)[: 110 if many else 3]
    written = []
    encode = facets._encode_order
    monkeypatch.setattr(
        facets, "_encode_order", lambda order: written.append(order) or encode(order)
    )

    kept = {pk: (places[pk], keys[pk]) for pk in changed}
    facets.update("default", kept)
    assert written == []
    last = max(places.values()) + 1
    moved = kept | {changed[1]: (last, keys[changed[1]])}
    facets.update("default", moved)
    assert len(written) == 1
    assert written[0][-1] == (last, changed[1])
    facets.update("default", {changed[0]: None})
    assert changed[0] not in facets.current("default").models
    assert len(written) == 2
    facets.update("default", {changed[0]: (places[changed[0]], keys[changed[0]])})
    assert len(written) == 3
    assert facets.current("default").order[0] == changed[0]
