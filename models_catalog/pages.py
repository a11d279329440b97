"""Each operating model's page, kept ready per language (models.ModelPage).

A model's page is the same for every reader in one language, but for the request's host (its
canonical address) and the reader's own form (the shortlist's CSRF token). What is the same is
kept in one row per model and language:
- `content`: the page's content, without the related models;
- `card`: the model's card, as other models' pages show it among their related models;
- `facts`: its name, theme and time of change as the page's title and head show them, its
  schema.org data (the head adds the page's address) and the target groups and counties its
  related models are ranked by.

Reading a page is three statements whatever the catalogue's size, each compiled once per
process (mito.statements): the model's row, the version of the facet bitmaps its related
models are ranked from (search.related) and their cards.

Rows are written when the model or anything it shows changes (`keep`, from derived.refresh, in
the editor's own transaction) and when a check of one of its links is recorded (signals.py). A
row rendered by other code (`version()`) is not read. Where a row is missing, its first reader
renders and keeps it (`_fill`): after migrating, after a deploy, and after a change to more
than EAGER_LIMIT models at once (the synthetic catalogue, a rename shown by thousands), which
drops their rows instead of rendering three pages for each.
"""

import functools
import hashlib
import json
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language, override

from mito import statements
from search import engine as search

from .models import ModelPage, OperatingModel
from .structured_data import json_ld, structured_data

#: Changes to more models at once drop their rows: their readers render them again.
EAGER_LIMIT = 100
#: Of each model's related models, how many its page shows.
RELATED_LIMIT = 4
#: What a kept row is rendered with besides the data: templates, translations and code.
RENDERED_BY = (".html", ".mo", ".py")


def version() -> str:
    """A digest of the project's own templates, translations and code, and Django's version: a
    deploy that changes any of them makes every kept row outdated, to be rendered again by its
    next reader. With DEBUG on (development) templates change under the developer's hands, so
    it is taken anew for every page."""
    return _digest() if settings.DEBUG else _digest_once()


def _digest() -> str:
    roots = [Path(directory) for directory in settings.TEMPLATES[0]["DIRS"]]
    roots += [Path(directory) for directory in settings.LOCALE_PATHS]
    # The project's own apps only: not those installed in a virtual environment inside it.
    roots += [
        Path(app.path)
        for app in apps.get_app_configs()
        if Path(app.path).parent == settings.BASE_DIR
    ]
    digest = hashlib.sha256(django.get_version().encode())
    for root in sorted(set(roots)):
        for path in sorted(root.rglob("*")):
            if path.suffix in RENDERED_BY and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_digest_once = functools.cache(_digest)


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


# --- reading ---------------------------------------------------------------------------------


def published_parts(request, slug: str) -> dict:
    """The parts of a published model's page (views.render_detail), from the kept rows."""
    language = get_language()
    using = OperatingModel.objects.db
    rows = statements.rows(
        _kept_page, _KEPT_PAGE, using, {_SLUG: slug, _LANGUAGE: language, _VERSION: version()}
    )
    if not rows:
        raise Http404
    pk, content, facts = rows[0]
    if content is None:
        row = _fill(using, [pk], language)[pk]
        content, facts = row.content, row.facts
    else:
        facts = json.loads(facts)
    related = search.related(using, pk, facts["related"], RELATED_LIMIT)
    return _parts(request, slug, content, facts, _cards(using, related, language))


def preview_parts(request, operating_model) -> dict:
    """The parts of any model's page, drafts too (`for_detail()`), rendered now for an editor."""
    _attach_link_checks([operating_model])
    using = operating_model._state.db
    related = search.related(
        using, operating_model.pk, operating_model.related_links(), RELATED_LIMIT
    )
    cards = OperatingModel.objects.using(using).filter(pk__in=related).for_cards().in_bulk()
    return _parts(
        request,
        operating_model.slug,
        _render_content(operating_model, preview=True),
        _facts(operating_model),
        [_render_card(cards[pk]) for pk in related],
        preview=True,
    )


# The queries of a reader's page, compiled once (mito.statements); these stand for its values.
_SLUG, _LANGUAGE, _VERSION = "slug asked", "language asked", "version asked"
_KEPT_PAGE = ("pk", "page_content", "page_facts")
_CARD = ("operating_model_id", "card")


def _kept_page(using: str):
    published = OperatingModel.objects.using(using).published()
    kept = published.with_kept_page(_LANGUAGE, _VERSION).filter(slug=_SLUG)
    return kept.order_by().values_list(*_KEPT_PAGE)


def _kept_cards(using: str, placeholders: tuple[int, ...]):
    kept = ModelPage.objects.using(using).filter(
        operating_model__in=placeholders, language=_LANGUAGE, version=_VERSION
    )
    return kept.order_by().values_list(*_CARD)


