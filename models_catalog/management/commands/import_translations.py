"""Fill Swedish and English texts from translation files: content only, checked as the admin
checks it, all or nothing."""

import json
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction

from hygiene import describe_unsafe, validate_xml_safe
from models_catalog.catalogue import catalogue_models
from models_catalog.translation_status import (
    TranslationStatus,
    TranslationStatusMixin,
    translated_languages,
)

#: The properties of a record, and nothing else (a misspelt one would be silently ignored).
PROPERTIES = ("model", "key", "field", "fi", *translated_languages())


class Command(BaseCommand):
    help = (
        "Fill Swedish and English texts from translation files: JSON lists of "
        '{"model", "key", "field", "fi", "sv", "en"}, "key" being the row\'s natural key '
        '(["digimieli"], or ["digimieli", 3] for a step or material). Each record\'s "fi" must '
        "be the Finnish text as it is now, or nothing is imported. The translations get the "
        "given status (by default: made for the catalogue, not yet reviewed). Only the "
        "catalogue's translated texts are filled, checked as the admin checks them; a malformed "
        "record stops the whole import. Write the fixtures afterwards with export_catalogue."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Translation files.")
        parser.add_argument(
            "--status",
            choices=[TranslationStatus.UNREVIEWED, TranslationStatus.REVIEWED],
            default=TranslationStatus.UNREVIEWED,
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, paths, status, database, **options):
        problems, skipped, changes, given = [], [], {}, {}
        for path in paths:
            try:
                records = _read(path)
            except _Problem as problem:
                problems.append(f"{path.name}: {problem}")
                continue
            for index, record in enumerate(records, start=1):
                where = f"{path.name}, record {index}"
                try:
                    instance, field, texts = _check(record, database)
                except _Skip as reason:
                    skipped.append(f"{where}: {reason}")
                    continue
                except _Problem as problem:
                    problems.append(f"{where}{problem.place}: {problem}")
                    continue
                label = (instance._meta.label_lower, instance.pk, field)
                if label in given:
                    problems.append(
                        f'{where}, field "{field}": given twice (also in {given[label]})'
                    )
                given[label] = where
                changes.setdefault(instance, {})[field] = texts
        if problems:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"  {problem}" for problem in problems)
            )
        try:
            with transaction.atomic(using=database):
                for instance, fields in changes.items():
                    _apply(instance, fields, status, database)
        except DatabaseError as error:
            raise CommandError(f"Nothing was imported: the database refused it: {error}") from None
        for line in skipped:
            self.stdout.write(self.style.WARNING(f"Skipped {line}"))
        count = sum(len(fields) for fields in changes.values())
        self.stdout.write(
            self.style.SUCCESS(f"Imported {count} translated texts of {len(changes)} rows.")
        )


class _Problem(Exception):
    """What is wrong with a record; `place` names its field, if one is to blame."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.place = f', field "{field}"' if field else ""


class _Skip(Exception):
    pass


def _read(path: Path) -> list:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _Problem(f"cannot be read ({error.__class__.__name__}: {error})") from None
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        raise _Problem(
            f"is not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}"
        ) from None
    if not isinstance(records, list):
        raise _Problem("must hold a JSON list of records, one object per translated text")
    return records


def _check(record, database):
    """(row, field, {language: text}) for a record that may be imported; raises otherwise."""
    if not isinstance(record, dict):
        raise _Problem(f"must be an object with {', '.join(map(repr, PROPERTIES))}")
    if unknown := sorted(set(record) - set(PROPERTIES)):
        raise _Problem(
            f"unknown properties {', '.join(map(repr, unknown))}; a record has only "
            + ", ".join(map(repr, PROPERTIES))
        )
    model = _catalogue_model(record.get("model"))
    field = record.get("field")
    if not isinstance(field, str) or not field:
        raise _Problem('"field" must name a translated text', "field")
    texts = {language: record.get(language) for language in translated_languages()}
    if field not in model.TRANSLATED_FIELDS:
        names = {model_field.name for model_field in model._meta.fields}
        if field in names and all(text == record.get("fi") for text in texts.values()):
            raise _Skip(f"{model._meta.label_lower}.{field} is not translated and reads the same")
        raise _Problem(
            f"{model._meta.label_lower} has no translated field {field!r} (its translated "
            f"fields: {', '.join(model.TRANSLATED_FIELDS)})",
            "field",
        )
    instance = _row(model, record.get("key"), database)
    where = f"{model._meta.label_lower} {record['key']}"
    finnish = instance.finnish_text(field)
    if record.get("fi") != finnish:
        raise _Problem(
            f"{where}: the Finnish text differs from the catalogue's (it says "
            f"{finnish[:60]!r}…); translate the current text",
            "fi",
        )
    for language, text in texts.items():
        column = f"{field}_{language}"
        if not isinstance(text, str) or not text.strip():
            raise _Problem(f"{where}: no {language} text", language)
        # The admin's checks of the same text: control characters, length, the field's own.
        try:
            validate_xml_safe(text)
            model._meta.get_field(column).clean(text, instance)
        except ValidationError as error:
            raise _Problem(f"{where}: {' '.join(error.messages)}", language) from None
    return instance, field, texts


def _catalogue_model(label):
    """The catalogue's model with translated texts that `label` names; never anything else."""
    allowed = {
        model._meta.label_lower: model
        for model in catalogue_models()
        if issubclass(model, TranslationStatusMixin)
    }
    model = allowed.get(label.lower()) if isinstance(label, str) else None
    if model is None:
        try:
            apps.get_model(str(label))
        except (LookupError, ValueError):
            raise _Problem(f"unknown model {label!r}", "model") from None
        raise _Problem(
            f"{label!r} is not catalogue content with translations; the models are "
            + ", ".join(sorted(allowed)),
            "model",
        )
    return model


def _row(model, key, database):
    """The row with this natural key; a clear problem for a key of the wrong shape."""
    if not isinstance(key, list) or not key:
        raise _Problem('must be the natural key as a non-empty list, e.g. ["digimieli"]', "key")
    for part in key:
        if isinstance(part, bool) or not isinstance(part, str | int) or part == "":
            raise _Problem(f"parts of the key must be texts or numbers, not {part!r}", "key")
        if isinstance(part, str) and (character := describe_unsafe(part)):
            raise _Problem(f"contains the control character {character}", "key")
    try:
        # In a savepoint: a query the database refuses must not spoil the rest.
        with transaction.atomic(using=database):
            return model._default_manager.db_manager(database).get_by_natural_key(*key)
    except model.DoesNotExist:
        raise _Problem(f"no {model._meta.label_lower} with the key {key}", "key") from None
    except (TypeError, ValueError, ValidationError, DatabaseError):
        raise _Problem(
            f"{key} is not a key of {model._meta.label_lower} (a slug, or a model's slug and a "
            "number for a step or material)",
            "key",
        ) from None


def _apply(instance, fields: dict, status: str, database: str) -> None:
    for field, texts in fields.items():
        for language, text in texts.items():
            setattr(instance, f"{field}_{language}", text)
            instance.set_status(field, language, status)
    # An update, not a save: the Finnish text is unchanged, so are its translations' statuses
    # but these. The catalogue's queryset makes it current everywhere (models_catalog.changes).
    columns = [f"{field}_{language}" for field in fields for language in fields[field]]
    values = {column: getattr(instance, column) for column in columns}
    type(instance)._default_manager.db_manager(database).filter(pk=instance.pk).update(
        translation_status=instance.translation_status, **values
    )
