"""The link in a committee invitation email: accept with an account, decline without one."""

import pytest
from django.urls import reverse

from reviews.enums import InvitationStatus
from reviews.services.committee import (
    accept_committee_invitation,
    invite_committee_members,
    withdraw_invitation,
)
from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole
from tracks.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation():
    event = EventFactory(name="DLonSC 2027", slug="dlonsc-2027")
    organizer = MembershipFactory(
        event=event, role=CommitteeRole.ORGANIZER, user=UserFactory(name="Ian Foster")
    ).user
    track = TrackFactory(event=event, name="Papers")
    (invitation,) = invite_committee_members(
        event=event, emails=["ada@example.edu"], role=CommitteeRole.TRACK_CHAIR,
        tracks=[track], message="Please chair the papers track.", by=organizer,
    )  # fmt: skip
    return invitation


def test_anonymous_visitor_sees_the_invitation_and_sign_in_links(client, invitation):
    url = invitation.get_absolute_url()

    html = client.get(url).content.decode()

    assert "Ian Foster invites" in html
    assert "ada@example.edu" in html
    assert "Track chair" in html
    assert "Papers" in html
    assert "Please chair the papers track." in html
    assert f'href="{reverse("account_login")}?next={url}"' in html
    assert f'href="{reverse("account_signup")}?next={url}"' in html


def test_anonymous_accept_is_sent_to_sign_in(client, invitation):
    response = client.post(invitation.get_absolute_url(), {"action": "accept"})

    assert response.url == f"{reverse('account_login')}?next={invitation.get_absolute_url()}"
    assert Membership.objects.filter(role=CommitteeRole.TRACK_CHAIR).count() == 0


def test_signed_in_invitee_accepts_and_lands_on_the_profile(client, invitation):
    ada = UserFactory(email="ada@example.edu")
    client.force_login(ada)

    response = client.post(invitation.get_absolute_url(), {"action": "accept"})

    assert response.url == reverse("reviews:profile", args=["dlonsc-2027"])
    membership = Membership.objects.get(user=ada)
    assert (membership.role, [t.name for t in membership.tracks.all()]) == (
        CommitteeRole.TRACK_CHAIR, ["Papers"]
    )  # fmt: skip
    assert client.get(response.url).status_code == 200


def test_accepting_twice_shows_it_was_accepted(client, invitation):
    ada = UserFactory()
    client.force_login(ada)
    client.post(invitation.get_absolute_url(), {"action": "accept"})

    again = client.post(invitation.get_absolute_url(), {"action": "accept"})
    page = client.get(invitation.get_absolute_url()).content.decode()

    assert again.url == reverse("reviews:profile", args=["dlonsc-2027"])
    assert Membership.objects.filter(user=ada).count() == 1
    assert "You accepted this invitation" in page
    assert "Go to your reviewer page" in page


def test_signed_in_with_another_address_is_told_which_account_joins(client, invitation):
    client.force_login(UserFactory(email="ada.personal@example.org"))

    html = client.get(invitation.get_absolute_url()).content.decode()

    assert "You are signed in as ada.personal@example.org" in html


def test_declining_without_an_account_records_it(client, invitation):
    response = client.post(
        invitation.get_absolute_url(), {"action": "decline", "reason": "Busy"}, follow=True
    )

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert "You declined the invitation." in response.content.decode()
    assert "This invitation was declined on" in response.content.decode()


def test_accepting_a_declined_invitation_shows_a_message(client, invitation):
    client.post(invitation.get_absolute_url(), {"action": "decline"})
    client.force_login(UserFactory())

    response = client.post(invitation.get_absolute_url(), {"action": "accept"}, follow=True)

    assert response.status_code == 200
    assert "This invitation was declined." in response.content.decode()
    assert Membership.objects.filter(role=CommitteeRole.TRACK_CHAIR).count() == 0


def test_a_withdrawn_invitation_says_so(client, invitation):
    withdraw_invitation(invitation=invitation)
    client.force_login(UserFactory())

    page = client.get(invitation.get_absolute_url())
    accepted = client.post(invitation.get_absolute_url(), {"action": "accept"}, follow=True)

    assert page.status_code == 200
    assert "The organizers withdrew this invitation" in page.content.decode()
    assert "The organizers withdrew this invitation." in accepted.content.decode()
    assert Membership.objects.filter(role=CommitteeRole.TRACK_CHAIR).count() == 0


def test_an_invitation_accepted_by_someone_else_offers_no_button(client, invitation):
    accept_committee_invitation(invitation=invitation, user=UserFactory())
    client.force_login(UserFactory())

    html = client.get(invitation.get_absolute_url()).content.decode()

    assert "accepted on" in html
    assert "with another account" in html
    assert 'value="accept"' not in html


def test_a_wrong_token_is_404(client, invitation):
    response = client.get(reverse("reviews:invitation", args=["not-a-token"]))

    assert response.status_code == 404


def test_a_too_long_decline_reason_is_shown_next_to_the_field(client, invitation):
    response = client.post(
        invitation.get_absolute_url(), {"action": "decline", "reason": "x" * 1001}
    )

    invitation.refresh_from_db()
    assert response.status_code == 200
    assert list(response.context["decline_form"].errors) == ["reason"]
    assert invitation.status == InvitationStatus.PENDING
