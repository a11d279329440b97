import reversion
from adminsortable2.admin import (
    CustomInlineFormSetMixin,
    SortableAdminBase,
    SortableInlineAdminMixin,
    SortableStackedInline,
)
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.db.models import Count, Max
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline
from reversion.admin import VersionAdmin

from editing.concurrency_admin import (
    OPENED,
    ConcurrentAdminMixin,
    ConcurrentInlineMixin,
    ConcurrentModelForm,
)
from editing.history import HistoryAdmin
from editing.versioning import EditConflict, lock

from .exports import operating_models_csv
from .models import (
    Adoption,
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
                form.instance
                for form in self.initial_forms
                if form.instance.pk
                and (self._should_delete_form(form) or self.order_field in form.changed_data)
            ]
            if moving:
                rows = self.model._default_manager.filter(**{self.fk.name: self.instance})
                free = (rows.aggregate(top=Max(self.order_field))["top"] or 0) + len(self.forms)
                for offset, row in enumerate(moving, start=1):
                    # Parked only if still the version the form read (versioning.Versioned);
                    # the row's own save then builds on the parked one.
                    expected = row.based_on_version
                    parked = rows.filter(pk=row.pk)
                    if expected is not None:
                        parked = parked.filter(version=expected)
                    if not parked.update(**{self.order_field: free + offset}) and expected:
                        raise EditConflict(row)
                    if expected is not None:
                        row.based_on(expected + 1)
        return super().save_existing_objects(commit)


class StepFormSet(CustomInlineFormSetMixin, OrderedInlineFormSet):
    order_field = "number"


class MaterialFormSet(CustomInlineFormSetMixin, OrderedInlineFormSet):
    order_field = "order"


class SortableTranslationInline(
    ConcurrentInlineMixin,
    TranslationStatusAdminMixin,
    SortableInlineAdminMixin,
    TranslationStackedInline,
):
    """Rows dragged into order (adminsortable2), with Finnish, Swedish and English texts.

    Stacked, not tabular: a table row of three languages, their statuses, a link, a type and a
    delete box was three times as wide as an editor's screen. Each row is a small form of its
    own, its languages side by side as in the model's own fields.
    """

    template = SortableStackedInline.template
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


class AdoptionFactInline(TranslationStatusAdminMixin, TranslationStackedInline):
    """ "Taking it into use" on the model's own page: saved with it, in its history (reversion
    follows the inlines of a VersionAdmin) and under its rule for two editors at once."""

    model = AdoptionFact
    extra = 0
    fields = [
        "aspect",
        "text",
        "quoted",
        "email",
        "source",
        "report_part",
        "step",
        "source_url",
        "checked_on",
    ]
    verbose_name_plural = _("Taking it into use (an aspect without a row: not stated)")


