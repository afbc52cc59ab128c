import logging
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .enums import EmailStatus
from .models import OutboundEmail

logger = logging.getLogger(__name__)

STALLED_AFTER = timedelta(minutes=15)
SUBJECT_MAX_LENGTH = 200
# Control characters, surrogates, private use, and line or paragraph separators.
_BREAKING = frozenset({"Cc", "Cs", "Co", "Zl", "Zp"})


def single_line(text: str, *, limit: int = SUBJECT_MAX_LENGTH) -> str:
    """``text`` as one header line: every control character, line break and run of whitespace
    becomes one space, and it is cut to ``limit`` characters with an ellipsis. Whatever a stored
    title holds, a subject built from it cannot raise ``BadHeaderError`` or add a header."""
    spaced = "".join(
        " " if char.isspace() or unicodedata.category(char) in _BREAKING else char for char in text
    )
    line = " ".join(spaced.split())
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line


def queue_email(*, to: str, subject: str, body: str, html_body: str = "", event=None, about=()):
    """Store an email and send it from a Celery worker once the surrounding transaction commits.

    ``about`` lists the proposals (or their ids) it tells of, so that the outbox hides it from
    members in conflict with one of them. The subject is stored as ``single_line`` makes it."""
    from .tasks import send_email

    with transaction.atomic():
        email = OutboundEmail.objects.create(
            to=to,
            subject=single_line(subject),
            body=body,
            html_body=html_body,
            event=event,
            from_email=settings.DEFAULT_FROM_EMAIL,
        )
        if about:
            email.submissions.add(*about)
        email_id = email.pk
        transaction.on_commit(lambda: send_email.delay(email_id=email_id))
    return email


def deliver_email(*, email_id: int) -> bool:
    """Send a queued email once. Returns False when another worker has it or it is already sent.

    The row is claimed with a conditional UPDATE, so two deliveries of the same task (a retry, a
    redelivered message after a worker died) cannot both send it.
    """
    claimed = OutboundEmail.objects.filter(pk=email_id, status=EmailStatus.QUEUED).update(
        status=EmailStatus.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=email.from_email,
        to=[email.to],
        headers={"Message-ID": email.message_id},
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    try:
        message.send()
    except Exception as error:
        OutboundEmail.objects.filter(pk=email_id).update(
            status=EmailStatus.QUEUED, last_error=repr(error)
        )
        raise
    OutboundEmail.objects.filter(pk=email_id).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def mark_email_failed(*, email_id: int, error: str) -> None:
    OutboundEmail.objects.filter(pk=email_id).exclude(status=EmailStatus.SENT).update(
        status=EmailStatus.FAILED, last_error=error
    )


def requeue_stalled_emails(*, now=None) -> int:
    """Hand emails whose worker died (or whose task was lost) to a worker again."""
    from .tasks import send_email

    cutoff = (now or timezone.now()) - STALLED_AFTER
    OutboundEmail.objects.filter(status=EmailStatus.SENDING, claimed_at__lt=cutoff).update(
        status=EmailStatus.QUEUED
    )
    stalled = list(
        OutboundEmail.objects.filter(status=EmailStatus.QUEUED, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for email_id in stalled:
        send_email.delay(email_id=email_id)
    if stalled:
        logger.warning("Requeued %d stalled emails", len(stalled))
    return len(stalled)
