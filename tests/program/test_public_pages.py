"""The public program pages: the latest published version only, by day, as a grid and a list,
filtered on the server; sessions, speakers, posters and the changelog; what is never shown."""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.urls import reverse

from program.enums import SlotKind
from program.models import Slot
from program.services import publish_schedule, save_block
from submissions.enums import SubmissionState
from submissions.models import Submission
from tests.factories.program import AcceptedSubmissionFactory, RoomFactory, event_time
from tests.factories.tracks import EventFactory, SessionTypeFactory, TrackFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

# Start times of talks on each day (local hours, minutes): a break for everyone at 10:30.
TALK_TIMES = [(9, 0), (9, 30), (10, 0), (11, 0), (11, 30), (12, 0), (14, 0), (14, 30), (15, 0)]


@dataclass
class Program:
    """A published program (v1.0) and the sessions a test looks at."""

    event: object
    rooms: list
    tracks: list
    talks: list = field(default_factory=list)
    posters: list = field(default_factory=list)
    poster_session: object = None
    cancelled: object = None
    rejected: object = None
    withdrawn_before: object = None
    draft_only: object = None


def build_program(talks: int = 3, *, publish: bool = True, **event_fields) -> Program:
    """``talks`` talks over two rooms and as many days as needed, a break for all rooms, a
    poster session with two posters (P2, P10), then v1.0; afterwards one talk is withdrawn
    (cancelled), one reversed to rejected, and one more is placed in the draft only."""
    event = EventFactory(**{"name": "SciPy 2026", "slug": "scipy-2026", **event_fields})
    mail = f"@{event.slug}.example.org"  # the tests look for "example.org" on every page
    rooms = [RoomFactory(event=event, name="Ballroom", position=0),
             RoomFactory(event=event, name="Room 102", position=1)]  # fmt: skip
    tracks = [
        TrackFactory(event=event, name="Data Science", slug="data", position=0),
        TrackFactory(event=event, name="Machine Learning", slug="ml", position=1),
    ]
    talk_type = SessionTypeFactory(event=event, name="Talk", slug="talk", duration_minutes=25)
    poster_type = SessionTypeFactory(
        event=event, name="Poster", slug="poster", duration_minutes=None
    )
    program = Program(event=event, rooms=rooms, tracks=tracks)
    places = [(day, hour, minute, room) for day in range(3)
              for hour, minute in TALK_TIMES for room in rooms]  # fmt: skip
    for index in range(talks + 3):
        day, hour, minute, room = places[index]
        submission = AcceptedSubmissionFactory(
            event=event, track=tracks[index % 2], session_type=talk_type, title=f"Talk {index:02}",
            abstract=f"The **abstract** of talk {index}.",
            created_by=UserFactory(name=f"Speaker {index:02}", email=f"speaker{index}{mail}"),
        )  # fmt: skip
        _place(submission, room, event_time(event, day, hour, minute))
        program.talks.append(submission)
    for day in range(len({place[0] for place in places[: talks + 3]})):
        start = event_time(event, day, 10, 30)
        save_block(event=event, kind=SlotKind.BREAK, title="Coffee break", start=start,
                   end=start + timedelta(minutes=30))  # fmt: skip
    program.poster_session = save_block(
        event=event, kind=SlotKind.POSTER_SESSION, title="Evening posters", room=rooms[0],
        start=event_time(event, 0, 17), end=event_time(event, 0, 18, 30),
    )  # fmt: skip
    for board, title in (("P10", "Poster ten"), ("P2", "Poster two")):
        poster = AcceptedSubmissionFactory(
            event=event, track=tracks[1], session_type=poster_type, title=title,
            created_by=UserFactory(name=f"Presenter {board}", email=f"{board.lower()}{mail}"),
        )  # fmt: skip
        Slot.objects.create(event=event, submission=poster, parent=program.poster_session,
                            board=board)  # fmt: skip
        program.posters.append(poster)
    program.cancelled, program.rejected, program.withdrawn_before = program.talks[-3:]
    program.talks = program.talks[:-3]
    _set_state(program.withdrawn_before, SubmissionState.WITHDRAWN)
    if publish:
        publish_schedule(event=event, name="v1.0", comment="First *program*.",
                         notify_speakers=False, by=None)  # fmt: skip
        _set_state(program.cancelled, SubmissionState.WITHDRAWN)
        _set_state(program.rejected, SubmissionState.REJECTED)
    program.draft_only = AcceptedSubmissionFactory(
        event=event, track=tracks[0], session_type=talk_type, title="Draft-only talk",
        created_by=UserFactory(name="Drafty Speaker", email=f"drafty{mail}"),
    )  # fmt: skip
    _place(program.draft_only, rooms[1], event_time(event, 0, 16))
    return program


