"""{% site_url "name" %}: `{% url "name" %}` for a page without arguments, reversed once per
language (mito.languages.page_url). Reversing the header's and footer's links took a quarter of
a model's page's rendering."""

from django import template

from mito.languages import page_url

register = template.Library()


@register.simple_tag
def site_url(name: str) -> str:
    return page_url(name)