class OperatingModelForm(ConcurrentModelForm):
    class Meta:
        model = OperatingModel
        fields = "__all__"


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
class OperatingModelAdmin(SortableAdminBase, ConcurrentAdminMixin, HistoryAdmin, TranslatedAdmin):
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
    # Municipalities by autocomplete, narrowed to the chosen counties (MunicipalityAdmin).
    autocomplete_fields = ["project", "municipalities"]
    filter_horizontal = [
        "organisations",
        "counties",
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
        (_("Record"), {"fields": ["created_at", "updated_at", "reviewed_on", *OPENED]}),
    ]
    inlines = [StepInline, MaterialInline, AdoptionFactInline]
    actions = ["export_csv", "mark_reviewed", "publish", "unpublish"]

    class Media:
        css = {"all": ["css/admin_change_page.css"]}
        js = ["admin/js/jquery.init.js", "js/admin_municipalities.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("counties")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "number" and formfield is not None:
            formfield.help_text = free_numbers_help(formfield.help_text)
        return formfield

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
            lock(queryset)  # first: an editor's save at the same moment waits, then merges
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

    @admin.action(description=_("Publish the selected operating models"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(
        description=_("Unpublish the selected operating models (make them drafts)"),
        permissions=["change"],
    )
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published: bool):
        # One update() through CatalogueQuerySet: the write path notes the rows it changes.
        count = queryset.exclude(is_published=published).update(is_published=published)
        if published:
            message = ngettext(
                "%(count)d operating model published.",
                "%(count)d operating models published.",
                count,
            )
        else:
            message = ngettext(
                "%(count)d operating model made a draft.",
                "%(count)d operating models made drafts.",
                count,
            )
        self.message_user(request, message % {"count": count})

    @admin.action(description=_("Download the selected operating models as CSV"))
    def export_csv(self, request, queryset):
        # Editors report on every model, drafts included, with a "published" column.
        return operating_models_csv(queryset.for_export().order_by("number"), with_published=True)


def free_numbers_help(help_text) -> str:
    """The number field's help, with the numbers in use and the next free one, from the data."""
    numbers = sorted(OperatingModel.objects.values_list("number", flat=True))
    top = numbers[-1] if numbers else 0
    gaps = sorted(set(range(1, top + 1)) - set(numbers))
    extra = gettext("In use: %(used)s. Free: %(free)s.") % {
        "used": number_ranges(numbers) or "—",
        "free": ", ".join([*map(str, gaps), gettext("%(next)d and up") % {"next": top + 1}]),
    }
    return f"{help_text} {extra}".strip()


def number_ranges(numbers) -> str:
    """[1, 2, 3, 5] → "1–3, 5"."""
    runs = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


class UsedByOperatingModelsMixin:
    """A vocabulary row that operating models use cannot be deleted: the delete page says which.

    Their links are many-to-many rows, which a delete would silently drop, leaving a model
    without the organisation (or county, target group…) its form requires. Editors remove the
    row from those models first (or choose another), then delete it.
    """

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        relations = [
            field.name
            for field in OperatingModel._meta.many_to_many
            if field.related_model is self.model
        ]
        for obj in objs:
            for field in relations:
                for operating_model in OperatingModel.objects.filter(**{field: obj}).distinct():
                    url = reverse(
                        "admin:models_catalog_operatingmodel_change",
                        args=[quote(operating_model.pk)],
                    )
                    state = "" if operating_model.is_published else gettext(" (draft)")
                    protected.append(
                        format_html(
                            '{} “{}”: <a href="{}">{}</a>{}',
                            capfirst(self.model._meta.verbose_name),
                            obj,
                            url,
                            operating_model,
                            state,
                        )
                    )
        return deleted, counts, perms_needed, protected


class ModelCountMixin:
    """A sortable "operating models" column for things that operating models point to."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_count=Count("operating_models"))

    @admin.display(description=_("operating models"), ordering="model_count")
    def model_count(self, obj):
        return obj.model_count


@admin.register(ChallengeTag)
class ChallengeTagAdmin(
    UsedByOperatingModelsMixin, ModelCountMixin, ConcurrentAdminMixin, HistoryAdmin, TranslatedAdmin
):
    list_display = ["name", "order", "model_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Project)
class ProjectAdmin(ModelCountMixin, ConcurrentAdminMixin, HistoryAdmin, TranslatedAdmin):
    list_display = ["name", "implementer_text", "model_count"]
    search_fields = ["name", "full_title", "implementer_text"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(
    UsedByOperatingModelsMixin, ConcurrentAdminMixin, HistoryAdmin, TranslatedAdmin
):
    list_display = ["name", "abbreviation"]
    search_fields = ["name", "abbreviation"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(WellbeingCounty)
class WellbeingCountyAdmin(
    UsedByOperatingModelsMixin, ConcurrentAdminMixin, HistoryAdmin, TranslatedAdmin
):
    list_display = ["name", "official_name", "kind", "map_column", "map_row"]
    list_filter = ["kind"]
    search_fields = ["name", "official_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(
    UsedByOperatingModelsMixin, ConcurrentAdminMixin, HistoryAdmin, TranslatedAdmin
):
    list_display = ["name", "county"]
    list_filter = ["county"]
    search_fields = ["name_fi", "name_sv", "name_en"]
    prepopulated_fields = {"slug": ["name"]}

    def get_search_results(self, request, queryset, search_term):
        """An operating model's autocomplete offers the municipalities of its chosen counties.

        admin_municipalities.js forwards the counties chosen in the form (`counties=1,2`);
        without it, or with none chosen, every municipality is offered.
        """
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        counties = [
            int(pk) for pk in request.GET.get("counties", "").split(",") if pk.strip().isdigit()
        ]
        if request.GET.get("field_name") == "municipalities" and counties:
            queryset = queryset.filter(county__in=counties)
        return queryset, may_have_duplicates


@admin.register(TargetGroup)
class TargetGroupAdmin(
    UsedByOperatingModelsMixin, ConcurrentAdminMixin, HistoryAdmin, TranslatedAdmin
):
    list_display = ["name", "order"]
    search_fields = ["name_fi", "name_sv", "name_en", "description_fi"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ConcurrentAdminMixin, HistoryAdmin, TranslatedAdmin):
    list_display = ["term", "source_name"]
    search_fields = ["term_fi", "term_sv", "term_en", "definition_fi"]
    prepopulated_fields = {"slug": ["term"]}


@admin.register(Source)
class SourceAdmin(ConcurrentAdminMixin, HistoryAdmin, TranslatedAdmin):
    list_display = ["title", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["title", "details"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Adoption)
class AdoptionAdmin(VersionAdmin):
    list_display = ["operating_model", "municipality", "organisation", "since", "status", "source"]
    list_filter = ["status", "source", "municipality__county"]
    search_fields = ["operating_model__name", "municipality__name", "organisation"]
    autocomplete_fields = ["municipality"]
    readonly_fields = ["created_at"]
    actions = ["approve"]

    def get_changeform_initial_data(self, request):
        # An editor's own entry is approved as it is saved.
        return {"source": Adoption.Source.EDITOR, "status": Adoption.Status.APPROVED}

    @admin.action(description=_("Approve the selected adoptions"), permissions=["change"])
    def approve(self, request, queryset):
        # Saved one by one: each gets its history entry, and the write path notes each.
        count = 0
        for adoption in queryset.exclude(status=Adoption.Status.APPROVED):
            adoption.status = Adoption.Status.APPROVED
            adoption.save(update_fields=["status"])
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d adoption approved.", "%(count)d adoptions approved.", count)
            % {"count": count},
            messages.SUCCESS,
        )
