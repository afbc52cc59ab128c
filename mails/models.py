import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from tracks.enums import DeadlineKind

from .enums import EmailStatus


class OutboundEmail(models.Model):
    """One email to one recipient, stored before it is sent so that none is lost; its Message-ID
    is fixed when the row is created, so any resend carries the same one."""

    event = models.ForeignKey(
        "tracks.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    from_email = models.CharField(max_length=300)
    message_id = models.CharField(max_length=200, unique=True, editable=False)
    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    submissions = models.ManyToManyField(
        "submissions.Submission",
        blank=True,
        related_name="+",
        help_text="The proposals it is about: whoever is in conflict with one does not see it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(
        default=timezone.now, help_text="When it was last handed to a worker to send."
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    not_after = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Not sent after this instant (a reminder's deadline): it expires instead.",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outbound email"

    def __str__(self):
        return f"{self.subject} → {self.to}"

    def save(self, *args, **kwargs):
        if not self.message_id:
            self.message_id = f"<{uuid.uuid4().hex}@conf-portal>"
        super().save(*args, **kwargs)


class ReminderRule(models.Model):
    """When (minutes before the deadline) and what to remind people of one kind of deadline."""

    event = models.ForeignKey("tracks.Event", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=DeadlineKind.choices)
    offsets = models.JSONField(
        default=list, help_text="Minutes before the deadline, one reminder each (largest first)."
    )
    enabled = models.BooleanField("On", default=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "kind"], name="one_reminder_rule_per_kind")
        ]

    def __str__(self):
        return f"Reminders for {self.get_kind_display().lower()} ({self.event_id})"

    def clean(self):
        from .reminders.rules import offsets_problem

        super().clean()
        if problem := offsets_problem(self.offsets):
            raise ValidationError({"offsets": problem})


class ReminderReceipt(models.Model):
    """That one person was reminded once of one deadline instant at one offset: the key that
    makes each reminder go out exactly once."""

    rule = models.ForeignKey(ReminderRule, on_delete=models.CASCADE, related_name="receipts")
    offset_minutes = models.PositiveIntegerField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    deadline_due = models.DateTimeField(help_text="The deadline instant reminded of (UTC).")
    item = models.CharField(
        max_length=10,
        blank=True,
        default="",
        help_text="What of the kind it reminded of: empty for the kind's own items, "
        "“bid” for a reviewer's bids.",
    )
    email = models.ForeignKey(OutboundEmail, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "offset_minutes", "recipient", "deadline_due", "item"],
                name="one_reminder_per_offset_deadline_and_item",
            )
        ]
        indexes = [models.Index(fields=["rule", "recipient", "deadline_due"])]

    def __str__(self):
        return f"Reminded {self.recipient_id} {self.offset_minutes} min before {self.deadline_due}"
