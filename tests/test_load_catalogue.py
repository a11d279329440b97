"""load_catalogue: loads into an empty database, is idempotent, and rejects bad input whole."""

import pytest
from django.core.management import CommandError, call_command

from models_catalog.catalogue import (
    CATALOGUE_FILES,
    catalogue_models,
    default_fixture_paths,
    serialize_catalogue_file,
)
from models_catalog.models import Material, OperatingModel, Step, WellbeingCounty
from tests.conftest import read_records, write_records
from trainings.models import Figure

pytestmark = pytest.mark.django_db


def snapshot():
    """Every catalogue row, serialized: equal snapshots mean equal databases."""
    return {name: serialize_catalogue_file(labels) for name, labels in CATALOGUE_FILES}


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in catalogue_models()}


def test_loads_into_an_empty_database(empty_db, fixture_copy):
    assert set(row_counts().values()) == {0}
    call_command("load_catalogue", *fixture_copy)
    assert OperatingModel.objects.count() == 15
    assert Step.objects.count() == 60
    assert Material.objects.count() == 19
    assert WellbeingCounty.objects.count() == 22
    assert Figure.objects.count() == 14


def test_plain_loaddata_also_loads_the_fixtures(empty_db):
    # link_checks.json is empty until check_links runs; loaddata warns about empty files.
    paths = [path for path in default_fixture_paths() if read_records(path)]
    call_command("loaddata", *[path.name for path in paths], verbosity=0)
    assert OperatingModel.objects.count() == 15
    assert Step.objects.count() == 60


def fixture_record_count() -> int:
    return sum(len(read_records(path)) for path in default_fixture_paths())


def test_default_paths_are_the_projects_fixtures(empty_db, capsys):
    call_command("load_catalogue")
    output = capsys.readouterr().out
    assert f"{fixture_record_count()} created" in output
    assert OperatingModel.objects.count() == 15


def test_second_run_changes_nothing_and_creates_no_duplicates(capsys):
    before = snapshot()
    counts = row_counts()
    call_command("load_catalogue")
    total = fixture_record_count()
    assert f"0 created, {total} matched existing rows" in capsys.readouterr().out
    assert snapshot() == before
    assert row_counts() == counts


def test_loaded_data_exports_back_to_the_same_files(fixture_copy):
    for path, (_name, labels) in zip(fixture_copy, CATALOGUE_FILES, strict=True):
        assert serialize_catalogue_file(labels) == path.read_text(encoding="utf-8"), path.name


def test_reload_restores_an_edited_row():
    OperatingModel.objects.filter(number=13).update(name="Muutettu nimi")
    call_command("load_catalogue", verbosity=0)
    assert OperatingModel.objects.get(number=13).name == "Mielikioski"


def corrupt(paths, file_name, change):
    path = next(p for p in paths if p.name == file_name)
    records = read_records(path)
    change(records)
    write_records(path, records)
    return path


def assert_rejected(paths, *expected_parts):
    before = snapshot()
    with pytest.raises(CommandError) as raised:
        call_command("load_catalogue", *paths)
    message = str(raised.value)
    for part in expected_parts:
        assert part in message, message
    assert snapshot() == before
    return message


def find(records, model, **fields):
    return next(
        record
        for record in records
        if record["model"] == model
        and all(record["fields"].get(key) == value for key, value in fields.items())
    )


def test_missing_required_field_is_rejected(fixture_copy):
    def change(records):
        fields = find(records, "models_catalog.operatingmodel", slug="mielikioski")["fields"]
        del fields["name"], fields["name_fi"]  # the name in any form

    corrupt(fixture_copy, "operating_models.json", change)
    assert_rejected(
        fixture_copy, "operating_models.json", "record 13", '"mielikioski"', 'field "name"'
    )


def test_missing_required_foreign_key_is_rejected(fixture_copy):
    corrupt(
        fixture_copy,
        "steps.json",
        lambda records: records[4]["fields"].pop("operating_model"),
    )
    assert_rejected(fixture_copy, "steps.json", "record 5", 'field "operating_model"')


def test_empty_step_text_is_rejected(fixture_copy):
    corrupt(
        fixture_copy, "steps.json", lambda records: records[0]["fields"].update(text="", text_fi="")
    )
    assert_rejected(fixture_copy, "steps.json", "record 1", 'field "text"')


@pytest.mark.parametrize(
    "bad_url",
    [
        "not a url",
        "javascript:alert(1)",
        "ftp://example.org/file.pdf",
        "data:text/html,hi",
        "http://127.0.0.1:8000/admin/",  # not public: readers cannot open it, check_links
        "http://localhost/",  # must not ask the server's own network for it
        "http://[::ffff:10.0.0.1]/",
    ],
)
def test_invalid_url_is_rejected(fixture_copy, bad_url):
    def change(records):
        find(
            records,
            "models_catalog.material",
            order=2,
            operating_model=["mielen-hyvinvoinnin-vahvistaminen-iakkaiden-palveluissa"],
        )["fields"]["url"] = bad_url

    corrupt(fixture_copy, "materials.json", change)
    assert_rejected(fixture_copy, "materials.json", "record", 'field "url"')


def test_invalid_innokyla_link_is_rejected(fixture_copy):
    corrupt(
        fixture_copy,
        "operating_models.json",
        lambda records: records[0]["fields"].update(innokyla_url="innokyla.fi/digimieli"),
    )
    assert_rejected(fixture_copy, "operating_models.json", "record 1", 'field "innokyla_url"')


