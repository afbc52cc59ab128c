import pytest

from tests.factories.tracks import DeadlineFactory, EventFactory, TrackFactory, aware
from tests.factories.users import UserFactory
from tracks.enums import AOE, DeadlineKind
from tracks.forms import DeadlineForm, MembershipForm

pytestmark = pytest.mark.django_db


def _data(event, **overrides):
    return {
        "event": event.pk,
        "kind": DeadlineKind.CFP_CLOSES,
        "label": "Papers due",
        "due_date": "2020-09-15",
        "due_time": "23:59",
        "time_zone": "",
        "date_only": "on",
        **overrides,
    }


def test_deadline_form_stores_an_aoe_deadline_in_utc():
    event = EventFactory(time_zone="America/New_York")

    form = DeadlineForm(data=_data(event, time_zone=AOE))
    deadline = form.save()

    assert form.errors == {}
    assert deadline.due == aware(2020, 9, 16, 11, 59)


def test_deadline_form_uses_the_events_zone_when_none_is_given():
    event = EventFactory(time_zone="America/Chicago")

    deadline = DeadlineForm(data=_data(event, due_date="2020-02-15")).save()

    assert deadline.due == aware(2020, 2, 16, 5, 59)


def test_deadline_form_shows_the_stored_deadline_in_its_own_zone():
    deadline = DeadlineFactory(time_zone=AOE, due=aware(2020, 9, 16, 11, 59))

    form = DeadlineForm(instance=deadline)

    assert str(form.initial["due_date"]) == "2020-09-15"
    assert form.initial["due_time"].strftime("%H:%M") == "23:59"


def test_deadline_form_extension_is_recorded_in_history():
    deadline = DeadlineFactory(time_zone=AOE, due=aware(2020, 9, 2, 11, 59))

    form = DeadlineForm(instance=deadline, data=_data(deadline.event, time_zone=AOE))
    form.save()

    deadline.refresh_from_db()
    assert deadline.due == aware(2020, 9, 16, 11, 59)
    assert deadline.changes.get().previous_due == aware(2020, 9, 2, 11, 59)


def test_deadline_form_refuses_a_track_of_another_event():
    event = EventFactory()

    form = DeadlineForm(data=_data(event, track=TrackFactory().pk))

    assert not form.is_valid()
    assert form.errors["track"] == [
        f"Choose a track of {event}; this one belongs to another event."
    ]


def test_deadline_form_requires_a_date():
    form = DeadlineForm(data=_data(EventFactory(), due_date=""))

    assert not form.is_valid()
    assert "due_date" in form.errors


def _membership_data(event, user, **overrides):
    return {"event": event.pk, "user": user.pk, "role": "reviewer", "is_public": "on",
            "position": 1, **overrides}  # fmt: skip


def test_membership_form_refuses_tracks_of_another_event():
    event = EventFactory()

    form = MembershipForm(data=_membership_data(event, UserFactory(), tracks=[TrackFactory().pk]))

    assert not form.is_valid()
    assert "belongs to another event" in form.errors["tracks"][0]


def test_membership_form_refuses_to_list_a_nameless_person_publicly():
    event = EventFactory()
    nameless = UserFactory(name="")

    public = MembershipForm(data=_membership_data(event, nameless))
    unlisted = MembershipForm(data=_membership_data(event, nameless, is_public=""))

    assert public.errors["is_public"] == [
        "Add a name to this person's profile before listing them publicly."
    ]
    assert unlisted.is_valid()
