"""What is kept ready for each operating model, refreshed whenever it or anything it shows
changes: its search index entry and facet keys (search), its CSV row (exports), and whatever
listens to `refreshed` (the API's documents, api.documents).

Every path that changes a model's content comes here: saving (signals.py), updating rows
without saving them (models.ShownQuerySet.update), the translation import and the synthetic
generator.
"""

from django.conf import settings
from django.dispatch import Signal
from django.utils.translation import override

from search import engine as search

from . import caching, exports
from .models import OperatingModel

#: Sent after search has indexed them, with `using` and `operating_models`: the changed models,
#: every relation prefetched (`for_export()`), read in Finnish so relations keep one order.
refreshed = Signal()

#: Models refreshed at a time when many change at once (memory, not statements, is the limit).
BATCH_SIZE = 2000


def refresh(queryset) -> None:
    with override(settings.LANGUAGE_CODE):
        operating_models = list(queryset.for_export())
    search.index(queryset.db, operating_models)
    exports.write_rows(queryset.db, operating_models)
    refreshed.send(sender=OperatingModel, using=queryset.db, operating_models=operating_models)


def refresh_showing(model, pks: list, using: str) -> None:
    """Rows `pks` of `model` changed without being saved (an update, the translation import):
    refresh the operating models that show them and drop the cached pages, as saving would."""
    if not pks:
        return
    operating_models = OperatingModel.objects.using(using)
    shown = sorted(operating_models.showing(model, pks).values_list("pk", flat=True))
    for start in range(0, len(shown), BATCH_SIZE):
        refresh(operating_models.filter(pk__in=shown[start : start + BATCH_SIZE]))
    caching.invalidate()
