"""Reader pages answer only the methods they serve: anything else is 405, never the page."""

import pytest

pytestmark = pytest.mark.django_db

READER_PAGES = [
    "/",
    "/sv/",
    "/toimintamallit/mielikioski/",
    "/hankkeet/armi-arjen-yhteisollisyytta-mielen-hyvinvoinnin-tukena/",
    "/kartta/",
    "/vertaa/?models=mielikioski,digimieli",
    "/muistilista/",
    "/kasitteet/",
    "/haasteet/",
    "/arviointi/",
    "/avoin-data/",
    "/toimintamallit.csv",
    "/toimintamallit.json",
    "/syote.atom",
    "/sitemap.xml",
    "/robots.txt",
    "/tilastot/",
    "/ohjelma/",
    "/ennen-kuin-aloitat/",
    "/saavutettavuusseloste/",
    "/tietosuojaseloste/",
]


@pytest.mark.parametrize("path", READER_PAGES)
@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "TRACE", "OPTIONS"])
def test_a_reader_page_refuses_methods_it_does_not_serve(client, path, method):
    response = client.generic(method, path)
    if method == "OPTIONS" and response.status_code == 200:
        # Django's class-based views answer OPTIONS with what they allow, and no page.
        assert response.content == b""
        assert "PUT" not in response["Allow"]
        return
    assert response.status_code == 405, (path, method)
    assert "GET" in response["Allow"]
    assert b"<html" not in response.content


@pytest.mark.parametrize("path", READER_PAGES)
def test_a_reader_page_still_answers_get_and_head(client, path):
    assert client.get(path).status_code == 200
    head = client.head(path)
    assert head.status_code == 200
