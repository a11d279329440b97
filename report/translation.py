"""The report's text can have Swedish and English versions beside the Finnish one."""

from modeltranslation.translator import TranslationOptions, register

from .models import ReportBlock, ReportSection


@register(ReportSection)
class ReportSectionTranslation(TranslationOptions):
    fields = ReportSection.TRANSLATED_FIELDS
    required_languages = ["fi"]


@register(ReportBlock)
class ReportBlockTranslation(TranslationOptions):
    fields = ReportBlock.TRANSLATED_FIELDS
    required_languages = ["fi"]
