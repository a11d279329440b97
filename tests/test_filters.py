"""The list page's FilterSet on the real catalogue: facets alone and combined, counts, chips."""

import pytest
from django.http import QueryDict

from models_catalog.filters import OperatingModelFilter
from models_catalog.listing import build_listing, normalised_query
from models_catalog.models import OperatingModel, WellbeingCounty
from tests.factories import OperatingModelFactory

pytestmark = pytest.mark.django_db


def filtered(query: str) -> OperatingModelFilter:
    return OperatingModelFilter(
        QueryDict(query), queryset=OperatingModel.objects.published().for_listing()
    )


def numbers(query: str) -> list[int]:
    return [model.number for model in filtered(query).qs]


def facet_counts(query: str, name: str) -> dict[str, int]:
    facet = next(facet for facet in build_listing(QueryDict(query)).facets if facet.name == name)
    return {option.value: option.count for option in facet.options}


def expected_numbers(**lookups) -> list[int]:
    """The same question asked of the ORM directly, to compare the filters with."""
    queryset = OperatingModel.objects.published()
    for lookup, value in lookups.items():
        queryset = queryset.filter(**{lookup: value})
    return sorted(set(queryset.values_list("number", flat=True)))


def test_no_filters_gives_all_fifteen_in_report_order():
    assert numbers("") == list(range(1, 16))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("county=pohjois-pohjanmaa", [14, 15]),
        ("county=pirkanmaa", [5, 8, 13]),
        ("county=helsinki", [1, 8]),
        ("municipality=oulu", [14, 15]),
        ("municipality=ylojarvi", [13]),
        ("benefit=omaishoitajat", [14]),
        ("benefit=pakolaiset-ja-maahanmuuttajat", [8]),
        ("benefit=ikaantyneet", [9, 13]),
        ("work=johto-ja-esihenkilot", [2, 11]),
        ("organisation=mieli-ry", [2, 8, 10]),
        ("material=video", [6, 7, 12, 13]),
        ("material=video_playlist", [10]),
    ],
)
def test_each_filter_alone(query, expected):
    assert numbers(query) == expected


def test_options_within_a_facet_combine_with_or():
    assert numbers("county=pirkanmaa&county=pohjois-pohjanmaa") == [5, 8, 13, 14, 15]


def test_facets_combine_with_and():
    assert numbers("county=pirkanmaa&benefit=lapset-ja-nuoret") == [5]
    assert numbers("county=pirkanmaa&organisation=mieli-ry") == [8]
    assert numbers("material=guide&county=pohjois-pohjanmaa") == [14]
    assert numbers("county=pirkanmaa&benefit=omaishoitajat") == []


def test_filters_match_the_orm_for_every_county():
    for county in ["pirkanmaa", "helsinki", "lansi-uusimaa", "kainuu", "satakunta"]:
        assert numbers(f"county={county}") == expected_numbers(counties__slug=county)


def test_search_combines_with_facets():
    assert numbers("q=pakolaisten") == [8]
    assert numbers("q=pakolaisten&county=pirkanmaa") == [8]
    assert numbers("q=pakolaisten&county=lappi") == []


def test_facet_counts_apply_the_other_filters():
    counts = facet_counts("county=pirkanmaa", "benefit")
    # Pirkanmaa's models are 5 (young people), 8 (refugees) and 13 (adults, older people).
    assert counts == {
        "lapset-ja-nuoret": 1,
        "pakolaiset-ja-maahanmuuttajat": 1,
        "tyoikaiset": 1,
        "ikaantyneet": 1,
    }
    # A facet's own selection does not narrow its own counts.
    county_counts = facet_counts("county=pirkanmaa", "county")
    assert county_counts["pirkanmaa"] == 3
    assert county_counts["pohjois-pohjanmaa"] == 2


def test_facet_counts_match_what_each_option_would_give():
    for facet in build_listing(QueryDict("benefit=kaikki-kuntalaiset")).facets:
        for option in facet.options:
            if option.selected:
                continue
            query = f"benefit=kaikki-kuntalaiset&{facet.name}={option.value}"
            if facet.name == "benefit":
                query = f"benefit={option.value}"
            assert option.count == len(numbers(query)), (facet.name, option.value)


def test_options_with_no_models_are_left_out_unless_selected():
    county_options = facet_counts("", "county")
    assert "satakunta" not in county_options
    used = WellbeingCounty.objects.filter(operating_models__isnull=False).distinct().count()
    assert len(county_options) == used == 16
    assert facet_counts("county=satakunta", "county")["satakunta"] == 0


def test_facet_counts_leave_out_drafts():
    OperatingModelFactory(is_published=False).counties.add(
        OperatingModel.objects.get(number=13).counties.get()
    )
    assert facet_counts("", "county")["pirkanmaa"] == 3


def test_chips_name_each_active_filter_and_remove_only_it():
    query = normalised_query(
        QueryDict("county=pirkanmaa&county=helsinki&benefit=ikaantyneet&q=mieli&page=2")
    )
    chips = build_listing(query).chips
    # Search first, then the facets in the form's order, options alphabetically by slug.
    assert [chip.label for chip in chips] == ["“mieli”", "Ikääntyneet", "Helsinki", "Pirkanmaa"]
    pirkanmaa = next(chip for chip in chips if chip.label == "Pirkanmaa")
    remaining = QueryDict(pirkanmaa.remove_query)
    assert remaining.getlist("county") == ["helsinki"]
    assert remaining.getlist("benefit") == ["ikaantyneet"]
    assert "page" not in remaining


def test_unknown_values_are_reported_and_ignored():
    filterset = filtered("county=atlantis&benefit=omaishoitajat")
    assert numbers("county=atlantis&benefit=omaishoitajat") == [14]
    assert "county" in filterset.form.errors
    listing = build_listing(QueryDict("county=atlantis&benefit=omaishoitajat"))
    facet = next(facet for facet in listing.facets if facet.name == "county")
    assert facet.errors


def test_sort_by_number_and_by_name():
    assert numbers("sort=number") == list(range(1, 16))
    by_name = list(filtered("sort=name").qs)
    assert by_name[0].name.startswith("Digimieli")
    assert by_name[-1].name == "Opastava perhetyö"


def test_sort_by_recently_updated():
    OperatingModel.objects.get(number=9).save()  # stamps updated_at now
    assert numbers("sort=updated")[0] == 9


def test_relevance_without_a_search_falls_back_to_report_order():
    assert numbers("sort=relevance") == list(range(1, 16))


def test_filters_follow_edits_to_links_and_vocabularies(catalogue):
    from models_catalog.models import ChallengeTag

    model = catalogue[13]
    assert 13 not in numbers("county=lappi")
    model.counties.add(WellbeingCounty.objects.get(slug="lappi"))
    assert 13 in numbers("county=lappi")
    model.counties.remove(WellbeingCounty.objects.get(slug="lappi"))
    assert 13 not in numbers("county=lappi")
    tag = model.challenges.first()
    tag.slug = "uusi-tunnus"
    tag.save()
    assert 13 in numbers("challenge=uusi-tunnus")
    assert ChallengeTag.objects.filter(slug="uusi-tunnus").exists()
