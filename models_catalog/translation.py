"""Reader-facing texts that can have Swedish and English versions beside the Finnish one.

Each model names its translated texts once, in TRANSLATED_FIELDS, which its translation status
(translation_status.py) also follows.
"""

from modeltranslation.translator import TranslationOptions, translator

from .models import (
    AdoptionFact,
    ChallengeTag,
    GlossaryTerm,
    Material,
    Municipality,
    OperatingModel,
    Organisation,
    Project,
    Source,
    Step,
    TargetGroup,
    WellbeingCounty,
)

TRANSLATED_MODELS = [
    WellbeingCounty,
    Municipality,
    Organisation,
    TargetGroup,
    ChallengeTag,
    Project,
    OperatingModel,
    Step,
    Material,
    GlossaryTerm,
    Source,
    AdoptionFact,
]


def register_translated(models):
    for model in models:
        options = type(
            f"{model.__name__}Translation",
            (TranslationOptions,),
            {"fields": model.TRANSLATED_FIELDS, "required_languages": ["fi"]},
        )
        translator.register(model, options)


register_translated(TRANSLATED_MODELS)
