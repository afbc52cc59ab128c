from django.contrib import admin

from .forms import DeadlineForm, EventForm, MembershipForm, SessionTypeForm
from .models import Deadline, DeadlineChange, Event, Membership, SessionType, Track
from .services import save_deadline


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "position"]
    show_change_link = True


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventForm
    list_display = ["name", "slug", "start_date", "end_date", "venue", "time_zone", "is_public"]
    list_filter = ["is_public"]
    search_fields = ["name", "slug", "venue"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "start_date"
    inlines = [TrackInline]


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "position"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SessionType)
class SessionTypeAdmin(admin.ModelAdmin):
    form = SessionTypeForm
    list_display = ["name", "event", "duration_minutes", "page_range", "position"]
    list_filter = ["event"]
    list_select_related = ["event"]
    prepopulated_fields = {"slug": ["name"]}


class DeadlineChangeInline(admin.TabularInline):
    model = DeadlineChange
    extra = 0
    can_delete = False
    fields = ["previous", "new", "changed_at", "changed_by"]
    readonly_fields = fields

    @admin.display(description="Previous due date")
    def previous(self, change):
        return f"{change.previous_local_due:%Y-%m-%d %H:%M} {change.deadline.zone_abbreviation}"

    @admin.display(description="New due date")
    def new(self, change):
        local = change.new_due.astimezone(change.deadline.local_due.tzinfo)
        return f"{local:%Y-%m-%d %H:%M} {change.deadline.zone_abbreviation}"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    form = DeadlineForm
    list_display = ["title", "event", "scope", "announced_as"]
    list_filter = ["event", "kind"]
    list_select_related = ["event", "track", "session_type"]
    inlines = [DeadlineChangeInline]
    fields = [
        "event", "kind", "label", "track", "session_type",
        "due_date", "due_time", "time_zone", "date_only",
    ]  # fmt: skip

    @admin.display(description="Due (as announced)", ordering="due")
    def announced_as(self, deadline):
        return f"{deadline.local_due:%Y-%m-%d %H:%M} {deadline.zone_abbreviation}"

    def save_model(self, request, obj, form, change):
        save_deadline(deadline=obj, due=form.cleaned_data["due"], changed_by=request.user)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ["user", "event", "role", "title", "is_public", "position"]
    list_filter = ["event", "role", "is_public"]
    list_select_related = ["user", "event"]
    search_fields = ["user__email", "user__name", "user__affiliation"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["tracks"]
