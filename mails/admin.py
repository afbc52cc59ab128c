from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from .enums import EmailStatus
from .models import OutboundEmail, ReminderReceipt, ReminderRule
from .reminders.rules import offsets_problem
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
        emails = list(queryset)
        done = sum(release_held_email(email=email) for email in emails)
        self.message_user(request, f"{done} held email(s) released.", messages.SUCCESS)
        expired = sum(email.status == EmailStatus.EXPIRED for email in emails)
        if expired:
            self.message_user(
                request,
                f"{expired} held reminder(s) not released: their deadline has passed, so they "
                "are marked expired and never sent.",
                messages.WARNING,
            )

    @admin.action(description="Discard the selected held emails (never sent again)")
    def discard_held(self, request, queryset):
        done = sum(discard_held_email(email=email) for email in queryset)
        self.message_user(request, f"{done} held email(s) discarded.", messages.SUCCESS)


class ReminderRuleAdminForm(forms.ModelForm):
    class Meta:
        model = ReminderRule
        fields = ["event", "kind", "offsets", "enabled", "subject", "body"]

    def clean_offsets(self):
        offsets = self.cleaned_data["offsets"]
        if problem := offsets_problem(offsets):
            raise ValidationError(problem)
        return sorted(set(offsets), reverse=True)


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    form = ReminderRuleAdminForm
    list_display = ["event", "kind", "offsets", "enabled", "updated_at"]
    list_filter = ["kind", "enabled"]
    list_select_related = ["event"]


@admin.register(ReminderReceipt)
class ReminderReceiptAdmin(admin.ModelAdmin):
    """What the dispatcher sent: read only (deleting one would send its reminder again)."""

    list_display = ["rule", "offset_minutes", "recipient", "deadline_due", "email", "created_at"]
    list_select_related = ["rule__event", "recipient", "email"]
    readonly_fields = [f.name for f in ReminderReceipt._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
