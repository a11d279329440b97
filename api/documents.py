"""The API's operating models, kept ready: written when a model changes, read as they are.

- write(using, operating_models): (re)write their documents (models.ModelDocument), on every
  change (models_catalog.derived.refreshed) and for models that have none (post_migrate);
- Reader(request).detail(model) / .summaries(models): the documents of models annotated by
  `with_api_document()`, their links made absolute for the request and its language.

Serialising a model and its nine relations through the serializers took 10–40 ms per request;
reading its document is one row. The serializers stay the one definition of the representation
(and of the OpenAPI schema): a document is exactly what they give, written in Finnish (the
language the fields are in; nested lists then keep one order whatever the reader's language).
"""

import json

from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

from models_catalog.models import OperatingModel

from .models import ModelDocument
from .serializers import OperatingModelDetailSerializer, OperatingModelListSerializer

#: Keys whose host-relative values are our links ("url" of a material is its own, absolute).
LINK_KEYS = frozenset({"url", "web_url"})
#: The catalogue's pages are under a language prefix (i18n_patterns); the API is not.
PAGE_LINK_KEY = "web_url"
WRITE_BATCH = 500


def write(using: str, operating_models) -> None:
    """Write these models' documents (their relations prefetched, as `for_detail()` does)."""
    rows = [
        ModelDocument(operating_model_id=model.pk, **_representations(model))
        for model in operating_models
    ]
    ModelDocument.objects.using(using).bulk_create(
        rows,
        batch_size=WRITE_BATCH,
        update_conflicts=True,
        unique_fields=["operating_model"],
        update_fields=["summary", "detail"],
    )


def write_missing(using: str) -> int:
    """Write the documents of the models that have none (after migrating); how many."""
    models = OperatingModel.objects.using(using)
    missing = list(models.filter(api_document__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(missing), WRITE_BATCH):
        batch = missing[start : start + WRITE_BATCH]
        with override(settings.LANGUAGE_CODE):
            write(using, models.filter(pk__in=batch).for_detail())
    return len(missing)


def _representations(model) -> dict[str, str]:
    context = {"request": None}  # host-relative links
    with override(settings.LANGUAGE_CODE):
        return {
            "summary": _dumps(OperatingModelListSerializer(model, context=context).data),
            "detail": _dumps(OperatingModelDetailSerializer(model, context=context).data),
        }


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class Reader:
    """Documents as one request sees them: absolute links, pages in its language."""

    def __init__(self, request):
        self.origin = request.build_absolute_uri("/").removesuffix("/")
        with override(settings.LANGUAGE_CODE):
            self.finnish_home = reverse("models_catalog:list")
        self.home = reverse("models_catalog:list")

    def detail(self, model) -> dict:
        return self._read(model, "detail")

    def summaries(self, models) -> list[dict]:
        return [self._read(model, "summary") for model in models]

    def _read(self, model, form: str) -> dict:
        text = model.document
        if text is None:  # written outside the signals (a bulk write): serialise it now
            full = OperatingModel.objects.using(model._state.db).for_detail().get(pk=model.pk)
            text = _representations(full)[form]
        data = json.loads(text)
        self._absolute(data)
        return data

    def _absolute(self, node) -> None:
        if isinstance(node, list):
            for item in node:
                self._absolute(item)
            return
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                self._absolute(value)
            elif key in LINK_KEYS and isinstance(value, str) and value.startswith("/"):
                if key == PAGE_LINK_KEY:
                    value = self.home + value.removeprefix(self.finnish_home)
                node[key] = self.origin + value
