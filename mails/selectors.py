"""What the pages that queue emails show of them."""

from .enums import EmailStatus
from .models import OutboundEmail

DELIVERY_NOTES = {
    EmailStatus.QUEUED: "email queued",
    EmailStatus.SENDING: "email being sent",
    EmailStatus.SENT: "email sent",
    EmailStatus.FAILED: "the email could not be sent: withdraw and invite again",
    EmailStatus.HELD: "email held: the organizers will check it was sent",
    EmailStatus.DISCARDED: "the email may not have arrived: withdraw and invite again",
}


def latest_status_by_recipient(*, about, recipients) -> dict[str, str]:
    """The status of the latest email to each of ``recipients`` about proposal ``about``."""
    rows = (
        OutboundEmail.objects.filter(submissions=about, to__in=list(recipients))
        .order_by("to", "-created_at", "-pk")
        .values_list("to", "status")
    )
    latest = {}
    for to, status in rows:
        latest.setdefault(to, status)
    return latest


def delivery_note(status: str | None) -> str:
    """A short note for a speaker on how the email went."""
    return DELIVERY_NOTES.get(status, "")
