from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationStackedInline
from reversion.admin import VersionAdmin

from models_catalog.translation_admin import TranslationStatusAdminMixin

from .models import Adoption, AdoptionFact


class AdoptionFactInline(TranslationStatusAdminMixin, TranslationStackedInline):
    """ "Taking it into use" on the model's own page: saved with it, in its history (reversion
    follows the inlines of a VersionAdmin) and under its rule for two editors at once."""

    model = AdoptionFact
    extra = 0
    fields = [
        "aspect",
        "text",
        "quoted",
        "email",
        "source",
        "report_part",
        "step",
        "source_url",
        "checked_on",
    ]
    verbose_name_plural = _("Taking it into use (an aspect without a row: not stated)")


@admin.register(Adoption)
class AdoptionAdmin(VersionAdmin):
    list_display = ["operating_model", "municipality", "organisation", "since", "status", "source"]
    list_filter = ["status", "source", "municipality__county"]
    search_fields = ["operating_model__name", "municipality__name", "organisation"]
    autocomplete_fields = ["municipality"]
    readonly_fields = ["created_at"]
    actions = ["approve"]

    def get_changeform_initial_data(self, request):
        # An editor's own entry is approved as it is saved.
        return {"source": Adoption.Source.EDITOR, "status": Adoption.Status.APPROVED}

    @admin.action(description=_("Approve the selected adoptions"), permissions=["change"])
    def approve(self, request, queryset):
        # Saved one by one: each gets its history entry, and the write path notes each.
        count = 0
        for adoption in queryset.exclude(status=Adoption.Status.APPROVED):
            adoption.status = Adoption.Status.APPROVED
            adoption.save(update_fields=["status"])
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d adoption approved.", "%(count)d adoptions approved.", count)
            % {"count": count},
            messages.SUCCESS,
        )
