from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from reviews.enums import Decision, ReviewMode
from reviews.models import (
    AuthorResponse,
    DecisionNotification,
    MetaReview,
    ReviewScore,
    ReviewSettings,
)
from reviews.selectors import review_form_for
from reviews.services.responses import (
    Window,
    author_reviews_state,
    save_author_response,
    save_meta_review,
)
from submissions.enums import SubmissionState
from tests.factories.reviews import (
    ConflictFactory,
    ReviewAssignmentFactory,
    ReviewCriterionFactory,
    ReviewFactory,
    ReviewFormFactory,
)
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import DeadlineFactory, EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole, DeadlineKind

pytestmark = pytest.mark.django_db

SECRET = "Confidential-only-for-the-committee"


@pytest.fixture
def event():
    return EventFactory()


def configure(event, **fields):
    fields.setdefault("author_response", True)
    ReviewSettings.objects.update_or_create(event=event, defaults=fields)


def deadline(event, kind, days):
    return DeadlineFactory(event=event, kind=kind, due=timezone.now() + timedelta(days=days))


def proposal(event, **fields):
    fields.setdefault("state", SubmissionState.UNDER_REVIEW)
    return SubmissionFactory(event=event, **fields)


def member(event, role=CommitteeRole.REVIEWER, tracks=(), **fields):
    user = UserFactory(**fields)
    MembershipFactory(event=event, user=user, role=role, tracks=list(tracks))
    return user


def submitted_review(submission, reviewer=None, form=None, **fields):
    fields.setdefault("overall", 4)
    fields.setdefault("confidence", 3)
    fields.setdefault("comments_to_authors", "Clear *motivation*.")
    fields.setdefault("confidential_comments", SECRET)
    return ReviewFactory(
        submission=submission,
        reviewer=reviewer or UserFactory(name="Ada Reviewerson", affiliation="Blindtown Lab"),
        form=form or review_form_for(submission),
        submitted_at=timezone.now(),
        **fields,
    )


def notify(submission, decision=Decision.ACCEPT):
    return DecisionNotification.objects.create(
        submission=submission, decision=decision, recipient=submission.created_by
    )


def reviews_url(submission):
    return reverse(
        "reviews:author-reviews", kwargs={"event": submission.event.slug, "pk": submission.pk}
    )


def meta_url(submission):
    return reverse(
        "reviews:meta-review", kwargs={"event": submission.event.slug, "pk": submission.pk}
    )


@pytest.fixture
def open_round(event):
    configure(event, response_word_limit=5)
    deadline(event, DeadlineKind.REVIEWS_DUE, -1)
    deadline(event, DeadlineKind.RESPONSE_DUE, 3)
    return event


# Who may read the reviews meant for authors


def test_anonymous_visitor_is_sent_to_sign_in(client, open_round):
    submission = proposal(open_round)

    response = client.get(reviews_url(submission))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["other_author", "reviewer", "organizer"])
def test_people_other_than_the_speakers_get_404(client, open_round, role):
    submission = proposal(open_round)
    submitted_review(submission)
    users = {
        "other_author": proposal(open_round).created_by,
        "reviewer": ReviewAssignmentFactory(
            submission=submission, reviewer=member(open_round)
        ).reviewer,
        "organizer": member(open_round, role=CommitteeRole.ORGANIZER),
    }
    client.force_login(users[role])

    response = client.get(reviews_url(submission))

    assert response.status_code == 404


def test_co_speaker_reads_the_reviews(client, open_round):
    co_speaker = UserFactory()
    submission = proposal(open_round, speakers=[co_speaker])
    submitted_review(submission)
    client.force_login(co_speaker)

    response = client.get(reviews_url(submission))

    assert response.status_code == 200
    assert [review.heading for review in response.context["reviews"]] == ["Reviewer 1"]


# Visibility windows


def test_round_open_shows_submitted_reviews_only(client, open_round):
    submission = proposal(open_round)
    submitted_review(submission, comments_to_authors="First in.")
    ReviewFactory(
        submission=submission,
        form=review_form_for(submission),
        comments_to_authors="Still a draft.",
    )
    client.force_login(submission.created_by)

    response = client.get(reviews_url(submission))

    assert response.context["state"].window == Window.OPEN
    assert "First in." in response.content.decode()
    assert "Still a draft." not in response.content.decode()
    assert "form" in response.context


