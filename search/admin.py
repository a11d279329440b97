from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editing.concurrency_admin import ConcurrentAdminMixin, ConcurrentInlineMixin
from editing.history import HistoryAdmin

from .models import Concept, Term


class TermInline(ConcurrentInlineMixin, admin.TabularInline):
    model = Term
    extra = 3
    fields = ["language", "text"]


@admin.register(Concept)
class ConceptAdmin(ConcurrentAdminMixin, HistoryAdmin):
    """The thesaurus: editors add the words readers type for what the catalogue says."""

    list_display = ["slug", "terms_list", "note"]
    search_fields = ["slug", "note", "terms__text"]
    list_filter = ["terms__language"]
    prepopulated_fields = {}
    inlines = [TermInline]

    @admin.display(description=_("terms"))
    def terms_list(self, concept):
        return ", ".join(f"{term.text} ({term.language})" for term in concept.terms.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("terms").distinct()
