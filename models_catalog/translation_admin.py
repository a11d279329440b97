"""The admin's translated fields: languages side by side, each translation's status beside it.

No tabs: django-modeltranslation's tabbed admin loads jQuery UI from a CDN, which the site's
Content Security Policy (scripts from this site only) and its "no outside servers" rule forbid.
Each translated text is one row instead, Finnish | Swedish | English, and under it a row with
the status of the Swedish and the English text; plain HTML and a stylesheet, no script.
"""

from django import forms
from django.contrib import admin
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .translation_status import TranslationStatus, translated_languages, with_status

STATUS_PREFIX = "status__"


def status_field_name(field: str, language: str) -> str:
    return f"{STATUS_PREFIX}{field}_{language}"


def _status_label(field_label, language: str) -> str:
    return _("%(field)s [%(language)s]: translation status") % {
        "field": field_label,
        "language": language,
    }


#: In the language of each request, not the one active when the form class was made.
status_label = lazy(_status_label, str)


def status_form(base_form, model):
    """`base_form` with a status choice for each translation of `model`'s translated texts."""
    attrs = {}
    for field in model.TRANSLATED_FIELDS:
        label = model._meta.get_field(field).verbose_name
        for language in translated_languages():
            attrs[status_field_name(field, language)] = forms.ChoiceField(
                label=status_label(label, language),
                choices=[("", "—"), *TranslationStatus.choices],
                required=False,
            )
    return type(base_form.__name__, (TranslationStatusFormMixin, base_form), attrs)


class TranslationStatusFormMixin:
    """Shows each translation's status and records what the editor did.

    A translation the editor wrote or changed is theirs: reviewed (unless they chose another
    status for it). Choosing "reviewed" for an unchanged one confirms it against the Finnish
    text as it is now. An emptied translation has no status.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self._meta.model.TRANSLATED_FIELDS:
            for language in translated_languages():
                name = status_field_name(field, language)
                if name in self.fields:
                    self.fields[name].initial = self.instance.status_of(field, language) or ""

    def _post_clean(self):
        super()._post_clean()
        instance = self.instance
        for field in self._meta.model.TRANSLATED_FIELDS:
            for language in translated_languages():
                name = status_field_name(field, language)
                if name not in self.fields or f"{field}_{language}" not in self.fields:
                    continue
                chosen = self.cleaned_data.get(name) or ""
                if not getattr(instance, f"{field}_{language}", None):
                    instance.clear_status(field, language)
                elif f"{field}_{language}" in self.changed_data:
                    status = chosen if name in self.changed_data and chosen else "reviewed"
                    instance.set_status(field, language, status)
                elif name in self.changed_data and chosen:
                    instance.set_status(field, language, chosen)


class TranslationStateFilter(admin.SimpleListFilter):
    """The rows with a translation that is outdated, or not yet reviewed."""

    title = _("translations")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            (TranslationStatus.OUTDATED, _("some outdated")),
            (TranslationStatus.UNREVIEWED, _("some not yet reviewed")),
        ]

    def queryset(self, request, queryset):
        if self.value() in {TranslationStatus.OUTDATED, TranslationStatus.UNREVIEWED}:
            return with_status(queryset, self.value())
        return queryset


class TranslationStatusAdminMixin:
    """For a model admin or inline of a model with TRANSLATED_FIELDS."""

    class Media:
        css = {"all": ["css/admin_translations.css"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form = status_form(self.form, self.model)

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), TranslationStateFilter]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "translation_summary"]

    @admin.display(description=_("translations"))
    def translation_summary(self, obj):
        """ "sv: not yet reviewed" and the like: each language's least settled status."""
        order = [
            TranslationStatus.OUTDATED,
            TranslationStatus.UNREVIEWED,
            TranslationStatus.REVIEWED,
        ]
        parts = []
        for language in translated_languages():
            statuses = set(obj.statuses(language).values())
            worst = next((status for status in order if status in statuses), None)
            label = TranslationStatus(worst).label if worst else _("none")
            parts.append(f"{language}: {label}")
        return "; ".join(str(part) for part in parts)

    def get_fieldsets(self, request, obj=None):
        return [
            (name, {**options, "fields": self._side_by_side(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def _side_by_side(self, fields):
        """name_fi, name_sv, name_en → (name_fi, name_sv, name_en), (status sv, status en)."""
        languages = translated_languages()
        translated = {f"{field}_fi": field for field in self.model.TRANSLATED_FIELDS}
        others = {f"{field}_{code}" for field in self.model.TRANSLATED_FIELDS for code in languages}
        rows = []
        for entry in fields:
            if isinstance(entry, str) and entry in translated:
                field = translated[entry]
                rows.append((entry, *(f"{field}_{code}" for code in languages)))
                rows.append(tuple(status_field_name(field, code) for code in languages))
            elif isinstance(entry, str) and entry in others:
                continue  # shown in its Finnish text's row
            else:
                rows.append(entry)
        return rows


class TranslatedAdmin(TranslationStatusAdminMixin, TranslationAdmin):
    """A model admin for a model with translated texts and their statuses."""
