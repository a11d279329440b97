"""Production hardening: deploy checks, security headers, cookies, sign-in throttling, errors."""

import importlib
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from sitepages.views import server_error

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_PAGES = ["/", "/?county=pirkanmaa", "/toimintamallit/mielikioski/", "/kartta/", "/tilastot/"]
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture
def production(settings, monkeypatch):
    """The security settings of mito.settings.prod, applied to the test server."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.delitem(sys.modules, "mito.settings.prod", raising=False)
    prod = importlib.import_module("mito.settings.prod")
    for name in dir(prod):
        if name.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "LANGUAGE_COOKIE_")):
            setattr(settings, name, getattr(prod, name))
    return settings


def test_production_settings_pass_the_deploy_check():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO")}
    env.update(
        DJANGO_SETTINGS_MODULE="mito.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="mito.example.fi",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        parts[0]: parts[1:]
        for parts in (directive.split() for directive in policy.split(";") if directive.strip())
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", [*PUBLIC_PAGES, ADMIN_LOGIN])
def test_security_headers_on_every_page(client, production, path):
    response = client.get(path, secure=True)
    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    hsts = response["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31536000
    assert "includeSubDomains" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()"]:
        assert feature in permissions


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client, production):
    response = client.get("/", secure=False)
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
def test_cookies_are_secure_httponly_and_samesite(client, production, django_user_model):
    django_user_model.objects.create_user("toimittaja", password="oikea-salasana", is_staff=True)
    login_page = client.get(ADMIN_LOGIN, secure=True)
    csrf = login_page.cookies["csrftoken"]
    response = client.post(
        ADMIN_LOGIN,
        {
            "username": "toimittaja",
            "password": "oikea-salasana",
            "csrfmiddlewaretoken": login_page.context["csrf_token"],
        },
        secure=True,
    )
    assert response.status_code == 302
    language = client.get(reverse("switch_language", args=["sv"]), secure=True)
    cookies = [
        csrf,
        response.cookies["sessionid"],
        language.cookies["django_language"],
    ]
    for cookie in cookies:
        assert cookie["secure"], cookie.key
        assert cookie["httponly"], cookie.key
        assert cookie["samesite"] == "Lax", cookie.key


def sign_in(client, password, address="203.0.113.5"):
    return client.post(
        ADMIN_LOGIN,
        {"username": "toimittaja", "password": password},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_from_that_address(
    client, settings, django_user_model
):
    django_user_model.objects.create_user("toimittaja", password="oikea-salasana", is_staff=True)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "väärä").status_code == 200  # the form again, with its error
    locked = sign_in(client, "väärä")
    assert locked.status_code == 429
    assert "Kirjautuminen on hetken lukittu" in locked.content.decode()
    assert "15 minuutiksi" in locked.content.decode()
    # Even the right password is refused from that address for now...
    assert sign_in(client, "oikea-salasana").status_code == 429
    # ...but the real editor, elsewhere, is not locked out by the attacker.
    assert sign_in(client, "oikea-salasana", address="198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_the_lock_lifts_after_the_cool_off(client, settings, django_user_model):
    django_user_model.objects.create_user("toimittaja", password="oikea-salasana", is_staff=True)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "väärä")
    assert sign_in(client, "oikea-salasana").status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert sign_in(client, "oikea-salasana").status_code == 302


@pytest.mark.django_db
def test_404_page_is_in_the_readers_language_and_leaks_nothing(client):
    response = client.get("/sv/toimintamallit/ei-ole/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="sv">' in html
    assert "Sidan hittades inte" in html
    assert "Traceback" not in html
    assert "ei-ole" not in html.split("<main")[1]  # the requested path is not echoed back


@pytest.mark.parametrize(
    ("language", "heading"), [("fi", "Jokin meni vikaan"), ("sv", "Något gick fel")]
)
def test_500_page_is_in_the_readers_language_and_leaks_nothing(language, heading):
    request = RequestFactory().get("/")
    with translation.override(language):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in html
    assert heading in html
    for secret in ["Traceback", "SECRET_KEY", "DATABASE", "Exception"]:
        assert secret not in html


def test_a_file_sent_to_a_form_is_refused_before_it_is_stored(db):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from feedback.models import AccessibilityFeedback

    upload = SimpleUploadedFile("iso.bin", b"\0" * 5_000_000)
    response = Client().post(
        "/saavutettavuusseloste/",
        {"message": "Sivulla on ongelma", "liite": upload},
        format="multipart",
    )
    assert response.status_code == 400  # not parsed whole and answered as if fine
    assert not AccessibilityFeedback.objects.exists()