def _place(submission, room, start) -> Slot:
    """The draft slot the schedule editor makes (the editor's services are tested on their own)."""
    end = start + timedelta(minutes=submission.session_type.duration_minutes)
    Slot.objects.filter(version=None, submission=submission).delete()
    return Slot.objects.create(
        event=submission.event, submission=submission, room=room, start=start, end=end
    )


def _set_state(submission, state) -> None:
    Submission.objects.filter(pk=submission.pk).update(state=state)
    submission.state = state


def url(name: str, program: Program, *args) -> str:
    return reverse(f"program:{name}", args=[program.event.slug, *args])


def page(client, name: str, program: Program, *args, **query) -> str:
    response = client.get(url(name, program, *args), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def program():
    return build_program()


# The program page ---------------------------------------------------------------------------


def test_the_program_shows_the_days_sessions_in_the_events_zone(client, program):
    html = page(client, "index", program, view="list")

    first = event_time(program.event, 0, 9).isoformat()
    assert "Talk 00" in html
    assert "Talk 01" in html
    assert "Talk 02" in html
    assert f'<time datetime="{first}">09:00</time>' in html
    assert first.endswith(("-05:00", "-06:00"))  # America/Chicago
    assert "Times in America/Chicago" in html
    assert "Speaker 00" in html
    assert "local_time.js" in html


def test_the_grid_has_rooms_as_columns_and_a_break_across_all_rooms(client, program):
    html = page(client, "index", program, view="grid")

    assert 'class="grid-room-name">Ballroom<' in html
    assert 'class="grid-room-name">Room 102<' in html
    assert "grid-column: 2 / -1" in html  # the coffee break
    assert "Coffee break" in html
    assert "grid-column: 3" in html  # a talk in Room 102
    assert 'class="program-list-view"' not in html


def test_without_a_choice_both_layouts_are_sent_and_css_picks(client, program):
    html = page(client, "index", program)

    assert 'class="program-views view-auto"' in html
    assert 'class="program-grid-view"' in html
    assert 'class="program-list-view"' in html


def test_the_day_tabs_pick_a_day_and_keep_the_layout(client):
    program = build_program(talks=20)
    second = program.event.start_date + timedelta(days=1)

    first_day = page(client, "index", program, view="list")
    second_day = page(client, "index", program, view="list", day=second.isoformat())
    all_days = page(client, "index", program, view="list", day="all")

    assert "Talk 00" in first_day
    assert "Talk 19" not in first_day
    assert "Talk 19" in second_day
    assert "Talk 00" not in second_day
    assert "Talk 00" in all_days
    assert "Talk 19" in all_days
    assert f"?view=list&amp;day={second.isoformat()}" in first_day


def test_filters_by_track_and_type_on_the_server(client, program):
    data = page(client, "index", program, view="list", track="data")
    posters = page(client, "index", program, view="list", type="poster")

    assert ("Talk 00" in data, "Talk 01" in data, "Poster two" in data) == (True, False, False)
    assert "Coffee break" not in data
    assert ("Talk 00" in posters, "Poster two" in posters, "Evening posters" in posters) == (
        False, True, True,
    )  # fmt: skip
    assert "<strong>2 sessions</strong> match" in posters


def test_search_finds_titles_speakers_and_boards(client, program):
    by_speaker = page(client, "index", program, view="list", q="speaker 01")
    by_board = page(client, "index", program, view="list", q="p10")
    nothing = page(client, "index", program, view="list", q="quantum knitting")

    assert "Talk 01" in by_speaker
    assert "Talk 00" not in by_speaker
    assert "Poster ten" in by_board
    assert "Poster two" not in by_board
    assert "Nothing matches" in nothing
    assert 'value="quantum knitting"' in nothing


def test_filtering_opens_the_first_day_with_matches(client):
    program = build_program(talks=20)

    html = page(client, "index", program, view="list", q="Talk 19")

    assert "Talk 19" in html
    assert '<span class="day-tab-count">0<' in html
    assert '<span class="day-tab-count">1<' in html


def test_a_cancelled_session_is_marked_and_struck_through(client, program):
    html = page(client, "index", program, view="list")
    session = page(client, "session", program, program.cancelled.pk)

    title = program.cancelled.title
    assert f"<s>{title}</s>" in html
    assert 'class="badge cancelled-badge">Cancelled<' in html
    assert f"<s>{title}</s>" in session
    assert "This session will not take place" in session
    assert "Add to calendar" not in session


def test_a_poster_session_lists_its_posters_by_board(client, program):
    html = page(client, "index", program, view="list")

    assert "Evening posters" in html
    assert html.index("Poster two") < html.index("Poster ten")  # P2 before P10
    assert '<span class="visually-hidden">Board </span>P2<' in html


def test_the_program_links_pages_and_exports(client, program):
    html = page(client, "index", program)

    for name in ("speakers", "posters", "changelog", "schedule-ics", "schedule-xml",
                 "schedule-json"):  # fmt: skip
        assert f'href="{url(name, program)}"' in html
    assert f'href="{url("session", program, program.talks[0].pk)}"' in html


def test_schedule_redirects_to_the_program(client, program):
    response = client.get(f"/{program.event.slug}/schedule/")

    assert response.status_code == 302
    assert response["Location"] == url("index", program)


# A session ----------------------------------------------------------------------------------


def test_a_session_page_shows_abstract_speakers_bios_orcid_room_and_time(client, program):
    from submissions.models import SpeakerProfile

    talk = program.talks[1]
    speaker = talk.created_by
    speaker.orcid, speaker.bio = "0000-0002-1825-0097", "Profile bio."
    speaker.save()
    SpeakerProfile.objects.create(event=program.event, user=speaker, bio="Bio for *SciPy*.")

    html = page(client, "session", program, talk.pk)

    assert "<h1" in html
    assert "Talk 01" in html
    assert "The <strong>abstract</strong> of talk 1." in html
    assert "Bio for <em>SciPy</em>." in html
    assert "Profile bio." not in html
    assert 'href="https://orcid.org/0000-0002-1825-0097"' in html
    assert speaker.affiliation in html
    assert "Room 102" in html
    assert f'<time datetime="{event_time(program.event, 0, 9).isoformat()}">09:00</time>' in html
    assert "Machine Learning" in html
    assert ">Talk<" in html
    assert f'href="{url("session-ics", program, talk.pk)}"' in html
    assert f'href="{url("speaker", program, speaker.pk)}"' in html


def test_a_session_page_falls_back_to_the_profile_bio(client, program):
    talk = program.talks[0]
    talk.created_by.bio = "Profile bio."
    talk.created_by.save()

    html = page(client, "session", program, talk.pk)

    assert "Profile bio." in html


def test_a_posters_page_names_its_poster_session_and_board(client, program):
    html = page(client, "session", program, program.posters[0].pk)

    assert "Evening posters" in html
    assert "Board P10" in html
    assert "Ballroom" in html
    assert f'<time datetime="{event_time(program.event, 0, 17).isoformat()}">17:00</time>' in html


@pytest.mark.parametrize("which", ["rejected", "withdrawn_before", "draft_only"])
def test_a_session_not_in_the_published_program_is_404(client, program, which):
    submission = getattr(program, which)

    assert client.get(url("session", program, submission.pk)).status_code == 404


def test_a_session_of_another_event_or_none_at_all_is_404(client, program):
    other = build_program(slug="other-2026", name="Other 2026")

    assert client.get(url("session", program, other.talks[0].pk)).status_code == 404
    assert client.get(url("session", program, 999_999)).status_code == 404


def test_a_session_shows_its_public_materials_only(client, program):
    from submissions.enums import DeliverableFormat
    from tests.factories.deliverables import DeliverableFactory, DeliverableRequirementFactory

    talk = program.talks[0]
    slides = DeliverableRequirementFactory(
        session_type=talk.session_type, title="Slides", format=DeliverableFormat.LINK,
        is_public=True,
    )  # fmt: skip
    notes = DeliverableRequirementFactory(
        session_type=talk.session_type, title="Private notes", format=DeliverableFormat.LINK
    )
    DeliverableFactory(submission=talk, requirement=slides, link="https://slides.example.org/x")
    DeliverableFactory(submission=talk, requirement=notes, link="https://secret.example.org/y")

    html = page(client, "session", program, talk.pk)

    assert 'href="https://slides.example.org/x"' in html
    assert ">Slides<" in html
    assert "secret.example.org" not in html
    assert "Private notes" not in html


def test_a_public_material_file_downloads_and_a_private_one_does_not(
    client, program, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from tests.factories.deliverables import DeliverableFactory, DeliverableRequirementFactory

    settings.MEDIA_ROOT = tmp_path
    talk = program.talks[0]
    public = DeliverableRequirementFactory(
        session_type=talk.session_type, title="Slides", is_public=True
    )
    private = DeliverableRequirementFactory(session_type=talk.session_type, title="Draft")
    for requirement in (public, private):
        deliverable = DeliverableFactory(submission=talk, requirement=requirement, link="")
        deliverable.file.save("slides.pdf", ContentFile(b"%PDF-1.4 slides"))

    html = page(client, "session", program, talk.pk)
    ok = client.get(url("session-material", program, talk.pk, public.pk))
    denied = client.get(url("session-material", program, talk.pk, private.pk))
    hidden = client.get(url("session-material", program, program.rejected.pk, public.pk))

    assert f'href="{url("session-material", program, talk.pk, public.pk)}"' in html
    assert ok.status_code == 200
    assert b"".join(ok.streaming_content) == b"%PDF-1.4 slides"
    assert ok["Content-Type"] == "application/pdf"
    assert (denied.status_code, hidden.status_code) == (404, 404)


# Speakers, posters, changelog ---------------------------------------------------------------


def test_the_speakers_are_listed_alphabetically_with_their_sessions(client, program):
    html = page(client, "speakers", program)

    names = ["Presenter P10", "Presenter P2", "Speaker 00", "Speaker 01", "Speaker 02"]
    positions = [html.index(name) for name in names]
    assert positions == sorted(positions)
    assert "Talk 00" in html
    assert f'href="{url("speaker", program, program.talks[0].created_by.pk)}"' in html


def test_a_speaker_page_shows_bio_affiliation_orcid_and_sessions(client, program):
    speaker = program.talks[0].created_by
    speaker.orcid, speaker.bio = "0000-0002-1825-0097", "I *build* things."
    speaker.save()

    html = page(client, "speaker", program, speaker.pk)

    assert "Speaker 00" in html
    assert speaker.affiliation in html
    assert "I <em>build</em> things." in html
    assert 'href="https://orcid.org/0000-0002-1825-0097"' in html
    assert "Talk 00" in html
    assert "Ballroom" in html


def test_a_speaker_of_a_cancelled_session_is_still_listed(client, program):
    html = page(client, "speaker", program, program.cancelled.created_by.pk)

    assert f"<s>{program.cancelled.title}</s>" in html


@pytest.mark.parametrize("which", ["rejected", "withdrawn_before", "draft_only"])
def test_a_speaker_without_a_visible_session_is_404(client, program, which):
    user = getattr(program, which).created_by

    assert client.get(url("speaker", program, user.pk)).status_code == 404


def test_a_user_who_speaks_nowhere_is_404(client, program):
    assert client.get(url("speaker", program, UserFactory().pk)).status_code == 404


def test_the_posters_page_lists_posters_by_session_and_board(client, program):
    html = page(client, "posters", program)

    assert "Evening posters" in html
    assert "2 posters in 1 poster session" in html
    assert html.index(">P2<") < html.index(">P10<")
    assert html.index("Poster two") < html.index("Poster ten")
    assert "Presenter P2" in html


def test_the_changelog_lists_versions_newest_first_with_their_changes(client, program):
    event = program.event
    _place(program.talks[0], program.rooms[1], event_time(event, 0, 12))
    publish_schedule(event=event, name="v1.1", comment="Talk 00 *moved*.", notify_speakers=False,
                     by=None)  # fmt: skip

    html = page(client, "changelog", program)

    assert html.index("v1.1") < html.index("v1.0")
    assert "Talk 00 <em>moved</em>." in html
    assert "First <em>program</em>." in html
    v11 = html[html.index("v1.1") : html.index("v1.0")]
    assert "Moved" in v11
    assert "Talk 00" in v11
    assert "Draft-only talk" in v11
    assert "Cancelled" in v11
    assert program.cancelled.title in v11
    day = event_time(program.event, 0, 12).strftime("%a, %b %-d")
    assert f"{day}, 09:00–09:25, Ballroom" in v11
    assert f"{day}, 12:00–12:25, Room 102" in v11


def test_the_changelog_hides_sessions_that_are_no_longer_public(client, program):
    html = page(client, "changelog", program)

    assert program.talks[0].title in html  # added in v1.0
    assert program.rejected.title not in html
    assert program.withdrawn_before.title not in html


# Who sees what ------------------------------------------------------------------------------

PAGES = ["index", "speakers", "posters", "changelog"]


def _all_pages(client, program) -> dict[str, str]:
    pages = {name: page(client, name, program) for name in PAGES}
    pages["list"] = page(client, "index", program, view="list", day="all")
    pages["grid"] = page(client, "index", program, view="grid")
    pages["session"] = page(client, "session", program, program.talks[0].pk)
    pages["poster"] = page(client, "session", program, program.posters[0].pk)
    pages["cancelled"] = page(client, "session", program, program.cancelled.pk)
    pages["speaker"] = page(client, "speaker", program, program.talks[0].created_by.pk)
    return pages


def test_no_page_shows_emails_notes_or_unpublished_sessions(client, program):
    for submission in Submission.objects.filter(event=program.event):
        submission.notes = "Committee note: secret"
        submission.save()

    for name, html in _all_pages(client, program).items():
        assert "example.org" not in html, name
        assert "Committee note" not in html, name
        for hidden in (program.rejected, program.withdrawn_before, program.draft_only):
            assert hidden.title not in html, (name, hidden.title)
            assert hidden.created_by.public_name not in html, (name, hidden.title)


def test_titles_are_escaped_everywhere(client, program):
    Submission.objects.filter(pk=program.talks[0].pk).update(title="<script>alert(1)</script>")

    for name, html in _all_pages(client, program).items():
        assert "<script>alert(1)</script>" not in html, name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page(client, "index", program)


def test_markdown_is_sanitized(client, program):
    Submission.objects.filter(pk=program.talks[0].pk).update(
        abstract='<img src=x onerror="alert(1)"> [x](javascript:alert(1))'
    )

    html = page(client, "session", program, program.talks[0].pk)

    assert "<img" not in html.split("Abstract")[1].split("</section>")[0]
    assert "onerror=" not in html
    assert 'href="javascript:' not in html


def _every_url(program) -> list[str]:
    return [
        *(url(name, program) for name in PAGES),
        url("session", program, program.talks[0].pk),
        url("speaker", program, program.talks[0].created_by.pk),
    ]


def test_a_hidden_event_has_no_public_program(client, program):
    program.event.is_public = False
    program.event.save()

    for address in _every_url(program):
        assert client.get(address).status_code == 404, address


def test_nothing_published_means_404_for_visitors_and_reviewers(client):
    from tests.factories.tracks import MembershipFactory

    program = build_program(publish=False)
    reviewer = MembershipFactory(event=program.event, role="reviewer").user

    for address in _every_url(program):
        assert client.get(address).status_code == 404, address
    client.force_login(reviewer)
    for address in _every_url(program):
        assert client.get(address).status_code == 404, address


@pytest.mark.parametrize("role", ["organizer", "track_chair"])
def test_organizers_and_track_chairs_preview_the_draft_before_publishing(client, role):
    from tests.factories.tracks import MembershipFactory

    program = build_program(publish=False)
    client.force_login(MembershipFactory(event=program.event, role=role).user)

    html = page(client, "index", program, view="list")
    session = page(client, "session", program, program.draft_only.pk)

    assert "Preview: not published yet" in html
    assert "Preview: not published yet" in session
    assert "Draft-only talk" in html
    assert "Talk 00" in html
    assert program.withdrawn_before.title not in html  # publishing would leave it out
    assert '<meta name="robots" content="noindex">' in html
    for address in _every_url(program):
        assert client.get(address).status_code == 200, address


def test_once_published_organizers_see_the_published_version_not_the_draft(client, program):
    from tests.factories.tracks import MembershipFactory

    client.force_login(MembershipFactory(event=program.event, role="organizer").user)

    html = page(client, "index", program, view="list")

    assert "Preview" not in html
    assert "Draft-only talk" not in html


def test_organizers_of_a_hidden_event_see_its_published_program(client, program):
    from tests.factories.tracks import MembershipFactory

    program.event.is_public = False
    program.event.save()
    client.force_login(MembershipFactory(event=program.event, role="organizer").user)

    html = page(client, "index", program, view="list")

    assert "Only the committee sees this program" in html
    assert "Talk 00" in html


# Speed --------------------------------------------------------------------------------------


def _queries(client, address, django_assert_max_num_queries, limit=12) -> int:
    client.get(address)  # warm caches (sessions, Markdown)
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(address).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "name",
    ["index", "index-list", "index-grid", "speakers", "posters", "changelog", "session", "speaker"],
)
def test_each_page_makes_as_many_queries_for_30_sessions_as_for_3(
    client, django_assert_max_num_queries, name
):
    counts = []
    for size, slug in ((3, "small-2026"), (30, "large-2026")):
        program = build_program(talks=size, slug=slug)
        address = {
            "index-list": url("index", program) + "?view=list&day=all",
            "index-grid": url("index", program) + "?view=grid",
            "session": url("session", program, program.talks[0].pk),
            "speaker": url("speaker", program, program.talks[0].created_by.pk),
        }.get(name) or url(name, program)
        counts.append(_queries(client, address, django_assert_max_num_queries))

    assert counts[0] == counts[1]