@pytest.mark.parametrize(
    ("setup", "window", "text"),
    [
        ("no_round", Window.NO_ROUND, "You will read the reviews meant for you with the decision."),
        ("before", Window.BEFORE, "The author response round opens when reviews are due"),
        ("after", Window.CLOSED, "The author response period ended"),
        ("no_deadline", Window.NO_DEADLINE, "the organizers have not set a response deadline"),
    ],
)
def test_outside_the_round_reviews_are_not_available(client, event, setup, window, text):
    configure(event, author_response=setup != "no_round")
    if setup == "before":
        deadline(event, DeadlineKind.REVIEWS_DUE, 2)
    if setup in ("before", "after", "no_round"):
        deadline(event, DeadlineKind.RESPONSE_DUE, -1 if setup == "after" else 5)
    submission = proposal(event)
    submitted_review(submission, comments_to_authors="Hidden until later.")
    client.force_login(submission.created_by)

    response = client.get(reviews_url(submission))

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["state"].window == window
    assert "Reviews are not available yet." in page
    assert text in page
    assert "Hidden until later." not in page
    assert "form" not in response.context


def test_track_specific_response_deadline_wins(event):
    configure(event)
    track = TrackFactory(event=event)
    deadline(event, DeadlineKind.RESPONSE_DUE, 3)
    DeadlineFactory(
        event=event,
        kind=DeadlineKind.RESPONSE_DUE,
        track=track,
        due=timezone.now() - timedelta(hours=1),
    )

    in_track = author_reviews_state(proposal(event, track=track))
    elsewhere = author_reviews_state(proposal(event))

    assert (in_track.window, elsewhere.window) == (Window.CLOSED, Window.OPEN)


def test_decided_but_not_notified_keeps_reviews_hidden(client, open_round):
    submission = proposal(open_round, state=SubmissionState.ACCEPTED)
    submitted_review(submission, comments_to_authors="Not yet for you.")
    client.force_login(submission.created_by)

    response = client.get(reviews_url(submission))

    assert response.context["state"].window == Window.CLOSED
    assert "Not yet for you." not in response.content.decode()
    assert "Decision and reviews" not in response.content.decode()


def test_after_notification_decision_meta_review_and_reviews_show(client, event):
    configure(event, author_response=False, meta_review=True)
    submission = proposal(event, state=SubmissionState.WAITLISTED)
    submitted_review(submission, comments_to_authors="Solid but crowded track.")
    MetaReview.objects.create(
        submission=submission, text="The committee liked **it**.", recommendation=Decision.WAITLIST
    )
    notify(submission, Decision.WAITLIST)
    client.force_login(submission.created_by)

    response = client.get(reviews_url(submission))

    page = response.content.decode()
    assert response.context["state"].window == Window.NOTIFIED
    assert response.context["state"].decision_label == "Waitlisted"
    assert "Decision and reviews" in page
    assert "The committee liked <strong>it</strong>." in page
    assert "Solid but crowded track." in page
    assert "form" not in response.context


def test_meta_review_not_shown_to_authors_when_event_turned_it_off(client, event):
    configure(event, author_response=False, meta_review=False)
    submission = proposal(event, state=SubmissionState.REJECTED)
    MetaReview.objects.create(submission=submission, text="Old summary.", recommendation="")
    notify(submission, Decision.REJECT)
    client.force_login(submission.created_by)

    response = client.get(reviews_url(submission))

    assert response.context["meta_review"] is None
    assert "Old summary." not in response.content.decode()


# What authors never see


@pytest.mark.parametrize("mode", [ReviewMode.SINGLE_BLIND, ReviewMode.DOUBLE_BLIND])
def test_blind_modes_hide_reviewer_confidence_and_confidential_comments(client, event, mode):
    configure(event, mode=mode)
    deadline(event, DeadlineKind.RESPONSE_DUE, 3)
    submission = proposal(event)
    reviewer = UserFactory(name="Ada Reviewerson", email="ada@reviewers.example")
    submitted_review(submission, reviewer=reviewer, confidence=4)
    client.force_login(submission.created_by)

    page = client.get(reviews_url(submission)).content.decode()

    assert "Reviewer 1" in page
    for leak in ("Ada Reviewerson", "ada@reviewers.example", reviewer.affiliation, SECRET):
        assert leak not in page
    assert "onfidence" not in page


