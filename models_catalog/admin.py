import reversion
from adminsortable2.admin import (
    CustomInlineFormSetMixin,
    SortableAdminBase,
    SortableInlineAdminMixin,
    SortableTabularInline,
)
from django import forms
from django.contrib import admin
from django.db.models import Count, Max
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline
from reversion.admin import VersionAdmin

from adoption.admin import AdoptionFactInline

from .exports import operating_models_csv
from .models import (
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
from .translation_admin import TranslatedAdmin, TranslationStatusAdminMixin


class OrderedInlineFormSet(BaseInlineFormSet):
    """Saves renumbered or deleted rows without tripping the "unique per model" constraint.

    Swapping steps 1 and 2 would otherwise write a second "1" before the first one moves.
    Rows that change their number, or go away, are first parked on numbers nobody uses.
    """

    order_field = "number"

    def save_existing_objects(self, commit=True):
        if commit and self.instance.pk:
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk
                and (self._should_delete_form(form) or self.order_field in form.changed_data)
            ]
            if moving:
                rows = self.model._default_manager.filter(**{self.fk.name: self.instance})
                free = (rows.aggregate(top=Max(self.order_field))["top"] or 0) + len(self.forms)
                for offset, pk in enumerate(moving, start=1):
                    rows.filter(pk=pk).update(**{self.order_field: free + offset})
        return super().save_existing_objects(commit)


class StepFormSet(CustomInlineFormSetMixin, OrderedInlineFormSet):
    order_field = "number"


class MaterialFormSet(CustomInlineFormSetMixin, OrderedInlineFormSet):
    order_field = "order"


class SortableTranslationInline(
    TranslationStatusAdminMixin, SortableInlineAdminMixin, TranslationTabularInline
):
    """Rows dragged into order (adminsortable2), with Finnish, Swedish and English texts."""

    template = SortableTabularInline.template
    extra = 0


class StepInline(SortableTranslationInline):
    model = Step
    formset = StepFormSet
    fields = ["number", "text"]
    ordering = ["number"]


class MaterialInline(SortableTranslationInline):
    model = Material
    formset = MaterialFormSet
    fields = ["order", "title", "url", "kind"]
    ordering = ["order"]


class OperatingModelForm(forms.ModelForm):
    """Refuses to save over changes someone else saved after this form was opened."""

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = OperatingModel
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose the fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        saved = self.instance.updated_at.isoformat()
        if cleaned.get("opened_version") != saved:
            # Let a second, deliberate save overwrite: the form now carries the latest token.
            self.data = self.data.copy()
            self.data[self.add_prefix("opened_version")] = saved
            when = date_format(timezone.localtime(self.instance.updated_at), "DATETIME_FORMAT")
            raise forms.ValidationError(
                _(
                    "Another editor saved this operating model at %(when)s, after you opened "
                    "it. Nothing of yours was saved and everything you typed is still below. "
                    "Open the model’s history in a new tab to see their changes; saving again "
                    "will replace them with yours."
                ),
                code="edit_conflict",
                params={"when": when},
            )
        return cleaned


class ReviewFilter(admin.SimpleListFilter):
    """Which models are due for their periodic review (settings.MITO_REVIEW_INTERVAL_DAYS)."""

    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Due or overdue (never reviewed included)")),
            ("never", _("Never reviewed")),
            ("current", _("Reviewed within the cycle")),
        ]

    def queryset(self, request, queryset):
        overdue = queryset.review_overdue()
        if self.value() == "overdue":
            return overdue
        if self.value() == "never":
            return queryset.filter(reviewed_on__isnull=True)
        if self.value() == "current":
            return queryset.exclude(pk__in=overdue.values("pk"))
        return queryset


