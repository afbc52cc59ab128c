from django.contrib import admin

from .models import Revision, Speaker, StateChange, Submission


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    autocomplete_fields = ["user"]


class StateChangeInline(admin.TabularInline):
    model = StateChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_state", "to_state", "changed_by", "changed_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "track", "session_type", "state", "updated_at"]
    list_filter = ["event", "state", "session_type"]
    list_select_related = ["event", "track", "session_type"]
    search_fields = ["title", "speakers__user__name", "speakers__user__email"]
    readonly_fields = ["state", "version", "submitted_at", "created_by"]
    inlines = [SpeakerInline, StateChangeInline]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["submission", "version", "saved_by", "saved_at"]
    list_select_related = ["submission", "saved_by"]
    readonly_fields = ["submission", "version", "content", "saved_by", "saved_at"]

    def has_add_permission(self, request):
        return False
