"""mito.statements: small queries compiled once, read in the order their names are asked."""

import pytest

from mito import statements
from models_catalog.models import OperatingModel

pytestmark = pytest.mark.django_db

SLUG = "slug placeholder"


def documents_of(using):
    published = OperatingModel.objects.using(using).published().order_by("number")
    return published.with_api_document("summary").values_list("pk", "document")


def test_rows_are_the_querys_in_the_order_of_the_names_whatever_the_sql_order():
    forward = statements.rows(documents_of, ("pk", "document"), "default")
    backward = statements.rows(documents_of, ("document", "pk"), "default")
    assert forward == tuple(documents_of("default"))
    assert len(forward) == 15
    assert backward == tuple((document, pk) for pk, document in forward)


def test_a_query_is_built_once_and_its_placeholders_take_each_requests_values():
    calls = []

    def one_model(using):
        calls.append(using)
        return OperatingModel.objects.using(using).filter(slug=SLUG).values_list("number")

    for model in OperatingModel.objects.all()[:3]:
        rows = statements.rows(one_model, ("number",), "default", {SLUG: model.slug})
        assert rows == ((model.number,),)
    assert statements.rows(one_model, ("number",), "default", {SLUG: "no-such-model"}) == ()
    assert calls == ["default"]


def models_of(using, placeholders):
    return OperatingModel.objects.using(using).filter(pk__in=placeholders).values_list("slug")


def test_rows_of_ids_read_exactly_the_ids_asked_however_many():
    pks = list(OperatingModel.objects.order_by("number").values_list("pk", flat=True))
    for asked in [pks[:1], pks[3:7], pks[::-2], pks, [pks[0], 10**9]]:
        rows = statements.rows_of_ids(models_of, ("slug",), "default", asked)
        expected = OperatingModel.objects.filter(pk__in=asked).values_list("slug", flat=True)
        assert sorted(slug for (slug,) in rows) == sorted(expected)
