import json
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, transaction

from models_catalog.translation_status import (
    TranslationStatus,
    TranslationStatusMixin,
    translated_languages,
)


class Command(BaseCommand):
    help = (
        "Fill Swedish and English texts from translation files: JSON lists of "
        '{"model", "key", "field", "fi", "sv", "en"}, "key" being the row\'s natural key '
        '(["digimieli"], or ["digimieli", 3] for a step or material). Each record\'s "fi" must '
        "be the Finnish text as it is now, or nothing is imported. The translations get the "
        "given status (by default: made for the catalogue, not yet reviewed). Write the "
        "fixtures afterwards with export_catalogue."
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
        problems, skipped, changes = [], [], {}
        for path in paths:
            for index, record in enumerate(_read(path), start=1):
                where = f"{path.name} record {index}"
                try:
                    change = _check(record, database)
                except _Skip as reason:
                    skipped.append(f"{where}: {reason}")
                except _Problem as problem:
                    problems.append(f"{where}: {problem}")
                else:
                    changes.setdefault(change[0], {})[change[1]] = change[2]
        if problems:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"  {problem}" for problem in problems)
            )
        with transaction.atomic(using=database):
            for instance, fields in changes.items():
                _apply(instance, fields, status, database)
        for line in skipped:
            self.stdout.write(self.style.WARNING(f"Skipped {line}"))
        count = sum(len(fields) for fields in changes.values())
        self.stdout.write(
            self.style.SUCCESS(f"Imported {count} translated texts of {len(changes)} rows.")
        )


class _Problem(Exception):
    pass


class _Skip(Exception):
    pass


def _read(path: Path) -> list:
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"{path}: cannot be read: {error}") from None
    if not isinstance(records, list):
        raise CommandError(f"{path}: must hold a JSON list of records")
    return records


def _check(record, database):
    """(row, field, {language: text}) for a record that may be imported; raises otherwise."""
    if not isinstance(record, dict):
        raise _Problem("not an object")
    try:
        model = apps.get_model(str(record.get("model")))
    except (LookupError, ValueError):
        raise _Problem(f"unknown model {record.get('model')!r}") from None
    key, field = record.get("key"), record.get("field")
    if not isinstance(key, list):
        raise _Problem('"key" must be a list (the natural key)')
    texts = {language: record.get(language) for language in translated_languages()}
    translatable = issubclass(model, TranslationStatusMixin) and field in model.TRANSLATED_FIELDS
    if not translatable:
        if all(text == record.get("fi") for text in texts.values()):
            raise _Skip(f"{model._meta.label_lower}.{field} is not translated and reads the same")
        raise _Problem(f"{model._meta.label_lower} has no translated field {field!r}")
    try:
        instance = model._default_manager.db_manager(database).get_by_natural_key(*key)
    except model.DoesNotExist:
        raise _Problem(f"no {model._meta.label_lower} with the key {key}") from None
    finnish = instance.finnish_text(field)
    if record.get("fi") != finnish:
        raise _Problem(
            f"{model._meta.label_lower} {key} {field}: the Finnish text differs from the "
            f"catalogue's (it says {finnish[:60]!r}…); translate the current text"
        )
    for language, text in texts.items():
        if not isinstance(text, str) or not text.strip():
            raise _Problem(f"{model._meta.label_lower} {key} {field}: no {language} text")
    return instance, field, texts


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
