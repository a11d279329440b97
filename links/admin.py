from django.contrib import admin

from .models import LinkCheck


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    """What check_links found: written by the command, only read here."""

    list_display = ["url", "status", "http_status", "final_url", "checked_at"]
    list_filter = ["status", "checked_at"]
    search_fields = ["url", "final_url", "detail"]
    readonly_fields = ["url", "status", "http_status", "final_url", "detail", "checked_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
