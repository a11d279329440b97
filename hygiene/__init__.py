"""Text that every output can carry: XML (Atom, DOCX) and spreadsheets (CSV).

XML 1.0 cannot hold most C0 control characters, lone surrogates or U+FFFE/U+FFFF; python-docx
and Django's feed writer raise on them, so one pasted vertical tab (Word's Shift+Enter) would
take the feed and every DOCX with it down. Input is checked where it enters (models' clean,
forms, load_catalogue); the outputs strip what slipped through anyway.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

#: What XML 1.0 cannot carry; tab, line feed and carriage return are fine.
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: A spreadsheet reads a cell starting with these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def xml_safe(text) -> str:
    """The text without the characters XML cannot carry."""
    return XML_UNSAFE.sub("", str(text))


def describe_unsafe(value: str) -> str | None:
    """'U+000B' for the first character XML cannot carry, or None if there is none."""
    match = XML_UNSAFE.search(value)
    return f"U+{ord(match.group()):04X}" if match else None


def validate_xml_safe(value) -> None:
    """Reject text with control characters that the feed, Word and XML cannot carry."""
    if isinstance(value, str) and (character := describe_unsafe(value)):
        raise ValidationError(
            _(
                "The text contains an invisible control character (%(character)s) that cannot "
                "be saved. It often comes with text pasted from Word (a line break made with "
                "Shift+Enter): retype the line break or remove the character."
            ),
            code="control_character",
            params={"character": character},
        )


class XmlSafeTextMixin:
    """Model validation (admin forms, load_catalogue) rejects control characters in every
    text field, naming the field, without a validator (and so a migration) per field."""

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if (exclude and field.name in exclude) or field.name in errors:
                continue
            try:
                validate_xml_safe(getattr(self, field.attname))
            except ValidationError as error:
                errors[field.name] = error.error_list
        if errors:
            raise ValidationError(errors)


def spreadsheet_cell(value) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula.

    As OWASP recommends, a cell starting with =, +, -, @, tab or carriage return gets a
    leading single quote; the csv module quotes the rest. Control characters go too.
    """
    text = xml_safe("" if value is None else value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def spreadsheet_row(values) -> list[str]:
    return [spreadsheet_cell(value) for value in values]
