"""The token endpoints: proposals with their people and answers, track chairs limited to
their tracks, the reviews' figures without reviewer identity in blind modes, and the draft."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.access import review_settings
from reviews.enums import ReviewMode
from reviews.scoring import ScoredReview, calibrate, proposal_stats
from submissions.enums import YES, QuestionKind, SubmissionState
from submissions.models import Answer, CoAuthor, Submission
from tests.api.conftest import add_sessions, client_with, member, proposal, token_for, v1
from tests.factories.questions import QuestionFactory
from tests.factories.reviews import (
    ConflictFactory,
    ReviewAssignmentFactory,
    ReviewCriterionFactory,
    ReviewFactory,
    ReviewFormFactory,
)
from tests.factories.submissions import SubmissionFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


def set_mode(event, mode):
    settings = review_settings(event)
    settings.mode = mode
    settings.save()


def review(submission, overall, *, reviewer=None, confidence=3, scores=(), name="Rev"):
    reviewer = reviewer or UserFactory(name=name)
    ReviewAssignmentFactory(submission=submission, reviewer=reviewer)
    made = ReviewFactory(
        submission=submission, reviewer=reviewer, overall=overall, confidence=confidence,
        submitted_at=timezone.now(),
    )  # fmt: skip
    for criterion, value in scores:
        made.scores.create(criterion=criterion, value=value)
    return made


# --- Proposals ---------------------------------------------------------------------------------


def test_organizer_reads_proposals_with_authors_emails_and_answers(program, organizer_client):
    submission = proposal(program.event, track=program.tracks[0], session_type=program.talk)
    CoAuthor.objects.create(
        submission=submission, name="Ada Co", email="ada@lab.example", position=3
    )
    question = QuestionFactory(event=program.event, text="Python version?")
    ticked = QuestionFactory(event=program.event, text="Needs Wi-Fi?", kind=QuestionKind.BOOLEAN)
    Answer.objects.create(submission=submission, question=question, value="3.12")
    Answer.objects.create(submission=submission, question=ticked, value=YES)

    response = organizer_client.get(v1(program, f"proposals/{submission.pk}/"))

    body = response.json()
    assert response.status_code == 200
    assert body["state"] == "submitted"
    assert body["track"]["slug"] == "data"
    assert [a["email"] for a in body["authors"]] == [submission.created_by.email, "ada@lab.example"]
    assert [a["is_speaker"] for a in body["authors"]] == [True, False]
    assert [(a["question"], a["value"]) for a in body["answers"]] == [
        ("Python version?", "3.12"),
        ("Needs Wi-Fi?", "yes"),
    ]


def test_authors_come_in_the_order_the_pages_use(program, organizer_client):
    from submissions.selectors import author_list

    submission = proposal(program.event, track=program.tracks[0], session_type=program.talk)
    submission.speakers.create(user=UserFactory(name="Second speaker"), position=2)
    CoAuthor.objects.create(submission=submission, name="Tied co-author", position=2)
    CoAuthor.objects.create(submission=submission, name="First co-author", position=1)

    body = organizer_client.get(v1(program, "proposals/"), {"state": "submitted"}).json()

    (shown,) = [p for p in body["results"] if p["id"] == submission.pk]
    expected = [a.user.public_name if a.is_speaker else a.name for a in author_list(submission)]
    assert [a["name"] for a in shown["authors"]] == expected
    assert expected[1:] == ["First co-author", "Second speaker", "Tied co-author"]


def test_proposals_list_every_state_with_filters(program, organizer_client):
    draft = proposal(program.event, track=program.tracks[1], session_type=program.talk,
                     state=SubmissionState.DRAFT)  # fmt: skip

    everything = organizer_client.get(v1(program, "proposals/")).json()
    hpc = organizer_client.get(v1(program, "proposals/"), {"track": "hpc"}).json()["results"]
    drafts = organizer_client.get(v1(program, "proposals/"), {"state": "draft"}).json()["results"]
    both = organizer_client.get(v1(program, "proposals/"), {"state": ["draft", "confirmed"]}).json()

    assert everything["count"] == 3 + 2 + 1
    assert [p["id"] for p in drafts] == [draft.pk]
    assert {p["id"] for p in hpc} == {draft.pk, program.sessions[1].pk}
    assert both["count"] == 6


def test_proposals_updated_since(program, organizer_client):
    old = program.sessions[0]
    Submission.objects.exclude(pk=old.pk).update(updated_at=timezone.now() + timedelta(days=1))
    Submission.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=10))
    since = (timezone.now() - timedelta(days=1)).isoformat()

    results = organizer_client.get(v1(program, "proposals/"), {"updated_since": since}).json()

    assert old.pk not in [p["id"] for p in results["results"]]
    assert results["count"] == 4


def test_proposals_updated_since_rejects_a_bad_date(program, organizer_client):
    response = organizer_client.get(v1(program, "proposals/"), {"updated_since": "yesterday"})

    assert response.status_code == 400
    assert "updated_since" in response.json()


@pytest.mark.parametrize("ordering", ["title", "-title", "id", "-id", "-updated_at"])
def test_proposals_ordering(program, organizer_client, ordering):
    results = organizer_client.get(v1(program, "proposals/"), {"ordering": ordering}).json()

    key = ordering.lstrip("-")
    values = [p[key] for p in results["results"]]
    assert values == sorted(values, reverse=ordering.startswith("-"))


def test_an_unknown_ordering_is_400(program, organizer_client):
    response = organizer_client.get(v1(program, "proposals/"), {"ordering": "email"})

    assert response.status_code == 400


def test_a_track_chair_reaches_only_their_tracks(program):
    chair = member(program.event, CommitteeRole.TRACK_CHAIR, tracks=[program.tracks[1]])
    client = client_with(token_for(chair, program.event))
    theirs, other = program.sessions[1], program.sessions[0]

    listing = client.get(v1(program, "proposals/")).json()
    summaries = client.get(v1(program, "review-summaries/")).json()

    assert [p["id"] for p in listing["results"]] == [theirs.pk]
    assert [s["proposal"]["id"] for s in summaries["results"]] == [theirs.pk]
    for path in ("proposals/{}/", "proposals/{}/reviews/", "proposals/{}/decision/"):
        assert client.get(v1(program, path.format(other.pk))).status_code == 404
        assert client.get(v1(program, path.format(theirs.pk))).status_code == 200


def test_a_reviewer_token_cannot_exist_and_a_reviewer_membership_is_404(program):
    chair = member(program.event, CommitteeRole.TRACK_CHAIR)
    client = client_with(token_for(chair, program.event))
    chair.memberships.update(role=CommitteeRole.REVIEWER)

    assert client.get(v1(program, "proposals/")).status_code == 404


@pytest.mark.parametrize("mode", list(ReviewMode))
def test_chairs_see_authors_in_every_mode_as_on_the_pages(program, mode):
    set_mode(program.event, mode)
    chair = member(program.event, CommitteeRole.TRACK_CHAIR, tracks=[program.tracks[0]])
    client = client_with(token_for(chair, program.event))
    submission = program.sessions[0]

    body = client.get(v1(program, f"proposals/{submission.pk}/")).json()

    assert body["authors"][0]["email"] == submission.created_by.email


def test_a_proposal_of_another_event_is_404(program, organizer_client):
    foreign = SubmissionFactory(state=SubmissionState.SUBMITTED)

    response = organizer_client.get(v1(program, f"proposals/{foreign.pk}/"))

    assert response.status_code == 404


# --- Reviews' figures --------------------------------------------------------------------------


@pytest.fixture
def reviewed(program):
    submission = proposal(program.event, track=program.tracks[0], session_type=program.talk)
    form = ReviewFormFactory(event=program.event, name="Talks")
    relevance = ReviewCriterionFactory(form=form, name="Relevance")
    reviews = [
        review(submission, 4, name="Ruth Reviewer", confidence=4, scores=[(relevance, 5)]),
        review(submission, 2, name="Rob Reviewer", confidence=1, scores=[(relevance, 3)]),
    ]
    for made in reviews:
        made.form = form
        made.save()
    return submission, reviews, relevance


@pytest.mark.parametrize("mode", [ReviewMode.SINGLE_BLIND, ReviewMode.DOUBLE_BLIND])
def test_blind_modes_never_name_reviewers(program, organizer_client, reviewed, mode):
    set_mode(program.event, mode)
    submission, reviews, _ = reviewed

    detail = organizer_client.get(v1(program, f"proposals/{submission.pk}/reviews/"))
    listing = organizer_client.get(v1(program, "review-summaries/"))

    text = json.dumps([detail.json(), listing.json()])
    for made in reviews:
        assert made.reviewer.name not in text
        assert made.reviewer.email not in text
        assert str(made.reviewer.pk) not in [str(r["reviewer"]) for r in detail.json()["reviews"]]
    assert [r["reviewer"] for r in detail.json()["reviews"]] == ["Reviewer 1", "Reviewer 2"]
    assert detail.json()["review_mode"] == mode


def test_open_review_names_the_reviewers(program, organizer_client, reviewed):
    set_mode(program.event, ReviewMode.OPEN)
    submission, _, _ = reviewed

    body = organizer_client.get(v1(program, f"proposals/{submission.pk}/reviews/")).json()

    assert [r["reviewer"] for r in body["reviews"]] == ["Ruth Reviewer", "Rob Reviewer"]


def test_the_figures_are_the_rankings(program, organizer_client, reviewed):
    submission, reviews, relevance = reviewed
    scored = [ScoredReview(r.reviewer_id, submission.pk, r.overall, r.confidence) for r in reviews]
    expected = proposal_stats(scored, calibration=calibrate(scored))[submission.pk]

    body = organizer_client.get(v1(program, f"proposals/{submission.pk}/reviews/")).json()

    assert (body["assigned"], body["submitted"]) == (2, 2)
    assert (body["mean"], body["median"], body["spread"]) == (3.0, 3.0, 2)
    assert body["weighted"] == pytest.approx(expected.weighted)
    assert body["normalized"] == pytest.approx(expected.normalized)
    assert body["disagreement"] is True
    assert body["criteria"] == [
        {"id": relevance.pk, "name": "Relevance", "count": 2, "mean": 4.0, "median": 4.0,
         "min": 3, "max": 5},
    ]  # fmt: skip


def test_no_reviews_yet_gives_empty_figures(program, organizer_client):
    submission = proposal(program.event, track=program.tracks[0], session_type=program.talk)

    body = organizer_client.get(v1(program, f"proposals/{submission.pk}/reviews/")).json()

    assert (body["submitted"], body["mean"], body["reviews"]) == (0, None, [])


def test_a_conflicted_organizer_never_sees_the_reviews(program, organizer, organizer_client,
                                                       reviewed):  # fmt: skip
    submission, _, _ = reviewed
    ConflictFactory(submission=submission, user=organizer)

    detail = organizer_client.get(v1(program, f"proposals/{submission.pk}/reviews/"))
    listing = organizer_client.get(v1(program, "review-summaries/")).json()

    assert detail.status_code == 404
    assert submission.pk not in [s["proposal"]["id"] for s in listing["results"]]


def test_review_summaries_order_by_mean(program, organizer_client, reviewed):
    low = proposal(program.event, track=program.tracks[0], session_type=program.talk)
    review(low, 1)

    results = organizer_client.get(
        v1(program, "review-summaries/"), {"ordering": "-mean", "state": "submitted"}
    ).json()["results"]

    assert [s["proposal"]["id"] for s in results] == [reviewed[0].pk, low.pk]


@pytest.mark.parametrize("ordering", ["mean", "-mean"])
def test_proposals_without_scores_come_last_either_way(program, organizer_client, reviewed,
                                                       ordering):  # fmt: skip
    low = proposal(program.event, track=program.tracks[0], session_type=program.talk)
    review(low, 1)

    results = organizer_client.get(v1(program, "review-summaries/"), {"ordering": ordering}).json()[
        "results"
    ]

    means = [s["mean"] for s in results]
    assert means[:2] == ([1.0, 3.0] if ordering == "mean" else [3.0, 1.0])
    assert means[2:] == [None] * (len(means) - 2)


def test_drafts_have_no_review_summary(program, organizer_client):
    draft = proposal(program.event, track=program.tracks[0], session_type=program.talk,
                     state=SubmissionState.DRAFT)  # fmt: skip

    response = organizer_client.get(v1(program, f"proposals/{draft.pk}/reviews/"))

    assert response.status_code == 404


# --- Draft schedule ----------------------------------------------------------------------------


def test_the_draft_schedule_with_warnings(program, organizer_client):
    first, second = program.sessions[0], program.sessions[1]
    second.speakers.create(user=first.created_by, position=9)  # one speaker in two rooms at once

    response = organizer_client.get(v1(program, "schedule/draft/"))

    slots = response.json()["results"]
    assert response.status_code == 200
    by_session = {s["session"]["id"]: s for s in slots if s["session"]}
    assert {w["kind"] for w in by_session[first.pk]["warnings"]} == {"speaker_clash"}
    assert by_session[first.pk]["revision"] == 1
    poster_session = next(s for s in slots if s["kind"] == "poster_session")
    assert [p["board"] for p in poster_session["posters"]] == ["P2", "P10"]


def test_the_draft_shows_unpublished_changes(program, organizer_client):
    (added,) = add_sessions(program, 1, start_index=40)

    slots = organizer_client.get(v1(program, "schedule/draft/")).json()["results"]
    public = client_with().get(v1(program, "schedule/")).json()["results"]

    assert added.pk in [s["session"]["id"] for s in slots if s["session"]]
    assert added.pk not in [s["session"]["id"] for s in public if s["session"]]


def test_the_draft_is_for_organizers_and_chairs_only(program):
    chair = member(program.event, CommitteeRole.TRACK_CHAIR, tracks=[program.tracks[0]])
    client = client_with(token_for(chair, program.event))

    response = client.get(v1(program, "schedule/draft/"))
    slots = response.json()["results"]
    editable = {s["session"]["id"] for s in slots if s["session"] and s["editable"]}
    # The whole grid, as in the editor; only the sessions of their track are theirs to move.
    assert response.status_code == 200
    assert editable == {program.sessions[0].pk, program.sessions[2].pk}
    assert not any(s["editable"] for s in slots if s["session"] is None)
    chair.memberships.update(role=CommitteeRole.REVIEWER)
    assert client.get(v1(program, "schedule/draft/")).status_code == 404
