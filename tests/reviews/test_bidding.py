import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.enums import BidPreference, ConflictSource, ReviewMode
from reviews.models import Bid, ReviewSettings
from reviews.services.bids import place_bid
from submissions.enums import SubmissionState
from tests.factories.reviews import BidFactory, ConflictFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def reviewer(event):
    user = UserFactory()
    MembershipFactory(event=event, user=user, role=CommitteeRole.REVIEWER)
    return user


def proposal(event, **fields):
    fields.setdefault("state", SubmissionState.SUBMITTED)
    return SubmissionFactory(event=event, **fields)


def bids_url(event, **query):
    url = reverse("reviews:bids", kwargs={"event": event.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def bid_url(submission):
    return reverse("reviews:bid", kwargs={"event": submission.event.slug, "pk": submission.pk})


def titles(response):
    return [submission.title for submission in response.context["submissions"]]


# Service


def test_place_bid_creates_updates_and_clears(event, reviewer):
    submission = proposal(event)

    place_bid(submission=submission, user=reviewer, preference=BidPreference.EAGER)
    place_bid(submission=submission, user=reviewer, preference=BidPreference.WILLING)
    after_update = list(Bid.objects.values_list("preference", flat=True))
    place_bid(submission=submission, user=reviewer, preference=None)

    assert after_update == [BidPreference.WILLING]
    assert Bid.objects.count() == 0


@pytest.mark.parametrize(
    "state", [SubmissionState.DRAFT, SubmissionState.ACCEPTED, SubmissionState.WITHDRAWN]
)
def test_place_bid_refuses_proposals_not_under_review(event, reviewer, state):
    submission = proposal(event, state=state)

    with pytest.raises(ValidationError, match="not under review"):
        place_bid(submission=submission, user=reviewer, preference=BidPreference.EAGER)

    assert Bid.objects.count() == 0


def test_place_bid_refuses_other_tracks(event):
    track, other = TrackFactory(event=event), TrackFactory(event=event)
    user = UserFactory()
    MembershipFactory(event=event, user=user, tracks=[track])
    submission = proposal(event, track=other)

    with pytest.raises(ValidationError, match="track"):
        place_bid(submission=submission, user=user, preference=BidPreference.EAGER)


def test_place_bid_refuses_non_reviewers(event):
    chair = UserFactory()
    MembershipFactory(event=event, user=chair, role=CommitteeRole.TRACK_CHAIR)

    with pytest.raises(ValidationError):
        place_bid(submission=proposal(event), user=chair, preference=BidPreference.EAGER)


def test_place_bid_refuses_detected_conflicts(event):
    user = UserFactory(affiliation="ETH Zurich")
    MembershipFactory(event=event, user=user)
    submission = proposal(event, created_by=UserFactory(affiliation="ETH Zürich"))

    with pytest.raises(ValidationError, match=r"conflict of interest .*same affiliation"):
        place_bid(submission=submission, user=user, preference=BidPreference.EAGER)


def test_place_bid_refuses_own_proposal(event, reviewer):
    submission = proposal(event, created_by=reviewer)

    with pytest.raises(ValidationError, match="you are an author"):
        place_bid(submission=submission, user=reviewer, preference=BidPreference.CONFLICT)


def test_declared_conflict_can_be_changed(event, reviewer):
    submission = proposal(event)
    place_bid(submission=submission, user=reviewer, preference=BidPreference.CONFLICT)

    place_bid(submission=submission, user=reviewer, preference=BidPreference.WILLING)

    assert Bid.objects.get().preference == BidPreference.WILLING


def test_place_bid_refuses_unknown_preference(event, reviewer):
    with pytest.raises(ValidationError):
        place_bid(submission=proposal(event), user=reviewer, preference="maybe")


# List page


@pytest.mark.parametrize(
    ("mode", "named"), [(ReviewMode.DOUBLE_BLIND, False), (ReviewMode.SINGLE_BLIND, True)]
)
def test_bid_list_shows_reviewable_proposals_in_scope_with_authors_unless_double_blind(
    client, event, mode, named
):
    ReviewSettings.objects.update_or_create(event=event, defaults={"mode": mode})
    track, other = TrackFactory(event=event), TrackFactory(event=event)
    user = UserFactory()
    MembershipFactory(event=event, user=user, tracks=[track])
    author = UserFactory(name="Ada Secretname")
    proposal(event, track=track, title="In scope", created_by=author)
    proposal(event, track=track, title="Own", created_by=user)
    proposal(event, track=track, title="Draft", state=SubmissionState.DRAFT)
    proposal(event, track=other, title="Other track")
    client.force_login(user)

    response = client.get(bids_url(event))

    assert response.status_code == 200
    assert titles(response) == ["In scope"]
    assert ("Ada Secretname" in response.content.decode()) == named


def test_bid_list_renders_markdown_sanitised(client, event, reviewer):
    proposal(event, abstract="**bold** <script>alert(1)</script>", description="_more_")
    client.force_login(reviewer)

    content = client.get(bids_url(event)).content.decode()

    assert "<strong>bold</strong>" in content
    assert "<script>alert(1)" not in content
    assert "<em>more</em>" in content


def test_bid_list_search_and_filters(client, event, reviewer):
    talk = proposal(event, title="GPU kernels", abstract="Fast.")
    proposal(event, title="Testing", abstract="About GPUs too.")
    proposal(event, title="Packaging")
    BidFactory(submission=talk, user=reviewer, preference=BidPreference.EAGER)
    client.force_login(reviewer)

    searched = titles(client.get(bids_url(event, q="gpu")))
    eager = titles(client.get(bids_url(event, bid="eager")))
    unbid = titles(client.get(bids_url(event, bid="none")))
    by_track = titles(client.get(bids_url(event, track=talk.track_id)))

    assert searched == ["GPU kernels", "Testing"]
    assert eager == ["GPU kernels"]
    assert unbid == ["Packaging", "Testing"]
    assert by_track == ["GPU kernels"]


def test_bid_list_counts(client, event, reviewer):
    first, second, third = proposal(event), proposal(event), proposal(event)
    proposal(event)
    BidFactory(submission=first, user=reviewer, preference=BidPreference.EAGER)
    BidFactory(submission=second, user=reviewer, preference=BidPreference.CONFLICT)
    ConflictFactory(submission=third, user=reviewer, source=ConflictSource.AUTHOR)
    client.force_login(reviewer)

    counts = client.get(bids_url(event)).context["counts"]

    assert counts["total"] == 4
    assert counts["none"] == 1
    assert counts["rows"] == [
        ("eager", "Eager", 1),
        ("willing", "Willing", 0),
        ("not_willing", "Not willing", 0),
        ("conflict", "Conflict", 2),
    ]


def test_locked_conflict_row_has_no_bid_controls(client, event):
    user = UserFactory(affiliation="ETH Zurich")
    MembershipFactory(event=event, user=user)
    locked = proposal(event, created_by=UserFactory(affiliation="ETH Zürich"))
    client.force_login(user)

    response = client.get(bids_url(event, bid="conflict"))

    content = response.content.decode()
    assert titles(response) == [locked.title]
    assert "Conflict (same affiliation)" in content
    assert bid_url(locked) not in content


def test_bid_list_paginates_by_fifty(client, event, reviewer):
    for number in range(51):
        proposal(event, title=f"Talk {number:02}")
    client.force_login(reviewer)

    first = client.get(bids_url(event))
    second = client.get(bids_url(event, page=2))

    assert len(first.context["submissions"]) == 50
    assert titles(second) == ["Talk 50"]


@pytest.mark.parametrize("count", [5, 60])
def test_bid_list_query_count_is_constant(
    client, event, reviewer, count, django_assert_max_num_queries
):
    for _ in range(count):
        submission = proposal(event)
        BidFactory(submission=submission, user=reviewer, preference=BidPreference.WILLING)
    client.force_login(reviewer)

    with django_assert_max_num_queries(23):  # the same for 5 and 60 proposals
        response = client.get(bids_url(event))

    assert response.status_code == 200


# Permissions


def test_bid_list_requires_sign_in(client, event):
    response = client.get(bids_url(event))

    assert response.status_code == 302


@pytest.mark.parametrize("role", [None, CommitteeRole.TRACK_CHAIR, CommitteeRole.ORGANIZER])
def test_bid_list_is_404_for_non_reviewers(client, event, role):
    user = UserFactory()
    if role:
        MembershipFactory(event=event, user=user, role=role)
    client.force_login(user)

    response = client.get(bids_url(event))

    assert response.status_code == 404


def test_reviewer_of_another_event_cannot_bid(client, event):
    submission = proposal(event)
    user = UserFactory()
    MembershipFactory(event=EventFactory(), user=user)
    client.force_login(user)

    response = client.post(bid_url(submission), {"preference": "eager"})

    assert response.status_code == 404
    assert Bid.objects.count() == 0


def test_reviewer_of_another_track_cannot_bid(client, event):
    track = TrackFactory(event=event)
    user = UserFactory()
    MembershipFactory(event=event, user=user, tracks=[track])
    submission = proposal(event)
    client.force_login(user)

    response = client.post(bid_url(submission), {"preference": "eager"})

    assert response.status_code == 404


def test_author_cannot_bid_on_own_proposal(client, event, reviewer):
    submission = proposal(event, created_by=reviewer)
    client.force_login(reviewer)

    response = client.post(bid_url(submission), {"preference": "eager"})

    assert response.status_code == 404


# Placing a bid


def test_bid_with_json_saves_without_redirect(client, event, reviewer):
    submission = proposal(event)
    client.force_login(reviewer)

    response = client.post(
        bid_url(submission), {"preference": "eager"}, headers={"Accept": "application/json"}
    )

    assert response.json() == {"preference": "eager"}
    assert Bid.objects.get().preference == BidPreference.EAGER


def test_bid_without_js_redirects_back_with_filters(client, event, reviewer):
    submission = proposal(event)
    client.force_login(reviewer)
    back = bids_url(event, q="gpu", bid="none")

    response = client.post(bid_url(submission), {"preference": "willing", "next": back})

    assert response.status_code == 302
    assert response.url == f"{back}#proposal-{submission.pk}"
    assert Bid.objects.get().preference == BidPreference.WILLING


def test_bid_ignores_offsite_next(client, event, reviewer):
    submission = proposal(event)
    client.force_login(reviewer)

    response = client.post(
        bid_url(submission), {"preference": "willing", "next": "https://evil.test/"}
    )

    assert response.url == f"{bids_url(event)}#proposal-{submission.pk}"


def test_clear_bid(client, event, reviewer):
    submission = proposal(event)
    BidFactory(submission=submission, user=reviewer)
    client.force_login(reviewer)

    response = client.post(
        bid_url(submission),
        {"preference": "eager", "clear": "1"},
        headers={"Accept": "application/json"},
    )

    assert response.json() == {"preference": ""}
    assert Bid.objects.count() == 0


def test_conflicted_reviewer_cannot_bid(client, event):
    user = UserFactory(email="rev@cs.berkeley.edu")
    MembershipFactory(event=event, user=user)
    submission = proposal(event, created_by=UserFactory(email="a@berkeley.edu"))
    client.force_login(user)

    response = client.post(
        bid_url(submission), {"preference": "eager"}, headers={"Accept": "application/json"}
    )

    assert response.status_code == 400
    assert "same email domain" in response.json()["error"]
    assert Bid.objects.count() == 0


def test_invalid_preference_is_reported_without_js(client, event, reviewer):
    submission = proposal(event)
    client.force_login(reviewer)

    response = client.post(bid_url(submission), {"preference": "maybe"}, follow=True)

    assert Bid.objects.count() == 0
    assert "Select a valid choice" in response.content.decode()


def test_bid_view_refuses_get(client, event, reviewer):
    client.force_login(reviewer)

    response = client.get(bid_url(proposal(event)))

    assert response.status_code == 405
