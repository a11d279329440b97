"""Reader-facing texts that can have Swedish and English versions beside the Finnish one."""

from modeltranslation.translator import TranslationOptions, register

from .models import GlossaryTerm, Material, OperatingModel, Step, TargetGroup


@register(OperatingModel)
class OperatingModelTranslation(TranslationOptions):
    fields = OperatingModel.TRANSLATED_FIELDS
    required_languages = ["fi"]


@register(Step)
class StepTranslation(TranslationOptions):
    fields = ["text"]
    required_languages = ["fi"]


@register(Material)
class MaterialTranslation(TranslationOptions):
    fields = ["title"]
    required_languages = ["fi"]


@register(TargetGroup)
class TargetGroupTranslation(TranslationOptions):
    fields = ["name", "description"]
    required_languages = ["fi"]


@register(GlossaryTerm)
class GlossaryTermTranslation(TranslationOptions):
    fields = ["term", "definition"]
    required_languages = ["fi"]
