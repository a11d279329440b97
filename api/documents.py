"""The API's operating models, kept ready: written when a model changes, read as they are.

- published_detail(using, slug) and published_summaries(using, ids): published models as
  `with_api_document()` gives them, each in one statement compiled once per process
  (mito.statements);
- write(using, operating_models): (re)write their documents (models.ModelDocument), on every
  change (models_catalog.derived.refreshed) and for models that have none (post_migrate);
- Reader(request).detail(model) / .summaries(models): the documents of models annotated by
  `with_api_document()`, their links made absolute for the request and its language, as
  `orjson.Fragment`s: put into the response as they are, never parsed and encoded again
  (renderers.DocumentRenderer); .detail_data(model) parses one (the JSON download indents it).

Serialising a model and its nine relations through the serializers took 10–40 ms per request;
reading its document is one row. The serializers stay the one definition of the representation
(and of the OpenAPI schema): a document is exactly what they give, written in Finnish (the
language the fields are in; nested lists then keep one order whatever the reader's language).
"""

import json
import re

import orjson
from django.conf import settings
from django.utils.translation import override

from mito import statements
from mito.languages import page_url
from models_catalog.models import OperatingModel

from .models import ModelDocument
from .serializers import OperatingModelDetailSerializer, OperatingModelListSerializer

#: The catalogue's pages are under a language prefix (i18n_patterns); the API is not.
PAGE_LINK_KEY = "web_url"
#: Our links in a document: host-relative values of "url" and "web_url" (a material's "url" is
#: its own, absolute). In JSON text a key's quotes cannot be inside a string (they would be
#: escaped there), so this finds exactly the keys, at any depth, with any spacing.
LINK = re.compile(rf'"(url|{PAGE_LINK_KEY})"(\s*:\s*)"/')
#: What DRF's JSON renderer escapes, so the documents read as its other answers do.
LINE_SEPARATORS = {"\u2028": "\\u2028", "\u2029": "\\u2029"}
WRITE_BATCH = 500
#: Stands for the slug asked in _published_detail, which is compiled once (mito.statements).
_SLUG = "slug asked"
_DETAIL_ROWS = ("pk", "document")
_SUMMARY_ROWS = ("pk", "slug", "document")


def published_detail(using: str, slug: str) -> OperatingModel | None:
    """The published model `slug` as `with_api_document("detail")` gives it, None if there is
    none: building and compiling the query took more than half of the answer's time."""
    rows = statements.rows(_published_detail, _DETAIL_ROWS, using, {_SLUG: slug})
    if not rows:
        return None
    pk, document = rows[0]
    return _identified(using, pk, slug, document)


def published_summaries(using: str, pks: list[int]) -> dict[int, OperatingModel]:
    """{id: model} of these published models (a page of the API's) as
    `with_api_document("summary")` gives them, in one statement compiled once per process
    and number of ids."""
    rows = statements.rows_of_ids(_published_summaries, _SUMMARY_ROWS, using, pks)
    return {pk: _identified(using, pk, slug, document) for pk, slug, document in rows}


def _identified(using: str, pk: int, slug: str, document: str) -> OperatingModel:
    model = OperatingModel.from_db(using, ["id", "slug"], [pk, slug])
    model.document = document
    return model


def _published_summaries(using: str, placeholders: tuple[int, ...]):
    published = OperatingModel.objects.using(using).published().with_api_document("summary")
    return published.filter(pk__in=placeholders).order_by().values_list(*_SUMMARY_ROWS)


def _published_detail(using: str):
    published = OperatingModel.objects.using(using).published().with_api_document("detail")
    return published.filter(slug=_SLUG).order_by().values_list(*_DETAIL_ROWS)


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
        origin = request.build_absolute_uri("/").removesuffix("/")
        # Finnish pages are at the root (no prefix for the default language, mito/urls.py), so
        # a page's stored link moves under the reader's language prefix as it is.
        pages = origin + page_url("models_catalog:list")
        self.prefixes = {"url": origin + "/", PAGE_LINK_KEY: pages}

    def detail(self, model) -> orjson.Fragment:
        return orjson.Fragment(self._read(model, "detail"))

    def detail_data(self, model) -> dict:
        return json.loads(self._read(model, "detail"))

    def summaries(self, models) -> list[orjson.Fragment]:
        return [orjson.Fragment(self._read(model, "summary")) for model in models]

    def _read(self, model, form: str) -> str:
        text = model.document
        if text is None:  # written outside the signals (a bulk write): serialise it now
            full = OperatingModel.objects.using(model._state.db).for_detail().get(pk=model.pk)
            text = _representations(full)[form]
        for character, escaped in LINE_SEPARATORS.items():
            if character in text:
                text = text.replace(character, escaped)
        return LINK.sub(self._absolute, text)

    def _absolute(self, match) -> str:
        key, colon = match.groups()
        return f'"{key}"{colon}"{self.prefixes[key]}'