@admin.register(OperatingModel)
class OperatingModelAdmin(SortableAdminBase, VersionAdmin, TranslatedAdmin):
    form = OperatingModelForm
    list_display = [
        "number",
        "name",
        "implementer_text",
        "county_names",
        "is_published",
        "evidence_status",
        "updated_at",
        "review_due",
    ]
    list_display_links = ["number", "name"]
    list_filter = [
        ReviewFilter,
        "is_published",
        "evidence_status",
        "counties",
        "benefit_target_groups",
        "work_target_groups",
        "organisations",
        "is_synthetic",  # benchmark databases only (generate_synthetic)
    ]
    # Translated fields are named per language: the admin searches every version.
    search_fields = [
        f"{field}_{language}"
        for field in ["name", "theme", "goals", "results", "challenges_and_solutions"]
        for language in ["fi", "sv", "en"]
    ] + ["implementer_text", "area_text", "project__name", "steps__text_fi"]
    ordering = ["number"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["project"]
    filter_horizontal = [
        "organisations",
        "counties",
        "municipalities",
        "work_target_groups",
        "benefit_target_groups",
        "challenges",
    ]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["number", "name", "slug", "is_published", "evidence_status"]}),
        (
            _("As in the report's table 2"),
            {
                "fields": [
                    "theme",
                    "implementer_text",
                    "area_text",
                    "work_target_group_text",
                    "benefit_target_group_text",
                ]
            },
        ),
        (
            _("The model's section of the report"),
            {
                "fields": [
                    "project",
                    "innokyla_url",
                    "target_group_text",
                    "goals",
                    "challenges_and_solutions",
                    "results",
                ]
            },
        ),
        (
            _("Filters"),
            {
                "fields": [
                    "organisations",
                    "counties",
                    "municipalities",
                    "work_target_groups",
                    "benefit_target_groups",
                    "challenges",
                ]
            },
        ),
        (_("Record"), {"fields": ["created_at", "updated_at", "reviewed_on", "opened_version"]}),
    ]
    inlines = [StepInline, MaterialInline, AdoptionFactInline]
    actions = ["export_csv", "mark_reviewed"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("counties")

    def view_on_site(self, obj):
        if obj.is_published:
            return obj.get_absolute_url()
        return reverse("models_catalog:preview", kwargs={"slug": obj.slug})

    @admin.display(description=_("wellbeing services counties"))
    def county_names(self, obj):
        return ", ".join(county.name for county in obj.counties.all())

    @admin.display(description=_("next review due"), ordering="reviewed_on")
    def review_due(self, obj):
        if obj.review_due_on is None:
            return gettext("now (never reviewed)")
        return date_format(obj.review_due_on, "SHORT_DATE_FORMAT")

    @admin.action(
        description=_("Mark the selected operating models reviewed today"), permissions=["change"]
    )
    def mark_reviewed(self, request, queryset):
        """Record today's review; the history (django-reversion) keeps who did it."""
        today = timezone.localdate()
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(gettext("Marked reviewed."))
            count = 0
            for operating_model in queryset:
                operating_model.reviewed_on = today
                # Only the review date: "last updated" stays the date of the last real change.
                operating_model.save(update_fields=["reviewed_on"])
                reversion.add_to_revision(operating_model)
                count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d operating model marked reviewed today.",
                "%(count)d operating models marked reviewed today.",
                count,
            )
            % {"count": count},
        )

    @admin.action(description=_("Download the selected operating models as CSV"))
    def export_csv(self, request, queryset):
        # Editors report on every model, drafts included, with a "published" column.
        return operating_models_csv(queryset.for_export().order_by("number"), with_published=True)


class ModelCountMixin:
    """A sortable "operating models" column for things that operating models point to."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_count=Count("operating_models"))

    @admin.display(description=_("operating models"), ordering="model_count")
    def model_count(self, obj):
        return obj.model_count


@admin.register(ChallengeTag)
class ChallengeTagAdmin(ModelCountMixin, VersionAdmin, TranslatedAdmin):
    list_display = ["name", "order", "model_count"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Project)
class ProjectAdmin(ModelCountMixin, VersionAdmin, TranslatedAdmin):
    list_display = ["name", "implementer_text", "model_count"]
    search_fields = ["name", "full_title", "implementer_text"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(VersionAdmin, TranslatedAdmin):
    list_display = ["name", "abbreviation"]
    search_fields = ["name", "abbreviation"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(WellbeingCounty)
class WellbeingCountyAdmin(VersionAdmin, TranslatedAdmin):
    list_display = ["name", "official_name", "kind", "map_column", "map_row"]
    list_filter = ["kind"]
    search_fields = ["name", "official_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(VersionAdmin, TranslatedAdmin):
    list_display = ["name", "county"]
    list_filter = ["county"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TargetGroup)
class TargetGroupAdmin(VersionAdmin, TranslatedAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name_fi", "name_sv", "name_en", "description_fi"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(VersionAdmin, TranslatedAdmin):
    list_display = ["term", "source_name"]
    search_fields = ["term_fi", "term_sv", "term_en", "definition_fi"]
    prepopulated_fields = {"slug": ["term"]}


@admin.register(Source)
class SourceAdmin(VersionAdmin, TranslatedAdmin):
    list_display = ["title", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["title", "details"]
    prepopulated_fields = {"slug": ["title"]}
