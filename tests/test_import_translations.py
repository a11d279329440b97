"""import_translations loads content only, checked as the admin checks it, all or nothing, and
answers every malformed file with one message naming the file, the record and the field (issue
33, finding 6)."""

import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from models_catalog.models import Material, WellbeingCounty

pytestmark = pytest.mark.django_db


def record(**changes):
    """A good record: Kainuu's Swedish and English names."""
    good = {
        "model": "models_catalog.wellbeingcounty",
        "key": ["kainuu"],
        "field": "name",
        "fi": "Kainuu",
        "sv": "Kajanaland",
        "en": "Kainuu",
    }
    return {**good, **changes}


def material_record(**changes):
    material = Material.objects.select_related("operating_model").order_by("pk").first()
    good = {
        "model": "models_catalog.material",
        "key": list(material.natural_key()),
        "field": "title",
        "fi": material.title_fi,
        "sv": "Material på svenska",
        "en": "Material in English",
    }
    return {**good, **changes}


@pytest.fixture
def translations(tmp_path):
    """Write records (or any text) to a translation file; its path."""

    def write(content, name="drafts.json"):
        path = tmp_path / name
        text = content if isinstance(content, str) else json.dumps(content)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def texts():
    """Every translated text of the counties and materials: what a refused import leaves."""
    return [
        list(WellbeingCounty.objects.order_by("pk").values_list("name_sv", "translation_status")),
        list(Material.objects.order_by("pk").values_list("title_sv", "title_en")),
    ]


def assert_refused(*paths, expected):
    before = texts()
    with pytest.raises(CommandError) as raised:
        call_command("import_translations", *paths, verbosity=0)
    message = str(raised.value)
    assert message.startswith("Nothing was imported"), message
    for part in expected:
        assert part in message, message
    assert "Traceback" not in message
    assert texts() == before
    return message


def test_a_good_file_still_imports(translations):
    WellbeingCounty.objects.filter(slug="kainuu").update(name_sv=None, translation_status={})
    call_command("import_translations", translations([record(), material_record()]), verbosity=0)
    assert WellbeingCounty.objects.get(slug="kainuu").name_sv == "Kajanaland"
    assert Material.objects.order_by("pk").first().title_sv == "Material på svenska"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"key": []}, ['field "key"', "non-empty list"]),
        ({"key": "kainuu"}, ['field "key"', "non-empty list"]),
        ({"key": [""]}, ['field "key"', "texts or numbers"]),
        ({"key": [None]}, ['field "key"', "texts or numbers"]),
        ({"key": [{"slug": "kainuu"}]}, ['field "key"', "texts or numbers"]),
        ({"key": ["kainuu", 3]}, ['field "key"', "is not a key of"]),
        ({"key": ["kai\x00nuu"]}, ['field "key"', "U+0000"]),
        ({"key": ["atlantis"]}, ['field "key"', "no models_catalog.wellbeingcounty"]),
        ({"model": "auth.user"}, ['field "model"', "'auth.user' is not catalogue content"]),
        ({"model": "sessions.session"}, ['field "model"', "not catalogue content"]),
        ({"model": "models_catalog.book"}, ['field "model"', "unknown model"]),
        ({"model": None}, ['field "model"', "unknown model"]),
        ({"field": "colour"}, ['field "field"', "no translated field 'colour'"]),
        ({"field": "slug", "sv": "x"}, ['field "field"', "no translated field 'slug'"]),
        ({"field": ""}, ['field "field"', "must name a translated text"]),
        ({"field": ["name"]}, ['field "field"', "must name a translated text"]),
        ({"swedish": "Kajanaland"}, ["unknown properties 'swedish'"]),
        ({"sv": ""}, ['field "sv"', "no sv text"]),
        ({"sv": 5}, ['field "sv"', "no sv text"]),
        ({"sv": "Kajana\x00land"}, ['field "sv"', "U+0000"]),
        ({"sv": "Kajana\x0bland"}, ['field "sv"', "U+000B"]),
        ({"en": "Kai\x1bnuu"}, ['field "en"', "U+001B"]),
        ({"sv": "K" * 1000}, ['field "sv"', "1000"]),  # the admin's message, with the length
        ({"fi": "Kainuun maakunta"}, ['field "fi"', "Finnish text differs"]),
    ],
)
def test_a_malformed_record_is_named_with_its_file_record_and_field(
    translations, changes, expected
):
    path = translations([record(sv="Kajanaland X"), record(**changes)])
    assert_refused(path, expected=["drafts.json, record 2", *expected])


def test_an_over_long_material_title_is_refused_as_the_admin_would(translations):
    limit = Material._meta.get_field("title_sv").max_length
    path = translations([material_record(sv="x" * (limit + 1))])
    assert_refused(path, expected=["record 1", 'field "sv"', str(limit), str(limit + 1)])


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "is not valid JSON (line 1, column 1)"),
        ("[{", "is not valid JSON"),
        ('{"model": "models_catalog.wellbeingcounty"}', "must hold a JSON list"),
        ("[1]", "record 1: must be an object"),
        ("[[]]", "record 1: must be an object"),
    ],
)
def test_a_file_of_the_wrong_shape_is_named(translations, content, expected):
    assert_refused(translations(content, "broken.json"), expected=["broken.json", expected])


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps([record(sv="Kajanaland ä")], ensure_ascii=False).encode("latin-1"))
    assert_refused(path, expected=["latin1.json", "cannot be read"])


def test_the_same_text_twice_is_refused(translations):
    path = translations([record(), record(sv="Kajanaland igen")])
    assert_refused(path, expected=["record 2", 'field "name"', "given twice", "record 1"])


def test_one_bad_file_among_good_ones_loads_nothing_and_every_problem_is_listed(translations):
    good = translations([material_record()], "good.json")
    bad = translations([record(sv="Kajana\x0bland"), record(key=[])], "bad.json")
    message = assert_refused(good, bad, expected=["bad.json, record 1", "bad.json, record 2"])
    assert "good.json" not in message


def test_nothing_but_translated_texts_is_written(translations):
    """No account, no permission, no other field: a record can only fill a translation."""
    users = list(User.objects.values_list("pk", "username", "is_superuser"))
    path = translations(
        [record(model="auth.user", key=["admin"], field="is_superuser", fi=False, sv=True)]
    )
    assert_refused(path, expected=["not catalogue content"])
    assert list(User.objects.values_list("pk", "username", "is_superuser")) == users
