import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from mails.enums import EmailStatus
from mails.models import OutboundEmail
from reviews.access import review_settings
from reviews.enums import Decision, ReviewMode
from reviews.models import DecisionNotification, MetaReview, NotificationTemplate, ReviewScore
from reviews.services.decisions import decide
from reviews.services.notifications import request_decision_notifications
from reviews.services.responses import author_reviews_state
from reviews.tasks_notifications import notify_decisions
from submissions.enums import SubmissionState
from tests.factories.reviews import ReviewCriterionFactory, ReviewFactory, ReviewFormFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db

S = SubmissionState


@pytest.fixture
def event():
    return EventFactory(name="PyData Austin")


@pytest.fixture
def organizer(event):
    user = UserFactory()
    MembershipFactory(event=event, user=user, role=CommitteeRole.ORGANIZER)
    return user


def proposal(event, state=S.ACCEPTED, **fields):
    return SubmissionFactory(event=event, state=state, **fields)


def template_url(event, decision="accepted", **query):
    url = reverse(
        "reviews:notification-template", kwargs={"event": event.slug, "decision": decision}
    )
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def notify_url(event):
    return reverse("reviews:notify", kwargs={"event": event.slug})


def reviewed(event, *, mode=ReviewMode.DOUBLE_BLIND):
    """An accepted proposal with one submitted review (a criterion score, comments for the
    authors, a confidential comment) and one draft."""
    settings = review_settings(event)
    settings.mode = mode
    settings.save()
    submission = proposal(event, title="Fast Arrays")
    form = ReviewFormFactory(event=event, overall_max=5, overall_labels={"4": "Accept"})
    criterion = ReviewCriterionFactory(
        form=form, name="Relevance", max_value=5, labels={"4": "High"}
    )
    reviewer = UserFactory(name="Rita Reviewer")
    review = ReviewFactory(
        submission=submission,
        form=form,
        reviewer=reviewer,
        overall=4,
        confidence=3,
        comments_to_authors="Clear and useful.",
        confidential_comments="SECRET: borderline",
        submitted_at=timezone.now(),
    )
    ReviewScore.objects.create(review=review, criterion=criterion, value=4)
    ReviewFactory(submission=submission, form=form, comments_to_authors="DRAFT words")
    return submission


# Templates and placeholders


def test_default_template_is_shown_until_saved(client, event, organizer):
    client.force_login(organizer)

    response = client.get(template_url(event))

    form = response.context["form"]
    assert form.initial["subject"] == "Accepted at {event}: {title}"
    assert "{reviews}" in form.initial["body"]
    assert response.context["is_saved"] is False


def test_saving_a_template(client, event, organizer):
    client.force_login(organizer)

    response = client.post(
        template_url(event, "rejected"),
        {"action": "save", "subject": "About {title}", "body": "Dear {speakers},\nNo.\n"},
    )

    assert response.status_code == 302
    assert list(NotificationTemplate.objects.values_list("decision", "subject")) == [
        ("rejected", "About {title}")
    ]


def test_unknown_placeholders_are_field_errors(client, event, organizer):
    client.force_login(organizer)

    response = client.post(
        template_url(event),
        {"action": "save", "subject": "Hi {name}", "body": "{title} {reviews} {score} {title.x}"},
    )

    errors = response.context["form"].errors
    assert errors["subject"] == [
        "Unknown placeholder {name}. Use: {title}, {track}, {session_type}, {event}, {speakers}, "
        "{reviews}, {meta_review}, {proposal_url}."
    ]
    assert errors["body"][0].startswith("Unknown placeholders {score}, {title.x}. Use:")
    assert NotificationTemplate.objects.count() == 0


def test_unknown_decision_is_404(client, event, organizer):
    client.force_login(organizer)

    response = client.get(template_url(event, "confirmed"))

    assert response.status_code == 404


# Preview


@pytest.mark.parametrize("mode", [ReviewMode.DOUBLE_BLIND, ReviewMode.SINGLE_BLIND])
def test_preview_shows_authors_reviews_without_secrets_or_reviewer_names(
    client, event, organizer, mode
):
    submission = reviewed(event, mode=mode)
    client.force_login(organizer)

    response = client.get(template_url(event, proposal=submission.pk))

    preview = response.context["preview"]
    assert preview["subject"] == "Accepted at PyData Austin: Fast Arrays"
    assert (
        "Review 1\n- Overall: 4/5 (Accept)\n- Relevance: 4/5 (High)\n\nClear and useful."
        in preview["body"]
    )
    assert "SECRET" not in preview["body"]
    assert "DRAFT" not in preview["body"]
    assert "Rita Reviewer" not in preview["body"]
    assert b"SECRET" not in response.content


