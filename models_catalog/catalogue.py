"""Loading and exporting the whole catalogue as Django fixtures with natural keys.

`loaddata` would accept the same files, but it saves what it is given: an empty name, a
javascript: URL, or a second record with an existing slug (which silently overwrites the
first). `load_catalogue` validates every record before saving it, names the file, the record
and the field of the first problem, and loads everything in one transaction, so a bad file
changes nothing.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, models, transaction
from django.utils import timezone, translation
from modeltranslation.utils import auto_populate

from hygiene import describe_unsafe

#: The fixture files in load order, each with the models it holds (in that order).
CATALOGUE_FILES: Sequence[tuple[str, Sequence[str]]] = (
    ("regions.json", ("models_catalog.WellbeingCounty", "models_catalog.Municipality")),
    ("organisations.json", ("models_catalog.Organisation",)),
    ("target_groups.json", ("models_catalog.TargetGroup",)),
    ("challenges.json", ("models_catalog.ChallengeTag",)),
    ("projects.json", ("models_catalog.Project",)),
    ("operating_models.json", ("models_catalog.OperatingModel",)),
    ("steps.json", ("models_catalog.Step",)),
    ("materials.json", ("models_catalog.Material",)),
    ("glossary.json", ("models_catalog.GlossaryTerm",)),
    ("sources.json", ("models_catalog.Source",)),
    ("thesaurus.json", ("search.Concept", "search.Term")),
    (
        "trainings.json",
        ("trainings.TrainingCategory", "trainings.MethodTraining", "trainings.Figure"),
    ),
    ("report.json", ("report.ReportSection", "report.ReportBlock")),
    ("link_checks.json", ("links.LinkCheck",)),
    ("adoption.json", ("models_catalog.AdoptionFact", "models_catalog.Adoption")),
)


def catalogue_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for _, labels in CATALOGUE_FILES for label in labels]


def default_fixture_paths() -> list[Path]:
    directory = Path(settings.FIXTURE_DIRS[0])
    return [directory / name for name, _ in CATALOGUE_FILES]


class FixtureError(Exception):
    """A fixture record that cannot be loaded; the message says where and why."""

    def __init__(self, path: Path, message: str, record: int | None = None, what: str = ""):
        self.path = path
        self.record = record
        where = str(path)
        if record is not None:
            where += f", record {record}"
            if what:
                where += f" ({what})"
        super().__init__(f"{where}: {message}")


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    per_file: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.created + self.updated


def load_catalogue(
    paths: Iterable[Path] | None = None, using: str = DEFAULT_DB_ALIAS
) -> LoadReport:
    """Load the fixture files in order, all or nothing. Raises FixtureError."""
    report = LoadReport()
    paths = list(paths) if paths is not None else default_fixture_paths()
    # Files written before the Swedish and English fields existed carry only the original
    # field: its text becomes the Finnish version.
    with (
        translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE),
        auto_populate("required"),
        transaction.atomic(using=using),
    ):
        seen_keys: dict[tuple, str] = {}
        # Every file is read before anything is written: a missing or malformed file is told
        # at once, not after the files before it have been loaded and rolled back.
        for path, records in [(path, _read_records(path)) for path in paths]:
            for index, record in enumerate(records, start=1):
                created = _load_record(path, index, record, seen_keys, using)
                report.created += created
                report.updated += not created
            report.per_file[path.name] = len(records)
    return report


def _read_records(path: Path) -> list:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FixtureError(path, "file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise FixtureError(path, f"cannot be read: {error}") from None
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        raise FixtureError(
            path, f"is not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}"
        ) from None
    if not isinstance(records, list):
        raise FixtureError(path, "must hold a JSON list of records")
    return records


def _describe(record: dict) -> str:
    fields = record.get("fields") if isinstance(record.get("fields"), dict) else {}
    label = record.get("model", "?")
    for key in ("slug", "name", "term"):
        if fields.get(key):
            return f'{label} "{fields[key]}"'
    if "operating_model" in fields:
        position = fields.get("number", fields.get("order", "?"))
        return f"{label} {fields['operating_model']} #{position}"
    return label


def _load_record(path: Path, index: int, record, seen_keys: dict, using: str) -> bool:
    """Validate and save one record; return whether it created a new row."""
    if not isinstance(record, dict) or not isinstance(record.get("fields"), dict):
        raise FixtureError(path, 'must be an object with "model" and "fields"', index)
    what = _describe(record)

    def fail(message: str, field_name: str | None = None):
        if field_name:
            message = f'field "{field_name}": {message}'
        return FixtureError(path, message, index, what)

    try:
        model = apps.get_model(str(record.get("model")))
    except (LookupError, ValueError):
        raise fail(f"unknown model {record.get('model')!r}") from None
    if model not in catalogue_models():
        # Users, groups, sessions…: a fixture must never create an account or a permission.
        raise fail(
            f"{model._meta.label_lower} is not catalogue content; a catalogue file holds only "
            + ", ".join(label.lower() for _name, labels in CATALOGUE_FILES for label in labels)
        )

    # Before anything reaches the database: PostgreSQL refuses NUL outright (with an error
    # that says nothing of the record), and the feed and DOCX cannot carry the others.
    for field_name, value in record["fields"].items():
        if character := _first_unsafe_character(value):
            raise fail(
                f"contains the control character {character}, which XML and Word cannot "
                "carry; remove it",
                field_name,
            )

    try:
        deserialized = next(serializers.deserialize("python", [record], using=using))
    except (serializers.base.DeserializationError, FieldDoesNotExist, ObjectDoesNotExist):
        field_name, message = _locate_bad_field(model, record, using)
        raise fail(message, field_name) from None
    except DatabaseError as error:
        # A value the database cannot even look up: name the record, not "the database".
        raise fail(f"the database refused it: {error}") from None

    instance = deserialized.object
    key = (model._meta.label_lower, *instance.natural_key())
    if key in seen_keys:
        raise fail(
            f"duplicate: {seen_keys[key]} has the same key {list(key[1:])}",
            _natural_key_field(model),
        )
    seen_keys[key] = f"{path.name} record {index}"

    if record.get("pk") is not None:
        # Given a pk: an update if that row exists, else an insert.
        instance._state.adding = (
            not model._default_manager.using(using).filter(pk=instance.pk).exists()
        )
    elif instance.pk is not None:
        # The deserializer found the row by its natural key: validate it as an update.
        instance._state.adding = False
    created = instance._state.adding
    _fill_missing_timestamps(instance)
    try:
        instance.full_clean()
    except DatabaseError as error:
        raise fail(f"the database refused it: {error}") from None
    except ValidationError as error:
        field_name, messages = next(iter(error.message_dict.items()))
        if field_name == "__all__":
            field_name = None
        raise fail(" ".join(messages), field_name) from None

    # No savepoint per record: a refusal ends the whole load, and load_catalogue's one
    # transaction undoes everything before it.
    try:
        deserialized.save(using=using)
    except DatabaseError as error:
        raise fail(f"the database refused it: {error}") from None
    return created


def _first_unsafe_character(value) -> str | None:
    """The first character XML cannot carry in a value (text, or a natural key's list)."""
    if isinstance(value, str):
        return describe_unsafe(value)
    if isinstance(value, list | tuple):
        return next(filter(None, map(_first_unsafe_character, value)), None)
    return None


def _natural_key_field(model) -> str:
    names = {model_field.name for model_field in model._meta.fields}
    return next(name for name in ("slug", "number", "order", "url") if name in names)


def _locate_bad_field(model, record: dict, using: str) -> tuple[str | None, str]:
    """Deserialize the record one field at a time to name the field that fails."""
    for name, value in record["fields"].items():
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            return name, f"{model._meta.label} has no such field"
        # A dummy primary key keeps the deserializer from resolving a natural key of
        # the half-built record; nothing here is saved.
        probe = {"model": record["model"], "pk": 0, "fields": {name: value}}
        try:
            next(serializers.deserialize("python", [probe], using=using))
        except serializers.base.DeserializationError as error:
            return name, _explain(model, name, value, error)
    for model_field in model._meta.concrete_fields:
        optional = model_field.primary_key or model_field.blank or model_field.has_default()
        if not optional and model_field.name not in record["fields"]:
            return model_field.name, "is required but missing"
    return None, "the record could not be read"


def _explain(model, name: str, value, error: Exception) -> str:
    cause = error.__cause__ or error.__context__ or error
    related = model._meta.get_field(name).related_model
    if related is not None and isinstance(cause, ObjectDoesNotExist | ValueError | TypeError):
        return (
            f"refers to a {related._meta.verbose_name} that does not exist "
            f"(value {json.dumps(value, ensure_ascii=False)})"
        )
    return str(cause)


def _fill_missing_timestamps(instance) -> None:
    # Raw saves skip auto_now(_add); a record without timestamps is stamped now.
    for model_field in instance._meta.concrete_fields:
        is_timestamp = getattr(model_field, "auto_now", False) or getattr(
            model_field, "auto_now_add", False
        )
        if is_timestamp and getattr(instance, model_field.attname) is None:
            setattr(instance, model_field.attname, timezone.now())


def serialize_catalogue_file(labels: Sequence[str], using: str = DEFAULT_DB_ALIAS) -> str:
    """One fixture file's text, in the form `load_catalogue` reads back."""
    objects = []
    for label in labels:
        objects.extend(apps.get_model(label)._default_manager.using(using).all())
    # A translated field's original column is written in the default language.
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        text = serializers.serialize(
            "json",
            objects,
            indent=2,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
    return text + "\n"


def export_catalogue(directory: Path, using: str = DEFAULT_DB_ALIAS) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, labels in CATALOGUE_FILES:
        path = directory / name
        path.write_text(serialize_catalogue_file(labels, using), encoding="utf-8")
        written.append(path)
    return written
