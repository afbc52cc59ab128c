from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews.enums import ConflictSource, ReviewMode
from reviews.models import Review, ReviewScore, ReviewSettings
from reviews.services.reviewing import review_deadline, save_review
from submissions.enums import SubmissionState
from tests.factories.reviews import (
    ConflictFactory,
    ReviewAssignmentFactory,
    ReviewCriterionFactory,
    ReviewFormFactory,
)
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import (
    DeadlineFactory,
    EventFactory,
    MembershipFactory,
    TrackFactory,
)
from tests.factories.users import UserFactory
from tracks.enums import AOE, CommitteeRole, DeadlineKind
from tracks.timezones import end_of_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def track(event):
    return TrackFactory(event=event, name="HPC")


@pytest.fixture
def reviewer(event, track):
    user = UserFactory(name="Rita Reviewer")
    MembershipFactory(event=event, user=user, role=CommitteeRole.REVIEWER, tracks=[track])
    return user


@pytest.fixture
def submission(event, track):
    return SubmissionFactory(
        event=event, track=track, state=SubmissionState.SUBMITTED, title="Sparse solvers"
    )


@pytest.fixture
def review_form(event):
    return ReviewFormFactory(
        event=event, overall_min=1, overall_max=5, confidence_max=3, overall_labels={"5": "Accept"}
    )


@pytest.fixture
def relevance(review_form):
    return ReviewCriterionFactory(
        form=review_form, name="Relevance", min_value=1, max_value=4, labels={"4": "Central"}
    )


@pytest.fixture
def optional(review_form):
    return ReviewCriterionFactory(
        form=review_form, name="Novelty", min_value=0, max_value=2, required=False, position=1
    )


@pytest.fixture
def assigned(submission, reviewer):
    return ReviewAssignmentFactory(submission=submission, reviewer=reviewer)


def review_url(submission):
    return reverse("reviews:review", kwargs={"event": submission.event.slug, "pk": submission.pk})


def home_url(event):
    return reverse("reviews:home", kwargs={"event": event.slug})


def complete(relevance, **extra):
    return {
        "overall": 4,
        "confidence": 2,
        "comments_to_authors": "Solid **work**.",
        "confidential_comments": "Borderline novelty.",
        "scores": {relevance.pk: 3},
        **extra,
    }


# Service


def test_save_review_draft_accepts_partial_answers(submission, reviewer, assigned, relevance):
    review = save_review(
        submission=submission, reviewer=reviewer, data={"overall": 2}, submit=False
    )

    assert (review.overall, review.confidence, review.submitted_at) == (2, None, None)
    assert review.form == relevance.form
    assert review.scores.count() == 0


def test_save_review_submit_requires_required_answers(submission, reviewer, assigned, relevance):
    with pytest.raises(ValidationError) as raised:
        save_review(submission=submission, reviewer=reviewer, data={"overall": 2}, submit=True)

    assert set(raised.value.message_dict) == {"confidence", f"criterion_{relevance.pk}"}
    assert Review.objects.count() == 0


def test_save_review_submit_skips_optional_criteria(
    submission, reviewer, assigned, relevance, optional
):
    review = save_review(
        submission=submission, reviewer=reviewer, data=complete(relevance), submit=True
    )

    assert review.is_submitted
    assert not review.is_late
    assert dict(review.scores.values_list("criterion__name", "value")) == {"Relevance": 3}


@pytest.mark.parametrize(
    ("field", "value"), [("overall", 6), ("overall", 0), ("confidence", 4), ("relevance", 5)]
)
def test_save_review_refuses_values_outside_scales(
    submission, reviewer, assigned, relevance, field, value
):
    data = complete(relevance)
    if field == "relevance":
        data["scores"] = {relevance.pk: value}
        field = f"criterion_{relevance.pk}"
    else:
        data[field] = value

    with pytest.raises(ValidationError) as raised:
        save_review(submission=submission, reviewer=reviewer, data=data, submit=False)

    assert list(raised.value.message_dict) == [field]
    assert Review.objects.count() == 0


def test_save_review_refuses_criteria_of_other_forms(submission, reviewer, assigned, relevance):
    foreign = ReviewCriterionFactory()

    with pytest.raises(ValidationError, match="not on this review form"):
        save_review(
            submission=submission,
            reviewer=reviewer,
            data={"scores": {foreign.pk: 1}},
            submit=False,
        )


