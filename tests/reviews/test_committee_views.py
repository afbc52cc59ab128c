"""The organizers' committee page, the reviewer profile and the reviewer home: who gets in, what
they show, what they change, and how many queries they make."""

import pytest
from django.core import mail
from django.urls import reverse

from reviews.enums import InvitationStatus
from reviews.models import CommitteeInvitation, ReviewerProfile
from tests.factories.reviews import (
    BidFactory,
    CommitteeInvitationFactory,
    ReviewAssignmentFactory,
    ReviewerProfileFactory,
)
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole
from tracks.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="scipy-2027")


@pytest.fixture
def organizer(event):
    return MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user


@pytest.fixture
def ml(event):
    return TrackFactory(event=event, name="Machine Learning")


def _committee(event):
    return reverse("reviews:manage-committee", args=[event.slug])


def _outsiders(event):
    other = EventFactory()
    author = SubmissionFactory(event=event).created_by
    return {
        "author": author,
        "reviewer of another event": MembershipFactory(event=other).user,
        "organizer of another event": MembershipFactory(
            event=other, role=CommitteeRole.ORGANIZER
        ).user,
        "no role": UserFactory(),
    }


@pytest.mark.parametrize("name", ["manage-committee", "home", "profile"])
def test_anonymous_visitors_are_sent_to_sign_in(client, event, name):
    response = client.get(reverse(f"reviews:{name}", args=[event.slug]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["manage-committee", "home", "profile"])
def test_people_outside_the_committee_get_404(client, event, name):
    url = reverse(f"reviews:{name}", args=[event.slug])

    for who, user in _outsiders(event).items():
        client.force_login(user)
        assert client.get(url).status_code == 404, who


@pytest.mark.parametrize("role", [CommitteeRole.TRACK_CHAIR, CommitteeRole.REVIEWER])
def test_only_organizers_manage_the_committee(client, event, role):
    member = MembershipFactory(event=event, role=role)
    client.force_login(member.user)

    responses = [
        client.get(_committee(event)),
        client.post(_committee(event), {"emails": "x@example.org", "role": "reviewer"}),
        client.post(reverse("reviews:manage-committee-remove", args=[event.slug, member.pk])),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert CommitteeInvitation.objects.count() == 0
    assert Membership.objects.filter(pk=member.pk).exists()


def test_member_actions_on_another_events_rows_are_404(client, event, organizer):
    stranger = MembershipFactory()
    invitation = CommitteeInvitationFactory()
    client.force_login(organizer)

    urls = [
        reverse("reviews:manage-committee-remove", args=[event.slug, stranger.pk]),
        reverse("reviews:manage-committee-scope", args=[event.slug, stranger.pk]),
        reverse("reviews:manage-committee-withdraw", args=[event.slug, invitation.pk]),
        reverse("reviews:manage-committee-resend", args=[event.slug, invitation.pk]),
    ]

    assert [client.post(url).status_code for url in urls] == [404] * 4
    assert Membership.objects.filter(pk=stranger.pk).exists()


def test_committee_page_groups_members_with_scope_profile_and_load(client, event, organizer, ml):
    chair = MembershipFactory(
        event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[ml],
        user=UserFactory(name="Chris Chair"),
    )  # fmt: skip
    reviewer = MembershipFactory(event=event, user=UserFactory(name="Rita Reviewer"))
    ReviewerProfileFactory(event=event, user=reviewer.user, keywords="Dask, GPU", max_load=6)
    ReviewAssignmentFactory(submission=SubmissionFactory(event=event), reviewer=reviewer.user)
    client.force_login(organizer)

    html = client.get(_committee(event)).content.decode()

    assert html.index("Organizers") < html.index("Track chairs") < html.index("Reviewers")
    chair_row = html[html.index(f'data-email="{chair.user.email}"') :]
    assert "Machine Learning" in chair_row[: chair_row.index("</li>")]
    reviewer_row = html[html.index(f'data-email="{reviewer.user.email}"') :]
    reviewer_row = reviewer_row[: reviewer_row.index("</li>")]
    assert "Whole event" in reviewer_row
    assert "Dask" in reviewer_row
    assert "at most 6" in reviewer_row
    assert "1 assigned" in reviewer_row
    assert reviewer.user.affiliation in reviewer_row


def test_organizer_invites_several_addresses_for_one_track(
    client, event, organizer, ml, django_capture_on_commit_callbacks
):
    client.force_login(organizer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_committee(event), {
            "emails": "ada@example.edu, grace@example.org\nkaty@example.com",
            "role": CommitteeRole.REVIEWER, "tracks": [ml.pk], "message": "Join us!",
        }, follow=True)  # fmt: skip

    invitations = CommitteeInvitation.objects.order_by("email")
    assert [i.email for i in invitations] == [
        "ada@example.edu", "grace@example.org", "katy@example.com"
    ]  # fmt: skip
    assert [list(i.tracks.all()) for i in invitations] == [[ml]] * 3
    assert len(mail.outbox) == 3
    html = response.content.decode()
    assert "Invitation sent to ada@example.edu, grace@example.org, katy@example.com." in html
    assert 'data-email="katy@example.com"' in html


def test_bad_addresses_are_named_and_nothing_is_sent(client, event, organizer):
    client.force_login(organizer)

    response = client.post(_committee(event), {
        "emails": "ada@example.edu, not-an-email\ngrace@, ok@example.org",
        "role": CommitteeRole.REVIEWER, "message": "Keep this text",
    })  # fmt: skip

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "emails": ["Not valid email addresses: not-an-email, grace@."]
    }
    assert "Keep this text" in response.content.decode()
    assert CommitteeInvitation.objects.count() == 0


def test_inviting_a_current_reviewer_is_an_error_on_the_field(client, event, organizer):
    MembershipFactory(event=event, user=UserFactory(email="ada@example.edu"))
    client.force_login(organizer)

    response = client.post(
        _committee(event), {"emails": "ada@example.edu", "role": CommitteeRole.REVIEWER}
    )

    assert response.context["form"].errors == {
        "emails": ["Already a reviewer of this event: ada@example.edu."]
    }
    assert CommitteeInvitation.objects.count() == 0


def test_tracks_of_another_event_are_refused(client, event, organizer):
    client.force_login(organizer)

    response = client.post(_committee(event), {
        "emails": "ada@example.edu", "role": CommitteeRole.REVIEWER,
        "tracks": [TrackFactory().pk],
    })  # fmt: skip

    assert list(response.context["form"].errors) == ["tracks"]


def test_organizer_changes_a_members_scope(client, event, organizer, ml):
    reviewer = MembershipFactory(event=event)
    client.force_login(organizer)

    response = client.post(
        reverse("reviews:manage-committee-scope", args=[event.slug, reviewer.pk]),
        {"tracks": [ml.pk]},
        follow=True,
    )

    assert list(reviewer.tracks.all()) == [ml]
    assert "now covers Machine Learning." in response.content.decode()


def test_removing_the_last_organizer_shows_why(client, event, organizer):
    other = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER)
    client.force_login(organizer)
    remove = reverse("reviews:manage-committee-remove", args=[event.slug, other.pk])
    client.post(remove)
    own = Membership.objects.get(user=organizer)

    response = client.post(
        reverse("reviews:manage-committee-remove", args=[event.slug, own.pk]), follow=True
    )

    assert "You cannot remove yourself from the committee." in response.content.decode()
    assert list(Membership.objects.filter(event=event)) == [own]


