"""Benchmark the reminder dispatcher: work out and queue reminders for 20,000 due recipients.

    .venv/bin/python benchmarks/reminders.py                       # SQLite file under var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_reminders \
    REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python benchmarks/reminders.py
    ... benchmarks/reminders.py --recipients 2000                  # a smaller run

Creates a throw-away database with Django's test-database machinery, one event whose call
closes in 20 hours, whose confirmations and reviews are due in 20 hours too, and as many due
people as asked: 60% speakers of drafts (one in ten with a personal extension to 30 hours,
which is reminded against that), 20% speakers told of their acceptance who have not confirmed,
20% reviewers with an unfinished review. Then one dispatcher run (``dispatch_event``) works out
who is due and queues one email each (OutboundEmail rows, their proposals, the receipts, the
chunks of ids handed to the broker on commit), timed, with its queries counted; a second run
checks nothing is queued twice. The broker's queue is purged and the database destroyed at the
end. Not part of the test suite.
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conf_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from conf_portal.celery import app  # noqa: E402
from mails.models import OutboundEmail, ReminderReceipt  # noqa: E402
from mails.reminders.dispatch import dispatch_event  # noqa: E402
from mails.reminders.rules import event_rules  # noqa: E402
from reviews.models import ReviewAssignment  # noqa: E402
from submissions.enums import SubmissionState  # noqa: E402
from submissions.models import Extension, Speaker, Submission  # noqa: E402
from tracks.enums import CommitteeRole, DeadlineKind  # noqa: E402
from tracks.models import Deadline, Event, Membership, SessionType, Track  # noqa: E402

BATCH = 2000


def populate(recipients: int) -> Event:
    User = get_user_model()
    now = timezone.now()
    event = Event.objects.create(
        name="Bench Conference", slug="bench", start_date=timezone.localdate(),
        end_date=timezone.localdate(), venue="Austin", time_zone="America/Chicago",
        is_public=True,
    )  # fmt: skip
    tracks = [Track.objects.create(event=event, name=f"Track {i}", slug=f"t{i}") for i in range(3)]
    talk = SessionType.objects.create(event=event, name="Talk", slug="talk", duration_minutes=25)
    for kind in (DeadlineKind.CFP_CLOSES, DeadlineKind.CONFIRMATION_DUE, DeadlineKind.REVIEWS_DUE):
        Deadline.objects.create(event=event, kind=kind, due=now + timedelta(hours=20))
    users = User.objects.bulk_create(
        [User(email=f"person{i}@bench.example.org", name=f"Person {i}") for i in range(recipients)],
        batch_size=BATCH,
    )
    drafts, accepted = int(recipients * 0.6), int(recipients * 0.2)
    reviewers = users[drafts + accepted :]
    states = [SubmissionState.DRAFT] * drafts + [SubmissionState.ACCEPTED] * accepted
    states += [SubmissionState.UNDER_REVIEW] * len(reviewers)
    submissions = Submission.objects.bulk_create(
        [
            Submission(
                event=event,
                track=tracks[i % 3],
                session_type=talk,
                title=f"Proposal {i}",
                state=state,
                created_by=users[i % (drafts + accepted)],
            )
            for i, state in enumerate(states)
        ],
        batch_size=BATCH,
    )
    Speaker.objects.bulk_create(
        [Speaker(submission=s, user=s.created_by) for s in submissions[: drafts + accepted]],
        batch_size=BATCH,
    )
    Extension.objects.bulk_create(
        [
            Extension(event=event, user=users[i], due=now + timedelta(hours=30))
            for i in range(0, drafts, 10)
        ],
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        [Membership(event=event, user=user, role=CommitteeRole.REVIEWER) for user in reviewers],
        batch_size=BATCH,
    )
    ReviewAssignment.objects.bulk_create(
        [
            ReviewAssignment(submission=s, reviewer=r)
            for s, r in zip(submissions[drafts + accepted :], reviewers, strict=True)
        ],
        batch_size=BATCH,
    )
    event_rules(event)
    return event


PHASES = {}


def _timed(module, name):
    """Time one step of the run (what share of it works out, renders, inserts)."""
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            PHASES[name] = PHASES.get(name, 0) + time.perf_counter() - started

    setattr(module, name, wrapper)


def run(recipients: int) -> None:
    from mails.reminders import dispatch

    for name in ("work_out", "compose", "queue_emails", "_record"):
        _timed(dispatch, name)
    started = time.perf_counter()
    event = populate(recipients)
    print(f"populated {recipients:,} due people in {time.perf_counter() - started:.1f} s")
    # A running worker has its URLconf and broker transport loaded already.
    reverse("reviews:home", args=["bench"])
    app.control.purge()
    app.conf.task_always_eager = False  # hand the chunks to the broker, as in production
    try:
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql[:40])  # counted without formatting each statement's SQL
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            started = time.perf_counter()
            if os.environ.get("PROFILE"):
                import cProfile

                cProfile.runctx(
                    "dispatch_event(event)", globals(), {"event": event}, sort="cumtime"
                )
                return
            queued = dispatch_event(event)
            elapsed = time.perf_counter() - started
        print(f"dispatch: {queued:,} emails queued in {elapsed:.2f} s, {len(queries)} queries")
        print("  of which " + ", ".join(f"{k} {v:.2f} s" for k, v in PHASES.items()))
        receipts = ReminderReceipt.objects.filter(rule__event=event).count()
        emails = OutboundEmail.objects.filter(event=event).count()
        started = time.perf_counter()
        again = dispatch_event(event)
        print(f"second run: {again} queued in {time.perf_counter() - started:.2f} s; "
              f"{emails:,} emails, {receipts:,} receipts in the database")  # fmt: skip
        assert queued == emails == recipients, (queued, emails, recipients)
        assert again == 0
    finally:
        app.control.purge()
        app.conf.task_always_eager = True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=20000)
    args = parser.parse_args()
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(
            Path(settings.VAR_DIR) / "bench_reminders.sqlite3"
        )
    engine, broker = database["ENGINE"].rsplit(".", 1)[-1], settings.CELERY_BROKER_URL
    print(f"database: {engine}, broker: {broker.split(':')[0]}")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        run(args.recipients)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        teardown_test_environment()


if __name__ == "__main__":
    main()