def test_duplicate_slug_is_rejected(fixture_copy):
    def change(records):
        records[1]["fields"]["slug"] = records[0]["fields"]["slug"]

    corrupt(fixture_copy, "operating_models.json", change)
    assert_rejected(fixture_copy, "operating_models.json", "record 2", 'field "slug"', "duplicate")


def test_duplicate_number_is_rejected(fixture_copy):
    corrupt(
        fixture_copy,
        "operating_models.json",
        lambda records: records[4]["fields"].update(number=1),
    )
    assert_rejected(fixture_copy, "operating_models.json", "record 5", 'field "number"')


def test_duplicate_step_number_is_rejected(fixture_copy):
    corrupt(fixture_copy, "steps.json", lambda records: records[1]["fields"].update(number=1))
    assert_rejected(fixture_copy, "steps.json", "record 2", 'field "number"', "duplicate")


def test_unknown_region_is_rejected(fixture_copy):
    corrupt(
        fixture_copy,
        "operating_models.json",
        lambda records: records[7]["fields"]["counties"].append(["atlantis"]),
    )
    message = assert_rejected(
        fixture_copy, "operating_models.json", "record 8", 'field "counties"', "atlantis"
    )
    assert "does not exist" in message


def test_unknown_municipality_county_is_rejected(fixture_copy):
    corrupt(
        fixture_copy,
        "regions.json",
        lambda records: find(records, "models_catalog.municipality", slug="oulu")["fields"].update(
            county=["pohjois-pohjanmaan-maakunta"]
        ),
    )
    assert_rejected(fixture_copy, "regions.json", '"oulu"', 'field "county"')


def test_figure_range_upside_down_is_rejected(fixture_copy):
    corrupt(
        fixture_copy,
        "trainings.json",
        lambda records: find(records, "trainings.figure", slug="hanketuki-webinaarien-yleiso")[
            "fields"
        ].update(value_max=50),
    )
    assert_rejected(fixture_copy, "trainings.json", "hanketuki-webinaarien-yleiso")


def test_invalid_json_is_rejected(fixture_copy):
    path = next(p for p in fixture_copy if p.name == "glossary.json")
    path.write_text(path.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    assert_rejected(fixture_copy, "glossary.json", "not valid JSON", "line")


def test_unknown_field_is_rejected(fixture_copy):
    corrupt(
        fixture_copy,
        "target_groups.json",
        lambda records: records[0]["fields"].update(colour="red"),
    )
    assert_rejected(fixture_copy, "target_groups.json", "record 1", 'field "colour"')


def test_unknown_model_is_rejected(fixture_copy):
    corrupt(
        fixture_copy, "sources.json", lambda records: records[0].update(model="models_catalog.book")
    )
    assert_rejected(fixture_copy, "sources.json", "record 1", "unknown model")


def test_a_record_of_a_model_outside_the_catalogue_is_refused_and_nothing_loaded(
    fixture_copy,
):
    from django.contrib.auth.models import User

    superuser = {
        "model": "auth.user",
        "fields": {"username": "tunkeilija", "password": "x", "is_superuser": True},
    }
    corrupt(fixture_copy, "sources.json", lambda records: records.append(superuser))
    assert_rejected(fixture_copy, "sources.json", "auth.user is not catalogue content")
    assert not User.objects.filter(username="tunkeilija").exists()


def test_missing_file_is_rejected(fixture_copy, tmp_path):
    assert_rejected([*fixture_copy, tmp_path / "nope.json"], "nope.json", "file not found")


def test_bad_record_after_good_changes_rolls_back_the_good_ones(fixture_copy):
    """An edit early in the load is undone when a later record fails."""
    corrupt(
        fixture_copy,
        "operating_models.json",
        lambda records: records[0]["fields"].update(name="Uusi nimi"),
    )
    corrupt(fixture_copy, "trainings.json", lambda records: records[-1]["fields"].update(value=-1))
    assert_rejected(fixture_copy, "trainings.json", 'field "value"')
    assert OperatingModel.objects.get(number=1).name.startswith("Digimieli")


def test_bad_load_into_an_empty_database_leaves_it_empty(empty_db, fixture_copy):
    corrupt(fixture_copy, "materials.json", lambda records: records[-1]["fields"].update(url=""))
    assert_rejected(fixture_copy, "materials.json", 'field "url"')
    assert set(row_counts().values()) == {0}


@pytest.mark.parametrize(
    ("status", "why"),
    [
        ("unreviewed", "must be a JSON object"),
        ([["name_sv", "unreviewed"]], "must be a JSON object"),
        ({"name_sv": "unreviewed"}, "'name_sv' must be an object"),
        ({"name_sv": {"status": "unreviewed"}}, "'name_sv' must be an object"),
        ({"name_sv": {"source": 12, "status": "unreviewed"}}, "12 hexadecimal digits"),
        ({"name_sv": {"source": "abcdef012345", "status": "fine"}}, '"status" must be one of'),
        ({"name_de": {"source": "abcdef012345", "status": "reviewed"}}, "'name_de' is not"),
        ({"colour_sv": {"source": "abcdef012345", "status": "reviewed"}}, "'colour_sv' is not"),
    ],
)
def test_a_malformed_translation_status_is_a_clear_message(fixture_copy, status, why):
    def change(records):
        find(records, "models_catalog.operatingmodel", slug="mielikioski")["fields"][
            "translation_status"
        ] = status

    corrupt(fixture_copy, "operating_models.json", change)
    assert_rejected(
        fixture_copy,
        "operating_models.json",
        '"mielikioski"',
        'field "translation_status"',
        why,
    )