def _cards(using: str, pks: list[int], language: str) -> list[str]:
    if not pks:
        return []
    asked = {_LANGUAGE: language, _VERSION: version()}
    kept = dict(statements.rows_of_ids(_kept_cards, _CARD, using, pks, asked))
    missing = [pk for pk in pks if pk not in kept]
    if missing:
        kept |= {pk: row.card for pk, row in _fill(using, missing, language).items()}
    return [kept[pk] for pk in pks]


def _parts(request, slug: str, content: str, facts: dict, cards: list[str], preview=False):
    page_url = request.build_absolute_uri(reverse("models_catalog:detail", args=[slug]))
    context = {
        "page": facts["page"],
        "preview": preview,
        "page_url": page_url,
        "json_ld": json_ld(facts["structured_data"], page_url),
    }
    related = render_to_string(
        "models_catalog/operatingmodel_detail_related.html",
        {"slug": slug, "cards": [mark_safe(card) for card in cards]},
    )
    return {
        "name": facts["page"]["name"],
        "theme": facts["page"]["theme"],
        "head": render_to_string("models_catalog/operatingmodel_detail_head.html", context),
        "content": content + related,
    }


# --- writing ---------------------------------------------------------------------------------


def keep(using: str, pks: list[int]) -> None:
    """Render and keep the pages of these models in every language; of more than EAGER_LIMIT,
    drop them for their readers to render."""
    if len(pks) > EAGER_LIMIT:
        forget(using, pks)
        return
    rows = []
    for language in languages():
        # Read in each language: a page lists an organisation's names, say, in its own order.
        with override(language):
            published = OperatingModel.objects.using(using).published().filter(pk__in=pks)
            rows += _rendered(list(published.for_detail()), language).values()
    ModelPage.objects.using(using).bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["operating_model", "language"],
        update_fields=["version", "content", "card", "facts"],
    )
    # A draft has no public page: nothing is kept of it.
    forget(using, set(pks) - {row.operating_model_id for row in rows})


def forget(using: str, pks) -> None:
    ModelPage.objects.using(using).filter(operating_model__in=list(pks)).delete()


def _fill(using: str, pks: list[int], language: str) -> dict[int, ModelPage]:
    """Render the pages of these models in `language` for a reader who found none, and keep
    them where nothing newer was kept meanwhile (an editor's change wins over this reader)."""
    rows = _rendered(
        list(OperatingModel.objects.using(using).filter(pk__in=pks).for_detail()), language
    )
    kept = ModelPage.objects.using(using)
    try:
        kept.filter(operating_model__in=pks, language=language).exclude(version=version()).delete()
        kept.bulk_create(rows.values(), ignore_conflicts=True)
    except DatabaseError:  # a read-only database still serves the page, rendered now
        pass
    return rows


def _rendered(operating_models, language: str) -> dict[int, ModelPage]:
    """The pages of these models (`for_detail()`) in `language`, read in it."""
    _attach_link_checks(operating_models)
    with override(language):
        return {
            model.pk: ModelPage(
                operating_model_id=model.pk,
                language=language,
                version=version(),
                content=_render_content(model),
                card=_render_card(model),
                facts=_facts(model),
            )
            for model in operating_models
        }


def _render_content(operating_model, preview=False) -> str:
    return render_to_string(
        "models_catalog/operatingmodel_detail_content.html",
        {
            "object": operating_model,
            "preview": preview,
            "page_path": operating_model.get_absolute_url(),
        },
    )


def _render_card(operating_model) -> str:
    if not hasattr(operating_model, "material_count"):  # read for its page, not as a card
        operating_model.material_count = len(operating_model.materials.all())
    return render_to_string(
        "includes/model_card.html", {"model": operating_model, "heading": "h3", "pick": True}
    )


def _facts(operating_model) -> dict:
    return {
        # What the page's title and head show, in the language it is rendered in.
        "page": {
            "name": operating_model.name,
            "theme": operating_model.theme,
            "modified": dateformat.format(localtime(operating_model.updated_at), "c"),
        },
        "structured_data": structured_data(operating_model),
        "related": operating_model.related_links(),
    }


def _attach_link_checks(operating_models) -> None:
    """Put the last check of each link (links app) on the models and their materials."""
    from links.models import LinkCheck

    materials = [material for model in operating_models for material in model.materials.all()]
    urls = [model.innokyla_url for model in operating_models] + [m.url for m in materials]
    checks = LinkCheck.objects.by_url(urls)
    for model in operating_models:
        model.innokyla_check = checks.get(model.innokyla_url)
    for material in materials:
        material.link_check = checks.get(material.url)
