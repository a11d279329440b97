from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AccessibilityFeedback


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "answer_due", "short_message", "email"]
    list_filter = ["status"]
    search_fields = ["message", "email", "page_url", "answer"]
    readonly_fields = ["message", "page_url", "email", "created_at", "answer_due"]
    fields = ["message", "page_url", "email", "created_at", "answer_due", "status", "answer"]
    date_hierarchy = "created_at"

    @admin.display(description=_("answer due by"), ordering="created_at")
    def answer_due(self, obj):
        return obj.answer_due if obj.pk else None

    @admin.display(description=_("message"))
    def short_message(self, obj):
        return str(obj)

    def save_model(self, request, obj, form, change):
        if obj.status == obj.Status.ANSWERED and not obj.answered_at:
            obj.answered_at = timezone.now()
        super().save_model(request, obj, form, change)
