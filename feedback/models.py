"""Feedback on the service's accessibility, which the admins must answer within 14 days."""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hygiene import XmlSafeTextMixin

ANSWER_WITHIN = timedelta(days=14)


class AccessibilityFeedbackQuerySet(models.QuerySet):
    def unanswered(self):
        return self.filter(status=AccessibilityFeedback.Status.NEW)


class AccessibilityFeedback(XmlSafeTextMixin, models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New: to be answered")
        ANSWERED = "answered", _("Answered")

    message = models.TextField(
        _("message"), help_text=_("What did not work, and on which page or with which tool.")
    )
    page_url = models.CharField(_("page"), max_length=500, blank=True)
    email = models.EmailField(
        _("email"), blank=True, help_text=_("For the answer; leave empty to stay anonymous.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    answer = models.TextField(_("answer or notes"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = AccessibilityFeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        constraints = [
            models.CheckConstraint(condition=~Q(message=""), name="feedback_message_not_blank"),
            models.CheckConstraint(
                condition=Q(status="new") | Q(answered_at__isnull=False),
                name="feedback_answered_has_a_date",
            ),
        ]

    def __str__(self):
        return self.message[:60]

    @property
    def answer_due(self):
        return self.created_at + ANSWER_WITHIN
