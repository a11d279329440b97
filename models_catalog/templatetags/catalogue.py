from django import template
from django.conf import settings
from django.utils.translation import get_language

register = template.Library()


@register.filter
def content_lang(obj, field: str) -> str:
    """The language a translated field is shown in: the reader's, or Finnish as the fallback.

    Templates put it in a `lang` attribute so screen readers pronounce the text right.
    """
    language = get_language()
    if getattr(obj, f"{field}_{language}", None):
        return language
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE
