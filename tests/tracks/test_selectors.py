import pytest

from tests.factories.tracks import (
    DeadlineFactory,
    EventFactory,
    MembershipFactory,
    SessionTypeFactory,
    TrackFactory,
    aware,
)
from tests.factories.users import UserFactory
from tracks import selectors
from tracks.enums import AOE, DeadlineKind

pytestmark = pytest.mark.django_db


def test_applicable_deadline_prefers_the_most_specific_one():
    event = EventFactory()
    track, paper = TrackFactory(event=event), SessionTypeFactory(event=event)
    everyone = DeadlineFactory(event=event, due=aware(2020, 9, 1))
    for_track = DeadlineFactory(event=event, track=track, due=aware(2020, 9, 5))
    for_type = DeadlineFactory(event=event, session_type=paper, due=aware(2020, 9, 10))
    both = DeadlineFactory(event=event, track=track, session_type=paper, due=aware(2020, 9, 15))
    deadlines = list(event.deadlines.all())

    def pick(**scope):
        return selectors.applicable_deadline(deadlines, DeadlineKind.CFP_CLOSES, **scope)

    assert pick() == everyone
    assert pick(track=track) == for_track
    assert pick(session_type=paper) == for_type
    assert pick(track=track, session_type=paper) == both
    assert pick(track=TrackFactory(event=event)) == everyone


def test_cfp_status_around_an_aoe_deadline():
    event = EventFactory()
    # Papers due Sep 15 AoE = 2020-09-16 11:59 UTC.
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_OPENS, due=aware(2020, 6, 1))
    closes = DeadlineFactory(event=event, time_zone=AOE, due=aware(2020, 9, 16, 11, 59))
    deadlines = list(event.deadlines.all())

    before = selectors.cfp_status(deadlines, aware(2020, 5, 31))
    during = selectors.cfp_status(deadlines, aware(2020, 9, 16, 11, 58))
    after = selectors.cfp_status(deadlines, aware(2020, 9, 16, 11, 59))

    assert before["state"] == "upcoming"
    assert (during["state"], during["deadline"]) == ("open", closes)
    assert (after["state"], after["deadline"]) == ("closed", closes)


def test_cfp_status_without_deadlines_is_none():
    assert selectors.cfp_status([], aware(2020, 1, 1)) == {"state": "none", "deadline": None}


def test_events_visible_to_hides_private_events_from_outsiders(django_user_model):
    public = EventFactory(is_public=True)
    private = EventFactory(is_public=False)
    member = MembershipFactory(event=private).user
    outsider = UserFactory()
    admin = django_user_model.objects.create_superuser("root@example.org", "pw")

    assert set(selectors.events_visible_to(outsider)) == {public}
    assert set(selectors.events_visible_to(member)) == {public, private}
    assert set(selectors.events_visible_to(admin)) == {public, private}


def test_track_chairs_maps_tracks_to_their_chairs():
    event = EventFactory()
    hpp, ml = TrackFactory(event=event), TrackFactory(event=event)
    chair = MembershipFactory(event=event, role="track_chair", tracks=[hpp]).user

    assert selectors.track_chairs(event) == {hpp.pk: [chair]}
    assert ml.pk not in selectors.track_chairs(event)
