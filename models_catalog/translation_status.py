"""How far each Swedish or English text can be trusted: made for the catalogue, reviewed, outdated.

Every model with translated fields keeps, in one JSON field beside its texts, an entry per
translated text: `{"name_sv": {"source": "<hash>", "status": "unreviewed"}, ...}`. `source` is a
short hash of the Finnish text the translation was made from (or last reviewed against). When the
Finnish text changes, its hash no longer matches and the translation is outdated until an editor
updates or reviews it, as translation platforms do. The entries travel in the fixtures with the
texts, so `load_catalogue`/`export_catalogue` carry them like any other field.
"""

import hashlib
import json
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _


class TranslationStatus(models.TextChoices):
    UNREVIEWED = "unreviewed", _("translation made for the catalogue, not yet reviewed")
    REVIEWED = "reviewed", _("reviewed by an editor")
    OUTDATED = "outdated", _("outdated: the Finnish text has changed since")


#: The languages translated from the default (Finnish) one.
def translated_languages() -> list[str]:
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return [code for code, _name in settings.LANGUAGES if code != default]


def source_hash(text) -> str:
    """A short fingerprint of a Finnish text: enough to notice that it changed."""
    return hashlib.sha256((text or "").encode()).hexdigest()[:12]


def _sorted(value):
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    return value


_SOURCE = re.compile(r"[0-9a-f]{12}")


def translation_status_problem(value, translated_fields) -> str | None:
    """What is wrong with a translation status, or None: a JSON object of
    {"<field>_<language>": {"source": "<12 hex>", "status": "<status>"}} for the model's
    translated fields and the translated languages only."""
    if not isinstance(value, dict):
        return 'must be a JSON object of {"<field>_<language>": {"source", "status"}}'
    columns = {
        f"{field}_{language}" for field in translated_fields for language in translated_languages()
    }
    for key, entry in value.items():
        if key not in columns:
            return f"{key!r} is not a translated text of this kind of record"
        if not isinstance(entry, dict) or set(entry) != {"source", "status"}:
            return f'{key!r} must be an object with "source" and "status" only'
        if not isinstance(entry["source"], str) or not _SOURCE.fullmatch(entry["source"]):
            return f'{key!r}: "source" must be 12 hexadecimal digits'
        if entry["status"] not in TranslationStatus.values:
            return f'{key!r}: "status" must be one of {", ".join(TranslationStatus.values)}'
    return None


class StatusField(models.JSONField):
    """A JSON object read back with its keys sorted.

    PostgreSQL's jsonb reorders keys (shortest first), SQLite keeps them as written: sorting them
    on the way out makes the exported fixtures the same byte for byte on either database.
    Validation (load_catalogue validates every record) refuses any other shape: the statuses
    are read on every save and every page, and a malformed one would fail there.
    """

    #: What each status means, for pages that show statuses without knowing this module.
    labels = dict(TranslationStatus.choices)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        fields = getattr(model_instance, "TRANSLATED_FIELDS", [])
        if problem := translation_status_problem(value, fields):
            raise ValidationError(
                _("The translation status is malformed: %(problem)s."),
                code="malformed_translation_status",
                params={"problem": problem},
            )

    def value_from_object(self, obj):
        # Exported as it stands now, so that a Finnish text changed without a save (an
        # update()) still exports, and reloads, as the same outdated status.
        if isinstance(obj, TranslationStatusMixin):
            return obj.current_translation_status()
        return super().value_from_object(obj)

    def from_db_value(self, value, expression, connection):
        return _sorted(super().from_db_value(value, expression, connection))

    def get_prep_value(self, value):
        return super().get_prep_value(_sorted(value))


class TranslationStatusMixin(models.Model):
    """The translation status of a model's translated fields (TRANSLATED_FIELDS)."""

    #: Reader-facing texts with Swedish and English versions (registered in translation.py).
    TRANSLATED_FIELDS: list[str] = []

    translation_status = StatusField(
        _("translation status"),
        default=dict,
        blank=True,
        editable=False,  # set through each language's status in the admin, not as JSON
        help_text=_(
            "Per translated text: the status of its translation and a fingerprint of the "
            "Finnish text it was made from."
        ),
    )

    class Meta:
        abstract = True

    def finnish_text(self, field: str) -> str:
        return getattr(self, f"{field}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}") or ""

    def status_of(self, field: str, language: str) -> str | None:
        """The status of one translation; None where there is no translation (or no need)."""
        if language not in translated_languages() or not getattr(self, f"{field}_{language}", ""):
            return None
        entry = self.translation_status.get(f"{field}_{language}")
        if entry is None:
            # Typed in without a record of its making (e.g. before statuses existed).
            return TranslationStatus.UNREVIEWED
        if entry.get("source") != source_hash(self.finnish_text(field)):
            return TranslationStatus.OUTDATED
        return entry.get("status", TranslationStatus.UNREVIEWED)

    def set_status(self, field: str, language: str, status: str) -> None:
        """Record a translation's status as of the Finnish text it now stands beside."""
        self.translation_status = {
            **self.translation_status,
            f"{field}_{language}": {
                "source": source_hash(self.finnish_text(field)),
                "status": str(status),
            },
        }

    def clear_status(self, field: str, language: str) -> None:
        self.translation_status = {
            key: value
            for key, value in self.translation_status.items()
            if key != f"{field}_{language}"
        }

    def statuses(self, language: str) -> dict[str, str]:
        """{field: status} of the texts shown in `language` that are translations."""
        result = {}
        for field in self.TRANSLATED_FIELDS:
            status = self.status_of(field, language)
            if status is not None:
                result[field] = status
        return result

    def current_translation_status(self) -> dict:
        """The stored statuses as they stand now: a translation whose Finnish text changed
        since is outdated; one emptied is forgotten."""
        result = {}
        for key, entry in self.translation_status.items():
            field, _sep, _language = key.rpartition("_")
            if field not in self.TRANSLATED_FIELDS or not getattr(self, key, ""):
                continue
            if entry.get("source") != source_hash(self.finnish_text(field)):
                entry = {**entry, "status": TranslationStatus.OUTDATED.value}
            result[key] = entry
        return _sorted(result)

    @classmethod
    def mark_outdated_in_bulk(cls, using: str, pks) -> None:
        """What mark_outdated_translations() does before a save, for rows changed without one
        (a queryset's update())."""
        rows = cls._base_manager.using(using).filter(pk__in=list(pks))
        for row in rows:
            status = row.current_translation_status()
            if status != row.translation_status:
                rows.filter(pk=row.pk).update(translation_status=status)

    def mark_outdated_translations(self) -> None:
        """Store what current_translation_status says.

        Called before every save (models_catalog.signals), fixtures' raw saves included, so the
        admin's filters find outdated translations.
        """
        self.translation_status = self.current_translation_status()


def with_status(queryset, status: str):
    """The rows with at least one translation of `status`, on SQLite and PostgreSQL alike."""
    as_text = Cast("translation_status", models.TextField())
    return queryset.annotate(_status_text=as_text).filter(
        _status_text__contains=json.dumps(str(status))
    )
