import functools
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import get_language, override
from django.views.decorators.http import require_safe
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from models_catalog import caching, streaming
from models_catalog.filters import OperatingModelFilter
from models_catalog.licence import CITATION, LICENCE, SOURCE_URL
from models_catalog.listing import download
from models_catalog.models import (
    OperatingModel,
    Organisation,
    TargetGroup,
    WellbeingCounty,
    is_slug,
)
from models_catalog.streaming import DownloadResponse
from trainings.models import Figure

from .serializers import (
    CountySerializer,
    FigureSerializer,
    OperatingModelDetailSerializer,
    OperatingModelListSerializer,
    OrganisationSerializer,
    TargetGroupSerializer,
    api_url,
)


class SlugViewSet(viewsets.ReadOnlyModelViewSet):
    """Objects by slug; any path segment reaches the lookup, so misses are JSON 404s.

    An answer is the same for every client of its address and language: computed once, and
    kept in the page cache until the catalogue changes (models_catalog.caching). Errors are
    raised, so never kept.
    """

    def list(self, request, *args, **kwargs):
        return self._kept(request, super().list, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._kept(request, super().retrieve, *args, **kwargs)

    def _kept(self, request, answer, *args, **kwargs):
        # The full address: links in the answer are absolute, and the query string filters.
        address = ("api", get_language(), request.build_absolute_uri())
        data = caching.get_or_compute(address, lambda: answer(request, *args, **kwargs).data)
        return Response(data)

    lookup_field = "slug"
    lookup_value_regex = "[^/]+"

    def get_object(self):
        # Any segment reaches here; only slug-shaped ones reach the database.
        if not is_slug(self.kwargs[self.lookup_field]):
            raise NotFound
        return super().get_object()


class OperatingModelViewSet(SlugViewSet):
    """Published operating models, with the list page's filters and search."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = OperatingModelFilter

    def get_queryset(self):
        models = OperatingModel.objects.published()
        if self.action == "list":
            return models.for_listing()
        return models.for_detail().with_adoption()

    def get_serializer_class(self):
        if self.action == "list":
            return OperatingModelListSerializer
        return OperatingModelDetailSerializer


class OrganisationViewSet(SlugViewSet):
    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer


class CountyViewSet(SlugViewSet):
    """The 21 wellbeing services counties and the City of Helsinki."""

    queryset = WellbeingCounty.objects.all()
    serializer_class = CountySerializer


class TargetGroupViewSet(SlugViewSet):
    queryset = TargetGroup.objects.all()
    serializer_class = TargetGroupSerializer


class FigureViewSet(SlugViewSet):
    """The figures of the report's sections 3–5, as reported (totals are not sums)."""

    queryset = Figure.objects.select_related("category")
    serializer_class = FigureSerializer


@extend_schema(
    responses=inline_serializer(
        "ApiRoot",
        {
            "operating_models": serializers.URLField(),
            "organisations": serializers.URLField(),
            "wellbeing_services_counties": serializers.URLField(),
            "target_groups": serializers.URLField(),
            "figures": serializers.URLField(),
            "schema": serializers.URLField(),
            "documentation": serializers.URLField(),
            "licence": serializers.CharField(),
            "citation": serializers.CharField(),
            "source": serializers.URLField(),
        },
    )
)
# HEAD too: CORS advertises it, and monitors use it.
@api_view(["GET", "HEAD"])
def api_root(request):
    """Where everything is, and how the data may be reused and cited."""
    return Response(
        {
            "operating_models": api_url(request, "api:operating-model-list"),
            "organisations": api_url(request, "api:organisation-list"),
            "wellbeing_services_counties": api_url(request, "api:county-list"),
            "target_groups": api_url(request, "api:target-group-list"),
            "figures": api_url(request, "api:figure-list"),
            "schema": api_url(request, "api:schema"),
            "documentation": api_url(request, "api:docs"),
            "licence": LICENCE,
            "citation": CITATION,
            "source": SOURCE_URL,
        }
    )


@require_safe
def operating_models_json(request):
    """/toimintamallit.json: the list page's models for this query string, every page, in the
    API's detail form, as a download sent as it is made (the count comes last); the whole
    catalogue from the file kept for its generation."""
    return download("json", request, functools.partial(_json_download, request))


def _json_download(request, models):
    context = {"request": request}
    language = get_language()

    def pieces():
        with override(language):  # the stream outlives the view
            about = {"licence": LICENCE, "citation": CITATION, "source": SOURCE_URL}
            yield _json(about).removesuffix("}") + ',"results":['
            count = 0
            # One serializer for every model: DRF builds a serializer's fields (and its nested
            # serializers') per instance, which took three quarters of a download's time.
            serializer = OperatingModelDetailSerializer(context=context)
            for model in streaming.each(models):
                yield ("," if count else "") + "\n" + _json(serializer.to_representation(model))
                count += 1
            yield f'\n],"count":{count}}}\n'

    response = DownloadResponse(pieces(), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="toimintamallit.json"'
    return response


def _json(data) -> str:
    """Compact, a model a line: Python's JSON encoder in C does not indent, and indenting
    took half of a whole download's time."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
