from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from rules.contrib.models import RulesModel

from conf_portal.fields import WebsiteField

from . import rules as predicates
from .enums import AOE, CommitteeRole, DeadlineKind, SubmissionField
from .timezones import zone, zone_label
from .validators import (
    validate_event_slug,
    validate_same_event,
    validate_submission_fields,
    validate_time_zone,
)


class Event(RulesModel):
    """A conference or workshop with its own call for proposals."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True, validators=[validate_event_slug])
    tagline = models.CharField(max_length=300, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    venue = models.CharField(max_length=200, blank=True)
    time_zone = models.CharField(
        max_length=64, default="UTC", validators=[validate_time_zone],
        help_text="Times are shown in this zone, e.g. America/Chicago.",
    )  # fmt: skip
    description = models.TextField(blank=True, help_text="The call for proposals, in Markdown.")
    website = WebsiteField(blank=True)
    contact_email = models.EmailField(blank=True)
    is_public = models.BooleanField(
        default=False, help_text="Public events are listed on the home page for everyone."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="event_ends_after_start"
            ),
        ]
        rules_permissions = {
            "view": predicates.can_view_event,
            "change": predicates.is_organizer,
        }

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tracks:event", kwargs={"event": self.slug})

    @property
    def zone(self):
        return zone(self.time_zone)

    @property
    def date_range(self) -> str:
        """“Jul 6–12, 2020”, “Jun 30 – Jul 2, 2020” or “Nov 11, 2020”."""
        start, end = self.start_date, self.end_date
        if start == end:
            return f"{start:%b} {start.day}, {start.year}"
        if (start.year, start.month) == (end.year, end.month):
            return f"{start:%b} {start.day}–{end.day}, {end.year}"
        if start.year == end.year:
            return f"{start:%b} {start.day} – {end:%b} {end.day}, {end.year}"
        return f"{start:%b} {start.day}, {start.year} – {end:%b} {end.day}, {end.year}"

    @property
    def zone_label(self) -> str:
        return zone_label(self.time_zone)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The event cannot end before it starts."})


class Track(RulesModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(max_length=200)
    slug = models.SlugField()
    description = models.TextField(blank=True, help_text="Markdown.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="track_slug_unique_per_event"),
        ]
        rules_permissions = {
            "view": predicates.can_view_event_of,
            "change": predicates.is_organizer_of | predicates.is_chair_of_track,
        }

    def __str__(self):
        return self.name


class SessionType(RulesModel):
    """A kind of contribution (talk, poster, tutorial, paper) and what its proposal asks for."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="session_types")
    name = models.CharField(max_length=100)
    slug = models.SlugField()
    description = models.TextField(blank=True, help_text="Markdown.")
    duration_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty for formats without a slot, such as posters."
    )
    requested_fields = models.JSONField(
        default=list, blank=True, validators=[validate_submission_fields]
    )
    abstract_word_limit = models.PositiveSmallIntegerField(null=True, blank=True, default=100)
    description_word_limit = models.PositiveSmallIntegerField(null=True, blank=True, default=500)
    min_pages = models.PositiveSmallIntegerField(null=True, blank=True)
    max_pages = models.PositiveSmallIntegerField(null=True, blank=True)
    page_limit_note = models.CharField(
        max_length=200, blank=True, help_text="e.g. “excluding references, IEEE conference format”"
    )
    page_limit_excludes_references = models.BooleanField(
        "References do not count toward the page limit",
        default=True,
        help_text="The pages from the “References” or “Bibliography” heading on are not counted "
        "(a page with text above the heading still counts). Without such a heading every page "
        "counts.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="session_type_slug_unique"),
            models.CheckConstraint(
                condition=Q(min_pages__isnull=True)
                | Q(max_pages__isnull=True)
                | Q(max_pages__gte=F("min_pages")),
                name="session_type_page_range_ordered",
            ),
        ]
        rules_permissions = {
            "view": predicates.can_view_event_of,
            "change": predicates.is_organizer_of,
        }

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.min_pages and self.max_pages and self.max_pages < self.min_pages:
            raise ValidationError({"max_pages": "The maximum must not be below the minimum."})

    @property
    def requested_field_labels(self) -> list[str]:
        labels = dict(SubmissionField.choices)
        return [labels[key] for key in self.requested_fields if key in labels]

    @property
    def page_range(self) -> str:
        if self.min_pages and self.max_pages:
            return f"{self.min_pages}–{self.max_pages} pages"
        if self.max_pages:
            return f"at most {self.max_pages} pages"
        if self.min_pages:
            return f"at least {self.min_pages} pages"
        return ""