def test_preview_names_reviewers_in_open_mode(client, event, organizer):
    submission = reviewed(event, mode=ReviewMode.OPEN)
    client.force_login(organizer)

    response = client.get(template_url(event, proposal=submission.pk))

    assert "Review 1 — Rita Reviewer" in response.context["preview"]["body"]


def test_preview_of_unsaved_text_with_meta_review(client, event, organizer):
    submission = reviewed(event)
    settings = review_settings(event)
    settings.meta_review = True
    settings.save()
    MetaReview.objects.create(submission=submission, text="A strong paper.")
    client.force_login(organizer)

    response = client.post(
        template_url(event),
        {
            "action": "preview",
            "proposal": submission.pk,
            "subject": "{title} / {track}",
            "body": "{speakers}: {meta_review}",
        },
    )

    preview = response.context["preview"]
    assert preview["subject"] == f"Fast Arrays / {submission.track.name}"
    assert preview["body"] == f"{submission.created_by.public_name}: A strong paper.\n"
    assert NotificationTemplate.objects.count() == 0


# Sending exactly once


def test_send_emails_every_speaker_once(
    client, event, organizer, django_capture_on_commit_callbacks
):
    co_speaker = UserFactory()
    accepted = proposal(event, speakers=[co_speaker], title="Yes")
    rejected = proposal(event, state=S.REJECTED, title="No")
    proposal(event, state=S.UNDER_REVIEW)
    client.force_login(organizer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(notify_url(event))

    assert sorted((m.to[0], m.subject) for m in mail.outbox) == sorted(
        [
            (accepted.created_by.email, "Accepted at PyData Austin: Yes"),
            (co_speaker.email, "Accepted at PyData Austin: Yes"),
            (rejected.created_by.email, "Your proposal to PyData Austin: No"),
        ]
    )
    assert DecisionNotification.objects.filter(sent_by=organizer).count() == 3
    assert set(OutboundEmail.objects.values_list("status", "event_id")) == {
        (EmailStatus.SENT, event.pk)
    }


def test_pressing_send_twice_sends_once(
    client, event, organizer, django_capture_on_commit_callbacks
):
    proposal(event)
    client.force_login(organizer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(notify_url(event))
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(notify_url(event), follow=True)

    assert len(mail.outbox) == 1
    assert (
        "Every speaker of a decided proposal has been notified already." in second.content.decode()
    )


def test_the_task_running_twice_sends_once(event, organizer, django_capture_on_commit_callbacks):
    submission = proposal(event)
    kwargs = {"event_id": event.pk, "submission_ids": [submission.pk], "sent_by_id": organizer.pk}

    with django_capture_on_commit_callbacks(execute=True):
        first = notify_decisions.delay(**kwargs).get()
    with django_capture_on_commit_callbacks(execute=True):
        second = notify_decisions.delay(**kwargs).get()

    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1
    assert OutboundEmail.objects.count() == 1


def test_a_changed_decision_is_emailed_again(event, organizer, django_capture_on_commit_callbacks):
    submission = proposal(event, state=S.WAITLISTED)
    kwargs = {"event_id": event.pk, "submission_ids": [submission.pk], "sent_by_id": organizer.pk}
    with django_capture_on_commit_callbacks(execute=True):
        notify_decisions.delay(**kwargs)

    decide(submissions=[submission], decision="accepted", by=organizer)
    with django_capture_on_commit_callbacks(execute=True):
        notify_decisions.delay(**kwargs)

    assert [m.subject.split(" at ")[0] for m in mail.outbox] == ["Waitlisted", "Accepted"]


def test_chair_sends_only_for_their_tracks(client, event, django_capture_on_commit_callbacks):
    mine = proposal(event)
    proposal(event)
    chair = UserFactory()
    MembershipFactory(event=event, user=chair, role=CommitteeRole.TRACK_CHAIR, tracks=[mine.track])
    client.force_login(chair)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(notify_url(event))

    assert [m.to[0] for m in mail.outbox] == [mine.created_by.email]


def test_emailed_reviews_are_for_authors_only(event, organizer, django_capture_on_commit_callbacks):
    submission = reviewed(event)

    with django_capture_on_commit_callbacks(execute=True):
        notify_decisions.delay(event_id=event.pk, submission_ids=[submission.pk], sent_by_id=None)

    body = mail.outbox[0].body
    assert "Clear and useful." in body
    assert ("SECRET" in body, "Rita Reviewer" in body, "DRAFT" in body) == (False, False, False)


def test_decisions_page_shows_who_was_told(
    client, event, organizer, django_capture_on_commit_callbacks
):
    submission = proposal(event)
    with django_capture_on_commit_callbacks(execute=True):
        notify_decisions.delay(event_id=event.pk, submission_ids=[submission.pk], sent_by_id=None)
    client.force_login(organizer)

    response = client.get(reverse("reviews:decisions", kwargs={"event": event.slug}))

    assert [(n.recipient, n.email.status) for n in response.context["rows"][0].notified] == [
        (submission.created_by, EmailStatus.SENT)
    ]
    assert response.context["progress"]["sent"] == 1
    assert response.context["pending_speakers"] == 0


def test_a_changed_decision_is_told_again_and_the_author_sees_the_latest(
    django_capture_on_commit_callbacks,
):
    submission = SubmissionFactory(state=SubmissionState.UNDER_REVIEW)
    chair = MembershipFactory(event=submission.event, role=CommitteeRole.ORGANIZER).user
    for decision in (Decision.ACCEPT, Decision.REJECT, Decision.ACCEPT):
        decide(submissions=[submission], decision=decision, by=chair)
        with django_capture_on_commit_callbacks(execute=True):
            request_decision_notifications(event=submission.event, by=chair)

    with pytest.raises(ValidationError, match="notified already"):
        request_decision_notifications(event=submission.event, by=chair)
    assert len(mail.outbox) == 3
    assert [n.round for n in DecisionNotification.objects.order_by("round")] == [1, 2, 3]
    assert author_reviews_state(submission).decision == Decision.ACCEPT


def test_an_email_of_a_proposal_without_reviews_leaves_the_reviews_out(
    event, organizer, django_capture_on_commit_callbacks
):
    submission = proposal(event, title="Unread")
    waitlisted = proposal(event, state=S.WAITLISTED, title="Waiting")
    NotificationTemplate.objects.create(  # saved from a textarea: CRLF line ends
        event=event, decision="waitlisted", subject="{title}",
        body="Dear {speakers},\r\n\r\nWhat the reviewers said:\r\n\r\n{reviews}\r\n\r\nBye",
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        notify_decisions.delay(
            event_id=event.pk, submission_ids=[submission.pk, waitlisted.pk], sent_by_id=None
        )

    bodies = {m.subject: m.body for m in mail.outbox}
    accepted = bodies["Accepted at PyData Austin: Unread"]
    assert "No reviews" not in accepted
    assert "The reviews of your proposal" not in accepted
    assert "\n\n\n" not in accepted
    assert accepted.endswith(
        "we look forward to seeing you there.\n\nThe PyData Austin program committee\n"
    )
    name = waitlisted.created_by.public_name
    assert bodies["Waiting"].replace("\r", "") == f"Dear {name},\n\nBye\n"


def test_an_email_with_reviews_keeps_their_introduction(
    event, organizer, django_capture_on_commit_callbacks
):
    submission = reviewed(event)

    with django_capture_on_commit_callbacks(execute=True):
        notify_decisions.delay(event_id=event.pk, submission_ids=[submission.pk], sent_by_id=None)

    assert "The reviews of your proposal:\n\nReview 1\n- Overall: 4/5" in mail.outbox[0].body


@override_settings(SITE_URL="https://cfp.example.org/")
def test_the_acceptance_email_links_to_the_page_where_speakers_confirm(
    client, event, organizer, django_capture_on_commit_callbacks
):
    submission = proposal(event, title="Fast Arrays")
    path = reverse("submissions:detail", kwargs={"event": event.slug, "pk": submission.pk})

    with django_capture_on_commit_callbacks(execute=True):
        notify_decisions.delay(event_id=event.pk, submission_ids=[submission.pk], sent_by_id=None)
    client.force_login(submission.created_by)
    page = client.get(path).content.decode()

    body = mail.outbox[0].body
    assert (
        f'press "Confirm" (or "Decline" if you cannot come after all):\n\nhttps://cfp.example.org{path}\n'
        in body
    )
    assert 'name="action" value="confirm"' in page


def test_the_notify_task_retries_transient_database_errors():
    assert notify_decisions.autoretry_for == (OperationalError,)
    assert notify_decisions.max_retries == 5
