from adminsortable2.admin import CustomInlineFormSetMixin, SortableAdminBase
from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from editing.concurrency_admin import ConcurrentAdminMixin
from editing.history import HistoryAdmin
from models_catalog.admin import OrderedInlineFormSet, SortableTranslationInline

from .models import ReportBlock, ReportSection


class ReportBlockFormSet(CustomInlineFormSetMixin, OrderedInlineFormSet):
    order_field = "order"


class ReportBlockInline(SortableTranslationInline):
    model = ReportBlock
    formset = ReportBlockFormSet
    fields = ["order", "heading", "kind", "text", "attribution"]
    ordering = ["order"]


@admin.register(ReportSection)
class ReportSectionAdmin(SortableAdminBase, ConcurrentAdminMixin, HistoryAdmin, TranslationAdmin):
    """A section with its paragraphs; a revision holds them together (django-reversion)."""

    list_display = ["number", "title", "placement"]
    list_display_links = ["number", "title"]
    list_filter = ["placement"]
    search_fields = ["title_fi", "title_sv", "title_en", "blocks__text_fi"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ReportBlockInline]

    def view_on_site(self, obj):
        return obj.get_absolute_url()
