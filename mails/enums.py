from django.db import models


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    # A worker stopped between claiming it and recording it sent: it may have been delivered.
    HELD = "held", "Held"
    DISCARDED = "discarded", "Discarded"
