"""Stable, English field names; Finnish content with its Swedish and English versions."""

from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from models_catalog.adoption import taking_into_use, uses
from models_catalog.models import (
    AdoptionFact,
    Aspect,
    Material,
    Municipality,
    OperatingModel,
    Organisation,
    Project,
    Step,
    TargetGroup,
    WellbeingCounty,
)
from trainings.models import Figure

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "fi"]


@extend_schema_field(
    {
        "type": "object",
        "description": "Swedish (sv) and English (en) versions, where written.",
        "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}},
    }
)
class TranslationsField(serializers.Field):
    """{"sv": {...}, "en": {...}}: the translated versions of the given fields, where written."""

    def __init__(self, *fields, **kwargs):
        self.translated_fields = fields
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        result = {}
        for language in OTHER_LANGUAGES:
            values = {
                field: getattr(instance, f"{field}_{language}")
                for field in self.translated_fields
                if getattr(instance, f"{field}_{language}", None)
            }
            if values:
                result[language] = values
        return result


@extend_schema_field(
    {
        "type": "object",
        "description": (
            "Per language and translated field: unreviewed (translated for the catalogue, not "
            "yet reviewed), reviewed (by an editor) or outdated (the Finnish text has changed "
            "since)."
        ),
        "additionalProperties": {
            "type": "object",
            "additionalProperties": {
                "type": "string",
                "enum": ["unreviewed", "reviewed", "outdated"],
            },
        },
    }
)
class TranslationStatusField(serializers.Field):
    """{"sv": {"goals": "unreviewed", ...}, ...}: how far each translation can be trusted."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        result = {}
        for language in OTHER_LANGUAGES:
            statuses = {field: str(status) for field, status in instance.statuses(language).items()}
            if statuses:
                result[language] = statuses
        return result


class SlugUrlField(serializers.HyperlinkedIdentityField):
    """The object's API URL by slug. Reversed once per view name and request, then each slug
    put in its place: reversing a URL per nested object was a third of the list's time."""

    PLACEHOLDER = "00slug00"

    def __init__(self, view_name, **kwargs):
        super().__init__(view_name=view_name, lookup_field="slug", **kwargs)

    def get_url(self, obj, view_name, request, format):
        templates = self.context.setdefault("url_templates", {})
        key = (view_name, format)
        if key not in templates:
            templates[key] = self.reverse(
                view_name, kwargs={"slug": self.PLACEHOLDER}, request=request, format=format
            )
        return templates[key].replace(self.PLACEHOLDER, quote(obj.slug, safe=""))


@extend_schema_field(OpenApiTypes.URI)
class WebUrlField(serializers.Field):
    """The object's page for people, as an absolute URL."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return self.context["request"].build_absolute_uri(instance.get_absolute_url())


class OrganisationSerializer(serializers.HyperlinkedModelSerializer):
    url = SlugUrlField("api:organisation-detail")

    name = serializers.CharField(source="name_fi")
    translations = TranslationsField(*Organisation.TRANSLATED_FIELDS)

    class Meta:
        model = Organisation
        fields = ["url", "slug", "name", "abbreviation", "translations"]


class CountySerializer(serializers.HyperlinkedModelSerializer):
    url = SlugUrlField("api:county-detail")

    name = serializers.CharField(source="name_fi")
    official_name = serializers.CharField(source="official_name_fi")
    translations = TranslationsField(*WellbeingCounty.TRANSLATED_FIELDS)

    class Meta:
        model = WellbeingCounty
        fields = ["url", "slug", "name", "official_name", "kind", "translations"]


class MunicipalitySerializer(serializers.ModelSerializer):
    county = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    name = serializers.CharField(source="name_fi")
    translations = TranslationsField(*Municipality.TRANSLATED_FIELDS)

    class Meta:
        model = Municipality
        fields = ["slug", "name", "county", "translations"]


#: The target-group vocabulary and the challenge tags are the catalogue's, not the report's.
CATALOGUE_VOCABULARY = (
    "The catalogue's own classification, not the report's: terms of its target-group "
    "vocabulary that its editors assigned from the report's wording (kept beside them in "
    "work_target_group and benefit_target_group of a model's detail)."
)
REPORT_WORDING = "The report's own wording (its table 2), in Finnish."
CATALOGUE_CHALLENGES = (
    "The catalogue's own classification, not the report's: recurring challenges its editors "
    "tagged each model with from the model's “Haasteet ja ratkaisut” section."
)


class TargetGroupSerializer(serializers.HyperlinkedModelSerializer):
    url = SlugUrlField("api:target-group-detail")
    name = serializers.CharField(source="name_fi")
    description = serializers.CharField(source="description_fi")
    translations = TranslationsField("name", "description")

    class Meta:
        model = TargetGroup
        fields = ["url", "slug", "name", "description", "translations"]


class ProjectSerializer(serializers.ModelSerializer):
    web_url = WebUrlField()
    name = serializers.CharField(source="name_fi")
    implementer_text = serializers.CharField(source="implementer_text_fi")
    full_title = serializers.CharField(source="full_title_fi")
    short_description = serializers.CharField(source="short_description_fi")
    period_text = serializers.CharField(source="period_text_fi")
    funder = serializers.CharField(source="funder_fi")
    translations = TranslationsField(*Project.TRANSLATED_FIELDS)

    class Meta:
        model = Project
        fields = [
            "slug",
            "name",
            "implementer_text",
            "full_title",
            "short_description",
            "period_text",
            "start_year",
            "end_year",
            "funder",
            "web_url",
            "translations",
        ]


class StepSerializer(serializers.ModelSerializer):
    text = serializers.CharField(source="text_fi")
    translations = TranslationsField("text")

    class Meta:
        model = Step
        fields = ["number", "text", "translations"]


class MaterialSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="title_fi")
    translations = TranslationsField("title")

    class Meta:
        model = Material
        fields = ["order", "title", "url", "kind", "is_pdf", "translations"]


class AdoptionFactSerializer(serializers.ModelSerializer):
    text = serializers.CharField(source="text_fi")
    translations = TranslationsField(*AdoptionFact.TRANSLATED_FIELDS)
    translation_status = TranslationStatusField()

    class Meta:
        model = AdoptionFact
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
            "translations",
            "translation_status",
        ]


class TakingIntoUseField(serializers.Field):
    """Every aspect in the page's order, null where no source states it."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return {
            entry.aspect: AdoptionFactSerializer(entry.fact).data if entry.fact else None
            for entry in taking_into_use(instance)
        }


