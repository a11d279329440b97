"""generate_synthetic: benchmark data that looks like the catalogue and goes away again."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from models_catalog import caching
from models_catalog.filters import OperatingModelFilter
from models_catalog.models import Material, OperatingModel, Step, WellbeingCounty
from models_catalog.synthetic import FIRST_NUMBER, generate_synthetic
from search import engine as search

pytestmark = pytest.mark.django_db

LIST_URL = "/"


def indexed_models() -> int:
    return len(search.indexed_pks("default"))


def synthetic():
    return OperatingModel.objects.filter(is_synthetic=True)


def test_makes_complete_models_that_pass_validation():
    call_command("generate_synthetic", "60", verbosity=0)
    models = synthetic().prefetch_related(
        "steps", "materials", "organisations", "counties", "work_target_groups"
    )
    assert models.count() == 60
    assert OperatingModel.objects.filter(is_synthetic=False).count() == 15
    for model in models:
        assert 3 <= len(model.steps.all()) <= 8
        assert 1 <= len(model.materials.all()) <= 4
        assert model.organisations.all()
        assert model.counties.all()
        assert model.work_target_groups.all()
        assert model.benefit_target_groups.exists()
        assert model.number > FIRST_NUMBER
    sample = models.first()
    sample.full_clean()  # names, slugs, links and texts are what an editor could save


def test_draws_options_with_a_realistic_skew():
    generate_synthetic(300)
    counts = sorted(
        WellbeingCounty.objects.annotate(n=Count("operating_models")).values_list("n", flat=True),
        reverse=True,
    )
    # A few counties carry most models, as in any real collection; none is left empty.
    assert counts[0] >= 4 * counts[len(counts) // 2]
    assert counts[-1] >= 1


def test_the_same_seed_makes_the_same_models():
    generate_synthetic(25, seed=7)
    first = list(synthetic().values_list("name", "theme", "area_text"))
    generate_synthetic(25, seed=7)
    assert list(synthetic().values_list("name", "theme", "area_text")) == first
    generate_synthetic(25, seed=8)
    assert list(synthetic().values_list("name", "theme", "area_text")) != first


def test_running_again_replaces_instead_of_adding():
    generate_synthetic(30)
    generate_synthetic(10)
    assert synthetic().count() == 10


def test_remove_deletes_every_synthetic_row_and_leaves_the_catalogue(client):
    before = client.get(LIST_URL, {"q": "omaishoitajien"}).context["paginator"].count
    counts = (Step.objects.count(), Material.objects.count(), indexed_models())
    call_command("generate_synthetic", "40", verbosity=0)
    assert Step.objects.count() > counts[0]
    call_command("generate_synthetic", "--remove", verbosity=0)
    assert not synthetic().exists()
    assert (Step.objects.count(), Material.objects.count(), indexed_models()) == counts
    links = OperatingModel.counties.through.objects
    assert not links.exclude(operatingmodel__in=OperatingModel.objects.all()).exists()
    assert client.get(LIST_URL, {"q": "omaishoitajien"}).context["paginator"].count == before


def test_refuses_with_production_settings(settings):
    settings.SYNTHETIC_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="not allowed"):
        call_command("generate_synthetic", "5")
    assert not synthetic().exists()


@pytest.mark.parametrize("arguments", [[], ["-3"], ["5", "--remove"]])
def test_bad_arguments_get_a_clear_message(arguments):
    with pytest.raises(CommandError):
        call_command("generate_synthetic", *arguments)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "county=etela-savo",
        "county=etela-savo&benefit=palvelujen-asiakkaat",
        "q=yksinäisyys&county=etela-savo&material=video",
        "q=nuorten&organisation=mieli-ry&challenge=juurruttaminen",
    ],
)
def test_facet_counts_equal_what_each_option_gives_at_scale(query):
    """The one-query facet counts (facet keys on PostgreSQL, link tables on SQLite) against
    the plain ORM, option by option, on a few hundred synthetic models."""
    from django.http import QueryDict

    from models_catalog.listing import build_listing

    lookups = {
        "county": "counties__slug",
        "benefit": "benefit_target_groups__slug",
        "material": "materials__kind",
        "challenge": "challenges__slug",
    }
    generate_synthetic(250)
    data = QueryDict(query)
    listing = build_listing(data)
    counts = {
        facet.name: {option.value: option.count for option in facet.options if option.count}
        for facet in listing.facets
    }
    filtered = OperatingModelFilter(data, queryset=OperatingModel.objects.published()).qs
    assert listing.paginator.count == filtered.count() > 0
    for name, lookup in lookups.items():
        others = data.copy()
        others.pop(name, None)
        without = OperatingModelFilter(others, queryset=OperatingModel.objects.published()).qs
        expected = Counter(
            dict(
                without.order_by()
                .values_list(lookup)
                .annotate(n=Count("pk", distinct=True))
                .values_list(lookup, "n")
            )
        )
        expected.pop(None, None)
        assert counts[name] == dict(expected), name


def test_pages_and_downloads_run_the_same_number_of_queries_at_any_size(
    client, django_assert_num_queries
):
    # Pages with results at both sizes: an empty page skips the cards' queries.
    pages = [
        (LIST_URL, {}),
        (LIST_URL, {"q": "mielenterveys", "county": "pirkanmaa"}),
        (LIST_URL, {"q": "nuorten", "county": "pirkanmaa", "benefit": "lapset-ja-nuoret"}),
        ("/toimintamallit/mielikioski/", {}),
        ("/api/v1/operating-models/", {}),
        ("/api/v1/operating-models/mielikioski/", {}),
        ("/toimintamallit.csv", {}),
        ("/toimintamallit.json", {}),
        ("/toimintamallit.csv", {"q": "nuorten"}),
        ("/syote.atom", {}),
        ("/sitemap.xml", {}),
        ("/vertaa/", {"models": "digimieli,mielikioski,mitoke-malli"}),
        ("/muistilista/lataa.csv", {"models": "digimieli,mielikioski"}),
        ("/muistilista/lataa.docx", {"models": "digimieli,mielikioski"}),
        ("/muistilista/lataa.xlsx", {"models": "digimieli,mielikioski"}),
        ("/toimintamallit.xlsx", {}),
        ("/toimintamallit.xlsx", {"q": "nuorten"}),
    ]

    def queries_per_page():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        counts = []
        for url, params in pages:
            caching.invalidate()  # as after an edit: every piece computed afresh
            with CaptureQueriesContext(connection) as context:
                response = client.get(url, params)
                body = response.getvalue()  # a download's statements run as it is sent
            assert response.status_code == 200
            assert b'class="empty-state"' not in body
            counts.append(len(context.captured_queries))
        return counts

    small = queries_per_page()
    generate_synthetic(200)
    assert queries_per_page() == small


def test_whole_downloads_run_the_same_statements_however_many_models_and_chunks(
    client, monkeypatch
):
    """In the report's order a download reads each relation once beside the models."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from models_catalog import streaming

    monkeypatch.setattr(streaming, "CHUNK_SIZE", 7)  # many chunks even at 15 models

    def statements(url):
        with CaptureQueriesContext(connection) as context:
            client.get(url).getvalue()
        return len(context.captured_queries)

    small = [statements("/toimintamallit.csv"), statements("/toimintamallit.json")]
    generate_synthetic(150)
    assert [statements("/toimintamallit.csv"), statements("/toimintamallit.json")] == small


