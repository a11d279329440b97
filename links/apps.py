from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinksConfig(AppConfig):
    name = "links"
    verbose_name = _("Link health")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from models_catalog.signals import catalogue_changed

        # A model's page shows its links' status: a new check drops the cached pages.
        for signal, suffix in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(
                catalogue_changed, sender="links.LinkCheck", dispatch_uid=f"linkcheck_{suffix}"
            )
