"""The accessibility statement, its feedback channel, and the privacy notice."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from feedback.models import AccessibilityFeedback

pytestmark = pytest.mark.django_db

STATEMENT = reverse("feedback:statement")


def test_statement_has_the_parts_the_act_and_the_eu_model_require(client):
    html = client.get(STATEMENT).content.decode()
    for part in [
        "Saavutettavuusseloste",
        "Verkkopalvelun saavutettavuuden tila",
        "täyttää osittain",
        "Sisällöt, jotka eivät ole saavutettavia",
        "Miten saavutettavuus on arvioitu",
        "axe-core",
        "22.11.2026",
        "Anna palautetta saavutettavuudesta",
        "14 päivän kuluessa",
        "Valvontaviranomainen",
        "Traficom",
        "https://www.saavutettavuusvaatimukset.fi/",
    ]:
        assert part in html, part


@pytest.mark.parametrize(
    "path", ["/", "/toimintamallit/mielikioski/", "/kartta/", "/tilastot/", "/ei-ole/"]
)
def test_every_page_links_to_the_statement_and_the_privacy_notice(client, path):
    html = client.get(path).content.decode()
    assert f'href="{STATEMENT}"' in html
    assert f'href="{reverse("privacy")}"' in html


def test_feedback_is_stored_for_the_admins(client):
    response = client.post(
        STATEMENT,
        {
            "message": "Kartan ruutuja ei voi valita ruudunlukijalla.",
            "page_url": "/kartta/",
            "email": "lukija@example.fi",
        },
        follow=True,
    )
    assert "Palautteesi on vastaanotettu" in response.content.decode()
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.page_url == "/kartta/"
    assert feedback.status == AccessibilityFeedback.Status.NEW
    assert feedback.answer_due - feedback.created_at == timedelta(days=14)


@pytest.mark.parametrize(
    ("data", "error_field"),
    [
        ({"message": ""}, "message"),
        ({"message": "   "}, "message"),
        ({"message": "x" * 5001}, "message"),
        ({"message": "Ok", "email": "ei-sähköposti"}, "email"),
    ],
)
def test_bad_feedback_is_refused_with_a_message_and_nothing_is_saved(client, data, error_field):
    response = client.post(STATEMENT, data)
    assert response.status_code == 200
    assert error_field in response.context["form"].errors
    assert 'class="form-error"' in response.content.decode()
    assert not AccessibilityFeedback.objects.exists()


def test_bots_filling_the_hidden_field_are_refused(client):
    client.post(STATEMENT, {"message": "Osta nyt", "website": "http://spam.example"})
    assert not AccessibilityFeedback.objects.exists()


def test_admins_see_when_an_answer_is_due_and_mark_it_answered(admin_client):
    feedback = AccessibilityFeedback.objects.create(message="Kontrasti on liian heikko.")
    changelist = admin_client.get(reverse("admin:feedback_accessibilityfeedback_changelist"))
    assert "Kontrasti on liian heikko." in changelist.content.decode()
    url = reverse("admin:feedback_accessibilityfeedback_change", args=[feedback.pk])
    response = admin_client.post(url, {"status": "answered", "answer": "Korjattu."})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.answered_at is not None
    assert list(AccessibilityFeedback.objects.unanswered()) == []


def test_answered_feedback_older_than_two_years_is_purged():
    old_answered = AccessibilityFeedback.objects.create(
        message="Vanha", status="answered", answered_at=timezone.now()
    )
    old_open = AccessibilityFeedback.objects.create(message="Vanha ja avoin")
    recent = AccessibilityFeedback.objects.create(
        message="Uusi", status="answered", answered_at=timezone.now()
    )
    long_ago = timezone.now() - timedelta(days=2 * 365 + 1)
    AccessibilityFeedback.objects.filter(pk__in=[old_answered.pk, old_open.pk]).update(
        created_at=long_ago
    )
    call_command("purge_old_feedback", verbosity=0)
    assert set(AccessibilityFeedback.objects.values_list("pk", flat=True)) == {
        old_open.pk,
        recent.pk,
    }


def test_privacy_notice_covers_admin_accounts_and_feedback(client):
    html = client.get(reverse("privacy")).content.decode()
    for part in [
        "Tietosuojaseloste",
        "Ylläpitäjien tunnukset",
        "Saavutettavuuspalaute",
        "tietosuoja.fi",
    ]:
        assert part in html