def test_after_notification_blind_mode_still_hides_what_is_confidential(client, event):
    configure(event, mode=ReviewMode.DOUBLE_BLIND, meta_review=True)
    submission = proposal(event, state=SubmissionState.ACCEPTED)
    submitted_review(submission)
    notify(submission)
    client.force_login(submission.created_by)

    page = client.get(reviews_url(submission)).content.decode()

    assert "Reviewer 1" in page
    assert "Ada Reviewerson" not in page
    assert SECRET not in page
    assert "onfidence" not in page


def test_open_mode_names_reviewers(client, event):
    configure(event, mode=ReviewMode.OPEN)
    deadline(event, DeadlineKind.RESPONSE_DUE, 3)
    submission = proposal(event)
    submitted_review(submission, reviewer=UserFactory(name="Grace Open"))
    client.force_login(submission.created_by)

    response = client.get(reviews_url(submission))

    assert [review.heading for review in response.context["reviews"]] == ["Grace Open"]
    assert SECRET not in response.content.decode()


def test_scores_show_with_their_labels(client, open_round):
    submission = proposal(open_round)
    form = ReviewFormFactory(event=open_round, overall_labels={"4": "Weak accept"})
    novelty = ReviewCriterionFactory(
        form=form, name="Novelty", max_value=5, labels={"2": "Incremental"}, position=1
    )
    clarity = ReviewCriterionFactory(form=form, name="Clarity", max_value=3, position=0)
    review = submitted_review(submission, form=form, overall=4)
    ReviewScore.objects.create(review=review, criterion=novelty, value=2)
    ReviewScore.objects.create(review=review, criterion=clarity, value=3)
    client.force_login(submission.created_by)

    response = client.get(reviews_url(submission))

    (shown,) = response.context["reviews"]
    assert (shown.overall, shown.overall_max, shown.overall_label) == (4, 5, "Weak accept")
    assert [(s.name, s.value, s.maximum, s.label) for s in shown.scores] == [
        ("Clarity", 3, 3, ""),
        ("Novelty", 2, 5, "Incremental"),
    ]
    assert "Weak accept" in response.content.decode()
    assert "Incremental" in response.content.decode()


def test_reviews_page_queries_do_not_grow_with_reviews(
    client, open_round, django_assert_max_num_queries
):
    few, many = proposal(open_round), proposal(open_round)
    form = ReviewFormFactory(event=open_round)
    criterion = ReviewCriterionFactory(form=form)
    for submission, count in ((few, 1), (many, 8)):
        for _ in range(count):
            review = submitted_review(submission, form=form, reviewer=UserFactory())
            ReviewScore.objects.create(review=review, criterion=criterion, value=3)
    client.force_login(few.created_by)
    client.get(reviews_url(few))

    with django_assert_max_num_queries(16) as few_queries:
        client.get(reviews_url(few))
    client.force_login(many.created_by)
    with django_assert_max_num_queries(len(few_queries.captured_queries)):
        client.get(reviews_url(many))


# The authors' response


def test_speaker_saves_and_edits_the_response(client, open_round):
    submission = proposal(open_round)
    client.force_login(submission.created_by)

    first = client.post(reviews_url(submission), {"text": "Thanks, we fixed it."})
    client.post(reviews_url(submission), {"text": "Thanks, fixed in v2."})

    assert first.url == reviews_url(submission)
    response = AuthorResponse.objects.get(submission=submission)
    assert (response.text, response.updated_by) == ("Thanks, fixed in v2.", submission.created_by)
    assert response.submitted_at is not None
    page = client.get(reviews_url(submission))
    assert page.context["form"].initial == {"text": "Thanks, fixed in v2."}


def test_response_over_the_word_limit_is_refused_next_to_the_field(client, open_round):
    submission = proposal(open_round)
    client.force_login(submission.created_by)

    response = client.post(reviews_url(submission), {"text": "one two three four five six"})

    assert response.status_code == 200
    assert response.context["form"].errors["text"] == [
        "Your response has 6 words; the limit is 5. Please shorten it by 1 word."
    ]
    assert 'id="id_text-errors"' in response.content.decode()
    assert "one two three four five six" in response.content.decode()
    assert not AuthorResponse.objects.exists()


def test_empty_response_is_refused(client, open_round):
    submission = proposal(open_round)
    client.force_login(submission.created_by)

    response = client.post(reviews_url(submission), {"text": "   "})

    assert response.context["form"].errors["text"] == ["Write your response before saving it."]
    assert not AuthorResponse.objects.exists()


