from datetime import date

import pytest
from django.urls import reverse

from tests.factories.tracks import (
    DeadlineFactory,
    EventFactory,
    MembershipFactory,
    SessionTypeFactory,
    TrackFactory,
    aware,
)
from tests.factories.users import UserFactory
from tracks.enums import AOE, CommitteeRole, DeadlineKind
from tracks.services import change_deadline

pytestmark = pytest.mark.django_db


def _event_with_everything(**fields):
    event = EventFactory(**fields)
    track = TrackFactory(event=event)
    SessionTypeFactory(event=event)
    DeadlineFactory(event=event)
    MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[track])
    return event


def test_home_lists_public_events_with_open_calls_first(client):
    open_event = EventFactory(name="Open Conf")
    DeadlineFactory(event=open_event)
    closed = EventFactory(name="Closed Conf")
    DeadlineFactory(event=closed, due=aware(2020, 1, 1))
    EventFactory(name="Secret Conf", is_public=False)

    html = client.get("/").content.decode()

    assert html.index("Open Conf") < html.index("Closed Conf")
    assert "CfP open" in html
    assert "CfP closed" in html
    assert "Secret Conf" not in html


def test_home_uses_a_constant_number_of_queries(client, django_assert_max_num_queries):
    _event_with_everything()
    client.get("/")  # warm-up: sessions, site
    with django_assert_max_num_queries(6) as few:
        client.get("/")
    for _ in range(5):
        _event_with_everything()

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/")

    assert response.status_code == 200


def test_event_page_shows_tracks_types_dates_and_organizers(client):
    event = EventFactory(name="DLonSC", description="Papers **welcome**.")
    track = TrackFactory(event=event, name="High Performance Python")
    SessionTypeFactory(event=event, name="Workshop paper", min_pages=6, max_pages=8)
    chair = MembershipFactory(
        event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[track], user__name="Laurie Stephey"
    )
    MembershipFactory(event=event, role=CommitteeRole.ORGANIZER, title="co-chair")

    html = client.get(reverse("tracks:event", args=[event.slug])).content.decode()

    assert "Papers <strong>welcome</strong>." in html
    assert "High Performance Python" in html
    assert "6–8 pages" in html
    assert chair.user.name in html
    assert "co-chair" in html


def test_event_page_shows_extension_history_struck_through(client):
    event = EventFactory(time_zone="America/New_York")
    deadline = DeadlineFactory(
        event=event, label="Papers due", time_zone=AOE, due=aware(2020, 9, 2, 11, 59)
    )
    change_deadline(deadline=deadline, due=aware(2020, 9, 16, 11, 59))

    html = client.get(reverse("tracks:event", args=[event.slug])).content.decode()

    assert (
        '<del class="deadline-previous" title="Extended from this date">Sep 1, 2020</del>' in html
    )
    assert "Tue, Sep 15, 2020" in html
    assert ">AoE</abbr>" in html
    assert 'data-countdown="2020-09-16T11:59:00+00:00"' in html


def test_event_page_says_when_the_call_is_open(client):
    event = EventFactory()
    DeadlineFactory(event=event, kind=DeadlineKind.CFP_CLOSES)

    html = client.get(reverse("tracks:event", args=[event.slug])).content.decode()

    assert "The call for proposals is open." in html


def test_event_page_sanitizes_the_description(client):
    event = EventFactory(description="Hi <script>alert(1)</script> [x](javascript:alert(2))")

    html = client.get(reverse("tracks:event", args=[event.slug])).content.decode()

    assert "<script>alert(1)" not in html
    assert 'href="javascript' not in html  # CommonMark leaves such a link as plain text


def test_private_event_is_404_for_outsiders_and_shown_to_its_committee(client):
    event = EventFactory(is_public=False)
    url = reverse("tracks:event", args=[event.slug])
    reviewer = MembershipFactory(event=event).user

    anonymous = client.get(url)
    client.force_login(UserFactory())
    outsider = client.get(url)
    client.force_login(reviewer)
    member = client.get(url)

    assert (anonymous.status_code, outsider.status_code, member.status_code) == (404, 404, 200)


def test_unknown_event_is_404(client):
    assert client.get("/no-such-event/").status_code == 404


