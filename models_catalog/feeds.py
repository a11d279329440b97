from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from hygiene import xml_safe

from .models import OperatingModel


class OperatingModelFeed(Feed):
    """New and changed operating models, most recently changed first."""

    feed_type = Atom1Feed
    title = _("MITO operating models: new and changed")
    subtitle = _("Operating models for strengthening mental-health competence in municipalities.")
    link = reverse_lazy("models_catalog:list")

    def items(self):
        return OperatingModel.objects.published().order_by("-updated_at", "number")[:50]

    # Saved text is checked for control characters, but one that slipped in (an older row, a
    # raw loaddata) must not take the whole feed down: XML cannot carry it.
    def item_title(self, item):
        return xml_safe(item.name)

    def item_description(self, item):
        return xml_safe(item.theme)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