def test_response_after_the_deadline_is_not_saved(client, event):
    configure(event)
    deadline(event, DeadlineKind.RESPONSE_DUE, -1)
    submission = proposal(event)
    AuthorResponse.objects.create(submission=submission, text="Sent in time.")
    client.force_login(submission.created_by)

    response = client.post(reviews_url(submission), {"text": "Too late."}, follow=True)

    assert AuthorResponse.objects.get().text == "Sent in time."
    assert "The author response period is closed; nothing was saved." in (response.content.decode())
    assert "Sent in time." in response.content.decode()


def test_other_author_cannot_post_a_response(client, open_round):
    submission = proposal(open_round)
    client.force_login(proposal(open_round).created_by)

    response = client.post(reviews_url(submission), {"text": "Not mine."})

    assert response.status_code == 404
    assert not AuthorResponse.objects.exists()


def test_save_author_response_service_refuses_closed_round_and_strangers(event):
    configure(event)
    deadline(event, DeadlineKind.RESPONSE_DUE, -1)
    submission = proposal(event)

    with pytest.raises(ValidationError, match="response period is closed"):
        save_author_response(submission=submission, by=submission.created_by, text="Late.")
    with pytest.raises(PermissionDenied):
        save_author_response(submission=submission, by=UserFactory(), text="Stranger.")
    assert not AuthorResponse.objects.exists()


def test_committee_partial_shows_the_response(event):
    submission = proposal(event)
    response = AuthorResponse.objects.create(submission=submission, text="We *disagree*.")

    html = render_to_string(
        "reviews/responses/_response_for_committee.html", {"response": response}
    )

    assert "Authors&#x27; response" in html or "Authors' response" in html
    assert "We <em>disagree</em>." in html


# The proposal page's card


@pytest.mark.parametrize(
    ("days_to_response", "decided", "text"),
    [
        (3, False, "Read and respond"),
        (-1, False, "The author response round is closed."),
        (-1, True, "Decision and reviews"),
    ],
)
def test_author_reviews_card(event, days_to_response, decided, text):
    configure(event)
    deadline(event, DeadlineKind.RESPONSE_DUE, days_to_response)
    submission = proposal(event)
    if decided:
        notify(submission)

    html = render_to_string(
        "reviews/_author_reviews_card.html",
        {
            "submission": submission,
            "event": event,
            "author_reviews": author_reviews_state(submission),
        },
    )

    assert text in html


def test_author_reviews_card_is_empty_without_a_round_or_decision(event):
    configure(event, author_response=False)
    submission = proposal(event)

    html = render_to_string(
        "reviews/_author_reviews_card.html",
        {
            "submission": submission,
            "event": event,
            "author_reviews": author_reviews_state(submission),
        },
    )

    assert html.strip() == ""


# Meta-review


@pytest.fixture
def meta_event(event):
    configure(event, meta_review=True, author_response=False)
    return event


def test_track_chair_writes_the_meta_review(client, meta_event):
    submission = proposal(meta_event)
    chair = member(meta_event, role=CommitteeRole.TRACK_CHAIR, tracks=[submission.track])
    submitted_review(submission, comments_to_authors="Good.", confidential_comments="Meh.")
    client.force_login(chair)

    page = client.get(meta_url(submission))
    saved = client.post(
        meta_url(submission), {"text": "Reviewers agree.", "recommendation": Decision.ACCEPT}
    )

    assert page.status_code == 200
    assert "Meh." in page.content.decode()
    assert saved.url == meta_url(submission)
    meta_review = MetaReview.objects.get(submission=submission)
    assert (meta_review.text, meta_review.recommendation, meta_review.author) == (
        "Reviewers agree.",
        Decision.ACCEPT,
        chair,
    )


def test_organizer_edits_the_meta_review(client, meta_event):
    submission = proposal(meta_event)
    MetaReview.objects.create(submission=submission, text="Draft.", recommendation="reject")
    organizer = member(meta_event, role=CommitteeRole.ORGANIZER)
    client.force_login(organizer)

    client.post(meta_url(submission), {"text": "Final.", "recommendation": Decision.WAITLIST})

    assert MetaReview.objects.values_list("text", "recommendation").get() == (
        "Final.",
        Decision.WAITLIST,
    )


