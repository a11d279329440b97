"""What the API keeps ready: each operating model's representations, written on change."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ModelDocument(models.Model):
    """An operating model's API list and detail representations, as JSON text.

    Written (api.documents) whenever the model or anything it shows changes, so that reading a
    model through the API is reading one row, not serialising it and its nine relations again.
    Links are kept host-relative and in Finnish; each response makes them absolute.
    """

    operating_model = models.OneToOneField(
        "models_catalog.OperatingModel",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="api_document",
        verbose_name=_("operating model"),
    )
    summary = models.TextField(_("list representation"), help_text=_("JSON, as the API lists it."))
    detail = models.TextField(_("detail representation"), help_text=_("JSON, as the API shows it."))

    class Meta:
        ordering = ["operating_model"]
        verbose_name = _("API document")
        verbose_name_plural = _("API documents")

    def __str__(self):
        return str(self.operating_model_id)

    def get_absolute_url(self):
        return self.operating_model.get_absolute_url()
