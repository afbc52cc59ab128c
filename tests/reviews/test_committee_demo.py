"""Demo reviewer profiles: every reviewing member of the demo committees has one, once."""

import pytest

from reviews.demo import PENDING_INVITEE, PROFILES, load_demo_committee
from reviews.enums import InvitationStatus
from reviews.models import CommitteeInvitation, ReviewerProfile
from tracks.demo import load_demo
from tracks.enums import CommitteeRole
from tracks.models import Membership

pytestmark = pytest.mark.django_db


def test_demo_profiles_cover_every_demo_reviewer_and_chair():
    load_demo()

    count = load_demo_committee()

    reviewing = Membership.objects.filter(
        role__in=[CommitteeRole.REVIEWER, CommitteeRole.TRACK_CHAIR]
    ).values_list("event_id", "user__email")
    profiles = ReviewerProfile.objects.values_list("event_id", "user__email")
    assert set(profiles) == set(reviewing)
    assert count == len(reviewing)
    assert {email for _, email in reviewing} == set(PROFILES)
    invitation = CommitteeInvitation.objects.get(email=PENDING_INVITEE)
    assert (invitation.event.slug, invitation.status) == ("dlonsc-2020", InvitationStatus.PENDING)
    assert invitation.invited_by.email == "zhao.zhang@dlonsc.example.org"


def test_loading_the_demo_again_keeps_edited_profiles():
    load_demo()
    load_demo_committee()
    ReviewerProfile.objects.filter(user__email="reviewer@example.org").update(keywords="edited")

    load_demo_committee()

    assert ReviewerProfile.objects.get(user__email="reviewer@example.org").keywords == "edited"
    assert ReviewerProfile.objects.count() == len(PROFILES)
    assert CommitteeInvitation.objects.count() == 1
