"""{% site_url "name" %}: `{% url "name" %}` for a page without arguments, reversed once per
language. Every page's header and footer link to fifteen such pages, and reversing them all
took a quarter of a model's page's rendering."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def site_url(name: str) -> str:
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(name, get_language(), get_script_prefix(), urlconf)


@lru_cache(maxsize=512)
def _reversed(name: str, _language: str, _script_prefix: str, urlconf: str) -> str:
    # Reversed in the active language, under the active script prefix: both are in the key.
    return reverse(name, urlconf=urlconf)
