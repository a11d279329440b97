"""What is kept ready for each operating model, refreshed whenever it or anything it shows
changes: its search index entry and facet keys (search), its CSV row (exports), its page in
each language (pages), and whatever listens to `refreshed` (the API's documents, api.documents).

Every path that changes a model's content comes here: saving (signals.py), updating rows
without saving them (models.ShownQuerySet.update), the translation import and the synthetic
generator.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.dispatch import Signal
from django.utils.translation import override

from search import engine as search

from . import caching, exports, pages
from .models import OperatingModel

#: Sent after search has indexed them, with `using` and `operating_models`: the changed models,
#: every relation prefetched (`for_export()`), read in Finnish so relations keep one order.
refreshed = Signal()

#: Models refreshed at a time when many change at once (memory, not statements, is the limit).
BATCH_SIZE = 2000


#: Inside `deferred()`: the models to refresh on leaving it, by database.
_deferred: ContextVar[dict[str, set] | None] = ContextVar("deferred_refresh", default=None)


def refresh(queryset) -> None:
    if (deferred_pks := _deferred.get()) is not None:
        deferred_pks.setdefault(queryset.db, set()).update(queryset.values_list("pk", flat=True))
        return
    with override(settings.LANGUAGE_CODE):
        operating_models = list(queryset.for_export())
    search.index(queryset.db, operating_models)
    exports.write_rows(queryset.db, operating_models)
    pages.keep(queryset.db, [operating_model.pk for operating_model in operating_models])
    refreshed.send(sender=OperatingModel, using=queryset.db, operating_models=operating_models)


def refresh_showing(model, pks: list, using: str) -> None:
    """Rows `pks` of `model` changed without being saved (an update, the translation import):
    refresh the operating models that show them and drop the cached pages, as saving would."""
    if not pks:
        return
    shown = OperatingModel.objects.using(using).showing(model, pks)
    _refresh_in_batches(using, shown.values_list("pk", flat=True))
    caching.invalidate()


def _refresh_in_batches(using: str, pks) -> None:
    shown = sorted(pks)
    operating_models = OperatingModel.objects.using(using)
    for start in range(0, len(shown), BATCH_SIZE):
        refresh(operating_models.filter(pk__in=shown[start : start + BATCH_SIZE]))


@contextmanager
def deferred():
    """Refresh the models changed inside once, on leaving, instead of at every change: loading
    the catalogue changes each model dozens of times (every link, step and material)."""
    if _deferred.get() is not None:  # inside another: that one refreshes them
        yield
        return
    deferred_pks: dict[str, set] = {}
    token = _deferred.set(deferred_pks)
    try:
        yield
    finally:
        _deferred.reset(token)
    for using, pks in deferred_pks.items():
        _refresh_in_batches(using, pks)
