from django.contrib import admin

from .models import (
    Answer,
    CoAuthor,
    Deliverable,
    DeliverableRequirement,
    Extension,
    Question,
    Resource,
    Revision,
    Speaker,
    SpeakerProfile,
    StateChange,
    Submission,
)


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    autocomplete_fields = ["user"]


class CoAuthorInline(admin.TabularInline):
    model = CoAuthor
    extra = 0


class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 0


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    extra = 0
    readonly_fields = ["pages", "updated_at", "updated_by"]


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
    inlines = [
        SpeakerInline, CoAuthorInline, ResourceInline, AnswerInline, DeliverableInline,
        StateChangeInline,
    ]  # fmt: skip


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["submission", "version", "saved_by", "saved_at"]
    list_select_related = ["submission", "saved_by"]
    readonly_fields = ["submission", "version", "content", "saved_by", "saved_at"]

    def has_add_permission(self, request):
        return False


@admin.register(SpeakerProfile)
class SpeakerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "event"]
    list_select_related = ["user", "event"]
    list_filter = ["event"]
    autocomplete_fields = ["user"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "event", "kind", "required", "position"]
    list_filter = ["event", "kind"]
    filter_horizontal = ["tracks", "session_types"]


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "code", "user", "submission", "due"]
    list_select_related = ["event", "user", "submission"]
    list_filter = ["event"]
    autocomplete_fields = ["user", "submission"]
    filter_horizontal = ["tracks", "session_types"]


@admin.register(DeliverableRequirement)
class DeliverableRequirementAdmin(admin.ModelAdmin):
    list_display = ["title", "session_type", "format", "deadline_kind", "required"]
    list_select_related = ["session_type__event"]
    list_filter = ["session_type__event", "format"]
