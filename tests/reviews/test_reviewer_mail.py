"""Chairs email reviewers their new assignments (each told once) and remind those with
unfinished reviews (at most once a day)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mails.models import ReminderRule
from mails.reminders.dispatch import dispatch_reminders
from mails.reminders.rules import event_rules
from reviews.enums import ReviewMode
from reviews.models import ReviewAssignment, ReviewReminder, ReviewSettings
from reviews.services.reviewer_mail import reviewer_mail_summary
from reviews.tasks_notifications import email_assignments, remind_reviewers
from submissions.enums import SubmissionState
from tests.factories.reviews import ConflictFactory, ReviewAssignmentFactory, ReviewFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import AOE, CommitteeRole, DeadlineKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(name="DLonSC 2027")
    ReviewSettings.objects.update_or_create(event=event, defaults={"mode": ReviewMode.DOUBLE_BLIND})
    DeadlineFactory(
        event=event, kind=DeadlineKind.REVIEWS_DUE, time_zone=AOE,
        due=datetime(2027, 9, 16, 12, 0, tzinfo=UTC),  # Sep 15, 23:59:59 AoE… +1s
    )  # fmt: skip
    return event


@pytest.fixture
def hpc(event):
    return TrackFactory(event=event, name="HPC")


@pytest.fixture
def ml(event):
    return TrackFactory(event=event, name="ML")


def member(event, email, role=CommitteeRole.REVIEWER, tracks=()):
    user = UserFactory(email=email, name=email.split("@")[0].title())
    MembershipFactory(event=event, user=user, role=role, tracks=list(tracks))
    return user


def proposal(event, track, title):
    author = UserFactory(name="Paula Author", affiliation="Blindtown Lab")
    return SubmissionFactory(
        event=event, track=track, title=title, created_by=author, state=SubmissionState.SUBMITTED
    )


@pytest.fixture
def world(event, hpc, ml):
    ann, bob = member(event, "ann@x.org"), member(event, "bob@x.org")
    resnet, bert = proposal(event, hpc, "Scaling ResNet"), proposal(event, hpc, "BERT on GPUs")
    gnn = proposal(event, ml, "Graph networks")
    for submission, reviewer in ((resnet, ann), (bert, ann), (bert, bob), (gnn, bob)):
        ReviewAssignmentFactory(submission=submission, reviewer=reviewer)
    return {"ann": ann, "bob": bob, "resnet": resnet, "bert": bert, "gnn": gnn}


def post(client, event, name):
    """What the chair is told back on the assignments page."""
    response = client.post(reverse(f"reviews:{name}", args=[event.slug]), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "reviews:manage-assignments", args=[event.slug]
    )
    return [str(m) for m in response.context["messages"]]


def test_each_reviewer_gets_one_email_listing_their_new_assignments(
    client, event, world, django_capture_on_commit_callbacks
):
    client.force_login(member(event, "org@x.org", CommitteeRole.ORGANIZER))

    with django_capture_on_commit_callbacks(execute=True):
        said = post(client, event, "assignment-emails")

    assert said == ["Emailing 2 reviewers about 4 new assignments."]
    ann = next(m for m in mail.outbox if m.to == ["ann@x.org"])
    assert ann.subject == "2 proposals to review for DLonSC 2027"
    assert "- “BERT on GPUs” (HPC, " in ann.body
    assert "due Sep 16, 2027 00:00 AoE" in ann.body
    assert "“Scaling ResNet”" in ann.body
    assert "Graph networks" not in ann.body
    assert "Paula Author" not in ann.body
    assert "Blindtown" not in ann.body
    assert len(mail.outbox) == 2
    assert not ReviewAssignment.objects.filter(notified_at__isnull=True).exists()

    with django_capture_on_commit_callbacks(execute=True):
        again = post(client, event, "assignment-emails")
    assert again == ["Every reviewer has been emailed about their assignments."]
    assert len(mail.outbox) == 2


def test_a_later_assignment_is_emailed_on_its_own(
    client, event, hpc, world, django_capture_on_commit_callbacks
):
    client.force_login(member(event, "org@x.org", CommitteeRole.ORGANIZER))
    with django_capture_on_commit_callbacks(execute=True):
        post(client, event, "assignment-emails")
    ReviewAssignmentFactory(
        submission=proposal(event, hpc, "Sparse solvers"), reviewer=world["ann"]
    )

    with django_capture_on_commit_callbacks(execute=True):
        post(client, event, "assignment-emails")

    last = mail.outbox[-1]
    assert (last.to, last.subject) == (["ann@x.org"], "1 proposal to review for DLonSC 2027")
    assert "Scaling ResNet" not in last.body


def test_the_task_running_twice_emails_once(event, world, django_capture_on_commit_callbacks):
    ids = list(ReviewAssignment.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        first = email_assignments.delay(event_id=event.pk, assignment_ids=ids).get()
    with django_capture_on_commit_callbacks(execute=True):
        second = email_assignments.delay(event_id=event.pk, assignment_ids=ids).get()

    assert (first, second) == (2, 0)
    assert len(mail.outbox) == 2


def test_a_track_chair_tells_only_their_tracks_and_never_a_conflicted_pair(
    client, event, hpc, world, django_capture_on_commit_callbacks
):
    ConflictFactory(submission=world["resnet"], user=world["ann"])  # found after assigning
    client.force_login(member(event, "chair@x.org", CommitteeRole.TRACK_CHAIR, [hpc]))

    with django_capture_on_commit_callbacks(execute=True):
        said = post(client, event, "assignment-emails")

    assert said == ["Emailing 2 reviewers about 2 new assignments."]
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "BERT on GPUs" in bodies["ann@x.org"]
    assert "Scaling ResNet" not in bodies["ann@x.org"]
    assert "Graph networks" not in bodies["bob@x.org"]
    assert ReviewAssignment.objects.get(submission=world["gnn"]).notified_at is None


def test_reminders_go_to_unfinished_reviews_once_a_day(
    client, event, world, django_capture_on_commit_callbacks
):
    ann, bob = world["ann"], world["bob"]
    for submission in (world["resnet"], world["bert"]):
        ReviewFactory(submission=submission, reviewer=ann, submitted_at=timezone.now())
    ReviewFactory(submission=world["bert"], reviewer=bob, submitted_at=None)  # a draft
    organizer = member(event, "org@x.org", CommitteeRole.ORGANIZER)
    client.force_login(organizer)
    assert reviewer_mail_summary(event, organizer)["to_remind"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        said = post(client, event, "review-reminders")
    with django_capture_on_commit_callbacks(execute=True):
        again = post(client, event, "review-reminders")

    assert said == ["Reminding 1 reviewer."]
    assert again == [
        "No reviewer to remind: every review is in, or its reviewer was reminded today."
    ]
    (reminder,) = mail.outbox
    assert (reminder.to, reminder.subject) == (
        ["bob@x.org"],
        "Reminder: 2 reviews to finish for DLonSC 2027",
    )
    assert "“BERT on GPUs”" in reminder.body
    assert "“Graph networks”" in reminder.body
    assert ReviewReminder.objects.get().sent_by == organizer
    assert reviewer_mail_summary(event, organizer) | {"new_assignments": 0} == {
        "new_assignments": 0,
        "new_reviewers": 2,
        "unfinished_reviewers": 1,
        "to_remind": 0,
        "reminded_today": 1,
        "automatic_reminders": "3 days",
    }


def test_a_reminder_task_running_twice_reminds_once(
    event, world, django_capture_on_commit_callbacks
):
    kwargs = {"event_id": event.pk, "reviewer_ids": [world["bob"].pk], "sent_by_id": None}

    with django_capture_on_commit_callbacks(execute=True):
        first = remind_reviewers.delay(**kwargs).get()
    with django_capture_on_commit_callbacks(execute=True):
        second = remind_reviewers.delay(**kwargs).get()

    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1


def test_the_assignments_page_offers_both(client, event, world):
    client.force_login(member(event, "org@x.org", CommitteeRole.ORGANIZER))

    html = client.get(reverse("reviews:manage-assignments", args=[event.slug])).content.decode()

    assert "2 reviewers have 4 assignments they were not emailed about." in html
    assert "Email 2 reviewers their assignments" in html
    assert "Remind 2 reviewers" in html


# Automatic reminders (the reminder engine, Celery beat)


def _automatic(now=None) -> int:
    return sum(dispatch_reminders(now=now).values())


@pytest.fixture
def soon(event):
    """Reviews due in two days; the event reminds three days ahead (the default)."""
    event.deadlines.all().delete()
    return DeadlineFactory(
        event=event, kind=DeadlineKind.REVIEWS_DUE, due=timezone.now() + timedelta(days=2)
    )


def test_reviewers_are_reminded_once_when_reviews_fall_due(
    event, world, soon, django_capture_on_commit_callbacks
):
    ReviewFactory(submission=world["resnet"], reviewer=world["ann"], submitted_at=timezone.now())
    ReviewFactory(submission=world["bert"], reviewer=world["ann"], submitted_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        first = _automatic()
    later = timezone.now() + timedelta(days=1)  # the next day, still in the window
    with django_capture_on_commit_callbacks(execute=True):
        second = _automatic(now=later)

    assert (first, second) == (1, 0)
    assert [m.to for m in mail.outbox] == [["bob@x.org"]]
    assert ReviewReminder.objects.get().sent_by is None


def test_no_automatic_reminder_before_the_window_or_when_turned_off(
    event, world, soon, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        early = _automatic(now=timezone.now() - timedelta(days=2))
    event_rules(event)
    ReminderRule.objects.filter(event=event, kind=DeadlineKind.REVIEWS_DUE).update(enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        off = _automatic()

    assert (early, off) == (0, 0)
    assert mail.outbox == []


def test_a_chairs_reminder_in_the_window_replaces_the_automatic_one(
    client, event, world, soon, django_capture_on_commit_callbacks
):
    client.force_login(member(event, "org@x.org", CommitteeRole.ORGANIZER))
    with django_capture_on_commit_callbacks(execute=True):
        post(client, event, "review-reminders")
    reminded_by_chair = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        automatic = _automatic(now=timezone.now() + timedelta(days=1))

    assert (reminded_by_chair, automatic) == (2, 0)


def test_the_review_settings_page_points_to_the_reminders_page(client, event):
    client.force_login(member(event, "org@x.org", CommitteeRole.ORGANIZER))
    url = reverse("reviews:review-settings", args=[event.slug])

    response = client.get(url)

    assert "reminder_days" not in response.context["form"].fields
    assert reverse("mails:reminders", args=[event.slug]) in response.content.decode()


def test_a_conflicted_assignment_due_soon_triggers_no_reminder(
    event, ml, world, soon, django_capture_on_commit_callbacks
):
    """Bob's HPC review falls due but he is found in conflict with it; his ML review is due
    much later: nothing is due for him yet."""
    DeadlineFactory(
        event=event, kind=DeadlineKind.REVIEWS_DUE, track=ml,
        due=timezone.now() + timedelta(days=20),
    )  # fmt: skip
    ConflictFactory(submission=world["bert"], user=world["bob"])
    for submission in (world["resnet"], world["bert"]):
        ReviewFactory(submission=submission, reviewer=world["ann"], submitted_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        sent = _automatic()

    assert sent == 0
    assert mail.outbox == []
