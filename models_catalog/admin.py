from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import (
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


class StepInline(admin.TabularInline):
    model = Step
    extra = 0


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0


@admin.register(OperatingModel)
class OperatingModelAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "name",
        "implementer_text",
        "county_names",
        "is_published",
        "updated_at",
    ]
    list_display_links = ["number", "name"]
    list_filter = ["is_published", "counties", "benefit_target_groups", "organisations"]
    search_fields = ["name", "theme", "goals", "results", "implementer_text", "project__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["project"]
    filter_horizontal = [
        "organisations",
        "counties",
        "municipalities",
        "work_target_groups",
        "benefit_target_groups",
    ]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [StepInline, MaterialInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("counties")

    @admin.display(description=_("wellbeing services counties"))
    def county_names(self, obj):
        return ", ".join(county.name for county in obj.counties.all())


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "implementer_text", "model_count"]
    search_fields = ["name", "full_title", "implementer_text"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_count=Count("operating_models"))

    @admin.display(description=_("operating models"), ordering="model_count")
    def model_count(self, obj):
        return obj.model_count


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation"]
    search_fields = ["name", "abbreviation"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(WellbeingCounty)
class WellbeingCountyAdmin(admin.ModelAdmin):
    list_display = ["name", "official_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "official_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "county"]
    list_filter = ["county"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "source_name"]
    search_fields = ["term", "definition"]
    prepopulated_fields = {"slug": ["term"]}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["title", "details"]
    prepopulated_fields = {"slug": ["title"]}
