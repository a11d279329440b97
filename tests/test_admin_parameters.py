"""Whatever an admin address carries, the answer is a page or a clear 400, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/models_catalog/operatingmodel/"
AUTOCOMPLETE = (
    "/admin/autocomplete/?app_label=models_catalog&model_name=operatingmodel&field_name=counties"
)


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x7f"])
@pytest.mark.parametrize(
    "address",
    [
        CHANGELIST + "?q=mieli{c}",
        CHANGELIST + "?is_published__exact=1{c}",
        CHANGELIST + "?o=1{c}",
        AUTOCOMPLETE + "&term={c}",
        "/admin/models_catalog/wellbeingcounty/?q={c}",
    ],
)
def test_a_control_character_in_an_admin_parameter_is_a_clear_400(admin_client, address, character):
    response = admin_client.get(address.format(c=character))
    assert response.status_code == 400
    assert "ohjausmerkki" in response.content.decode()  # the editor's language: Finnish


def test_a_search_of_hundreds_of_words_is_refused_with_the_limit(admin_client):
    response = admin_client.get(CHANGELIST, {"q": " ".join(["mieli"] * 1300)})
    assert response.status_code == 400
    assert "12" in response.content.decode()


def test_an_ordinary_admin_search_still_finds(admin_client):
    response = admin_client.get(CHANGELIST, {"q": "Mielikioski"})
    assert response.status_code == 200
    assert "Mielikioski" in response.content.decode()
