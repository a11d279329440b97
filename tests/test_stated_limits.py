"""Numbers the pages state about the site's own limits come from the settings that set them."""

import datetime

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_open_data_page_states_the_apis_rate_as_set(client, settings):
    page = reverse("models_catalog:open_data")
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "120/minute"},
    }
    assert "enintään 120 pyyntöön minuutissa" in client.get(page).content.decode()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "30/hour"},
    }
    assert rates != {"anon": "30/hour"}
    assert "enintään 30 pyyntöön tunnissa" in client.get(page).content.decode()
    html = client.get("/sv" + page).content.decode()
    assert "högst 30 förfrågningar per timme" in html


def test_the_lockout_page_states_the_cool_off_as_set(client, settings, django_user_model):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=40)
    django_user_model.objects.create_user("toimittaja", password="oikea", is_staff=True)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        locked = client.post(
            reverse("admin:login"),
            {"username": "toimittaja", "password": "väärä"},
            REMOTE_ADDR="203.0.113.9",
        )
    assert locked.status_code == 429
    assert "lukittu 40 minuutiksi" in locked.content.decode()
