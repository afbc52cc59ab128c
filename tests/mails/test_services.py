import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from mails.enums import EmailStatus
from mails.models import OutboundEmail
from mails.services import (
    ORPHANED_AFTER,
    deliver_email,
    queue_email,
    requeue_stalled_emails,
    stalled_after,
)
from mails.tasks import send_email

pytestmark = pytest.mark.django_db

FAILING_BACKEND = f"{__name__}.DisconnectingBackend"


class DisconnectingBackend(BaseEmailBackend):
    """An SMTP server that hangs up on every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class FlakyBackend(locmem.EmailBackend):
    """Hangs up ``failures_left`` times, then delivers to the locmem outbox."""

    failures_left = 0

    def send_messages(self, email_messages):
        if FlakyBackend.failures_left:
            FlakyBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(email_messages)


def _queued_email(**fields):
    """A stored email whose task was never run (as if the on-commit hook never fired)."""
    return OutboundEmail.objects.create(
        to="speaker@example.org",
        subject="Your submission",
        body="Thank you.",
        from_email="conf_portal <noreply@localhost>",
        **fields,
    )


def test_queue_email_sends_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_email(to="a@example.org", subject="Hi", body="Text", html_body="<p>Hi</p>")

    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.SENT, 1, "")
    assert email.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == email.message_id
    assert mail.outbox[0].message()["Message-ID"] == email.message_id
    assert mail.outbox[0].alternatives[0][0] == "<p>Hi</p>"


def test_queue_email_does_not_send_before_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        email = queue_email(to="a@example.org", subject="Hi", body="Text")

    assert OutboundEmail.objects.get() == email
    assert email.status == EmailStatus.QUEUED
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_deliver_email_twice_sends_once():
    email = _queued_email()

    results = [deliver_email(email_id=email.pk), deliver_email(email_id=email.pk)]

    assert results == [True, False]
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)


def test_deliver_email_claimed_by_another_worker_is_not_sent(now):
    email = _queued_email(status=EmailStatus.SENDING, claimed_at=now, attempts=1)

    sent = deliver_email(email_id=email.pk)

    assert sent is False
    assert mail.outbox == []
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENDING, 1)


def test_deliver_email_smtp_failure_requeues_and_reraises(settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    email = _queued_email()

    with pytest.raises(smtplib.SMTPServerDisconnected):
        deliver_email(email_id=email.pk)

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.QUEUED, 1)
    assert "SMTPServerDisconnected" in email.last_error
    assert email.sent_at is None


@pytest.fixture
def worker_like_eager(monkeypatch):
    """Eager tasks that swallow errors as a worker does, so retries and on_failure really run."""
    monkeypatch.setitem(send_email.app.conf, "task_eager_propagates", False)


@pytest.mark.usefixtures("worker_like_eager")
def test_send_email_task_retries_then_marks_failed(settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    email = _queued_email()

    result = send_email.apply(kwargs={"email_id": email.pk})

    assert isinstance(result.result, smtplib.SMTPServerDisconnected)
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == send_email.max_retries + 1
    assert "SMTPServerDisconnected" in email.last_error


@pytest.mark.usefixtures("worker_like_eager")
def test_send_email_task_recovers_after_transient_failure(settings, monkeypatch):
    monkeypatch.setattr(FlakyBackend, "failures_left", 1)
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    email = _queued_email()

    result = send_email.apply(kwargs={"email_id": email.pk})

    assert result.result is True
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.SENT, 2, "")
    assert len(mail.outbox) == 1


def test_mark_failed_never_overrides_a_sent_email():
    email = _queued_email()
    deliver_email(email_id=email.pk)

    send_email.on_failure(RuntimeError("late"), "task-id", (), {"email_id": email.pk}, None)

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_requeue_stalled_emails_leaves_fresh_sending_alone(now):
    claimed = now - stalled_after() / 2
    email = _queued_email(status=EmailStatus.SENDING, claimed_at=claimed, attempts=1)
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=claimed)

    count = requeue_stalled_emails(now=now)

    assert count == 0
    email.refresh_from_db()
    assert email.status == EmailStatus.SENDING
    assert mail.outbox == []


def test_requeue_stalled_emails_leaves_fresh_queued_and_failed_alone(now):
    fresh = _queued_email()
    failed = _queued_email(status=EmailStatus.FAILED)
    OutboundEmail.objects.filter(pk=failed.pk).update(queued_at=now - 2 * ORPHANED_AFTER)

    count = requeue_stalled_emails(now=timezone.now())

    assert count == 0
    assert list(OutboundEmail.objects.order_by("pk").values_list("status", flat=True)) == [
        fresh.status,
        EmailStatus.FAILED,
    ]
    assert mail.outbox == []


def test_requeue_stalled_emails_sends_old_queued_email_whose_task_was_lost(now):
    email = _queued_email()
    OutboundEmail.objects.filter(pk=email.pk).update(queued_at=now - 2 * ORPHANED_AFTER)

    count = requeue_stalled_emails(now=now)

    assert count == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)
    assert len(mail.outbox) == 1
