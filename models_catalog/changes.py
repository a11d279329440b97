"""The one write path: whatever changes the catalogue, it is made current here, once per
transaction.

Nothing derived from the catalogue is written where a change is made. The signals (signals.py)
and the catalogue's querysets (models.CatalogueQuerySet) only *note* which operating models a
change shows on; when the transaction commits, `refresh()` makes everything derived from the
catalogue current at once:

1. the models whose parts or links changed without a save of their own get a new `updated_at`;
2. the search index entries of every noted model are written again (or forgotten, if the model
   is gone);
3. the facet bitmaps are rebuilt from the link tables (facets.py, kept by search.facets);
4. the page cache gets a new generation, so every cached page is computed again (caching.py).

So admin saves and inlines, links changed from either side, bulk_create(), update(), deletes,
`loaddata`, `load_catalogue`, `import_translations`, reversion's revert and the synthetic
generator all take the same path, and a change rolled back refreshes nothing. What bypasses
the ORM (raw SQL) is repaired by `manage.py rebuild_derived`; `manage.py check_derived`
compares every derived store with what the catalogue's tables say.
"""

from dataclasses import dataclass, field

from django.db import connections, transaction
from django.utils import timezone

from search import engine as search

from . import caching, facets
from .models import Material, OperatingModel, Step
from .search_documents import documents

#: Models read and indexed at a time when many change at once (memory is the limit).
BATCH_SIZE = 2000


@dataclass(eq=False)
class Pending:
    """What one transaction on one database changed."""

    using: str
    #: The operating models whose index entries must be written again (or forgotten).
    operating_models: set[int] = field(default_factory=set)
    #: Those whose own parts or links changed: a new updated_at, unless their own row was
    #: saved (or loaded, with its own updated_at) in the same transaction.
    touched: set[int] = field(default_factory=set)
    saved: set[int] = field(default_factory=set)

    def run(self) -> None:
        connection = connections[self.using]
        if getattr(connection, "catalogue_pending", None) is self:
            del connection.catalogue_pending
        refresh(self.using, self.operating_models, self.touched - self.saved)


def note(using: str, operating_models=(), touched=(), saved=()) -> None:
    """Record that the catalogue changed (and which operating models it shows on), to be
    refreshed once when the current transaction commits (at once outside a transaction):
    `touched` models had their parts or links changed, `saved` their own row written."""
    connection = connections[using]
    pending = getattr(connection, "catalogue_pending", None)
    scheduled = (
        pending is not None
        and connection.in_atomic_block
        and any(callback == pending.run for _sids, callback, _robust in connection.run_on_commit)
    )
    if not scheduled:
        pending = Pending(using)
        connection.catalogue_pending = pending
    pending.operating_models.update(operating_models)
    pending.touched.update(touched)
    pending.saved.update(saved)
    if not scheduled:
        transaction.on_commit(pending.run, using=using)


def refresh(using: str, operating_models=(), touched=()) -> None:
    """Make everything derived from the catalogue current after a change to these models."""
    # The base manager's plain queryset: what is written here is no change to note again.
    models = OperatingModel._base_manager.using(using)
    pks = sorted(set(operating_models))
    with transaction.atomic(using=using):
        if touched:
            # Their own row did not change, so save() did not set it.
            models.filter(pk__in=list(touched)).update(updated_at=timezone.now())
        existing = set(models.filter(pk__in=pks).values_list("pk", flat=True))
        search.forget(using, [pk for pk in pks if pk not in existing])
        _index(using, [pk for pk in pks if pk in existing])
        if pks:  # the options of no other model can have changed
            facets.rebuild(using)
    caching.invalidate()


def rebuild(using: str) -> None:
    """Every derived store written again from the catalogue's tables (after raw SQL, a restore
    of a database dump, or a deploy that changes how a model is indexed)."""
    pks = list(OperatingModel.objects.using(using).values_list("pk", flat=True))
    with transaction.atomic(using=using):
        search.forget(using, search.indexed_pks(using) - set(pks))
        search.forget_words(using)
        _index(using, pks)
        facets.rebuild(using)
    caching.invalidate()
    caching.forget_downloads()


def differences(using: str) -> list[str]:
    """How the derived stores differ from what the catalogue's tables say (empty: in step)."""
    found = []
    pks = list(OperatingModel.objects.using(using).order_by("pk").values_list("pk", flat=True))
    indexed = search.indexed_pks(using)
    if missing := sorted(set(pks) - indexed):
        found.append(f"search index: models not indexed: {missing[:20]}")
    if extra := sorted(indexed - set(pks)):
        found.append(f"search index: entries of models that no longer exist: {extra[:20]}")
    stale = []
    for start in range(0, len(pks), BATCH_SIZE):
        batch = pks[start : start + BATCH_SIZE]
        stale += search.stale_entries(using, documents(using, batch))
    if stale:
        found.append(f"search index: entries that differ from their model: {stale[:20]}")
    if unwritten := search.missing_words(using, documents(using, pks)):
        found.append(f"search lexicon: words written nowhere in it: {sorted(unwritten)[:20]}")
    if bitmaps := facets.differences(using):
        found.append(f"facet bitmaps: options that differ from the links: {bitmaps[:20]}")
    return found


def _index(using: str, pks: list[int]) -> None:
    for start in range(0, len(pks), BATCH_SIZE):
        search.index(using, documents(using, pks[start : start + BATCH_SIZE]))


def _is_part(model) -> bool:
    """Rows that belong to one operating model (steps, materials, other apps' parts)."""
    if model in (Step, Material):
        return True
    field = next((f for f in model._meta.concrete_fields if f.name == "operating_model"), None)
    return field is not None and field.related_model is OperatingModel


def operating_models_of(model, using: str, pks=None, objs=None) -> tuple[set[int], bool]:
    """(the operating models that rows of `model` show on, whether they are the models' own
    parts or links): the rows given by primary key (as they are now) or as objects."""
    if model is OperatingModel:
        return set(pks if pks is not None else (obj.pk for obj in objs)), False
    if _is_part(model) or model._meta.auto_created is OperatingModel:
        column = "operating_model_id" if _is_part(model) else "operatingmodel_id"
        # A row shown on a model's page may not count as an edit of the model (a reader's
        # report that they use it): then its "last updated" stays.
        part = getattr(model, "TOUCHES_OPERATING_MODEL", True)
        if objs is not None:
            return {getattr(obj, column) for obj in objs}, part
        rows = model._base_manager.using(using).filter(pk__in=list(pks))
        return set(rows.values_list(column, flat=True)), part
    if pks is None:
        pks = [obj.pk for obj in objs if obj.pk is not None]
    shown = OperatingModel.objects.using(using).showing(model, pks)
    return set(shown.values_list("pk", flat=True)), False
