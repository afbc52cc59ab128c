from django.contrib import admin

from .models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "event", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "event"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    list_select_related = ["event"]

    def has_add_permission(self, request):
        return False
