"""Benchmark decision emails: from the chair pressing send to every email sent by the worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_decisions \
    REDIS_URL=redis://127.0.0.1:6379/13 .venv/bin/python benchmarks/decision_mail.py
    ... benchmarks/decision_mail.py --proposals 1000 --concurrency 2

Creates a throw-away database with Django's test-database machinery (``test_<name>`` on
PostgreSQL, a SQLite file under var/ otherwise), inserts one event with ``--proposals`` decided
proposals (30% accepted, 60% rejected, 10% waitlisted), two speakers each (so 2,000 authors by
default), three submitted reviews per proposal with two criterion scores and comments, then
starts a real Celery worker (``celery worker``, prefork, ``--concurrency`` processes) on the
broker, presses send as a chair does (``request_decision_notifications`` in a transaction), and
polls the database: when every email is queued in the outbox (the notify task done) and when the
worker has sent every one. The email backend is Django's in-memory one (no SMTP round trips).
Then it presses send again and runs the task again, and checks no email was added. The database
is destroyed at the end. Not part of the test suite.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conf_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from conf_portal.celery import app  # noqa: E402
from mails.enums import EmailStatus  # noqa: E402
from mails.models import OutboundEmail  # noqa: E402
from reviews.models import (  # noqa: E402
    DecisionNotification,
    Review,
    ReviewCriterion,
    ReviewForm,
    ReviewScore,
)
from reviews.services.notifications import request_decision_notifications  # noqa: E402
from reviews.tasks_notifications import notify_decisions  # noqa: E402
from submissions.enums import SubmissionState  # noqa: E402
from submissions.models import Speaker, Submission  # noqa: E402
from tracks.enums import CommitteeRole  # noqa: E402
from tracks.models import Event, Membership, SessionType, Track  # noqa: E402

WORDS = [
    "array",
    "kernel",
    "gpu",
    "solver",
    "mesh",
    "sparse",
    "tensor",
    "graph",
    "python",
    "julia",
    "cluster",
    "scale",
]


def populate(proposals: int):
    User = get_user_model()
    event = Event.objects.create(
        name="Bench Conference", slug="bench", start_date=timezone.localdate(),
        end_date=timezone.localdate(), venue="Austin", time_zone="UTC", is_public=True,
    )  # fmt: skip
    tracks = [Track.objects.create(event=event, name=f"Track {i}", slug=f"t{i}") for i in range(3)]
    talk = SessionType.objects.create(event=event, name="Talk")
    users = User.objects.bulk_create(
        User(email=f"author{i}@example.org", name=f"Author {i}", password="!")
        for i in range(2 * proposals + 30)
    )
    authors, reviewers, chair = users[: 2 * proposals], users[2 * proposals : -1], users[-1]
    Membership.objects.create(event=event, user=chair, role=CommitteeRole.ORGANIZER)
    states = [SubmissionState.ACCEPTED] * 3 + [SubmissionState.REJECTED] * 6
    states.append(SubmissionState.WAITLISTED)
    submissions = Submission.objects.bulk_create(
        Submission(
            event=event,
            track=tracks[i % 3],
            session_type=talk,
            state=states[i % 10],
            title=" ".join(WORDS[(i + k) % len(WORDS)] for k in range(6)).capitalize(),
            abstract="Fast arrays.",
            created_by=authors[2 * i],
        )
        for i in range(proposals)
    )
    Speaker.objects.bulk_create(
        Speaker(submission=s, user=authors[2 * i + k], position=k)
        for i, s in enumerate(submissions)
        for k in (0, 1)
    )
    form = ReviewForm.objects.create(event=event, name="Review")
    criteria = [
        ReviewCriterion.objects.create(form=form, name=n, labels={"4": "Good"}, position=p)
        for p, n in enumerate(("Relevance", "Clarity"))
    ]
    now = timezone.now()
    reviews = Review.objects.bulk_create(
        Review(
            submission=s,
            reviewer=reviewers[(i + k) % len(reviewers)],
            form=form,
            overall=1 + (i + k) % 5,
            confidence=3,
            submitted_at=now,
            comments_to_authors="A clear proposal; the evaluation could be broader. " * 3,
            confidential_comments="Only for the committee.",
        )
        for i, s in enumerate(submissions)
        for k in range(3)
    )
    ReviewScore.objects.bulk_create(
        ReviewScore(review=r, criterion=c, value=1 + (r.pk + c.pk) % 5)
        for r in reviews
        for c in criteria
    )
    return event, chair


def wait(predicate, timeout: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.05)
    return None


def start_worker(concurrency: int) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=_test_database_url())
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "conf_portal", "worker", "-I",
         "reviews.tasks_notifications", "--pool", "prefork", "--concurrency", str(concurrency),
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env,
    )  # fmt: skip


def _test_database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def run(proposals: int, concurrency: int) -> None:
    started = time.monotonic()
    event, chair = populate(proposals)
    speakers = Speaker.objects.filter(submission__event=event).count()
    print(f"Inserted {proposals} decided proposals, {speakers} speakers, "
          f"{Review.objects.count()} reviews in {time.monotonic() - started:.1f} s")  # fmt: skip
    app.conf.task_always_eager = False
    worker = start_worker(concurrency)
    try:
        time.sleep(6)  # the worker's processes start and connect
        pressed = time.monotonic()
        with transaction.atomic():
            counted = request_decision_notifications(event=event, by=chair)
        press = time.monotonic() - pressed
        print(
            f"Pressing send: {press * 1000:.0f} ms ({counted[0]} speakers, {counted[1]} proposals)"
        )
        queued = wait(lambda: DecisionNotification.objects.count() == speakers, 120)
        print(f"All {speakers} emails queued in the outbox: {queued:.1f} s after pressing send")
        sent = wait(
            lambda: OutboundEmail.objects.filter(status=EmailStatus.SENT).count() == speakers, 300
        )
        print(f"All {speakers} emails sent by the worker: {sent:.1f} s after pressing send")
        try:
            with transaction.atomic():
                request_decision_notifications(event=event, by=chair)
        except ValidationError as error:  # expected: nobody left to notify
            print(f"Pressing send again: {error.messages[0]}")
        notify_decisions.delay(
            event_id=event.pk,
            submission_ids=list(Submission.objects.values_list("pk", flat=True)),
            sent_by_id=chair.pk,
        )
        time.sleep(5)
        total = OutboundEmail.objects.count()
        print(f"After a second task run: {total} emails (expected {speakers})")
        assert total == speakers
        sample = OutboundEmail.objects.order_by("pk").first()
        assert "Only for the committee" not in sample.body
    finally:
        worker.terminate()
        worker.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(
            Path(settings.VAR_DIR) / "bench_decision_mail.sqlite3"
        )
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        run(args.proposals, args.concurrency)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        teardown_test_environment()


if __name__ == "__main__":
    main()