def test_organizer_withdraws_and_resends_invitations(
    client, event, organizer, django_capture_on_commit_callbacks
):
    pending = CommitteeInvitationFactory(event=event, invited_by=organizer)
    withdrawn = CommitteeInvitationFactory(event=event)
    client.force_login(organizer)
    client.post(reverse("reviews:manage-committee-withdraw", args=[event.slug, withdrawn.pk]))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:manage-committee-resend", args=[event.slug, pending.pk]), follow=True
        )
        late = client.post(
            reverse("reviews:manage-committee-resend", args=[event.slug, withdrawn.pk]),
            follow=True,
        )

    withdrawn.refresh_from_db()
    assert withdrawn.status == InvitationStatus.WITHDRAWN
    assert [m.to for m in mail.outbox] == [[pending.email]]
    assert f"Invitation sent again to {pending.email}." in response.content.decode()
    assert f"The invitation to {withdrawn.email} is already withdrawn." in late.content.decode()
    assert f'data-email="{withdrawn.email}"' not in late.content.decode()


def _fill_committee(event, ml, count):
    for n in range(count):
        member = MembershipFactory(event=event, tracks=[ml] if n % 2 else [])
        ReviewerProfileFactory(event=event, user=member.user)
        ReviewAssignmentFactory(submission=SubmissionFactory(event=event), reviewer=member.user)
        invitation = CommitteeInvitationFactory(event=event, invited_by=member.user)
        invitation.tracks.add(ml)


