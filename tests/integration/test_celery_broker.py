"""Emails go through the real broker (Redis when REDIS_URL is set, else the filesystem transport)
to a real Celery worker, not through eager mode."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import transaction

from conf_portal.celery import app
from mails.enums import EmailStatus
from mails.models import OutboundEmail
from mails.services import queue_email

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_worker():
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as w:
            yield w
    finally:
        app.conf.task_always_eager = True


def _wait_for(predicate, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_queued_email_is_sent_by_a_worker_through_the_broker(celery_worker):
    with transaction.atomic():
        email = queue_email(to="ada@example.org", subject="Welcome", body="Hello Ada")
        assert OutboundEmail.objects.get(pk=email.pk).status == EmailStatus.QUEUED

    sent = _wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == EmailStatus.SENT)

    assert sent
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]


def test_a_task_delivered_twice_sends_the_email_once(celery_worker):
    from mails.tasks import send_email

    email = queue_email(to="bob@example.org", subject="Once", body="Only once")
    send_email.delay(email_id=email.pk)  # a duplicate delivery, as after a redelivered message

    sent = _wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == EmailStatus.SENT)
    time.sleep(1)  # let the duplicate task run too

    assert sent
    assert len(mail.outbox) == 1