def test_event_page_uses_a_constant_number_of_queries(client, django_assert_max_num_queries):
    event = _event_with_everything()
    url = reverse("tracks:event", args=[event.slug])
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(5):
        track = TrackFactory(event=event)
        SessionTypeFactory(event=event)
        change_deadline(deadline=DeadlineFactory(event=event), due=aware(2030, 1, 1))
        MembershipFactory(event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[track])

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)

    assert response.status_code == 200


def test_committee_page_lists_chairs_then_members_with_affiliations(client):
    event = EventFactory()
    MembershipFactory(
        event=event, role=CommitteeRole.ORGANIZER, title="co-chair",
        user__name="Valeriu Codreanu", user__affiliation="SURFsara", user__country="Netherlands",
    )  # fmt: skip
    MembershipFactory(event=event, role=CommitteeRole.REVIEWER, user__name="Torsten Hoefler")
    MembershipFactory(event=event, role=CommitteeRole.REVIEWER, is_public=False, user__name="Anon")

    html = client.get(reverse("tracks:committee", args=[event.slug])).content.decode()

    assert html.index("Valeriu Codreanu") < html.index("Program committee")
    assert html.index("Program committee") < html.index("Torsten Hoefler")
    assert "SURFsara, Netherlands" in html
    assert "Anon" not in html


def test_committee_page_uses_a_constant_number_of_queries(client, django_assert_max_num_queries):
    event = EventFactory()
    MembershipFactory(event=event)
    url = reverse("tracks:committee", args=[event.slug])
    client.get(url)
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    for _ in range(10):
        MembershipFactory(event=event, tracks=[TrackFactory(event=event)])

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)

    assert response.status_code == 200


def test_navigation_shows_each_committee_role(client):
    event = EventFactory(name="SciPy 2025")
    user = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user
    MembershipFactory(event=event, user=user, role=CommitteeRole.REVIEWER)
    MembershipFactory(event=event, user=user, role=CommitteeRole.TRACK_CHAIR)
    MembershipFactory(event=event, user=user, role=CommitteeRole.PROCEEDINGS_CHAIR)
    client.force_login(user)

    html = client.get("/").content.decode()

    menu = html[html.index("My committees") : html.index("</ul>", html.index("My committees"))]
    assert f'href="/{event.slug}/manage/"' in menu  # organizers go to the event's settings
    assert f'href="/{event.slug}/review/"' in menu  # reviewers to their committee home
    assert f'href="/{event.slug}/manage/assignments/"' in menu  # track chairs to assignments
    assert f'href="/{event.slug}/manage/proceedings/"' in menu  # proceedings chairs to the volume
    assert "Camera-ready papers and the volume" in menu
    assert ">Organizer</span>" in menu
    assert ">Reviewer</span>" in menu
    assert ">Track chair</span>" in menu


def test_organizer_sees_the_organizer_note_on_their_event(client):
    event = EventFactory()
    organizer = MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user
    client.force_login(organizer)

    html = client.get(reverse("tracks:event", args=[event.slug])).content.decode()

    assert "You organize this event." in html
    assert f'href="/{event.slug}/manage/dates/"' in html


def test_home_separates_upcoming_from_past_events(client):
    EventFactory(name="Next Year Conf")  # starts in 120 days; its call has no deadline
    EventFactory(name="Old Conf", start_date=date(2020, 7, 6), end_date=date(2020, 7, 12))

    html = client.get("/").content.decode()

    assert html.index("Upcoming events") < html.index("Next Year Conf")
    assert html.index("Next Year Conf") < html.index("Past events") < html.index("Old Conf")


def test_public_pages_never_show_a_members_email(client):
    event = EventFactory()
    track = TrackFactory(event=event)
    MembershipFactory(
        event=event, role=CommitteeRole.TRACK_CHAIR, tracks=[track],
        user__name="", user__email="hidden.chair@example.org",
    )  # fmt: skip

    pages = [
        reverse("tracks:event", args=[event.slug]),
        reverse("tracks:committee", args=[event.slug]),
    ]
    html = "".join(client.get(url).content.decode() for url in pages)

    assert "hidden.chair" not in html
    assert "Unnamed member" in html


def test_unknown_page_uses_the_sites_404_page(client):
    response = client.get("/no-such-event/committee/")

    assert response.status_code == 404
    assert "This page does not exist" in response.content.decode()
