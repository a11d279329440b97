from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

register = template.Library()


@register.filter
def minutes(duration) -> int:
    """A timedelta in whole minutes (at least one): "locked for 15 minutes"."""
    return max(1, round(duration.total_seconds() / 60)) if duration else 0


@register.filter
def content_lang(obj, field: str) -> str:
    """The language a translated field is shown in: the reader's, or Finnish as the fallback.

    Templates put it in a `lang` attribute so screen readers pronounce the text right.
    """
    language = get_language()
    if getattr(obj, f"{field}_{language}", None):
        return language
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


@register.filter
def lang_attr(obj, field: str) -> str:
    """` lang="fi"` where the field is shown in another language than the page's, else nothing
    (the page's own language needs no mark, and long lists are lighter without it)."""
    language = content_lang(obj, field)
    return format_html(' lang="{}"', language) if language != get_language() else ""


@register.filter
def chosen_options_count(facets) -> int:
    """How many facet options are ticked: the filter panel's summary shows it when folded."""
    return sum(option.selected for facet in facets for option in facet.options)


@register.simple_tag(takes_context=True)
def facet_options(context, facet) -> str:
    """A facet's options as list items. Written here, not in the template: at scale a facet
    lists hundreds of options (every municipality), and the template engine took about
    30 ms a list page to render them."""
    language = context.get("LANGUAGE_CODE")
    # While searching: the models found, and how many the whole catalogue has.
    of_all = gettext("%(found)s of %(all)s")
    return format_html_join(
        "\n",
        '<li><label><input type="checkbox" name="{}" value="{}"{}> <span{}>{}</span> '
        '<span class="count">({})</span></label></li>',
        (
            (
                facet.name,
                option.value,
                mark_safe(" checked") if option.selected else "",
                format_html(' lang="{}"', option.lang)
                if option.lang and option.lang != language
                else "",
                option.label,
                option.count
                if option.in_catalogue is None
                else of_all % {"found": option.count, "all": option.in_catalogue},
            )
            for option in facet.options
        ),
    )


@register.filter
def facets_have_errors(facets) -> bool:
    return any(facet.errors for facet in facets)


@register.inclusion_tag("includes/translation_note.html", takes_context=True)
def translation_note(context, *objects):
    """The page's one note about its translation (on Swedish and English pages): whether what
    it shows was reviewed, which texts are outdated, and a link to the Finnish original.
    `objects` are what the page shows (lists of them too). A page that shows it leaves out
    base.html's general note (block language_note), so a reader sees one note, not two."""
    from languages import url_in_language

    language = get_language()
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    statuses = set()
    outdated = []
    untranslated = False
    items = list(_flatten(objects))
    for item in items:
        shown = item.statuses(language)
        for field, status in shown.items():
            statuses.add(status)
            if status == "outdated":
                outdated.append(_describe(item, field))
        untranslated = untranslated or any(
            field not in shown and item.finnish_text(field) for field in item.TRANSLATED_FIELDS
        )
    request = context.get("request")
    return {
        "show": language != default and bool(items),
        "unreviewed": "unreviewed" in statuses,
        "reviewed": "reviewed" in statuses,
        # Some texts translated, others shown in Finnish (with nothing translated, the note
        # says so instead).
        "partly_untranslated": untranslated and bool(statuses),
        "outdated": outdated,
        "original_url": url_in_language(request.path, default) if request else "",
        "default_language": default,
    }


def _flatten(objects):
    for item in objects:
        if hasattr(item, "statuses"):
            yield item
        elif item:
            yield from _flatten(item)


def _describe(item, field: str) -> str:
    label = str(item._meta.get_field(field).verbose_name)
    number = getattr(item, "number", None)
    if item._meta.model_name == "step" and number:
        return f"{label} ({item._meta.verbose_name} {number})"
    return label
