"""Speakers learn a decision from its email: until it is sent, no page of theirs shows it."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from reviews.enums import Decision
from reviews.models import DecisionNotification, ReviewSettings
from reviews.services.decisions import decide
from reviews.services.responses import author_reviews_state
from reviews.tasks_notifications import notify_decisions
from submissions.enums import SubmissionState
from submissions.models import StateChange, Submission
from submissions.services import next_step, set_submission_state, update_submission
from tests.factories.deliverables import DeliverableRequirementFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, MembershipFactory
from tracks.enums import CommitteeRole, DeadlineKind

pytestmark = pytest.mark.django_db

S = SubmissionState


@pytest.fixture
def event():
    return EventFactory(name="PyData Austin")


@pytest.fixture
def chair(event):
    return MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user


@pytest.fixture
def proposal(event):
    submission = SubmissionFactory(event=event, state=S.UNDER_REVIEW, title="Fast Arrays")
    DeliverableRequirementFactory(session_type=submission.session_type, title="Slides")
    return submission


def send(event, submission, capture):
    with capture(execute=True):
        notify_decisions.delay(event_id=event.pk, submission_ids=[submission.pk], sent_by_id=None)
    submission.refresh_from_db()


def page(client, submission, name="detail"):
    url = reverse(
        f"submissions:{name}", kwargs={"event": submission.event.slug, "pk": submission.pk}
    )
    return client.get(url)


def fresh(submission):
    return Submission.objects.get(pk=submission.pk)


# What the speakers know, state by state


def test_a_decision_waits_for_its_email(event, chair, proposal, django_capture_on_commit_callbacks):
    decide(submissions=[proposal], decision=Decision.ACCEPT, by=chair)
    untold = fresh(proposal)
    assert (untold.state, untold.speaker_state, untold.delivers) == (
        S.ACCEPTED,
        S.UNDER_REVIEW,
        False,
    )

    send(event, proposal, django_capture_on_commit_callbacks)

    assert (proposal.state, proposal.announced_state, proposal.speaker_state) == (
        S.ACCEPTED,
        "",
        S.ACCEPTED,
    )
    assert proposal.delivers


def test_a_changed_decision_keeps_the_told_one_until_emailed(
    event, chair, proposal, django_capture_on_commit_callbacks
):
    decide(submissions=[proposal], decision=Decision.ACCEPT, by=chair)
    send(event, proposal, django_capture_on_commit_callbacks)

    decide(submissions=[proposal], decision=Decision.WAITLIST, by=chair)
    decide(submissions=[proposal], decision=Decision.REJECT, by=chair)
    assert fresh(proposal).speaker_state == S.ACCEPTED

    decide(submissions=[proposal], decision=Decision.ACCEPT, by=chair)
    assert fresh(proposal).announced_state == ""  # back to what they were told


def test_states_the_speakers_cause_are_known_at_once(event, chair, proposal):
    decide(submissions=[proposal], decision=Decision.ACCEPT, by=chair)

    set_submission_state(submission=proposal, to=S.WITHDRAWN, by=proposal.created_by)

    assert (fresh(proposal).speaker_state, fresh(proposal).announced_state) == (S.WITHDRAWN, "")


# The speakers' pages before the email


def test_no_speaker_page_shows_an_untold_decision(client, event, chair, proposal):
    decide(submissions=[proposal], decision=Decision.ACCEPT, by=chair)
    client.force_login(proposal.created_by)

    detail = page(client, proposal)
    dashboard = client.get(reverse("submissions:dashboard"))
    deliverables = page(client, proposal, "deliverables")
    conflicts = client.get(
        reverse("reviews:author-conflicts", kwargs={"event": event.slug, "pk": proposal.pk})
    )

    for response in (detail, dashboard):
        html = response.content.decode()
        assert "Accepted" not in html
        assert "state-accepted" not in html
        assert "Under review" in html
        assert "The committee is reviewing it." in html
    assert not detail.context["can_confirm"]
    assert 'value="confirm"' not in detail.content.decode()
    assert [entry.label for entry in detail.context["history"]] == []  # the factory set the state
    assert detail.context["declares_conflicts"]
    assert conflicts.status_code == 200
    assert deliverables.status_code == 302


def test_the_preview_link_shows_what_the_speakers_know(client, event, chair, proposal):
    Submission.objects.filter(pk=proposal.pk).update(preview_token="t0ken")
    decide(submissions=[proposal], decision=Decision.REJECT, by=chair)

    html = client.get(reverse("submissions:preview", kwargs={"token": "t0ken"})).content.decode()

    assert "Under review" in html
    assert "Rejected" not in html


def test_confirming_an_untold_acceptance_is_refused_without_saying_why(
    client, event, chair, proposal
):
    decide(submissions=[proposal], decision=Decision.ACCEPT, by=chair)
    client.force_login(proposal.created_by)

    response = client.post(
        reverse("submissions:action", kwargs={"event": event.slug, "pk": proposal.pk}),
        {"action": "confirm"},
    )

    assert fresh(proposal).state == S.ACCEPTED
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Only a proposal you were told is accepted can be confirmed."
    ]


def test_the_committee_sees_the_decision_and_that_it_is_not_emailed(client, event, chair, proposal):
    decide(submissions=[proposal], decision=Decision.ACCEPT, by=chair)
    client.force_login(chair)

    html = page(client, proposal).content.decode()
    listing = client.get(reverse("submissions:manage-list", kwargs={"event": event.slug}))

    assert "Accepted" in html
    assert "not emailed yet" in html
    assert "not emailed yet" in listing.content.decode()
    assert [entry.label for entry in page(client, proposal).context["history"]] == ["Accepted"]


def test_organizers_deliverables_list_only_told_acceptances(client, event, chair, proposal):
    told = SubmissionFactory(event=event, state=S.ACCEPTED, session_type=proposal.session_type)
    decide(submissions=[proposal], decision=Decision.ACCEPT, by=chair)
    client.force_login(chair)

    response = client.get(reverse("submissions:manage-deliverables", kwargs={"event": event.slug}))

    rows = [submission for group in response.context["groups"] for submission, _ in group["rows"]]
    assert rows == [told]


def test_an_untold_rejection_leaves_withdrawing_as_it_was(client, event, chair, proposal):
    decide(submissions=[proposal], decision=Decision.REJECT, by=chair)
    client.force_login(proposal.created_by)

    assert page(client, proposal).context["can_withdraw"]
    response = client.post(
        reverse("submissions:action", kwargs={"event": event.slug, "pk": proposal.pk}),
        {"action": "withdraw"},
    )

    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Your proposal is withdrawn."]
    assert fresh(proposal).state == S.WITHDRAWN


def test_a_decision_during_the_call_changes_nothing_for_the_speakers(client, event, chair):
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES, due=timezone.now() + timedelta(5))
    submission = SubmissionFactory(event=event, state=S.SUBMITTED)
    decide(submissions=[submission], decision=Decision.WAITLIST, by=chair)
    submission = fresh(submission)
    client.force_login(submission.created_by)

    edit = page(client, submission, "edit")
    update_submission(
        submission=submission, data={"title": "Faster arrays"},
        based_on_version=submission.version, by=submission.created_by,
    )  # fmt: skip

    assert next_step(submission).startswith("Submitted. You can still edit it until ")
    assert edit.status_code == 200
    assert fresh(submission).title == "Faster arrays"
    assert fresh(submission).state == S.WAITLISTED


def test_the_response_round_stays_open_after_an_untold_decision(event, chair, proposal):
    ReviewSettings.objects.update_or_create(event=event, defaults={"author_response": True})
    now = timezone.now()
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, due=now - timedelta(days=1))
    DeadlineFactory(event=event, kind=DeadlineKind.RESPONSE_DUE, due=now + timedelta(days=5))

    decide(submissions=[proposal], decision=Decision.REJECT, by=chair)

    assert author_reviews_state(fresh(proposal)).can_respond


# After the email


def test_after_the_email_the_speakers_see_it_and_confirm(
    client, event, chair, proposal, django_capture_on_commit_callbacks
):
    decide(submissions=[proposal], decision=Decision.ACCEPT, by=chair)
    send(event, proposal, django_capture_on_commit_callbacks)
    client.force_login(proposal.created_by)

    detail = page(client, proposal)
    html = detail.content.decode()
    assert "Accepted" in html
    assert 'value="confirm"' in html
    assert "Please hand in the slides" in html
    assert [entry.label for entry in detail.context["history"]] == ["Accepted (emailed)"]
    assert page(client, proposal, "deliverables").status_code == 200

    client.post(
        reverse("submissions:action", kwargs={"event": event.slug, "pk": proposal.pk}),
        {"action": "confirm"},
    )
    assert fresh(proposal).state == S.CONFIRMED
    assert [entry.label for entry in page(client, proposal).context["history"]] == [
        "Accepted (emailed)",
        "Confirmed",
    ]


def test_a_revised_decision_is_announced_as_pending_not_shown(
    client, event, chair, proposal, django_capture_on_commit_callbacks
):
    decide(submissions=[proposal], decision=Decision.ACCEPT, by=chair)
    send(event, proposal, django_capture_on_commit_callbacks)
    decide(submissions=[proposal], decision=Decision.REJECT, by=chair)
    client.force_login(proposal.created_by)

    detail = page(client, proposal)
    html = detail.content.decode()

    assert "Rejected" not in html
    assert "Not accepted" not in html
    assert "The organizers are revising this decision" in html
    assert 'value="confirm"' not in html
    assert page(client, proposal, "deliverables").status_code == 302


# The migration that hides decisions already set


@pytest.mark.parametrize(
    ("state", "emailed", "history", "expected"),
    [
        (S.ACCEPTED, None, [S.SUBMITTED, S.UNDER_REVIEW, S.ACCEPTED], S.UNDER_REVIEW),
        (S.ACCEPTED, None, [], S.SUBMITTED),
        (S.REJECTED, Decision.ACCEPT, [S.ACCEPTED, S.REJECTED], S.ACCEPTED),
        (S.ACCEPTED, Decision.ACCEPT, [S.ACCEPTED], ""),
        (S.CONFIRMED, None, [S.ACCEPTED, S.CONFIRMED], ""),
    ],
)
def test_the_migration_announces_what_was_emailed(event, state, emailed, history, expected):
    submission = SubmissionFactory(event=event, state=state)
    previous = S.DRAFT
    for to in history:
        StateChange.objects.create(submission=submission, from_state=previous, to_state=to)
        previous = to
    if emailed:
        DecisionNotification.objects.create(
            submission=submission, decision=emailed, recipient=submission.created_by
        )
    migration = importlib.import_module("reviews.migrations.0006_announced_states")

    migration.announce_what_was_emailed(apps, None)

    assert fresh(submission).announced_state == expected
