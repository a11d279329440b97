"""The schema and Swagger UI views of drf-spectacular, made safe for any request."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import get_supported_language_variant
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


def _normalise_language(request):
    """`?lang=` as one of the site's languages: "en-us" is English, "de" or "abc" Finnish.

    drf-spectacular activates whatever it is given, and the translated fields then ask for
    columns that do not exist (name_de): a 500.
    """
    lang = request.GET.get("lang")
    if lang is None:
        return
    try:
        supported = get_supported_language_variant(lang)
    except LookupError:
        supported = settings.LANGUAGE_CODE
    if supported != lang:
        query = request._request.GET.copy()
        query["lang"] = supported
        request._request.GET = query


# Like drf-spectacular's own views, neither is an operation of the schema.
class SchemaView(SpectacularAPIView):
    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        _normalise_language(request)
        return super().get(request, *args, **kwargs)


class SwaggerView(SpectacularSwaggerSplitView):
    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        _normalise_language(request)
        return super().get(request, *args, **kwargs)

    def options(self, request, *args, **kwargs):
        # DRF would describe the view through its HTML template renderer, which has no
        # template for that: an empty answer that lists the methods is all OPTIONS needs.
        response = HttpResponse(status=200)
        response["Allow"] = ", ".join(self.allowed_methods)
        return response