class Deadline(RulesModel):
    """An important date, for the whole event or only some track or session type.

    ``due`` is stored in UTC; ``time_zone`` is the zone it was announced in (or AoE).
    Extensions keep the earlier dates as :class:`DeadlineChange` rows.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=20, choices=DeadlineKind.choices)
    label = models.CharField(
        max_length=100, blank=True, help_text="Shown instead of the kind, e.g. “Papers due”."
    )
    track = models.ForeignKey(
        Track, null=True, blank=True, on_delete=models.CASCADE, related_name="deadlines"
    )
    session_type = models.ForeignKey(
        SessionType, null=True, blank=True, on_delete=models.CASCADE, related_name="deadlines"
    )
    due = models.DateTimeField()
    time_zone = models.CharField(
        max_length=64, blank=True, validators=[validate_time_zone],
        help_text="Zone the deadline is announced in; empty means the event's. AoE is UTC-12.",
    )  # fmt: skip
    date_only = models.BooleanField(
        default=True, help_text="Announce the date without a time (the deadline is at its end)."
    )

    class Meta:
        ordering = ["due"]
        rules_permissions = {
            "view": predicates.can_view_event_of,
            "change": predicates.is_organizer_of,
        }

    def __str__(self):
        return f"{self.title} ({self.event})"

    @property
    def title(self) -> str:
        return self.label or self.get_kind_display()

    @property
    def zone_name(self) -> str:
        return self.time_zone or self.event.time_zone

    @property
    def zone_label(self) -> str:
        return zone_label(self.zone_name)

    @property
    def local_due(self) -> datetime:
        return self.due.astimezone(zone(self.zone_name))

    @property
    def zone_abbreviation(self) -> str:
        """“AoE”, or the zone's abbreviation on that day, e.g. “CST” or “EDT”."""
        return "AoE" if self.zone_name == AOE else self.local_due.tzname()

    @property
    def scope(self) -> str:
        return " · ".join(str(part) for part in (self.track, self.session_type) if part)

    def is_past(self, now: datetime) -> bool:
        return now >= self.due

    def clean(self):
        for field in ("track", "session_type"):
            validate_same_event(
                self.event if self.event_id else None, field, [getattr(self, field)]
            )


class DeadlineChange(models.Model):
    """One extension (or correction) of a deadline: the history shown as ~~Sep 1~~ Sep 15."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="changes")
    previous_due = models.DateTimeField()
    new_due = models.DateTimeField()
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.deadline}: {self.previous_due:%Y-%m-%d} → {self.new_due:%Y-%m-%d}"

    @property
    def previous_local_due(self) -> datetime:
        return self.previous_due.astimezone(zone(self.deadline.zone_name))


class Membership(RulesModel):
    """A person's role in an event's committee, for the whole event or only some tracks."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=CommitteeRole.choices)
    tracks = models.ManyToManyField(
        Track, blank=True, related_name="memberships",
        help_text="Empty means the whole event.",
    )  # fmt: skip
    title = models.CharField(
        max_length=100, blank=True, help_text="Public title, e.g. “co-chair”. Defaults to the role."
    )
    is_public = models.BooleanField(default=True, help_text="Listed on the committee page.")
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["event", "position", "user__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user", "role"], name="membership_one_role_per_person"
            ),
        ]
        rules_permissions = {
            "view": predicates.is_organizer_of,
            "change": predicates.is_organizer_of,
        }

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} of {self.event}"

    @property
    def public_title(self) -> str:
        return self.title or self.get_role_display()
