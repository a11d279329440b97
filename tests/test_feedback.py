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


def send_feedback(client, number, **meta):
    return client.post(STATEMENT, {"message": f"Viesti {number}: " + "ä" * 4900}, **meta)


def test_feedback_beyond_the_limit_is_refused_with_a_message_and_not_stored(client, settings):
    settings.FEEDBACK_LIMIT_PER_HOUR = 3
    for number in range(3):
        assert send_feedback(client, number, REMOTE_ADDR="203.0.113.5").status_code == 302
    refused = send_feedback(client, 4, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Olet lähettänyt useita viestejä viimeisen tunnin aikana" in html
    assert "Viesti 4" in html  # still in the form, to send later
    assert AccessibilityFeedback.objects.count() == 3
    # Another reader is not held back by the first.
    assert send_feedback(client, 5, REMOTE_ADDR="198.51.100.7").status_code == 302
    assert AccessibilityFeedback.objects.count() == 4


def test_feedback_limit_is_per_client_behind_the_proxy(client, settings):
    settings.FEEDBACK_LIMIT_PER_HOUR = 2
    settings.MITO_TRUSTED_PROXIES = 1
    statuses = [
        send_feedback(
            client, n, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5"
        ).status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 429, 429, 429]
    other = send_feedback(client, 9, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.status_code == 302
    assert AccessibilityFeedback.objects.count() == 3