TakingIntoUseField = extend_schema_field(
    {
        "type": "object",
        "description": (
            "What it takes to take the model into use, per aspect ("
            + ", ".join(Aspect.values)
            + "): the source's text and where it comes from, or null: not stated in the "
            "sources."
        ),
        "additionalProperties": {"type": "object", "nullable": True},
    }
)(TakingIntoUseField)


@extend_schema_field(
    {
        "type": "array",
        "description": (
            "Where the model is used now: the original project's places first "
            "(original: true), then the adoptions an editor approved. since/until: years, "
            "null where no source says."
        ),
        "items": {
            "type": "object",
            "properties": {
                "place": {"type": "string"},
                "place_slug": {"type": "string"},
                "kind": {"type": "string", "enum": ["municipality", "county"]},
                "county_slug": {"type": "string"},
                "organisation": {"type": "string"},
                "since": {"type": "integer", "nullable": True},
                "until": {"type": "integer", "nullable": True},
                "original": {"type": "boolean"},
                "contact_name": {"type": "string"},
                "contact_email": {"type": "string"},
                "translations": {"type": "object"},
            },
        },
    }
)
class UsedInField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        names = TranslationsField("name")
        return [
            {
                "place": use.place.name_fi,
                "place_slug": use.place.slug,
                "kind": "county" if use.place == use.county else "municipality",
                "county_slug": use.county.slug,
                "organisation": use.organisation,
                "since": use.since,
                "until": use.until,
                "original": use.original,
                "contact_name": use.contact_name,
                "contact_email": use.contact_email,
                "translations": names.to_representation(use.place),
            }
            for use in uses(instance)
        ]


class OperatingModelListSerializer(serializers.HyperlinkedModelSerializer):
    url = SlugUrlField("api:operating-model-detail")
    web_url = WebUrlField()
    name = serializers.CharField(source="name_fi")
    theme = serializers.CharField(source="theme_fi")
    implementer = serializers.CharField(source="implementer_text_fi")
    area = serializers.CharField(source="area_text_fi")
    project = serializers.CharField(source="project.name_fi")
    organisations = OrganisationSerializer(many=True)
    counties = CountySerializer(many=True)
    benefit_target_groups = TargetGroupSerializer(many=True, help_text=CATALOGUE_VOCABULARY)
    work_target_groups = TargetGroupSerializer(many=True, help_text=CATALOGUE_VOCABULARY)

    class Meta:
        model = OperatingModel
        fields = [
            "url",
            "web_url",
            "number",
            "slug",
            "name",
            "theme",
            "implementer",
            "area",
            "project",
            "organisations",
            "counties",
            "work_target_groups",
            "benefit_target_groups",
            "evidence_status",
            "updated_at",
        ]


class OperatingModelDetailSerializer(OperatingModelListSerializer):
    project = ProjectSerializer()
    target_group = serializers.CharField(source="target_group_text_fi")
    work_target_group = serializers.CharField(
        source="work_target_group_text_fi", help_text=REPORT_WORDING
    )
    benefit_target_group = serializers.CharField(
        source="benefit_target_group_text_fi", help_text=REPORT_WORDING
    )
    goals = serializers.CharField(source="goals_fi")
    challenges_and_solutions = serializers.CharField(source="challenges_and_solutions_fi")
    results = serializers.CharField(source="results_fi")
    municipalities = MunicipalitySerializer(many=True)
    steps = StepSerializer(many=True)
    materials = MaterialSerializer(many=True)
    translations = TranslationsField(*OperatingModel.TRANSLATED_FIELDS)
    translation_status = TranslationStatusField()

    taking_into_use = TakingIntoUseField()
    used_in = UsedInField()

    class Meta(OperatingModelListSerializer.Meta):
        fields = [
            *OperatingModelListSerializer.Meta.fields,
            "municipalities",
            "innokyla_url",
            "target_group",
            "work_target_group",
            "benefit_target_group",
            "goals",
            "steps",
            "materials",
            "challenges_and_solutions",
            "results",
            "created_at",
            "reviewed_on",
            "translations",
            "translation_status",
            "taking_into_use",
            "used_in",
        ]


class FigureSerializer(serializers.HyperlinkedModelSerializer):
    url = SlugUrlField("api:figure-detail")
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    reported_as = serializers.CharField(source="display_value")
    label = serializers.CharField(source="label_fi")
    source_text = serializers.CharField(source="source_text_fi")
    translations = TranslationsField(*Figure.TRANSLATED_FIELDS)

    class Meta:
        model = Figure
        fields = [
            "url",
            "slug",
            "section",
            "label",
            "category",
            "is_reported_total",
            "value",
            "value_max",
            "unit",
            "is_approximate",
            "is_lower_bound",
            "reported_as",
            "period",
            "source_text",
            "translations",
        ]


def api_url(request, name, **kwargs):
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))
