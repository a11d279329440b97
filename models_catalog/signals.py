"""Every change to catalogue content is noted for the one write path (changes.py).

Saves and deletes of single rows send Django's signals; the catalogue's querysets announce
what they change in bulk (models.rows_changed). Both only note which operating models the
change shows on: the refresh itself runs once, when the transaction commits.
"""

from django.apps import apps
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver

from . import changes, ids
from .models import OperatingModel, SharedShortlist, rows_changed
from .translation_status import TranslationStatusMixin

#: The apps whose models are catalogue content (what readers see and editors change).
CONTENT_APPS = {"models_catalog", "report", "trainings", "search", "links"}
#: Search's stores derived from the catalogue (models_catalog.changes keeps them current).
DERIVED_MODELS = ["search.SearchEntry", "search.FacetBitmap", "search.IndexVersion", "search.Word"]
#: What is in those apps but is no content: readers' own lists, and the derived stores.
NOT_CONTENT = {
    "models_catalog.sharedshortlist",
    "models_catalog.formerslug",  # saved with the slug's change, which is noted
    *(label.lower() for label in DERIVED_MODELS),
}


def is_content(model) -> bool:
    return model._meta.app_label in CONTENT_APPS and model._meta.label_lower not in NOT_CONTENT


@receiver(pre_save)
def translations_follow_their_finnish_text(sender, instance, **kwargs):
    # Fixtures' raw saves too: a Finnish text changed in a file outdates its translations.
    if isinstance(instance, TranslationStatusMixin):
        instance.mark_outdated_translations()


def _note(model, using, pks=None, objs=None, raw=False):
    operating_models, parts = changes.operating_models_of(model, using, pks=pks, objs=objs)
    # A part or link changed, not the model's own row: it needs a new updated_at, unless a
    # fixture's part (raw), which comes with its model's own.
    touched = operating_models if parts and not raw else ()
    saved = operating_models if model is OperatingModel else ()
    changes.note(using, operating_models, touched, saved)


def row_saved(sender, instance, using, raw=False, **kwargs):
    _note(sender, using, objs=[instance], raw=raw)


def row_deleting(sender, instance, using, **kwargs):
    # Before the row goes: which models show it is known only while its links are there.
    _note(sender, using, objs=[instance])


@receiver(rows_changed)
def rows_changed_in_bulk(sender, using, pks=None, objs=None, **kwargs):
    if is_content(sender):
        _note(sender, using, pks=pks, objs=objs)


for model in apps.get_models(include_auto_created=True):
    if is_content(model) and model is not SharedShortlist:
        label = model._meta.label
        pre_save.connect(ids.never_reuse_an_id, sender=model, dispatch_uid=f"{label}_id")
        post_save.connect(row_saved, sender=model, dispatch_uid=f"{model._meta.label}_saved")
        pre_delete.connect(row_deleting, sender=model, dispatch_uid=f"{model._meta.label}_deleting")
