"""Taking it into use and where a model is used now, in the API's detail and JSON download."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import TranslationsField, TranslationStatusField

from .models import AdoptionFact, Aspect
from .places import taking_into_use, uses


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
