import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.enums import BidPreference, ConflictSource
from reviews.models import Conflict, ReviewAssignment
from reviews.services.bids import place_bid
from reviews.services.conflicts import declare_author_conflict, set_chair_conflict
from submissions.enums import SubmissionState
from tests.factories.reviews import ConflictFactory, ReviewAssignmentFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory()


def member(event, role=CommitteeRole.REVIEWER, tracks=(), **fields):
    user = UserFactory(**fields)
    MembershipFactory(event=event, user=user, role=role, tracks=list(tracks))
    return user


def proposal(event, **fields):
    fields.setdefault("state", SubmissionState.SUBMITTED)
    return SubmissionFactory(event=event, **fields)


def author_url(submission):
    return reverse(
        "reviews:author-conflicts", kwargs={"event": submission.event.slug, "pk": submission.pk}
    )


def manage_url(event, **query):
    url = reverse("reviews:manage-conflicts", kwargs={"event": event.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# Authors declare conflicts


def test_speaker_declares_conflicts_with_reason(client, event):
    submission = proposal(event)
    advisor, colleague = member(event), member(event, role=CommitteeRole.TRACK_CHAIR)
    client.force_login(submission.created_by)

    response = client.post(
        author_url(submission) + "?q=a",
        {"members": [advisor.pk, colleague.pk], "reason": "PhD advisor"},
    )

    assert response.url == author_url(submission)
    assert set(Conflict.objects.values_list("user_id", "source", "reason", "created_by_id")) == {
        (advisor.pk, ConflictSource.AUTHOR, "PhD advisor", submission.created_by_id),
        (colleague.pk, ConflictSource.AUTHOR, "PhD advisor", submission.created_by_id),
    }


def test_page_lists_members_with_affiliation_and_filters(client, event):
    submission = proposal(event)
    member(event, name="Grace Hopper", affiliation="Navy Lab")
    member(event, name="Alan Turing", affiliation="Manchester")
    member(event, role=CommitteeRole.ORGANIZER, name="Olga Organizer")
    client.force_login(submission.created_by)

    everyone = client.get(author_url(submission)).context["form"].fields["members"]
    searched = client.get(author_url(submission) + "?q=navy").context["form"].fields["members"]

    assert [str(label) for _, label in everyone.choices] == [
        "Alan Turing — Manchester",
        "Grace Hopper — Navy Lab",
    ]
    assert [str(label) for _, label in searched.choices] == ["Grace Hopper — Navy Lab"]


def test_declaring_nobody_shows_an_error(client, event):
    submission = proposal(event)
    member(event)
    client.force_login(submission.created_by)

    response = client.post(author_url(submission), {"reason": "Advisor"})

    assert response.status_code == 200
    assert response.context["form"].errors["members"] == ["Pick at least one committee member."]
    assert Conflict.objects.count() == 0


def test_non_member_cannot_be_declared(client, event):
    submission = proposal(event)
    stranger = UserFactory()
    client.force_login(submission.created_by)

    response = client.post(author_url(submission), {"members": [stranger.pk]})

    assert response.status_code == 200
    assert "members" in response.context["form"].errors
    assert Conflict.objects.count() == 0


def test_speaker_removes_declared_conflict(client, event):
    submission = proposal(event)
    conflict = ConflictFactory(submission=submission, user=member(event))
    client.force_login(submission.created_by)

    response = client.post(author_url(submission), {"withdraw": conflict.pk})

    assert response.status_code == 302
    assert Conflict.objects.count() == 0


def test_speaker_cannot_remove_chairs_conflict(client, event):
    submission = proposal(event)
    conflict = ConflictFactory(
        submission=submission, user=member(event), source=ConflictSource.CHAIR
    )
    client.force_login(submission.created_by)

    client.post(author_url(submission), {"withdraw": conflict.pk})

    assert Conflict.objects.count() == 1


def test_author_page_requires_sign_in(client, event):
    response = client.get(author_url(proposal(event)))

    assert response.status_code == 302


@pytest.mark.parametrize("role", [None, CommitteeRole.REVIEWER, CommitteeRole.ORGANIZER])
def test_author_page_is_404_for_non_speakers(client, event, role):
    submission = proposal(event)
    user = member(event, role=role) if role else UserFactory()
    client.force_login(user)

    assert client.get(author_url(submission)).status_code == 404
    assert client.post(author_url(submission), {"members": [user.pk]}).status_code == 404


def test_co_speaker_may_declare(client, event):
    co_speaker = UserFactory()
    submission = proposal(event, speakers=[co_speaker])
    client.force_login(co_speaker)

    response = client.get(author_url(submission))

    assert response.status_code == 200


def test_author_conflicts_card_renders_count(rf, event):
    from django.template.loader import render_to_string

    submission = proposal(event)
    html = render_to_string(
        "reviews/_author_conflicts_card.html",
        {"event": event, "submission": submission, "author_conflict_count": 2},
    )

    assert "You declared 2 conflicts" in html
    assert author_url(submission) in html


# Chairs


def test_chair_sees_conflicts_in_scope_with_reasons(client, event):
    track, other = TrackFactory(event=event), TrackFactory(event=event)
    chair = member(event, role=CommitteeRole.TRACK_CHAIR, tracks=[track])
    reviewer = member(event, affiliation="ETH Zurich")
    mine = proposal(event, track=track, created_by=UserFactory(affiliation="ETH Zürich"))
    proposal(event, track=other, created_by=UserFactory(affiliation="ETH Zürich"))
    client.force_login(chair)

    response = client.get(manage_url(event))

    rows = response.context["rows"]
    assert [(row["submission_id"], row["member"], row["reasons"]) for row in rows] == [
        (mine.pk, reviewer, ["same_affiliation"])
    ]
    assert "Same affiliation as an author" in response.content.decode()


def test_chair_filters(client, event):
    chair = member(event, role=CommitteeRole.ORGANIZER)
    first, second = member(event), member(event)
    gpu, web = proposal(event, title="GPU talk"), proposal(event, title="Web talk")
    ConflictFactory(submission=gpu, user=first, source=ConflictSource.AUTHOR)
    ConflictFactory(submission=web, user=second, source=ConflictSource.CHAIR)
    client.force_login(chair)

    by_title = client.get(manage_url(event, q="gpu")).context["rows"]
    by_member = client.get(manage_url(event, member=second.pk)).context["rows"]
    by_reason = client.get(manage_url(event, reason="author_declared")).context["rows"]

    assert [row["title"] for row in by_title] == ["GPU talk"]
    assert [row["title"] for row in by_member] == ["Web talk"]
    assert [row["title"] for row in by_reason] == ["GPU talk"]


def test_chair_adds_conflict(client, event):
    chair = member(event, role=CommitteeRole.ORGANIZER)
    reviewer = member(event)
    submission = proposal(event)
    client.force_login(chair)

    response = client.post(
        manage_url(event),
        {"add-submission": submission.pk, "add-user": reviewer.pk, "add-reason": "Same team"},
    )

    assert response.status_code == 302
    assert list(Conflict.objects.values_list("source", "is_conflict", "reason")) == [
        (ConflictSource.CHAIR, True, "Same team")
    ]


def test_chair_cannot_add_conflict_outside_scope(client, event):
    track, other = TrackFactory(event=event), TrackFactory(event=event)
    chair = member(event, role=CommitteeRole.TRACK_CHAIR, tracks=[track])
    submission = proposal(event, track=other)
    client.force_login(chair)

    response = client.post(
        manage_url(event), {"add-submission": submission.pk, "add-user": member(event).pk}
    )

    assert response.status_code == 200
    assert "submission" in response.context["add_form"].errors
    assert Conflict.objects.count() == 0


def test_chair_clears_detected_conflict_and_undoes(client, event):
    chair = member(event, role=CommitteeRole.ORGANIZER)
    reviewer = member(event, affiliation="ETH Zurich")
    submission = proposal(event, created_by=UserFactory(affiliation="ETH Zurich"))
    client.force_login(chair)
    pair = {"submission": submission.pk, "user": reviewer.pk}

    client.post(manage_url(event), {**pair, "action": "clear", "note": "Different groups"})
    cleared = client.get(manage_url(event)).context["rows"]
    client.post(manage_url(event), {**pair, "action": "undo"})

    assert [(row["cleared"], row["in_force"]) for row in cleared] == [(True, False)]
    assert Conflict.objects.count() == 0


def test_clearing_without_note_shows_error_next_to_field(client, event):
    chair = member(event, role=CommitteeRole.ORGANIZER)
    reviewer = member(event, affiliation="ETH Zurich")
    submission = proposal(event, created_by=UserFactory(affiliation="ETH Zurich"))
    client.force_login(chair)

    response = client.post(
        manage_url(event),
        {"submission": submission.pk, "user": reviewer.pk, "action": "clear", "note": " "},
    )

    assert response.status_code == 200
    assert "Say why this is not a conflict." in response.content.decode()
    assert Conflict.objects.count() == 0


@pytest.mark.parametrize("role", [None, CommitteeRole.REVIEWER])
def test_manage_conflicts_is_404_for_non_chairs(client, event, role):
    user = member(event, role=role) if role else UserFactory()
    client.force_login(user)

    assert client.get(manage_url(event)).status_code == 404


def test_organizer_of_another_event_gets_404(client, event):
    outsider = member(EventFactory(), role=CommitteeRole.ORGANIZER)
    client.force_login(outsider)

    assert client.get(manage_url(event)).status_code == 404


def test_author_gets_404_on_manage_page(client, event):
    submission = proposal(event)
    client.force_login(submission.created_by)

    assert client.get(manage_url(event)).status_code == 404


@pytest.mark.parametrize("count", [3, 40])
def test_manage_conflicts_query_count_is_constant(
    client, event, count, django_assert_max_num_queries
):
    chair = member(event, role=CommitteeRole.ORGANIZER)
    reviewers = [member(event, affiliation="ETH Zurich") for _ in range(3)]
    for number in range(count):
        submission = proposal(event, created_by=UserFactory(affiliation="ETH Zürich"))
        ConflictFactory(submission=submission, user=reviewers[number % 3])
    client.force_login(chair)

    with django_assert_max_num_queries(27):
        response = client.get(manage_url(event))

    assert response.context["page_obj"].paginator.count == count * 3


# A conflict declared after the assignment ends it


def test_declared_conflicts_end_the_members_assignment(client, event):
    submission = proposal(event)
    by_bid, by_author, by_chair, untouched = (member(event) for _ in range(4))
    for reviewer in (by_bid, by_author, by_chair, untouched):
        ReviewAssignmentFactory(submission=submission, reviewer=reviewer)
    chair = member(event, role=CommitteeRole.ORGANIZER)

    place_bid(submission=submission, user=by_bid, preference=BidPreference.CONFLICT)
    declare_author_conflict(
        submission=submission, user=by_author, declared_by=submission.created_by
    )
    set_chair_conflict(submission=submission, user=by_chair, set_by=chair)

    assert list(ReviewAssignment.objects.values_list("reviewer_id", flat=True)) == [untouched.pk]


def test_authors_declare_conflicts_only_until_the_decision(client, event):
    submission = proposal(event, state=SubmissionState.ACCEPTED)
    reviewer = member(event)
    client.force_login(submission.created_by)

    page = client.get(author_url(submission))
    post = client.post(author_url(submission), {"members": [reviewer.pk]})

    assert (page.status_code, post.status_code) == (404, 404)
    with pytest.raises(ValidationError, match="until the decision"):
        declare_author_conflict(
            submission=submission, user=reviewer, declared_by=submission.created_by
        )
    assert Conflict.objects.count() == 0
