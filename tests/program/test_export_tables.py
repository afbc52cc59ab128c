"""The organizers' exports page: the accepted sessions as CSV or JSON with chosen columns, the
tutorial stipend report, and who may open them."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from program.exporters.stipend import half_day_sessions, teaching_time
from program.services import publish_schedule
from submissions.enums import SubmissionState
from submissions.services.editing import set_submission_state
from tests.factories.program import RoomFactory, SessionSlotFactory, event_time
from tests.factories.submissions import SubmissionFactory
from tests.factories.tracks import EventFactory, MembershipFactory, SessionTypeFactory
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

from .test_export_feeds import TRICKY, build_program, move

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="scipy-2025", name="SciPy 2025", time_zone="America/Chicago")


@pytest.fixture
def organizer_client(client, event):
    client.force_login(MembershipFactory(event=event, role=CommitteeRole.ORGANIZER).user)
    return client


def _url(name, event):
    return reverse(f"program:{name}", kwargs={"event": event.slug})


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


# The page ------------------------------------------------------------------------------------


def test_exports_page_links_every_feed_and_offers_the_downloads(organizer_client, event):
    program = build_program(event, talks=1)
    track = program.sessions[0].submission.track

    response = organizer_client.get(_url("manage-exports", event))

    html = response.content.decode()
    assert response.status_code == 200
    for name in ("schedule-xml", "schedule-json", "schedule-ics"):
        assert f'href="{_url(name, event)}"' in html
    assert reverse("program:track-ics", kwargs={"event": event.slug, "track": track.slug}) in html
    assert f'action="{_url("export-sessions-csv", event)}"' in html
    assert f'formaction="{_url("export-sessions-json", event)}"' in html
    assert f'action="{_url("export-stipends-csv", event)}"' in html
    assert "version <strong>v1.0</strong>" in html
    assert "The feeds are public" in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_exports_page_says_feeds_are_organizers_only_before_publishing(organizer_client, event):
    build_program(event, talks=1, publish=False)

    html = organizer_client.get(_url("manage-exports", event)).content.decode()

    assert "Only organizers can open the feeds" in html
    assert "a version of the schedule is published" in html
    assert 'name="times" value="draft" id="sessions_times_0" required checked' in html
    assert 'name="times" value="draft" id="stipend_times_0" required checked' in html
    assert 'value="published"' not in html


@pytest.mark.parametrize("role", [CommitteeRole.TRACK_CHAIR, CommitteeRole.REVIEWER])
@pytest.mark.parametrize(
    "name", ["manage-exports", "export-sessions-csv", "export-sessions-json", "export-stipends-csv"]
)
def test_organizer_exports_are_404_for_other_committee_members(client, event, role, name):
    build_program(event, talks=1)
    client.force_login(MembershipFactory(event=event, role=role).user)

    response = client.get(_url(name, event), {"columns": ["id", "emails"], "times": "published"})

    assert response.status_code == 404


def test_organizer_exports_send_anonymous_visitors_to_sign_in(client, event):
    build_program(event, talks=1)

    response = client.get(_url("export-sessions-csv", event), {"columns": ["emails"]})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_organizers_of_another_event_get_404(client, event):
    build_program(event, talks=1)
    other = EventFactory()
    client.force_login(MembershipFactory(event=other, role=CommitteeRole.ORGANIZER).user)

    assert client.get(_url("manage-exports", event)).status_code == 404


# Sessions CSV and JSON -----------------------------------------------------------------------


def test_sessions_csv_has_the_chosen_columns_of_accepted_sessions(organizer_client, event):
    program = build_program(event, talks=2)
    waiting = SubmissionFactory(event=event, title="Accepted, not placed",
                                state=SubmissionState.ACCEPTED)  # fmt: skip
    talk = program.sessions[0]
    speaker = talk.submission.speakers.get().user

    response = organizer_client.get(
        _url("export-sessions-csv", event),
        {"columns": ["id", "title", "speakers", "emails", "start", "room", "version"],
         "times": "published"},
    )  # fmt: skip
    rows = _csv(response)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == ('attachment; filename="scipy-2025-sessions-v10.csv"')
    assert rows[0] == [
        "ID", "Title", "Speakers", "Speakers' emails", "Start (America/Chicago)", "Room",
        "Schedule version",
    ]  # fmt: skip
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id[str(talk.submission_id)] == [
        str(talk.submission_id), talk.submission.title, speaker.name, speaker.email, "09:00",
        "Ballroom A", "v1.0",
    ]  # fmt: skip
    assert by_id[str(waiting.pk)][4:] == ["", "", ""]
    assert rows[-1][0] == str(waiting.pk)  # unscheduled last
    titles = {row[1] for row in rows[1:]}
    assert "Rejected idea" not in titles
    assert "Withdrawn before publishing" not in titles
    assert {"Poster P2", "Poster P10", program.tutorial.submission.title} <= titles


def test_sessions_csv_cells_are_formula_safe(organizer_client, event):
    program = build_program(event, talks=1)
    submission = program.sessions[0].submission
    submission.title = '=HYPERLINK("http://evil")'
    submission.save()
    speaker = submission.speakers.get().user
    speaker.affiliation = "@SUM(A1)"
    speaker.save()

    rows = _csv(
        organizer_client.get(
            _url("export-sessions-csv", event),
            {"columns": ["id", "title", "affiliations"], "times": "published"},
        )
    )

    row = next(row for row in rows if row[0] == str(submission.pk))
    assert row[1:] == ['\'=HYPERLINK("http://evil")', "'@SUM(A1)"]


def test_sessions_json_round_trips_the_chosen_keys(organizer_client, event):
    program = build_program(event, talks=1)
    poster = program.posters[0]
    submission = program.sessions[0].submission
    submission.title = TRICKY
    submission.save()
    set_submission_state(submission=program.tutorial.submission, to=SubmissionState.WITHDRAWN)

    response = organizer_client.get(
        _url("export-sessions-json", event),
        {"columns": ["id", "title", "state", "speakers", "day", "start", "end", "board",
                     "poster_session"], "times": "published"},
    )  # fmt: skip
    rows = json.loads(response.content)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="scipy-2025-sessions-v10.json"'
    )
    assert all(
        list(row) == ["id", "title", "state", "speakers", "day", "start", "end", "board",
                      "poster_session"]
        for row in rows
    )  # fmt: skip
    by_id = {row["id"]: row for row in rows}
    assert by_id[submission.pk]["title"] == TRICKY
    assert by_id[submission.pk]["start"] == event_time(event, 0, 9).isoformat()
    assert by_id[submission.pk]["day"] == event.start_date.isoformat()
    assert by_id[poster.submission_id]["board"] == "P2"
    assert by_id[poster.submission_id]["poster_session"] == "Poster session"
    assert by_id[poster.submission_id]["start"] == event_time(event, 1, 13).isoformat()
    assert by_id[poster.submission_id]["speakers"] == [poster.submission.speakers.get().user.name]
    assert program.tutorial.submission_id not in by_id


def test_sessions_times_from_the_draft_or_the_published_version(organizer_client, event):
    program = build_program(event, talks=1)
    talk = program.sessions[0]
    move(talk, program.lab, event_time(event, 2, 11))
    query = {"columns": ["id", "start", "room", "version"]}

    published = organizer_client.get(
        _url("export-sessions-json", event), {**query, "times": "published"}
    )
    draft = organizer_client.get(_url("export-sessions-json", event), {**query, "times": "draft"})

    assert draft["Content-Disposition"] == 'attachment; filename="scipy-2025-sessions-draft.json"'
    row = lambda response: next(  # noqa: E731
        r for r in json.loads(response.content) if r["id"] == talk.submission_id
    )
    assert row(published) == {
        "id": talk.submission_id, "start": event_time(event, 0, 9).isoformat(),
        "room": "Ballroom A", "version": "v1.0",
    }  # fmt: skip
    assert row(draft) == {
        "id": talk.submission_id, "start": event_time(event, 2, 11).isoformat(),
        "room": "Room 104", "version": "draft",
    }  # fmt: skip


def test_sessions_download_without_columns_shows_the_error_on_the_page(organizer_client, event):
    build_program(event, talks=1)

    response = organizer_client.get(_url("export-sessions-csv", event), {"times": "published"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Choose at least one column." in response.content.decode()


def test_published_times_are_refused_when_nothing_is_published(organizer_client, event):
    build_program(event, talks=1, publish=False)

    response = organizer_client.get(
        _url("export-sessions-csv", event), {"columns": ["id"], "times": "published"}
    )

    assert response["Content-Type"].startswith("text/html")
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("talks", [2, 12])
def test_sessions_export_makes_a_constant_number_of_queries(
    organizer_client, event, talks, django_assert_max_num_queries
):
    build_program(event, talks=talks)
    columns = ["id", "title", "speakers", "emails", "start", "board", "expected_attendance"]

    with django_assert_max_num_queries(9):
        response = organizer_client.get(
            _url("export-sessions-csv", event), {"columns": columns, "times": "published"}
        )

    assert len(_csv(response)) == 1 + talks + 3


# Tutorial stipends ---------------------------------------------------------------------------


@pytest.fixture
def tutorials(event):
    """A morning tutorial (4 h), a full-day one (8 h) with two instructors, and one unscheduled."""
    room = RoomFactory(event=event, name="Room 105")
    kind = SessionTypeFactory(event=event, name="Tutorial", slug="tutorial", duration_minutes=240)
    morning = SessionSlotFactory(
        event=event, room=room, start=event_time(event, 0, 8), submission__session_type=kind,
        submission__title="Intro to NumPy",
    )  # fmt: skip
    second = UserFactory(name="Grace Hopper")
    full_day = SessionSlotFactory(
        event=event, room=room, start=event_time(event, 1, 8), end=event_time(event, 1, 17),
        submission__session_type=kind, submission__title="Dask all day",
        submission__speakers=[second],
    )  # fmt: skip
    unscheduled = SubmissionFactory(event=event, session_type=kind, title="Not placed",
                                    state=SubmissionState.CONFIRMED)  # fmt: skip
    SessionSlotFactory(event=event, room=room, start=event_time(event, 0, 13))  # a talk
    publish_schedule(event=event, name="v1.0", notify_speakers=False, by=None)
    return {"kind": kind, "morning": morning, "full_day": full_day, "unscheduled": unscheduled}


def _stipend_query(tutorials, **values) -> dict:
    defaults = {"rate": "1000", "currency": "USD", "half_day_hours": "4", "times": "published"}
    return {"session_types": [tutorials["kind"].pk], **defaults, **values}


def test_stipend_report_counts_half_days_per_tutorial_team(organizer_client, event, tutorials):
    response = organizer_client.get(
        _url("export-stipends-csv", event),
        _stipend_query(tutorials, rate="1000", currency="usd", times="published"),
    )  # fmt: skip
    rows = _csv(response)

    assert response["Content-Disposition"] == (
        'attachment; filename="scipy-2025-tutorial-stipends-v10.csv"'
    )
    header = rows[0]
    assert header[3:6] == ["Day (America/Chicago)", "Start (America/Chicago)",
                           "End (America/Chicago)"]  # fmt: skip
    by_title = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    morning = by_title["Intro to NumPy"]
    assert (morning["Start (America/Chicago)"], morning["End (America/Chicago)"]) == (
        "08:00",
        "12:00",
    )
    assert (morning["Teaching hours"], morning["Half-day sessions"], morning["Amount"]) == (
        "4.00",
        "1",
        "1000.00",
    )
    full_day = by_title["Dask all day"]
    assert (full_day["Teaching hours"], full_day["Half-day sessions"]) == ("8.00", "2")
    assert (full_day["Amount"], full_day["Currency"]) == ("2000.00", "USD")
    emails = tutorials["full_day"].submission.speakers.values_list("user__email", flat=True)
    assert full_day["Instructors' emails"] == "; ".join(emails)
    assert "Grace Hopper" in full_day["Instructors"]
    assert by_title["Not placed"]["Half-day sessions"] == "1"
    assert "counted from its type's length" in by_title["Not placed"]["Note"]
    assert by_title["Total"]["Amount"] == "4000.00"
    assert by_title["Total"]["Half-day sessions"] == "4"
    assert len(rows) == 1 + 3 + 1  # the talk is not a tutorial


def test_stipend_form_defaults_to_types_named_like_tutorials(organizer_client, event, tutorials):
    SessionTypeFactory(event=event, name="Talk", slug="talk")

    html = organizer_client.get(_url("manage-exports", event)).content.decode()

    checked = f'value="{tutorials["kind"].pk}"'
    tag = html[html.index(checked) - 120 : html.index(checked) + 80]
    assert "checked" in tag
    assert 'name="rate"' in html
    assert 'value="1000"' in html


@pytest.mark.parametrize(
    ("rate", "currency", "error"),
    [("-5", "USD", "greater than or equal to 0"), ("1000", "US$", "three-letter"),
     ("abc", "USD", "Enter a number")],
)  # fmt: skip
def test_stipend_report_refuses_bad_input_next_to_the_field(
    organizer_client, event, tutorials, rate, currency, error
):
    response = organizer_client.get(
        _url("export-stipends-csv", event),
        _stipend_query(tutorials, rate=rate, currency=currency, times="published"),
    )  # fmt: skip

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert error in response.content.decode()


def test_stipend_rate_is_configurable(organizer_client, event, tutorials):
    rows = _csv(
        organizer_client.get(
            _url("export-stipends-csv", event),
            _stipend_query(tutorials, rate="750.50", currency="EUR", times="draft"),
        )
    )  # fmt: skip

    assert rows[-1][-3:-1] == ["3002.00", "EUR"]


@pytest.mark.parametrize(
    ("start", "end", "half_days"),
    [((8, 0), (12, 0), 1), ((13, 30), (17, 30), 1), ((10, 0), (14, 0), 1),
     ((8, 0), (12, 30), 1), ((8, 0), (17, 0), 2), ((8, 0), (20, 0), 3), ((13, 0), (21, 0), 2),
     ((9, 0), (10, 0), 1), ((8, 0), (13, 1), 2), ((13, 0), (17, 1), 2)],
)  # fmt: skip
def test_half_day_sessions_of_a_tutorial_slot(event, start, end, half_days):
    begins, ends = event_time(event, 0, *start), event_time(event, 0, *end)

    assert half_day_sessions(teaching_time(begins, ends)) == half_days


def test_a_tutorial_over_two_days_leaves_out_both_lunches(event):
    length = teaching_time(event_time(event, 0, 8), event_time(event, 1, 17))

    assert (length, half_day_sessions(length)) == (timedelta(hours=31), 8)


def test_the_report_follows_the_draft_when_asked(organizer_client, event, tutorials):
    morning = tutorials["morning"]
    move(morning, morning.room, event_time(event, 0, 13), event_time(event, 0, 21))
    rows = _csv(
        organizer_client.get(
            _url("export-stipends-csv", event),
            _stipend_query(tutorials, rate="1000", currency="USD", times="draft"),
        )
    )  # fmt: skip

    row = next(row for row in rows if row[1] == "Intro to NumPy")
    assert (row[4], row[7], row[8], row[11]) == ("13:00", "8.00", "2", "2000.00")


def test_half_day_length_is_configurable(organizer_client, event, tutorials):
    morning = tutorials["morning"]
    move(morning, morning.room, event_time(event, 0, 13), event_time(event, 0, 17, 30))
    query = {"session_types": [tutorials["kind"].pk], "rate": "1000", "currency": "USD",
             "times": "draft"}  # fmt: skip

    four = _csv(
        organizer_client.get(_url("export-stipends-csv", event), {**query, "half_day_hours": "4"})
    )
    four_and_a_half = _csv(
        organizer_client.get(_url("export-stipends-csv", event), {**query, "half_day_hours": "4.5"})
    )

    half_days = lambda rows: next(row[8] for row in rows if row[1] == "Intro to NumPy")  # noqa: E731
    assert (half_days(four), half_days(four_and_a_half)) == ("2", "1")