@pytest.mark.parametrize(
    "role", ["speaker", "reviewer", "other_track_chair", "conflicted_chair", "conflicted_organizer"]
)
def test_meta_review_is_404_for_others(client, meta_event, role):
    submission = proposal(meta_event)
    chair = member(meta_event, role=CommitteeRole.TRACK_CHAIR, tracks=[submission.track])
    organizer = member(meta_event, role=CommitteeRole.ORGANIZER)
    ConflictFactory(submission=submission, user=chair)
    ConflictFactory(submission=submission, user=organizer)
    users = {
        "speaker": submission.created_by,
        "reviewer": ReviewAssignmentFactory(
            submission=submission, reviewer=member(meta_event)
        ).reviewer,
        "other_track_chair": member(
            meta_event, role=CommitteeRole.TRACK_CHAIR, tracks=[TrackFactory(event=meta_event)]
        ),
        "conflicted_chair": chair,
        "conflicted_organizer": organizer,
    }
    client.force_login(users[role])

    page = client.get(meta_url(submission))
    post = client.post(meta_url(submission), {"text": "X", "recommendation": Decision.ACCEPT})

    assert (page.status_code, post.status_code) == (404, 404)
    assert not MetaReview.objects.exists()


def test_meta_review_anonymous_is_sent_to_sign_in(client, meta_event):
    submission = proposal(meta_event)

    response = client.get(meta_url(submission))

    assert response.status_code == 302


def test_meta_review_requires_a_recommendation_and_text(client, meta_event):
    submission = proposal(meta_event)
    client.force_login(member(meta_event, role=CommitteeRole.ORGANIZER))

    response = client.post(meta_url(submission), {"text": "  "})

    assert response.context["form"].errors == {
        "recommendation": ["Choose accept, reject or waitlist."],
        "text": ["Write the meta-review before saving it."],
    }
    assert not MetaReview.objects.exists()


def test_meta_review_off_explains_and_saves_nothing(client, event):
    configure(event, meta_review=False)
    submission = proposal(event)
    client.force_login(member(event, role=CommitteeRole.ORGANIZER))

    page = client.get(meta_url(submission))
    client.post(meta_url(submission), {"text": "X", "recommendation": Decision.ACCEPT})

    assert "This event does not use meta-reviews." in page.content.decode()
    assert "form" not in page.context
    assert not MetaReview.objects.exists()


def test_meta_review_locked_after_notification(client, meta_event):
    submission = proposal(meta_event, state=SubmissionState.ACCEPTED)
    MetaReview.objects.create(submission=submission, text="As sent.", recommendation="accepted")
    notify(submission)
    organizer = member(meta_event, role=CommitteeRole.ORGANIZER)
    client.force_login(organizer)

    page = client.get(meta_url(submission))
    client.post(meta_url(submission), {"text": "Rewritten.", "recommendation": Decision.REJECT})

    assert "The authors have been told the decision" in page.content.decode()
    assert "As sent." in page.content.decode()
    assert MetaReview.objects.get().text == "As sent."
    with pytest.raises(ValidationError):
        save_meta_review(
            submission=submission, by=organizer, text="Again.", recommendation=Decision.REJECT
        )


def test_save_meta_review_refuses_conflicted_chair(meta_event):
    submission = proposal(meta_event)
    chair = member(meta_event, role=CommitteeRole.TRACK_CHAIR, tracks=[submission.track])
    ConflictFactory(submission=submission, user=chair)

    with pytest.raises(PermissionDenied):
        save_meta_review(
            submission=submission, by=chair, text="Mine.", recommendation=Decision.ACCEPT
        )


def test_meta_review_hidden_from_authors_until_notified(client, meta_event):
    submission = proposal(meta_event, state=SubmissionState.ACCEPTED)
    MetaReview.objects.create(submission=submission, text="Summary for later.")
    client.force_login(submission.created_by)

    before = client.get(reviews_url(submission)).content.decode()
    notify(submission)
    after = client.get(reviews_url(submission)).content.decode()

    assert "Summary for later." not in before
    assert "Summary for later." in after


def test_committee_partial_shows_meta_review_with_recommendation(meta_event):
    submission = proposal(meta_event)
    chair = UserFactory(name="Chair Person")
    meta_review = MetaReview.objects.create(
        submission=submission, text="Accept it.", recommendation=Decision.ACCEPT, author=chair
    )

    html = render_to_string(
        "reviews/responses/_meta_review_for_committee.html", {"meta_review": meta_review}
    )

    assert "Meta-review by Chair Person" in html
    assert "Recommends: Accept" in html
