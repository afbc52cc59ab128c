from django.contrib import admin

from . import models


@admin.register(models.CommitteeInvitation)
class CommitteeInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "event", "role", "status", "created_at"]
    list_filter = ["event", "role", "status"]
    search_fields = ["email"]


@admin.register(models.ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "keywords", "max_load"]
    list_filter = ["event"]
    search_fields = ["user__email", "user__name", "keywords"]


@admin.register(models.Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["user", "submission", "source", "is_conflict", "reason"]
    list_filter = ["source", "is_conflict"]


@admin.register(models.ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
    list_display = ["reviewer", "submission", "source", "created_at"]
    list_filter = ["source"]


@admin.register(models.AssignmentRun)
class AssignmentRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "event", "status", "progress", "created_at", "applied_at"]
    list_filter = ["event", "status"]
