from django.contrib import admin, messages

from .models import OutboundEmail
from .services import discard_held_email, release_held_email


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "event", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "event"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    list_select_related = ["event"]
    # Account emails (verification, password reset) belong to no event's outbox: held ones are
    # released or discarded here.
    actions = ["release_held", "discard_held"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Release the selected held emails (send again, same Message-ID)")
    def release_held(self, request, queryset):
        done = sum(release_held_email(email=email) for email in queryset)
        self.message_user(request, f"{done} held email(s) released.", messages.SUCCESS)

    @admin.action(description="Discard the selected held emails (never sent again)")
    def discard_held(self, request, queryset):
        done = sum(discard_held_email(email=email) for email in queryset)
        self.message_user(request, f"{done} held email(s) discarded.", messages.SUCCESS)
