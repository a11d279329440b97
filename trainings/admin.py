from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editing.concurrency_admin import ConcurrentAdminMixin
from editing.history import HistoryAdmin
from models_catalog.translation_admin import TranslatedAdmin

from .models import Figure, MethodTraining, TrainingCategory


@admin.register(TrainingCategory)
class TrainingCategoryAdmin(ConcurrentAdminMixin, HistoryAdmin, TranslatedAdmin):
    list_display = ["name", "order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(MethodTraining)
class MethodTrainingAdmin(ConcurrentAdminMixin, HistoryAdmin, TranslatedAdmin):
    list_display = ["name", "full_name", "category"]
    search_fields = ["name", "full_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Figure)
class FigureAdmin(ConcurrentAdminMixin, HistoryAdmin, TranslatedAdmin):
    list_display = ["label", "reported_value", "unit", "section", "category", "is_reported_total"]
    list_filter = ["section", "unit", "is_approximate", "is_reported_total"]
    search_fields = ["label", "source_text"]
    prepopulated_fields = {"slug": ["label"]}
    list_select_related = ["category"]

    @admin.display(description=_("value"), ordering="value")
    def reported_value(self, obj):
        return obj.display_value
