"""Reminders stay exactly once through a real broker and real workers: a worker SIGKILLed in
the middle of a batch and restarted, two dispatchers at once, beat down across a deadline, and
the broker down while a deadline is extended and reminders are queued."""

import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import close_old_connections, connection
from django.utils import timezone

from conf_portal.celery import app
from mails.enums import EmailStatus
from mails.models import OutboundEmail, ReminderReceipt
from mails.reminders.dispatch import dispatch_event
from mails.reminders.rules import DAY, HOUR, event_rules
from mails.services import requeue_stalled_emails
from submissions.services.cfp import grant_extension
from tests.broker import wait_for
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, MembershipFactory
from tracks.enums import CommitteeRole, DeadlineKind

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = connection.vendor == "postgresql"
needs_postgres = pytest.mark.skipif(
    not POSTGRES,
    reason="SQLite's test database lives in this process's memory: another process (a worker) "
    "or a second connection holding row locks cannot share it",
)


@pytest.fixture
def through_the_broker():
    app.conf.task_always_eager = False
    try:
        app.control.purge()
        yield
    finally:
        app.conf.task_always_eager = True


def _event_with_drafts(n, *, due_in=timedelta(hours=20)):
    event = EventFactory()
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=timezone.now() + due_in)
    drafts = [SubmissionFactory(event=event) for _ in range(n)]
    event_rules(event)
    return event, drafts


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(mail_dir: Path, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.mails.worker_settings",
        "DATABASE_URL": _database_url(),
        "EMAIL_FILE_PATH": str(mail_dir),
        "CONN_MAX_AGE": "0",
    }
    command = [
        str(Path(sys.executable).parent / "celery"), "-A", "conf_portal", "worker",
        "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
        "-l", "info",
    ]  # fmt: skip
    with log.open("ab") as out:  # the worker keeps its own copy of the descriptor
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def _sent_files(mail_dir: Path) -> Counter:
    return Counter(path.name.split("--")[0] for path in mail_dir.glob("*.eml"))


@needs_postgres
def test_a_worker_killed_mid_batch_and_restarted_sends_each_reminder_once(
    through_the_broker, tmp_path
):
    event, drafts = _event_with_drafts(30)
    emails = {d.created_by.email for d in drafts}
    queued = dispatch_event(event)  # commits; the chunk of ids goes to the broker
    worker = _start_worker(tmp_path / "mail", tmp_path / "worker.log")
    try:
        # A worker process takes seconds to start (a minute on a busy machine).
        started = wait_for(lambda: sum(_sent_files(tmp_path / "mail").values()) >= 5, 240)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
        remaining = OutboundEmail.objects.filter(event=event, status=EmailStatus.QUEUED).count()

        # Beat's sweep, some minutes later: what the dead worker claimed is held, the rest
        # (whose task died with the worker) is handed to a worker again.
        requeue_stalled_emails(now=timezone.now() + timedelta(minutes=15))
        worker = _start_worker(tmp_path / "mail", tmp_path / "worker.log")
        done = wait_for(
            lambda: (
                not OutboundEmail.objects.filter(
                    event=event, status__in=[EmailStatus.QUEUED, EmailStatus.SENDING]
                ).exists()
            ),
            240,
        )
    finally:
        worker.terminate()
        worker.wait(20)

    sent = _sent_files(tmp_path / "mail")
    statuses = dict(OutboundEmail.objects.filter(event=event).values_list("to", "status"))
    assert (queued, started, done) == (30, True, True)
    assert 0 < remaining < 30  # the kill landed mid-batch
    assert max(sent.values()) == 1  # nobody got a reminder twice
    assert set(statuses) == emails
    assert {to for to, status in statuses.items() if status == EmailStatus.SENT} == set(sent)
    held = {to for to, status in statuses.items() if status == EmailStatus.HELD}
    assert set(sent) | held == emails  # every reminder sent, or visibly held for an organizer
    assert len(held) <= 1


@needs_postgres
def test_two_dispatchers_at_once_queue_each_reminder_once():
    event, _drafts = _event_with_drafts(40)
    barrier, results, errors = threading.Barrier(2), [], []

    def run():
        try:
            barrier.wait()
            results.append(dispatch_event(event))
        except Exception as error:
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert sorted(results) == [0, 40]
    per_person = Counter(OutboundEmail.objects.filter(event=event).values_list("to", flat=True))
    assert len(per_person) == 40
    assert set(per_person.values()) == {1}
    assert ReminderReceipt.objects.filter(rule__event=event).count() == 40


