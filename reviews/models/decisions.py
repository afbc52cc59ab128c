"""Decision notifications: the templates chairs write and the record of every email sent."""

from django.conf import settings
from django.db import models

from ..enums import Decision

USER = settings.AUTH_USER_MODEL


class NotificationTemplate(models.Model):
    """The email for one decision of an event. Placeholders such as {title}, {track},
    {speakers}, {event} and {reviews} are filled per proposal."""

    event = models.ForeignKey(
        "tracks.Event", on_delete=models.CASCADE, related_name="notification_templates"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "decision"], name="one_notification_template_per_decision"
            )
        ]

    def __str__(self):
        return f"{self.get_decision_display()} email of {self.event}"


class DecisionNotification(models.Model):
    """That a speaker was told a proposal's decision: one email per speaker and round, however
    often the chairs press send; a changed decision opens the next round."""

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="decision_notifications"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    round = models.PositiveSmallIntegerField(
        default=1, help_text="1 for the first decision told to this speaker, 2 after a change, …"
    )
    email = models.OneToOneField(
        "mails.OutboundEmail", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "recipient", "round"], name="one_decision_email_each"
            )
        ]

    def __str__(self):
        return f"{self.decision} → {self.recipient_id} for {self.submission_id}"
