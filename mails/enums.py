from django.db import models


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    # A worker stopped between claiming it and recording it sent: it may have been delivered.
    HELD = "held", "Held"
    DISCARDED = "discarded", "Discarded"
    # A reminder still unsent when its deadline passed: never sent (it would say "due in 2 hours").
    EXPIRED = "expired", "Expired"
