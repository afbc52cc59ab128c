import logging
import unicodedata
import uuid
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .enums import EmailStatus
from .models import OutboundEmail

logger = logging.getLogger(__name__)

# A queued row no worker has picked up for this long lost its task (a broker restart): resend it.
ORPHANED_AFTER = timedelta(minutes=2)
# While workers are still claiming emails, queued ones are waiting their turn behind a backlog
# (2,000 decision emails), not lost: they are handed on again only after this long.
BACKLOG_PATIENCE = timedelta(minutes=30)
SWEEP_BATCH = 1000
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
        transaction.on_commit(lambda: _hand_to_worker(email_id))
    return email


HAND_ON_CHUNK = 200


class Draft(NamedTuple):
    """An email ``queue_emails`` stores: to whom, what, the proposals it is about, and the
    instant after which it is no longer sent (a reminder's deadline)."""

    to: str
    subject: str
    body: str
    about: tuple = ()
    not_after: object = None  # an aware datetime, or None


def queue_emails(drafts: list[Draft], *, event=None, chunk: int = HAND_ON_CHUNK) -> list[int]:
    """Store many emails in a few statements and, once the surrounding transaction commits,
    hand them to workers ``chunk`` ids per task. Like ``queue_email``, each keeps the proposals
    it is about (the outbox hides it from members in conflict with one). Returns their ids."""
    if not drafts:
        return []
    now = timezone.now()
    sender = settings.DEFAULT_FROM_EMAIL
    event_id = getattr(event, "pk", None)
    rows = [
        (draft.to, single_line(draft.subject), draft.body, "", sender,
         f"<{uuid.uuid4().hex}@conf-portal>", EmailStatus.QUEUED, 0, "", event_id, now, now,
         draft.not_after)
        for draft in drafts
    ]  # fmt: skip
    with transaction.atomic():
        ids = insert_rows(
            OutboundEmail,
            ["to", "subject", "body", "html_body", "from_email", "message_id", "status",
             "attempts", "last_error", "event", "created_at", "queued_at", "not_after"],
            rows,
            returning=True,
        )  # fmt: skip
        through = OutboundEmail.submissions.through
        insert_rows(
            through,
            ["outboundemail", "submission"],
            [(email_id, submission_id) for email_id, draft in zip(ids, drafts, strict=True)
             for submission_id in sorted(set(draft.about))],
        )  # fmt: skip
        for start in range(0, len(ids), chunk):
            batch = ids[start : start + chunk]
            transaction.on_commit(lambda batch=batch: _hand_batch_to_worker(batch))
    return ids


INSERT_BATCH = 1000


def insert_rows(model, fields: list[str], rows: list[tuple], *, returning=False) -> list[int]:
    """INSERT ``rows`` (values in the order of ``fields``) without building a model instance
    per row (what makes 20,000 reminders fast to queue): on PostgreSQL one array per column
    (``unnest``, as Django's own ``bulk_create`` does), elsewhere multi-row VALUES. Datetimes
    are adapted as the model's fields store them. Returns the new primary keys if asked."""
    from django.db import connection

    if not rows:
        return []
    columns = [model._meta.get_field(name) for name in fields]
    adapt = [
        connection.ops.adapt_datetimefield_value
        if column.get_internal_type() == "DateTimeField"
        else None
        for column in columns
    ]
    rows = [
        tuple(v if a is None else a(v) for v, a in zip(row, adapt, strict=True)) for row in rows
    ]
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c.column) for c in columns)})"
    )
    tail = f" RETURNING {quote(model._meta.pk.column)}" if returning else ""
    postgres = connection.vendor == "postgresql"
    size = len(rows) if postgres else INSERT_BATCH  # arrays: 1 statement of any size
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            if postgres:
                arrays = ", ".join(f"%s::{column.db_type(connection)}[]" for column in columns)
                sql = f"{head} SELECT * FROM unnest({arrays}){tail}"
                params = [list(values) for values in zip(*batch, strict=True)]
            else:
                one = "(" + ", ".join(["%s"] * len(columns)) + ")"
                sql = f"{head} VALUES {', '.join([one] * len(batch))}{tail}"
                params = [value for row in batch for value in row]
            cursor.execute(sql, params)
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids


def enqueue_on_commit(task, *, run_here_if_refused: bool = False, **kwargs) -> None:
    """Hand ``task`` to a worker once the surrounding transaction commits. What the transaction
    saved stays saved if the broker refuses it (it is down): the error is logged, never shown to
    the person who acted, and with ``run_here_if_refused`` the task runs here instead. That suits
    tasks that only store emails in the outbox: the emails wait there, and the sweep hands them
    to a worker once the broker is back. Others are picked up by their own beat sweep."""

    def enqueue():
        try:
            task.delay(**kwargs)
        except BrokerError:
            logger.exception("Could not queue %s %s", task.name, kwargs)
            if run_here_if_refused:
                task(**kwargs)

    transaction.on_commit(enqueue)


def _hand_batch_to_worker(email_ids: list[int]) -> None:
    from .tasks import send_emails

    try:
        send_emails.delay(email_ids=email_ids)
    except BrokerError:  # what was saved stays saved; the sweep sends them within minutes
        logger.exception("Could not queue %d emails; the sweep will send them", len(email_ids))


def deliver_emails(*, email_ids: list[int]) -> int:
    """Send each of ``email_ids`` once (``deliver_email`` claims each row, so a chunk handed on
    twice sends nothing twice). One that fails stays queued for the sweep. Returns how many
    this call sent."""
    sent = 0
    for email_id in email_ids:
        try:
            sent += deliver_email(email_id=email_id)
        except Exception:  # back in the queue with its error; the sweep hands it on again
            logger.warning("Sending email %s failed; the sweep will retry", email_id, exc_info=True)
    return sent


