import json
import textwrap
from functools import partial

from django.core.serializers.json import DjangoJSONEncoder
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from models_catalog import streaming
from models_catalog.filters import OperatingModelFilter
from models_catalog.licence import CITATION, LICENCE, SOURCE_URL
from models_catalog.listing import filtered
from models_catalog.models import (
    OperatingModel,
    Organisation,
    TargetGroup,
    WellbeingCounty,
    is_slug,
)
from models_catalog.streaming import DownloadResponse
from trainings.models import Figure

from . import documents
from .renderers import DocumentRenderer
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
    """Objects by slug; any path segment reaches the lookup, so misses are JSON 404s."""

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
    renderer_classes = [DocumentRenderer]
    filterset_class = OperatingModelFilter

    def get_queryset(self):
        models = OperatingModel.objects.published()
        return models.with_api_document("summary" if self.action == "list" else "detail")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(documents.Reader(request).summaries(page))

    def retrieve(self, request, *args, **kwargs):
        return Response(documents.Reader(request).detail(self.get_object()))

    def get_object(self):
        if self.request.query_params:  # the list's filters narrow it (filter_queryset)
            return super().get_object()
        slug = self.kwargs[self.lookup_field]
        using = OperatingModel.objects.db
        model = documents.published_detail(using, slug) if is_slug(slug) else None
        if model is None:
            raise NotFound
        self.check_object_permissions(self.request, model)
        return model

    def filter_queryset(self, queryset):
        if self.action != "list":
            # One model by slug: the list's filters narrow it only when a query gives them.
            return super().filter_queryset(queryset) if self.request.query_params else queryset
        # DjangoFilterBackend's steps, with the count known from the facet bitmaps.
        filterset = OperatingModelFilter(self.request.query_params, queryset, request=self.request)
        if not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        return filterset.counted_results(read=partial(documents.published_summaries, queryset.db))

    def get_serializer_class(self):
        # The representations' one definition (and the schema's); api.documents writes them.
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


def operating_models_json(request):
    """/toimintamallit.json: the list page's models for this query string, every page, in the
    API's detail form, as a download sent as it is made (the count comes last)."""
    models = filtered(request.GET).with_api_document("detail")
    reader = documents.Reader(request)

    def pieces():
        about = {"licence": LICENCE, "citation": CITATION, "source": SOURCE_URL}
        yield _json(about).removesuffix("\n}") + ',\n  "results": ['
        count = 0
        for model in models.iterator(chunk_size=streaming.CHUNK_SIZE):
            item = _json(reader.detail_data(model))
            yield (",\n" if count else "\n") + textwrap.indent(item, "    ")
            count += 1
        yield f'\n  ],\n  "count": {count}\n}}\n'

    response = DownloadResponse(pieces(), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="toimintamallit.json"'
    return response


def _json(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
