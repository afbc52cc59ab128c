"""Emails and assignment runs go through the real broker (Redis when REDIS_URL is set, else the
filesystem transport) to a real Celery worker, not through eager mode."""

import time

import pytest
from django.core import mail
from django.db import transaction

from mails.enums import EmailStatus
from mails.models import OutboundEmail
from mails.services import queue_email
from reviews.enums import RunStatus
from reviews.models import AssignmentRun
from reviews.services.runs import start_assignment_run
from submissions.enums import SubmissionState
from tests.broker import wait_for
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory
from tracks.enums import CommitteeRole

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def test_queued_email_is_sent_by_a_worker_through_the_broker(celery_worker):
    with transaction.atomic():
        email = queue_email(to="ada@example.org", subject="Welcome", body="Hello Ada")
        assert OutboundEmail.objects.get(pk=email.pk).status == EmailStatus.QUEUED

    sent = wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == EmailStatus.SENT)

    assert sent
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]


def test_a_task_delivered_twice_sends_the_email_once(celery_worker):
    from mails.tasks import send_email

    email = queue_email(to="bob@example.org", subject="Once", body="Only once")
    send_email.delay(email_id=email.pk)  # a duplicate delivery, as after a redelivered message

    sent = wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == EmailStatus.SENT)
    time.sleep(1)  # let the duplicate task run too

    assert sent
    assert len(mail.outbox) == 1


def test_an_assignment_run_is_computed_by_a_worker_through_the_broker(celery_worker):
    event = EventFactory()
    chair = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user
    reviewers = [MembershipFactory(event=event).user for _ in range(3)]
    proposals = [SubmissionFactory(event=event, state=SubmissionState.SUBMITTED) for _ in range(2)]
    params = {"reviews_per_submission": 2, "min_load": 0, "max_load": 2}

    run = start_assignment_run(event=event, by=chair, track_ids=None, params=params)
    done = wait_for(
        lambda: AssignmentRun.objects.get(pk=run.pk).status in (RunStatus.DONE, RunStatus.FAILED)
    )

    run.refresh_from_db()
    assert (done, run.status, run.progress) == (True, RunStatus.DONE, 100)
    pairs = set(run.pairs.values_list("submission_id", "reviewer_id"))
    assert len(pairs) == 4
    assert {s for s, _ in pairs} == {p.pk for p in proposals}
    assert {r for _, r in pairs} <= {u.pk for u in reviewers}
