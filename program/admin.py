from django.contrib import admin

from .models import Room, ScheduleNotification, ScheduleVersion, Slot


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "capacity", "position"]
    list_filter = ["event"]
    search_fields = ["name"]


@admin.register(ScheduleVersion)
class ScheduleVersionAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "published_at", "published_by", "speakers_notified"]
    list_filter = ["event"]
    readonly_fields = ["changes"]


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "version", "kind", "room", "start", "end", "board"]
    list_filter = ["event", "kind"]
    raw_id_fields = ["submission", "parent", "version"]
    search_fields = ["title", "submission__title"]


@admin.register(ScheduleNotification)
class ScheduleNotificationAdmin(admin.ModelAdmin):
    list_display = ["version", "recipient", "email"]
    raw_id_fields = ["recipient", "email"]
