import uuid

from django.db import models
from django.utils import timezone

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

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outbound email"

    def __str__(self):
        return f"{self.subject} → {self.to}"

    def save(self, *args, **kwargs):
        if not self.message_id:
            self.message_id = f"<{uuid.uuid4().hex}@conf-portal>"
        super().save(*args, **kwargs)