def test_streamed_models_carry_the_relations_a_prefetch_gives(monkeypatch):
    from models_catalog import streaming

    monkeypatch.setattr(streaming, "CHUNK_SIZE", 7)
    generate_synthetic(60)
    OperatingModel.objects.filter(number=3).update(is_published=False)
    relations = [
        "steps",
        "materials",
        "organisations",
        "counties",
        "municipalities",
        "benefit_target_groups",
        "work_target_groups",
        "challenges",
    ]
    queryset = OperatingModel.objects.published().order_by("number").for_export()

    def described(models):
        return [
            (
                model.pk,
                model.project.name,
                {name: [str(item) for item in getattr(model, name).all()] for name in relations},
                [m.county.name for m in model.municipalities.all()],
            )
            for model in models
        ]

    streamed = described(streaming.stream(queryset))
    assert len(streamed) == OperatingModel.objects.published().count() == 74
    assert streamed == described(queryset)


def test_related_models_at_scale_come_from_candidates_sharing_most(monkeypatch):
    """With few candidates, the related models are still the ones sharing the most among the
    first models (in the report's order) that share anything, most shared first."""
    from models_catalog import models as catalogue

    monkeypatch.setattr(catalogue, "RELATED_CANDIDATES", 12)
    generate_synthetic(150)
    published = OperatingModel.objects.published()
    for model in published.for_detail().filter(number__in=[1, 7, 13]):
        groups = set(model.benefit_target_groups.all())
        counties = set(model.counties.all())

        def shared(other, groups=groups, counties=counties):
            return len(groups & set(other.benefit_target_groups.all())) + len(
                counties & set(other.counties.all())
            )

        others = published.exclude(pk=model.pk).order_by("number").for_detail()
        candidates = [other for other in others if shared(other)][:12]
        expected = sorted(candidates, key=lambda other: (-shared(other), other.number))[:4]
        assert published.related_pks(model, limit=4) == [other.pk for other in expected]


def test_a_search_matching_very_many_ranks_the_models_named_so_first(monkeypatch):
    """Past RANK_WINDOW matches, the models with the word in their name or theme come first,
    ranked, and the others follow in the report's order."""
    from models_catalog.search_documents import document
    from search import engine
    from search.documents import weighted_terms

    generate_synthetic(150)
    published = OperatingModel.objects.published().for_detail()

    def ordered(text):
        result = engine.search(published, text)
        return result, list(result.queryset.order_by(*result.order_by))

    result, fully_ranked = ordered("yksinäisyys")
    monkeypatch.setattr(engine, "RANK_WINDOW", 10)
    _result, windowed = ordered("yksinäisyys")
    (group,) = result.query.groups
    named = {
        model
        for model in fully_ranked
        if any(
            set(alternative) <= set(weighted_terms(document(model))["A"].split())
            for alternative in group.alternatives
        )
    }
    assert 0 < len(named) < len(windowed) == len(fully_ranked) > 10
    first, rest = windowed[: len(named)], windowed[len(named) :]
    assert set(first) == named
    assert [model.search_rank for model in first] == sorted(
        (model.search_rank for model in first), reverse=True
    )
    assert rest == sorted(rest, key=lambda model: model.number)