@pytest.mark.parametrize("count", [1, 15])
def test_committee_page_makes_a_constant_number_of_queries(
    client, event, organizer, ml, count, django_assert_max_num_queries
):
    _fill_committee(event, ml, count)
    client.force_login(organizer)
    client.get(_committee(event))

    with django_assert_max_num_queries(14):
        response = client.get(_committee(event))

    assert response.content.decode().count('class="committee-member ') == count + 1
    assert response.content.decode().count('class="committee-invitation ') == count


def test_profile_page_saves_profile_and_affiliation(client, event):
    member = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR)
    client.force_login(member.user)

    response = client.post(reverse("reviews:profile", args=[event.slug]), {
        "keywords": "Dask, dask, xarray", "expertise": "Parallel *array* computing.",
        "affiliation": "Anaconda", "other_affiliations": "NVIDIA", "max_load": "5",
    })  # fmt: skip

    assert response.status_code == 302
    profile = ReviewerProfile.objects.get(event=event, user=member.user)
    member.user.refresh_from_db()
    assert (profile.keywords, profile.max_load, profile.other_affiliations) == (
        "Dask, xarray", 5, "NVIDIA"
    )  # fmt: skip
    assert member.user.affiliation == "Anaconda"


def test_profile_page_shows_errors_next_to_the_field_and_keeps_input(client, event):
    member = MembershipFactory(event=event)
    ReviewerProfileFactory(event=event, user=member.user, keywords="GPU", max_load=4)
    client.force_login(member.user)

    response = client.post(reverse("reviews:profile", args=[event.slug]), {
        "keywords": "MPI", "expertise": "New text", "max_load": "0",
    })  # fmt: skip

    assert response.context["form"].errors == {
        "max_load": ["Ensure this value is greater than or equal to 1."]
    }
    assert "New text" in response.content.decode()
    assert ReviewerProfile.objects.get().keywords == "GPU"


def test_profile_page_shows_the_saved_profile(client, event):
    member = MembershipFactory(event=event)
    ReviewerProfileFactory(event=event, user=member.user, keywords="GPU, MPI", max_load=4)
    client.force_login(member.user)

    form = client.get(reverse("reviews:profile", args=[event.slug])).context["form"]

    assert (form["keywords"].value(), form["max_load"].value()) == ("GPU, MPI", 4)
    assert form["affiliation"].value() == member.user.affiliation


def test_home_nudges_an_incomplete_profile_and_lists_assignments(client, event, ml):
    member = MembershipFactory(event=event, tracks=[ml])
    submission = SubmissionFactory(event=event, track=ml, title="GPU dataframes")
    ReviewAssignmentFactory(submission=submission, reviewer=member.user)
    BidFactory(submission=submission, user=member.user)
    BidFactory(user=member.user)  # another event's bid does not count
    client.force_login(member.user)

    response = client.get(reverse("reviews:home", args=[event.slug]))

    html = response.content.decode()
    assert response.context["profile_missing"] == ["keywords", "a few words about your expertise"]
    assert response.context["bid_count"] == 1
    assert f'href="{reverse("reviews:bids", args=[event.slug])}"' in html
    assert "GPU dataframes" in html
    assert "Machine Learning" in html
    assert "Reviewer</span> · Machine Learning" in html


def test_home_says_complete_once_the_profile_is_filled(client, event):
    member = MembershipFactory(event=event)
    ReviewerProfileFactory(event=event, user=member.user, expertise="Compilers.")
    client.force_login(member.user)

    response = client.get(reverse("reviews:home", args=[event.slug]))

    assert response.context["profile_missing"] == []
    assert "Complete." in response.content.decode()


def test_home_of_a_track_chair_offers_no_bidding(client, event):
    member = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR)
    client.force_login(member.user)

    html = client.get(reverse("reviews:home", args=[event.slug])).content.decode()

    assert "Track chair</span> · whole event" in html
    assert reverse("reviews:bids", args=[event.slug]) not in html


@pytest.mark.parametrize("count", [1, 12])
def test_home_makes_a_constant_number_of_queries(
    client, event, ml, count, django_assert_max_num_queries
):
    member = MembershipFactory(event=event)
    for _ in range(count):
        ReviewAssignmentFactory(
            submission=SubmissionFactory(event=event, track=ml), reviewer=member.user
        )
    client.force_login(member.user)
    client.get(reverse("reviews:home", args=[event.slug]))

    with django_assert_max_num_queries(10):
        response = client.get(reverse("reviews:home", args=[event.slug]))

    assert len(response.context["assignments"]) == count
