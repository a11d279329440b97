"""The interface translations are complete, and the compiled catalogues match their sources."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def entries(catalogue):
    result = {}
    for entry in catalogue:
        if entry.msgid_plural:
            value = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
        else:
            value = entry.msgstr
        result[(entry.msgctxt, entry.msgid)] = value
    return result


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    po = polib.pofile(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert not po.metadata_is_fuzzy  # a fuzzy header drops the plural forms


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    directory = LOCALE / language / "LC_MESSAGES"
    po = entries(polib.pofile(directory / "django.po").translated_entries())
    mo = entries(entry for entry in polib.mofile(directory / "django.mo") if entry.msgid)
    assert mo == po, "Run `manage.py compilemessages` after editing the .po file."
