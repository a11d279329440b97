"""One notion of the client's address behind a proxy: API throttle, sign-in lockout, feedback.

The proxy is simulated: REMOTE_ADDR is always the proxy's, and X-Forwarded-For ends with the
address the proxy saw; anything before that is whatever the client sent.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework.throttling import AnonRateThrottle

from limits.client import client_address
from limits.counting import over_limit
from limits.models import LimitCount

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
CLIENT = "203.0.113.5"
EDITOR = "198.51.100.7"


def via_proxy(address, spoofed=None):
    """Request headers as the proxy passes them on: the client's own header, then its address."""
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": CLIENT, "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, CLIENT),
        (1, via_proxy(CLIENT), CLIENT),
        (1, via_proxy(CLIENT, spoofed="1.2.3.4, 5.6.7.8"), CLIENT),
        (2, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"9.9.9.9, {CLIENT}, 10.0.0.2"}, CLIENT),
        (1, {"REMOTE_ADDR": PROXY}, PROXY),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "not-an-address"}, PROXY),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "2001:db8::1"}, "2001:db8::1"),
    ],
)
def test_client_address_trusts_only_what_the_trusted_proxies_appended(
    settings, proxies, meta, expected
):
    settings.MITO_TRUSTED_PROXIES = proxies
    assert client_address(RequestFactory().get("/", **meta)) == expected


def test_rotating_x_forwarded_for_gains_nothing_against_the_api_throttle(
    client, settings, monkeypatch
):
    settings.MITO_TRUSTED_PROXIES = 1
    # A fixed window (limits.counting): an hour long, so that these requests never straddle two.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/hour"})
    cache.clear()
    statuses = [
        client.get("/api/v1/", **via_proxy(CLIENT, spoofed=f"192.0.2.{n}")).status_code
        for n in range(10)
    ]
    assert statuses == [200, 200, 200] + [429] * 7
    # Another client behind the same proxy is not throttled by the first one.
    assert client.get("/api/v1/", **via_proxy(EDITOR)).status_code == 200


def test_429_message_is_wholly_in_the_readers_language(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/hour"})
    cache.clear()
    client.get("/api/v1/")
    for language, expected in [
        ("fi", "Liian monta pyyntöä. Yritä uudelleen"),
        ("sv", "För många förfrågningar. Försök igen om"),
        ("en", "Too many requests. Try again in"),
    ]:
        response = client.get("/api/v1/", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 429
        detail = response.json()["detail"]
        assert detail.startswith(expected), detail
        assert "Expected available" not in detail
        assert int(response["Retry-After"]) > 0


def sign_in(client, password, **meta):
    return client.post(
        reverse("admin:login"), {"username": "toimittaja", "password": password}, **meta
    )


def test_five_failures_lock_the_user_for_that_client_only_behind_the_proxy(
    client, settings, django_user_model
):
    settings.MITO_TRUSTED_PROXIES = 1
    django_user_model.objects.create_user("toimittaja", password="oikea-salasana", is_staff=True)
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        # Rotating the client's own part of the header changes nothing.
        response = sign_in(client, "väärä", **via_proxy(CLIENT, spoofed=f"192.0.2.{attempt}"))
        assert response.status_code == 200
    assert sign_in(client, "väärä", **via_proxy(CLIENT)).status_code == 429
    assert sign_in(client, "oikea-salasana", **via_proxy(CLIENT, "192.0.2.99")).status_code == 429
    # The real editor, from another client behind the same proxy, still signs in.
    assert sign_in(client, "oikea-salasana", **via_proxy(EDITOR)).status_code == 302


def test_a_clients_count_lasts_the_whole_window_not_the_caches_default_timeout():
    request = RequestFactory().get("/", REMOTE_ADDR=CLIENT)
    week = 7 * 24 * 60 * 60
    # A window of about 30 years: whatever the clock says, most of it is still ahead.
    assert [over_limit(request, "testi", 2, 10**9) for _ in range(3)] == [False, False, True]
    [counted] = LimitCount.objects.filter(key__startswith="limit:testi:")
    assert counted.n == 3
    assert counted.expires > timezone.now() + timedelta(seconds=week)
    assert over_limit(RequestFactory().get("/", REMOTE_ADDR=EDITOR), "testi", 2, 10**9) is False
