import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories.tracks import EventFactory, MembershipFactory, TrackFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_event():
    return EventFactory(is_public=False)


def test_anyone_may_view_a_public_event():
    event = EventFactory(is_public=True)

    assert AnonymousUser().has_perm("tracks.view_event", event)
    assert UserFactory().has_perm("tracks.view_event", event)


def test_private_event_is_visible_to_its_committee_only(private_event):
    reviewer = MembershipFactory(event=private_event, role=CommitteeRole.REVIEWER).user
    member_elsewhere = MembershipFactory(role=CommitteeRole.ORGANIZER).user

    assert reviewer.has_perm("tracks.view_event", private_event)
    assert not member_elsewhere.has_perm("tracks.view_event", private_event)
    assert not UserFactory().has_perm("tracks.view_event", private_event)
    assert not AnonymousUser().has_perm("tracks.view_event", private_event)


def test_only_organizers_of_the_event_may_change_it():
    event = EventFactory()
    organizer = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user
    other_organizer = MembershipFactory(role=CommitteeRole.ORGANIZER).user
    chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR).user

    assert organizer.has_perm("tracks.change_event", event)
    assert not other_organizer.has_perm("tracks.change_event", event)
    assert not chair.has_perm("tracks.change_event", event)


def test_track_chair_may_change_only_their_tracks():
    event = EventFactory()
    hpp, ml = TrackFactory(event=event), TrackFactory(event=event)
    chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[hpp]).user

    assert chair.has_perm("tracks.change_track", hpp)
    assert not chair.has_perm("tracks.change_track", ml)


def test_track_chair_without_scope_chairs_every_track():
    event = EventFactory()
    track = TrackFactory(event=event)
    chair = MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR).user

    assert chair.has_perm("tracks.change_track", track)
    assert not chair.has_perm("tracks.change_track", TrackFactory())


def test_roles_are_looked_up_once_per_user_and_event(django_assert_num_queries):
    event = EventFactory()
    track = TrackFactory(event=event)
    user = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user

    with django_assert_num_queries(1):
        assert user.has_perm("tracks.change_event", event)
        assert user.has_perm("tracks.view_event", event)
        assert user.has_perm("tracks.change_track", track)
