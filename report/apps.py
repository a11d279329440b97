from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportConfig(AppConfig):
    name = "report"
    verbose_name = _("Report texts")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from models_catalog.signals import catalogue_changed

        # Pages that show the report's text are cached like the rest of the catalogue.
        for model in self.get_models():
            post_save.connect(
                catalogue_changed, sender=model, dispatch_uid=f"report_{model.__name__}_saved"
            )
            post_delete.connect(
                catalogue_changed, sender=model, dispatch_uid=f"report_{model.__name__}_deleted"
            )