def test_save_review_is_idempotent(submission, reviewer, assigned, relevance):
    data = complete(relevance)

    first = save_review(submission=submission, reviewer=reviewer, data=data, submit=True)
    second = save_review(submission=submission, reviewer=reviewer, data=data, submit=True)

    assert first.pk == second.pk
    assert second.submitted_at == first.submitted_at
    assert second.revised_at is None  # saving the same answers is no revision
    assert (Review.objects.count(), ReviewScore.objects.count()) == (1, 1)


def test_save_review_edit_after_submit_keeps_submitted_at(
    submission, reviewer, assigned, relevance, optional
):
    first = save_review(
        submission=submission, reviewer=reviewer, data=complete(relevance), submit=True
    )
    data = complete(relevance, overall=5, scores={relevance.pk: 4, optional.pk: 0})

    edited = save_review(submission=submission, reviewer=reviewer, data=data, submit=False)

    assert edited.submitted_at == first.submitted_at
    assert edited.updated_at > first.updated_at
    assert (edited.revised_at is not None, first.revised_at) == (True, None)
    assert edited.overall == 5
    assert dict(edited.scores.values_list("criterion_id", "value")) == {
        relevance.pk: 4,
        optional.pk: 0,
    }


def test_save_review_after_submit_still_needs_required_answers(
    submission, reviewer, assigned, relevance
):
    save_review(submission=submission, reviewer=reviewer, data=complete(relevance), submit=True)

    with pytest.raises(ValidationError):
        save_review(submission=submission, reviewer=reviewer, data={"overall": 3}, submit=False)

    assert Review.objects.get().overall == 4


def test_save_review_clears_removed_answers(submission, reviewer, assigned, relevance):
    save_review(submission=submission, reviewer=reviewer, data=complete(relevance), submit=False)

    review = save_review(
        submission=submission, reviewer=reviewer, data={"overall": 1}, submit=False
    )

    assert (review.confidence, review.comments_to_authors, review.scores.count()) == (None, "", 0)


def test_save_review_refuses_unassigned_reviewer(submission, reviewer, relevance):
    with pytest.raises(ValidationError, match="not assigned"):
        save_review(submission=submission, reviewer=reviewer, data=complete(relevance), submit=True)

    assert Review.objects.count() == 0


def test_save_review_refuses_conflicted_reviewer(submission, reviewer, assigned, relevance):
    ConflictFactory(submission=submission, user=reviewer, source=ConflictSource.AUTHOR)

    with pytest.raises(ValidationError, match="not assigned"):
        save_review(submission=submission, reviewer=reviewer, data=complete(relevance), submit=True)


@pytest.mark.parametrize(
    "state", [SubmissionState.ACCEPTED, SubmissionState.REJECTED, SubmissionState.WITHDRAWN]
)
def test_save_review_refuses_decided_proposals(submission, reviewer, assigned, relevance, state):
    submission.state = state
    submission.save()

    with pytest.raises(ValidationError, match="decided"):
        save_review(submission=submission, reviewer=reviewer, data=complete(relevance), submit=True)


# Late reviews at the deadline boundary (an AoE deadline)


@pytest.fixture
def aoe_deadline(event):
    due = end_of_day(timezone.now().date() + timedelta(days=1), AOE)
    return DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, due=due, time_zone=AOE)


@pytest.mark.parametrize(
    ("offset", "late"),
    [(timedelta(seconds=-1), False), (timedelta(0), True), (timedelta(seconds=1), True)],
)
def test_save_review_marks_late_from_the_deadline_on(
    submission, reviewer, assigned, relevance, aoe_deadline, offset, late
):
    review = save_review(
        submission=submission,
        reviewer=reviewer,
        data=complete(relevance),
        submit=True,
        now=aoe_deadline.due + offset,
    )

    assert review.is_late == late
    assert review.submitted_at == aoe_deadline.due + offset


def test_aoe_deadline_is_twelve_hours_behind_utc(aoe_deadline):
    assert aoe_deadline.due.utcoffset() == timedelta(hours=-12)


def test_the_review_page_shows_the_deadline_in_its_own_zone(
    client, submission, reviewer, assigned, aoe_deadline
):
    client.force_login(reviewer)

    html = client.get(review_url(submission)).content.decode()

    day = aoe_deadline.local_due
    assert f"{day:%a, %b} {day.day}, {day.year}, 23:59</time>&nbsp;AoE" in html