def _hand_to_worker(email_id: int) -> None:
    from .tasks import send_email

    try:
        send_email.delay(email_id=email_id)
    except BrokerError:  # what was saved stays saved; the sweep sends it within minutes
        logger.exception("Could not queue email %s; the sweep will send it", email_id)


def build_message(email: OutboundEmail, connection=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=single_line(email.subject),
        body=email.body,
        from_email=email.from_email,
        to=[email.to],
        headers={"Message-ID": email.message_id},
        connection=connection,
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    return message


def deliver_email(*, email_id: int) -> bool:
    """Send a queued email once. Returns False when another worker has it or it is already sent.

    The row is claimed with a conditional UPDATE, so two deliveries of the same task (a retry, a
    redelivered message after a worker died, a requeue by the sweep) cannot both send it. Once
    the mail server accepted the message, the row is marked sent by the next statement, before
    the connection is closed: a worker killed in between leaves it "sending", and the sweep
    holds it for an organizer rather than sending it again.

    One past its ``not_after`` (a reminder whose deadline passed while it waited behind a
    backlog or a retry) is marked expired instead: it would say "due in 2 hours".
    """
    now = timezone.now()
    in_time = Q(not_after__isnull=True) | Q(not_after__gt=now)
    claimed = (
        OutboundEmail.objects.filter(in_time, pk=email_id, status=EmailStatus.QUEUED)
        .update(status=EmailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )  # fmt: skip
    if not claimed:
        expired = OutboundEmail.objects.filter(
            pk=email_id, status=EmailStatus.QUEUED, not_after__lte=now
        ).update(status=EmailStatus.EXPIRED, last_error="Not sent: its deadline had passed.")
        if expired:
            logger.info("Email %s expired unsent: its deadline had passed", email_id)
        return False
    connection = get_connection()
    message = build_message(OutboundEmail.objects.get(pk=email_id), connection)
    try:
        message.message()  # a malformed message fails here, before the server sees it
        connection.open()
        connection.send_messages([message])
    except Exception as error:
        OutboundEmail.objects.filter(pk=email_id, status=EmailStatus.SENDING).update(
            status=EmailStatus.QUEUED, queued_at=timezone.now(), last_error=repr(error)
        )
        _close(connection)
        raise
    OutboundEmail.objects.filter(pk=email_id, status=EmailStatus.SENDING).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    _close(connection)
    return True


def _close(connection) -> None:
    try:
        connection.close()
    except Exception:  # the message is already accepted or already failed
        logger.warning("Closing the mail connection failed", exc_info=True)


def mark_email_failed(*, email_id: int, error: str) -> None:
    """A task gave up: an email its last attempt put back in the queue failed. One still
    "sending" may have reached the mail server, so it is left for the sweep to hold."""
    OutboundEmail.objects.filter(pk=email_id, status=EmailStatus.QUEUED).update(
        status=EmailStatus.FAILED, last_error=error
    )


def stalled_after() -> timedelta:
    """How long a row may stay "sending": past the task's hard time limit its worker is gone."""
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) + timedelta(minutes=1)


def requeue_stalled_emails(*, now=None) -> int:
    """Celery beat, every minute. Hold every email a worker claimed and never finished: the
    mail server may have accepted it, so it is not resent without an organizer (see
    ``release_held_email``). Hand queued emails no worker picked up for ORPHANED_AFTER (their
    task was lost) to a worker again, or for BACKLOG_PATIENCE while workers are busy sending;
    sending claims the row, so one whose task is still in the broker is sent once. Returns how
    many were handed on."""
    from .tasks import send_email

    now = now or timezone.now()
    held = OutboundEmail.objects.filter(
        status=EmailStatus.SENDING, claimed_at__lt=now - stalled_after()
    ).update(status=EmailStatus.HELD)
    if held:
        logger.warning("Held %d emails whose worker stopped while sending them", held)
    draining = OutboundEmail.objects.filter(claimed_at__gte=now - ORPHANED_AFTER).exists()
    waited = BACKLOG_PATIENCE if draining else ORPHANED_AFTER
    orphaned = list(
        OutboundEmail.objects.filter(status=EmailStatus.QUEUED, queued_at__lt=now - waited)
        .order_by("queued_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    handed = []
    try:
        for email_id in orphaned:
            send_email.delay(email_id=email_id)
            handed.append(email_id)
    finally:
        OutboundEmail.objects.filter(pk__in=handed, status=EmailStatus.QUEUED).update(queued_at=now)
    if handed:
        logger.warning("Requeued %d emails whose task was lost", len(handed))
    return len(handed)


def release_held_email(*, email: OutboundEmail) -> bool:
    """An organizer sends a held email again, with its Message-ID unchanged, so that a mail
    client that already has it shows it once. False unless it was held; a held reminder whose
    deadline has passed is marked expired instead (``email.status`` says so afterwards)."""
    now = timezone.now()
    with transaction.atomic():
        held = OutboundEmail.objects.filter(pk=email.pk, status=EmailStatus.HELD)
        if held.filter(not_after__lte=now).update(status=EmailStatus.EXPIRED):
            email.status = EmailStatus.EXPIRED
            return False
        released = held.update(status=EmailStatus.QUEUED, queued_at=now)
        if released:
            transaction.on_commit(lambda: _hand_to_worker(email.pk))
    return bool(released)


def discard_held_email(*, email: OutboundEmail) -> bool:
    """An organizer decides a held email is not sent again. False unless it was held."""
    return bool(
        OutboundEmail.objects.filter(pk=email.pk, status=EmailStatus.HELD).update(
            status=EmailStatus.DISCARDED
        )
    )