def test_beat_down_across_a_deadline_sends_no_late_reminder(django_capture_on_commit_callbacks):
    event, _drafts = _event_with_drafts(3, due_in=timedelta(days=2))
    due = event.deadlines.get().due
    beat = [due - timedelta(days=2) + timedelta(minutes=5 * i) for i in range(12)]  # 1 hour
    back = [due + timedelta(minutes=5 * i) for i in range(1, 13)]  # after a day down

    with django_capture_on_commit_callbacks(execute=True):
        before = [dispatch_event(event, now=at) for at in beat]
        after = [dispatch_event(event, now=at) for at in back]

    assert sum(before) == 3  # the 7-day reminder, once
    assert after == [0] * 12  # never "1 day left" after the deadline
    assert set(ReminderReceipt.objects.values_list("offset_minutes", flat=True)) == {7 * DAY}
    assert len(mail.outbox) == 3


def _use_broker(url: str) -> None:
    app.conf.broker_url = url
    app._pool = None  # connections and producers are pooled per broker URL
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    app.conf.task_always_eager = False
    _use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        yield
    finally:
        _use_broker(settings.CELERY_BROKER_URL)
        app.conf.task_always_eager = True


def test_with_the_broker_down_an_extension_is_saved_and_its_reminders_go_out_later(broker_down):
    event, drafts = _event_with_drafts(2, due_in=-timedelta(hours=1))  # the call has closed
    organizer = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user
    extended = drafts[0]

    grant_extension(event=event, submission=extended, due=timezone.now() + timedelta(hours=2),
                    by=organizer)  # fmt: skip
    queued = dispatch_event(event)  # the broker refuses the hand-off: the rows stay queued

    assert queued == 1
    email = OutboundEmail.objects.get(event=event)
    assert (email.status, email.to) == (EmailStatus.QUEUED, extended.created_by.email)
    assert ReminderReceipt.objects.get().offset_minutes == 3 * HOUR

    _use_broker(settings.CELERY_BROKER_URL)  # the broker is back
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        handed = requeue_stalled_emails(now=timezone.now() + timedelta(minutes=3))
        sent = wait_for(
            lambda: OutboundEmail.objects.get(pk=email.pk).status == EmailStatus.SENT, 120
        )

    assert (handed, sent) == (1, True)
    assert [m.to for m in mail.outbox] == [[extended.created_by.email]]
    assert dispatch_event(event) == 0  # and it is not queued again


def test_with_the_broker_down_a_decision_is_saved_and_its_emails_go_out_later(broker_down):
    from django.db import transaction

    from reviews.enums import Decision
    from reviews.services.activity import email_unsent_activity
    from reviews.services.decisions import decide
    from reviews.services.notifications import request_decision_notifications

    event = EventFactory()
    organizer = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user
    proposal = SubmissionFactory(event=event, state="under_review")

    decide(submissions=[proposal], decision=Decision.ACCEPT, by=organizer)
    with transaction.atomic():  # the broker refuses the task: the chair sees no error
        request_decision_notifications(event=event, by=organizer)
    proposal.refresh_from_db()
    assert proposal.state == "accepted"  # the decision is saved
    assert OutboundEmail.objects.filter(to__in=proposal.speakers.values("user__email")).exists()

    _use_broker(settings.CELERY_BROKER_URL)  # the broker is back: beat's sweeps run
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        requeue_stalled_emails(now=timezone.now() + timedelta(minutes=3))
        email_unsent_activity()
        told = wait_for(lambda: len(mail.outbox) == 1, 20)

    assert told


def test_with_the_broker_down_a_discussion_comment_is_saved_without_an_error(broker_down):
    from django.db import transaction

    from reviews.models import DiscussionComment
    from reviews.services.discussion import post_comment

    event = EventFactory()
    organizer = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user
    proposal = SubmissionFactory(event=event, state="under_review")

    with transaction.atomic():  # the broker refuses the email task; beat's sweep sends it later
        post_comment(submission=proposal, author=organizer, text="Looks strong to me.")

    assert DiscussionComment.objects.filter(submission=proposal).count() == 1