def test_review_deadline_prefers_the_track_deadline(event, track, submission):
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE)
    own = DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, track=track)
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, track=TrackFactory(event=event))

    assert review_deadline(submission) == own


def test_draft_saved_after_deadline_is_not_late(
    submission, reviewer, assigned, relevance, aoe_deadline
):
    review = save_review(
        submission=submission,
        reviewer=reviewer,
        data={"overall": 1},
        submit=False,
        now=aoe_deadline.due + timedelta(days=1),
    )

    assert (review.is_submitted, review.is_late) == (False, False)


# Page permissions


def test_review_page_sends_anonymous_to_sign_in(client, submission):
    response = client.get(review_url(submission))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def _author(submission):
    return submission.created_by


def _unassigned(submission):
    user = UserFactory()
    MembershipFactory(event=submission.event, user=user, role=CommitteeRole.REVIEWER)
    return user


def _conflicted(submission):
    user = _unassigned(submission)
    ReviewAssignmentFactory(submission=submission, reviewer=user)
    ConflictFactory(submission=submission, user=user, source=ConflictSource.AUTHOR)
    return user


def _other_chair(submission):
    user = UserFactory()
    other = TrackFactory(event=submission.event)
    MembershipFactory(
        event=submission.event, user=user, role=CommitteeRole.TRACK_CHAIR, tracks=[other]
    )
    return user


def _other_organizer(submission):
    return MembershipFactory(role=CommitteeRole.ORGANIZER).user


def _event_organizer(submission):
    return MembershipFactory(event=submission.event, role=CommitteeRole.ORGANIZER).user


@pytest.mark.parametrize(
    "who", [_author, _unassigned, _conflicted, _other_chair, _other_organizer, _event_organizer]
)
def test_review_page_is_404_for_anyone_but_assigned_reviewers(client, submission, relevance, who):
    user = who(submission)
    client.force_login(user)

    get = client.get(review_url(submission))
    post = client.post(review_url(submission), {"action": "submit", "overall": "3"})

    assert (get.status_code, post.status_code) == (404, 404)
    assert Review.objects.count() == 0


# Page


def test_review_page_shows_proposal_and_form(client, submission, reviewer, assigned, relevance):
    client.force_login(reviewer)

    response = client.get(review_url(submission))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Sparse solvers" in content
    assert "4 · Central" in content
    assert "5 · Accept" in content
    assert list(response.context["form"].fields) == [
        f"criterion_{relevance.pk}",
        "overall",
        "confidence",
        "comments_to_authors",
        "confidential_comments",
    ]


def test_review_page_hides_authors_in_double_blind(
    client, event, submission, reviewer, assigned, relevance
):
    ReviewSettings.objects.create(event=event, mode=ReviewMode.DOUBLE_BLIND)
    author = submission.created_by
    client.force_login(reviewer)

    content = client.get(review_url(submission)).content.decode()

    assert author.name not in content
    assert author.email not in content
    assert "authors are hidden" in content


def test_review_page_draft_saves_partial_answers(client, submission, reviewer, assigned, relevance):
    client.force_login(reviewer)

    response = client.post(
        review_url(submission), {"action": "draft", "overall": "2", "comments_to_authors": "Hm."}
    )

    review = Review.objects.get()
    assert response.status_code == 302
    assert (review.overall, review.comments_to_authors, review.is_submitted) == (2, "Hm.", False)
    page = client.get(review_url(submission))
    assert page.context["form"].initial["overall"] == 2
    assert "Draft, saved" in page.content.decode()


