"""What "sent at most once" means: a row claimed by a worker that died is held for an organizer,
never resent on its own; an email whose task was lost is found within about two minutes."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.mail.backends import locmem
from django.urls import reverse

from mails.enums import EmailStatus
from mails.models import OutboundEmail
from mails.services import (
    BACKLOG_PATIENCE,
    ORPHANED_AFTER,
    deliver_email,
    discard_held_email,
    release_held_email,
    requeue_stalled_emails,
    stalled_after,
)
from mails.tasks import send_email
from tests.factories.reviews import ConflictFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


def _email(**fields):
    return OutboundEmail.objects.create(
        to="speaker@example.org",
        subject="Your submission",
        body="Thank you.",
        from_email="conf_portal <noreply@localhost>",
        **fields,
    )


def _claimed_by_a_worker_that_died(now, event=None):
    """The worker claimed it (and the mail server may have accepted it), then was SIGKILLed."""
    claimed = now - stalled_after() - timedelta(seconds=1)
    email = _email(status=EmailStatus.SENDING, claimed_at=claimed, attempts=1, event=event)
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=claimed, queued_at=claimed)
    return email


def test_a_row_stalled_in_sending_is_held_not_resent(now):
    email = _claimed_by_a_worker_that_died(now)

    requeue_stalled_emails(now=now)
    requeue_stalled_emails(now=now + timedelta(hours=1))

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.HELD, 1)
    assert mail.outbox == []


def test_a_row_still_within_the_task_time_limit_stays_sending(now):
    claimed = now - stalled_after() + timedelta(seconds=30)
    email = _email(status=EmailStatus.SENDING, claimed_at=claimed, attempts=1)

    requeue_stalled_emails(now=now)

    email.refresh_from_db()
    assert email.status == EmailStatus.SENDING
    assert mail.outbox == []


def test_the_stall_window_outlasts_the_task_hard_time_limit(settings):
    assert stalled_after() > timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def test_releasing_a_held_email_resends_it_once_with_the_same_message_id(
    now, django_capture_on_commit_callbacks
):
    email = _claimed_by_a_worker_that_died(now)
    requeue_stalled_emails(now=now)

    with django_capture_on_commit_callbacks(execute=True):
        released = release_held_email(email=email)
    with django_capture_on_commit_callbacks(execute=True):
        again = release_held_email(email=email)

    assert (released, again) == (True, False)
    (message,) = mail.outbox
    assert message.message()["Message-ID"] == email.message_id
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)


def test_discarding_a_held_email_never_sends_it(now, django_capture_on_commit_callbacks):
    email = _claimed_by_a_worker_that_died(now)
    requeue_stalled_emails(now=now)

    with django_capture_on_commit_callbacks(execute=True):
        assert discard_held_email(email=email) is True
    requeue_stalled_emails(now=now + timedelta(hours=1))

    email.refresh_from_db()
    assert email.status == EmailStatus.DISCARDED
    assert release_held_email(email=email) is False
    assert mail.outbox == []


def test_the_sweep_sends_an_orphaned_queued_row_after_two_minutes_not_a_fresh_one(now):
    orphaned = _email()
    fresh = _email()
    OutboundEmail.objects.filter(pk=orphaned.pk).update(
        queued_at=now - ORPHANED_AFTER - timedelta(seconds=1)
    )
    OutboundEmail.objects.filter(pk=fresh.pk).update(queued_at=now - timedelta(seconds=30))

    count = requeue_stalled_emails(now=now)

    assert count == 1
    assert timedelta(minutes=2) >= ORPHANED_AFTER
    assert [m.to for m in mail.outbox] == [["speaker@example.org"]]
    orphaned.refresh_from_db()
    fresh.refresh_from_db()
    assert (orphaned.status, fresh.status) == (EmailStatus.SENT, EmailStatus.QUEUED)


def test_the_sweep_leaves_a_backlog_to_the_busy_workers_until_it_waited_too_long(now):
    _email(status=EmailStatus.SENT, claimed_at=now - timedelta(seconds=30), attempts=1)
    waiting = _email()
    OutboundEmail.objects.filter(pk=waiting.pk).update(queued_at=now - timedelta(minutes=3))

    while_busy = requeue_stalled_emails(now=now)
    OutboundEmail.objects.filter(pk=waiting.pk).update(
        queued_at=now - BACKLOG_PATIENCE - timedelta(seconds=1)
    )
    too_long = requeue_stalled_emails(now=now)

    assert (while_busy, too_long) == (0, 1)
    waiting.refresh_from_db()
    assert waiting.status == EmailStatus.SENT


def test_the_beat_sweep_runs_every_minute(settings):
    (entry,) = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "conf_portal.mails.requeue_stalled"
    ]

    assert entry["schedule"] <= 60


def test_a_task_delivered_twice_sends_once():
    email = _email()

    first = send_email.apply(kwargs={"email_id": email.pk})
    second = send_email.apply(kwargs={"email_id": email.pk})

    assert (first.result, second.result) == (True, False)
    assert len(mail.outbox) == 1


def test_a_requeued_row_whose_task_is_still_in_the_broker_is_sent_once(now):
    email = _email()
    OutboundEmail.objects.filter(pk=email.pk).update(queued_at=now - 2 * ORPHANED_AFTER)

    requeue_stalled_emails(now=now)  # the sweep hands it to a worker again
    deliver_email(email_id=email.pk)  # then the original task comes out of the broker

    assert len(mail.outbox) == 1


class StatusAtCloseBackend(locmem.EmailBackend):
    """Notes the row's status when the connection is closed (an SMTP QUIT, which can hang)."""

    seen: list = []

    def close(self):
        StatusAtCloseBackend.seen.extend(OutboundEmail.objects.values_list("status", flat=True))


