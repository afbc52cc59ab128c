"""Rooms, the schedule's slots and its published versions.

The draft schedule is the set of slots without a version. Publishing copies them into a new
``ScheduleVersion``; the public program reads the latest one only. A slot keeps its ``uid``
across versions, so changelogs and calendar apps recognise the same session after a move.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

from .enums import BLOCK_KINDS, SlotKind


class Room(models.Model):
    """A place where sessions happen, with its capacity and, optionally, daily opening hours."""

    event = models.ForeignKey("tracks.Event", on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=100)
    description = models.CharField(
        max_length=300, blank=True, help_text="e.g. “Ballroom A, 2nd floor, step-free access”."
    )
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Seats.")
    opens_at = models.TimeField(
        null=True, blank=True, help_text="Each day, in the event's time zone. Empty: all day."
    )
    closes_at = models.TimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Column order in the grid.")

    class Meta:
        ordering = ["position", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="room_name_unique_per_event"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="room_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return self.name


class ScheduleVersion(models.Model):
    """A published schedule: a frozen copy of the draft's slots with what changed since the last."""

    event = models.ForeignKey(
        "tracks.Event", on_delete=models.CASCADE, related_name="schedule_versions"
    )
    name = models.CharField(max_length=40, help_text="e.g. “v1.0”.")
    comment = models.TextField(
        blank=True, help_text="Shown with the changelog, in Markdown, e.g. why sessions moved."
    )
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(
        default=dict,
        help_text="What changed since the previous version: added, moved and cancelled sessions.",
    )
    speakers_notified = models.BooleanField(default=False)

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = ["published_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="schedule_version_name_unique"),
        ]

    def __str__(self):
        return f"{self.event} {self.name}"


class Slot(models.Model):
    """A session, poster or block placed in a room at a time, in the draft or in a version.

    A poster sits in a poster session (``parent``) on a board and takes its room and times.
    A block (keynote, break…) has its own title and may span all rooms (no room)."""

    event = models.ForeignKey("tracks.Event", on_delete=models.CASCADE, related_name="slots")
    version = models.ForeignKey(
        ScheduleVersion,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="slots",
        help_text="Empty: the draft the organizers edit.",
    )
    uid = models.UUIDField(default=uuid.uuid4, help_text="The same in every version.")
    kind = models.CharField(max_length=20, choices=SlotKind.choices, default=SlotKind.SESSION)
    submission = models.ForeignKey(
        "submissions.Submission",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="slots",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="posters"
    )
    board = models.CharField("Board", max_length=20, blank=True, help_text="e.g. “P12”.")
    title = models.CharField(max_length=200, blank=True, help_text="Blocks only.")
    description = models.TextField(blank=True, help_text="Blocks only, in Markdown.")
    room = models.ForeignKey(
        Room,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="slots",
        help_text="Empty for a block in all rooms.",
    )
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)
    expected_attendance = models.PositiveIntegerField(
        null=True, blank=True, help_text="e.g. tutorial sign-ups; compared with the room's seats."
    )
    revision = models.PositiveIntegerField(
        default=1, help_text="Raised on every change; a move based on an older one conflicts."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "room__position", "board", "pk"]
        indexes = [models.Index(fields=["event", "version", "start"])]
        constraints = [
            models.UniqueConstraint(
                fields=["submission"],
                condition=Q(version__isnull=True, submission__isnull=False),
                name="one_draft_slot_per_submission",
            ),
            models.UniqueConstraint(
                fields=["version", "submission"],
                condition=Q(version__isnull=False, submission__isnull=False),
                name="one_slot_per_submission_per_version",
            ),
            models.UniqueConstraint(
                fields=["event", "uid"],
                condition=Q(version__isnull=True),
                name="draft_slot_uid_unique",
            ),
            models.UniqueConstraint(
                fields=["version", "uid"],
                condition=Q(version__isnull=False),
                name="version_slot_uid_unique",
            ),
            models.UniqueConstraint(
                fields=["parent", "board"],
                condition=~Q(board=""),
                name="board_unique_per_poster_session",
            ),
            # A top-level slot has both times, ending after it starts; a poster takes its session's.
            models.CheckConstraint(
                condition=Q(parent__isnull=False, start__isnull=True, end__isnull=True)
                | Q(parent__isnull=True, start__isnull=False, end__gt=models.F("start")),
                name="slot_times_or_parent",
            ),
            models.CheckConstraint(
                condition=Q(kind=SlotKind.SESSION, submission__isnull=False)
                | Q(kind__in=BLOCK_KINDS, submission__isnull=True, parent__isnull=True),
                name="slot_kind_matches_content",
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def is_block(self) -> bool:
        return self.kind != SlotKind.SESSION

    @property
    def is_poster(self) -> bool:
        return self.parent_id is not None

    @property
    def display_title(self) -> str:
        if self.submission_id:
            return self.submission.title
        return self.title or self.get_kind_display()

    @property
    def duration(self) -> timedelta | None:
        if self.start and self.end:
            return self.end - self.start
        return None

    @property
    def duration_minutes(self) -> int | None:
        duration = self.duration
        return int(duration.total_seconds() // 60) if duration is not None else None

    @property
    def ical_uid(self) -> str:
        """Stable across versions and re-scheduling: calendar apps update instead of duplicating."""
        if self.submission_id:
            return f"session-{self.submission_id}@{self.event_id}.conf-portal"
        return f"block-{self.uid}@{self.event_id}.conf-portal"


class ScheduleNotification(models.Model):
    """That a speaker was told of their sessions' new times in a version: at most one email."""

    version = models.ForeignKey(
        ScheduleVersion, on_delete=models.CASCADE, related_name="notifications"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    email = models.OneToOneField(
        "mails.OutboundEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "recipient"], name="one_schedule_email_per_version"
            ),
        ]

    def __str__(self):
        return f"{self.version} → {self.recipient}"