def test_review_page_submit_with_missing_answers_shows_errors_and_keeps_input(
    client, submission, reviewer, assigned, relevance
):
    client.force_login(reviewer)

    response = client.post(
        review_url(submission), {"action": "submit", "overall": "2", "comments_to_authors": "Hm."}
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors[f"criterion_{relevance.pk}"] == ["Answer this before submitting."]
    assert form.errors["confidence"] == ["Answer this before submitting."]
    assert form["comments_to_authors"].value() == "Hm."
    assert Review.objects.count() == 0


def test_review_page_rejects_a_value_not_on_the_scale(
    client, submission, reviewer, assigned, relevance
):
    client.force_login(reviewer)

    response = client.post(review_url(submission), {"action": "draft", "overall": "9"})

    assert response.status_code == 200
    assert "overall" in response.context["form"].errors
    assert Review.objects.count() == 0


def test_review_page_submits(client, submission, reviewer, assigned, relevance):
    client.force_login(reviewer)

    client.post(
        review_url(submission),
        {"action": "submit", f"criterion_{relevance.pk}": "4", "overall": "5", "confidence": "3"},
    )

    review = Review.objects.get()
    assert review.is_submitted
    assert dict(review.scores.values_list("criterion_id", "value")) == {relevance.pk: 4}


def test_review_page_warns_after_the_deadline(
    client, event, submission, reviewer, assigned, relevance
):
    DeadlineFactory(
        event=event, kind=DeadlineKind.REVIEWS_DUE, due=timezone.now() - timedelta(hours=1)
    )
    client.force_login(reviewer)

    content = client.get(review_url(submission)).content.decode()
    client.post(
        review_url(submission),
        {"action": "submit", f"criterion_{relevance.pk}": "4", "overall": "5", "confidence": "3"},
    )

    assert "will be marked late" in content
    assert Review.objects.get().is_late


def test_review_page_is_read_only_once_decided(client, submission, reviewer, assigned, relevance):
    save_review(submission=submission, reviewer=reviewer, data=complete(relevance), submit=True)
    submission.state = SubmissionState.ACCEPTED
    submission.save()
    client.force_login(reviewer)

    page = client.get(review_url(submission))
    client.post(review_url(submission), {"action": "submit", "overall": "1", "confidence": "1"})

    assert "read-only" in page.content.decode()
    assert page.context["form"].fields["overall"].disabled
    assert Review.objects.get().overall == 4


# Reviewer home


def test_home_lists_review_status(client, event, track, reviewer, relevance):
    proposals = [
        SubmissionFactory(event=event, track=track, state=SubmissionState.SUBMITTED, title=t)
        for t in ("A not started", "B draft", "C submitted")
    ]
    for proposal in proposals:
        ReviewAssignmentFactory(submission=proposal, reviewer=reviewer)
    save_review(submission=proposals[1], reviewer=reviewer, data={"overall": 1}, submit=False)
    save_review(submission=proposals[2], reviewer=reviewer, data=complete(relevance), submit=True)
    client.force_login(reviewer)

    response = client.get(home_url(event))

    statuses = {a.submission.title: a.status for a in response.context["assignments"]}
    assert statuses == {
        "A not started": "not_started",
        "B draft": "draft",
        "C submitted": "submitted",
    }
    assert review_url(proposals[0]) in response.content.decode()


def test_home_marks_unsubmitted_reviews_late_after_the_deadline(
    client, event, track, reviewer, submission, assigned
):
    DeadlineFactory(
        event=event, kind=DeadlineKind.REVIEWS_DUE, due=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(reviewer)

    response = client.get(home_url(event))

    assert [a.status for a in response.context["assignments"]] == ["late"]


def test_home_uses_the_most_specific_review_deadline(
    client, event, track, reviewer, submission, assigned
):
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE)
    DeadlineFactory(
        event=event,
        kind=DeadlineKind.REVIEWS_DUE,
        track=track,
        due=timezone.now() - timedelta(minutes=1),
    )
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE, track=TrackFactory(event=event))
    client.force_login(reviewer)

    response = client.get(home_url(event))

    [assignment] = response.context["assignments"]
    assert assignment.status == "late"
    assert assignment.review_due == review_deadline(submission).due


def _assign_many(event, track, reviewer, relevance, count):
    for n in range(count):
        proposal = SubmissionFactory(event=event, track=track, state=SubmissionState.SUBMITTED)
        ReviewAssignmentFactory(submission=proposal, reviewer=reviewer)
        if n % 2:
            save_review(submission=proposal, reviewer=reviewer, data={"overall": 1}, submit=False)


def test_home_query_count_is_constant(client, event, track, reviewer, relevance):
    DeadlineFactory(event=event, kind=DeadlineKind.REVIEWS_DUE)
    client.force_login(reviewer)
    counts = []
    for count in (1, 12):
        _assign_many(event, track, reviewer, relevance, count)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(home_url(event))
        counts.append(len(queries))

    assert len(response.context["assignments"]) == 13
    assert counts[0] == counts[1]
    assert counts[1] <= 16
