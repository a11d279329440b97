"""Keep every operating model's search index entry in step with what it is made of."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from links.models import LinkCheck
from search import engine as search

from . import caching, pages
from .derived import refresh
from .models import (
    FACET_RELATIONS,
    ChallengeTag,
    ExportRow,
    Material,
    ModelPage,
    Municipality,
    OperatingModel,
    Organisation,
    Project,
    SharedShortlist,
    Step,
    TargetGroup,
    WellbeingCounty,
)
from .translation_status import TranslationStatusMixin


@receiver(pre_save)
def translations_follow_their_finnish_text(sender, instance, **kwargs):
    # Fixtures' raw saves too: a Finnish text changed in a file outdates its translations.
    if isinstance(instance, TranslationStatusMixin):
        instance.mark_outdated_translations()


@receiver(post_save, sender=OperatingModel)
def operating_model_saved(sender, instance, using, **kwargs):
    refresh(OperatingModel.objects.using(using).filter(pk=instance.pk))


@receiver(post_delete, sender=OperatingModel)
def operating_model_deleted(sender, instance, using, **kwargs):
    search.forget(using, [instance.pk])


@receiver(post_save, sender=Step)
@receiver(post_delete, sender=Step)
@receiver(post_save, sender=Material)
@receiver(post_delete, sender=Material)
def part_changed(sender, instance, using, origin=None, **kwargs):
    if getattr(origin, "model", type(origin)) is OperatingModel:
        return  # deleted along with its model: nothing left to index
    refresh(OperatingModel.objects.using(using).filter(pk=instance.operating_model_id))


@receiver(post_save, sender=Project)
@receiver(post_save, sender=Organisation)
@receiver(post_save, sender=TargetGroup)
@receiver(post_save, sender=WellbeingCounty)
@receiver(post_save, sender=Municipality)
@receiver(post_save, sender=ChallengeTag)
def related_changed(sender, instance, using, **kwargs):
    refresh(OperatingModel.objects.using(using).showing(sender, [instance.pk]))


SHOWN_ROWS = [Organisation, TargetGroup, WellbeingCounty, Municipality, ChallengeTag]


@receiver(pre_delete)
def related_deleting(sender, instance, using, **kwargs):
    # Its links go with it, before post_delete: which models showed it is known only now.
    if sender in SHOWN_ROWS:
        models = OperatingModel.objects.using(using).showing(sender, [instance.pk])
        instance.shown_by = list(models.values_list("pk", flat=True))


@receiver(post_delete)
def related_deleted(sender, instance, using, **kwargs):
    if sender in SHOWN_ROWS:
        refresh(OperatingModel.objects.using(using).filter(pk__in=instance.shown_by))


@receiver(post_save, sender=LinkCheck)
@receiver(post_delete, sender=LinkCheck)
def link_checked(sender, instance, using, **kwargs):
    """A model's page shows when each of its links was last checked and whether it worked."""
    linking = OperatingModel.objects.using(using).linking_to([instance.url])
    pages.keep(using, list(linking.values_list("pk", flat=True)))


def m2m_links_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    if not action.startswith("post_"):
        return
    models = OperatingModel.objects.using(using)
    if reverse:
        refresh(models.filter(pk__in=pk_set or ()))
    else:
        refresh(models.filter(pk=instance.pk))


# The links a model's search document and facet keys are made of.
for name in FACET_RELATIONS.values():
    m2m_changed.connect(
        m2m_links_changed, sender=getattr(OperatingModel, name).through, dispatch_uid=name
    )


def catalogue_changed(sender, action="post_", **kwargs):
    """Any change to catalogue content drops every cached page piece (caching.py)."""
    if action.startswith("post_"):
        caching.invalidate()


catalogue_content = [
    *apps.get_app_config("models_catalog").get_models(),
    # What a query stands for changes with the thesaurus: cached result pages go too.
    *apps.get_app_config("search").get_models(),
]
for model in catalogue_content:
    if model in (SharedShortlist, ExportRow, ModelPage):
        # Readers' shared shortlists are not catalogue content: sharing drops nothing. CSV
        # rows and pages are derived from it, written with what they derive from.
        continue
    post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"{model.__name__}_saved")
    post_delete.connect(catalogue_changed, sender=model, dispatch_uid=f"{model.__name__}_deleted")
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            catalogue_changed, sender=field.remote_field.through, dispatch_uid=f"{field}_changed"
        )