def test_the_row_is_marked_sent_before_the_connection_is_closed(settings, monkeypatch):
    monkeypatch.setattr(StatusAtCloseBackend, "seen", [])
    settings.EMAIL_BACKEND = f"{__name__}.StatusAtCloseBackend"
    email = _email()

    deliver_email(email_id=email.pk)

    assert StatusAtCloseBackend.seen == [EmailStatus.SENT]


def test_the_message_id_is_stored_once_and_kept():
    email = _email()
    message_id = email.message_id

    email.save()
    deliver_email(email_id=email.pk)

    email.refresh_from_db()
    assert email.message_id == message_id
    assert mail.outbox[0].message()["Message-ID"] == message_id


# The outbox: organizers see held emails and release or discard them.


def _outbox_world(now):
    event = EventFactory()
    organizer = UserFactory()
    MembershipFactory(event=event, user=organizer, role=CommitteeRole.ORGANIZER)
    email = _claimed_by_a_worker_that_died(now, event=event)
    requeue_stalled_emails(now=now)
    return event, organizer, email


def test_the_outbox_explains_a_held_email_and_releases_it(
    client, now, django_capture_on_commit_callbacks
):
    event, organizer, email = _outbox_world(now)
    client.force_login(organizer)
    url = reverse("reviews:outbox-email", args=[event.slug, email.pk])

    listing = client.get(reverse("reviews:outbox", args=[event.slug])).content.decode()
    page = client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "release"})

    assert "1 held" in listing
    assert "may have accepted it" in page
    assert 'value="release"' in page
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The email to speaker@example.org is sent again, with the same Message-ID."
    ]
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert mail.outbox[0].message()["Message-ID"] == email.message_id


def test_the_outbox_discards_a_held_email(client, now):
    event, organizer, email = _outbox_world(now)
    client.force_login(organizer)

    client.post(reverse("reviews:outbox-email", args=[event.slug, email.pk]), {"action": "discard"})

    email.refresh_from_db()
    assert email.status == EmailStatus.DISCARDED
    assert mail.outbox == []


def test_the_outbox_leaves_a_sent_email_alone(client, now):
    event, organizer, email = _outbox_world(now)
    OutboundEmail.objects.filter(pk=email.pk).update(status=EmailStatus.SENT)
    client.force_login(organizer)

    response = client.post(
        reverse("reviews:outbox-email", args=[event.slug, email.pk]), {"action": "release"}
    )

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "This email is no longer held: nothing was done."
    ]
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["conflicted", "chair", "author"])
def test_only_unconflicted_organizers_release(client, now, role):
    event, _organizer, email = _outbox_world(now)
    submission = SubmissionFactory(event=event)
    email.submissions.add(submission)
    user = submission.created_by if role == "author" else UserFactory()
    if role == "conflicted":
        MembershipFactory(event=event, user=user, role=CommitteeRole.ORGANIZER)
        ConflictFactory(submission=submission, user=user)
    if role == "chair":
        MembershipFactory(event=event, user=user, role=CommitteeRole.TRACK_CHAIR)
    client.force_login(user)

    response = client.post(
        reverse("reviews:outbox-email", args=[event.slug, email.pk]), {"action": "release"}
    )

    assert response.status_code == 404
    email.refresh_from_db()
    assert email.status == EmailStatus.HELD
    assert mail.outbox == []


def test_a_held_account_email_is_released_from_the_django_admin(
    now, admin_client, django_capture_on_commit_callbacks
):
    email = _claimed_by_a_worker_that_died(now)  # a password reset: no event, no event outbox
    requeue_stalled_emails(now=now)
    changelist = reverse("admin:mails_outboundemail_changelist")

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            changelist, {"action": "release_held", "_selected_action": [email.pk]}, follow=True
        )

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [email.message_id]


def test_a_held_account_email_is_discarded_from_the_django_admin(now, admin_client):
    email = _claimed_by_a_worker_that_died(now)
    requeue_stalled_emails(now=now)

    admin_client.post(
        reverse("admin:mails_outboundemail_changelist"),
        {"action": "discard_held", "_selected_action": [email.pk]},
    )

    email.refresh_from_db()
    assert (email.status, mail.outbox) == (EmailStatus.DISCARDED, [])
