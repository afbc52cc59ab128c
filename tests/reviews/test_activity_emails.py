"""Comments and author responses are emailed once to the committee members who may read them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reviews.enums import ReviewMode
from reviews.models import AuthorResponse, ReviewerProfile, ReviewSettings
from reviews.services.activity import email_unsent_activity
from reviews.services.discussion import post_comment
from reviews.services.responses import save_author_response
from reviews.tasks_notifications import email_comment
from submissions.enums import SubmissionState
from tests.factories.reviews import ConflictFactory, ReviewAssignmentFactory, ReviewFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole, DeadlineKind

pytestmark = pytest.mark.django_db

SECRET = "The method section is copied from last year's paper."


@pytest.fixture
def event():
    event = EventFactory(name="DLonSC 2027")
    ReviewSettings.objects.update_or_create(
        event=event,
        defaults={
            "mode": ReviewMode.DOUBLE_BLIND,
            "others_after_own": True,
            "author_response": True,
        },
    )
    return event


@pytest.fixture
def track(event):
    return TrackFactory(event=event, name="Papers")


@pytest.fixture
def submission(event, track):
    return SubmissionFactory(
        event=event, track=track, state=SubmissionState.UNDER_REVIEW, title="Scaling ResNet"
    )


def member(event, email, role=CommitteeRole.REVIEWER, tracks=()):
    user = UserFactory(email=email, name=email.split("@")[0].title())
    MembershipFactory(event=event, user=user, role=role, tracks=list(tracks))
    return user


def reviewer(event, submission, email, *, reviewed=True):
    user = member(event, email)
    ReviewAssignmentFactory(submission=submission, reviewer=user)
    if reviewed:
        ReviewFactory(submission=submission, reviewer=user, submitted_at=timezone.now())
    return user


@pytest.fixture
def committee(event, track, submission):
    """Who is around the proposal: a chair, two reviewers who reviewed, one who has not, a
    chair of another track, a conflicted organizer and an organizer who opted out."""
    people = {
        "chair": member(event, "chair@x.org", CommitteeRole.TRACK_CHAIR, [track]),
        "ann": reviewer(event, submission, "ann@x.org"),
        "bob": reviewer(event, submission, "bob@x.org"),
        "late": reviewer(event, submission, "late@x.org", reviewed=False),
        "other": member(
            event, "other@x.org", CommitteeRole.TRACK_CHAIR, [TrackFactory(event=event)]
        ),
        "conflicted": member(event, "conflicted@x.org", CommitteeRole.ORGANIZER),
        "quiet": member(event, "quiet@x.org", CommitteeRole.ORGANIZER),
    }
    ConflictFactory(submission=submission, user=people["conflicted"])
    ReviewerProfile.objects.create(event=event, user=people["quiet"], activity_emails=False)
    return people


def test_a_comment_is_emailed_to_those_who_may_read_it(
    submission, committee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(submission=submission, author=committee["ann"], text=SECRET)

    assert sorted(m.to[0] for m in mail.outbox) == ["bob@x.org", "chair@x.org"]
    message = mail.outbox[0]
    assert message.subject == "New comment on “Scaling ResNet” · DLonSC 2027"
    assert SECRET not in message.body
    assert "Ann" not in message.body  # who commented stays on the page, where aliases apply
    url = reverse("reviews:proposal-reviews", args=[submission.event.slug, submission.pk])
    assert f"{url}#discussion" in message.body


def test_a_comment_is_emailed_once_however_often_the_task_runs(
    submission, committee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(submission=submission, author=committee["chair"], text="Thoughts?")
        email_comment.delay(comment_id=comment.pk)
    email_comment.delay(comment_id=comment.pk)

    assert sorted(m.to[0] for m in mail.outbox) == ["ann@x.org", "bob@x.org"]
    comment.refresh_from_db()
    assert comment.emailed_at is not None


def test_the_first_author_response_is_emailed_and_edits_are_not(
    event, submission, committee, django_capture_on_commit_callbacks
):
    now = timezone.now()
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, due=now - timedelta(days=1))
    DeadlineFactory(event=event, kind=DeadlineKind.RESPONSE_DUE, due=now + timedelta(days=3))
    author = submission.created_by

    with django_capture_on_commit_callbacks(execute=True):
        save_author_response(submission=submission, by=author, text="We fixed the baseline.")
    with django_capture_on_commit_callbacks(execute=True):
        save_author_response(submission=submission, by=author, text="We fixed both baselines.")

    assert sorted(m.to[0] for m in mail.outbox) == ["ann@x.org", "bob@x.org", "chair@x.org"]
    assert {m.subject for m in mail.outbox} == {
        "The authors of “Scaling ResNet” responded to the reviews · DLonSC 2027"
    }
    assert "baseline" not in mail.outbox[0].body
    assert AuthorResponse.objects.get().emailed_at is not None


def test_reviewers_read_comments_once_the_event_lets_them(
    event, submission, committee, django_capture_on_commit_callbacks
):
    ReviewSettings.objects.filter(event=event).update(others_after_own=False)

    with django_capture_on_commit_callbacks(execute=True):
        post_comment(submission=submission, author=committee["chair"], text="Thoughts?")

    assert sorted(m.to[0] for m in mail.outbox) == ["ann@x.org", "bob@x.org", "late@x.org"]


def test_members_opt_out_on_their_profile(client, event, committee):
    client.force_login(committee["ann"])

    client.post(
        reverse("reviews:profile", args=[event.slug]),
        {"keywords": "GPU", "expertise": "", "affiliation": "", "other_affiliations": ""},
    )

    assert not ReviewerProfile.objects.get(user=committee["ann"]).activity_emails


def test_a_comment_whose_email_task_was_lost_is_emailed_by_the_sweep(
    submission, committee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the broker was down
        comment = post_comment(submission=submission, author=committee["ann"], text="Hm.")
    soon = comment.created_at + timedelta(minutes=5)
    later = comment.created_at + timedelta(minutes=11)

    with django_capture_on_commit_callbacks(execute=True):
        too_soon = email_unsent_activity(now=soon)
    with django_capture_on_commit_callbacks(execute=True):
        swept = email_unsent_activity(now=later)
    with django_capture_on_commit_callbacks(execute=True):
        again = email_unsent_activity(now=later)

    assert (too_soon, swept, again) == (0, 2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@x.org", "chair@x.org"]


def test_the_sweep_leaves_old_activity_alone(submission, committee):
    comment = post_comment(submission=submission, author=committee["ann"], text="Long ago.")

    swept = email_unsent_activity(now=comment.created_at + timedelta(days=3))

    assert swept == 0
    assert mail.outbox == []
