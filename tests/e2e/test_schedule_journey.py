"""An organizer builds the program: rooms, sessions and a poster session dragged onto the grid, a
poster on a board, a speaker clash seen and fixed, v1.0 published, a session moved, v1.1
published with the move in its changelog. And the same placing by keyboard, without JavaScript."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from program.enums import SlotKind
from program.models import ScheduleVersion, Slot
from tests.e2e.browser import sign_in
from tests.factories.program import AcceptedSubmissionFactory, RoomFactory, event_time
from tests.factories.tracks import EventFactory, MembershipFactory, SessionTypeFactory, TrackFactory
from tests.factories.users import PASSWORD, UserFactory
from tracks.enums import CommitteeRole

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
WIDE = {"width": 1400, "height": 1000}
TALL = {"width": 1400, "height": 2000}  # the whole day in view: drag_to cannot scroll mid-drag


def _event():
    event = EventFactory(name="SciPy 2027", slug="scipy-2027", start_date=date(2027, 7, 12),
                         end_date=date(2027, 7, 14))  # fmt: skip
    hpc = TrackFactory(event=event, name="HPC", position=0)
    data = TrackFactory(event=event, name="Data", position=1)
    talk = SessionTypeFactory(event=event, name="Talk", duration_minutes=25)
    poster = SessionTypeFactory(event=event, name="Poster", duration_minutes=None)
    organizer = MembershipFactory(
        event=event, role=CommitteeRole.ORGANIZER, user=UserFactory(name="Olga Organizer")
    ).user
    ada = UserFactory(name="Ada Lovelace")
    sessions = {
        "numba": AcceptedSubmissionFactory(event=event, track=hpc, session_type=talk,
                                           title="Numba on GPUs", created_by=ada),
        "dask": AcceptedSubmissionFactory(event=event, track=data, session_type=talk,
                                          title="Dask at scale", speakers=[ada],
                                          created_by=UserFactory(name="Grace Hopper")),
        "arrow": AcceptedSubmissionFactory(event=event, track=data, session_type=talk,
                                           title="Arrow everywhere",
                                           created_by=UserFactory(name="Wes Kim")),
        "sparse": AcceptedSubmissionFactory(event=event, track=hpc, session_type=poster,
                                            title="Sparse solvers on exascale",
                                            created_by=UserFactory(name="Lin Zhou")),
    }  # fmt: skip
    return event, organizer, sessions


def drag(page, source, room, start: str):
    cell = page.locator(f'.grid-cell[data-room="{room.pk}"][data-start="{start}"]')
    source.drag_to(cell)


def test_organizer_drags_sessions_fixes_a_clash_and_publishes_two_versions(
    live_server, page, artifacts_dir
):
    event, organizer, sessions = _event()
    page.set_viewport_size(TALL)
    sign_in(page, live_server, organizer.email)

    # Rooms.
    page.goto(f"{live_server.url}/{event.slug}/manage/rooms/")
    for name, seats, position in (("Ballroom A", "300", "0"), ("Room 102", "80", "1")):
        form = page.locator("form", has=page.get_by_role("heading", name="Add a room"))
        form.get_by_label("Name").fill(name)
        form.get_by_label("Capacity").fill(seats)
        form.get_by_label("Opens at").fill("08:30")
        form.get_by_label("Closes at").fill("18:00")
        form.get_by_label("Column").fill(position)
        form.get_by_role("button", name="Add room").click()
        expect(page.get_by_role("status").first).to_contain_text(f"{name} is added.")
    page.screenshot(path=artifacts_dir / "schedule-rooms.png", full_page=True)
    ballroom, room102 = event.rooms.order_by("position")

    # A poster session block, then the editor.
    page.get_by_role("link", name="Schedule", exact=True).click()
    page.get_by_role("link", name="Block").click()
    page.get_by_label("Kind").select_option("poster_session")
    page.get_by_label("Title").fill("Poster session I")
    page.get_by_label("Room").select_option(label="Room 102")
    page.get_by_label("Starts at").fill("16:00")
    page.get_by_label("Ends at").fill("17:30")
    page.get_by_role("button", name="Add block").click()
    expect(page.get_by_role("status").first).to_contain_text("“Poster session I” is in Room 102")
    poster_session = Slot.objects.get(kind=SlotKind.POSTER_SESSION)

    editor = page.locator("#schedule-editor")
    card = lambda title: editor.locator(".slot-card", has_text=title)  # noqa: E731
    unscheduled = lambda key: editor.locator(f'[data-submission="{sessions[key].pk}"]')  # noqa: E731
    drag(page, unscheduled("numba"), ballroom, "09:00")
    expect(card("Numba on GPUs")).to_contain_text("09:00–09:25")
    drag(page, unscheduled("dask"), room102, "09:00")
    expect(card("Dask at scale")).to_contain_text("09:00–09:25")
    drag(page, unscheduled("arrow"), ballroom, "10:00")
    expect(card("Arrow everywhere")).to_contain_text("10:00–10:25")
    # The poster session moves to the morning, and a poster goes onto its first board.
    drag(page, card("Poster session I"), room102, "11:00")
    expect(card("Poster session I")).to_contain_text("11:00–12:30")
    unscheduled("sparse").drag_to(card("Poster session I"))
    expect(editor.locator(".editor-message")).to_contain_text(
        "is on board P1 of “Poster session I”"
    )
    expect(card("Poster session I")).to_contain_text("1 poster")

    # Ada speaks in two rooms at 09:00.
    warnings = editor.locator(".editor-warnings")
    expect(warnings).to_contain_text("Speaker in two places")
    expect(warnings).to_contain_text("Ada Lovelace speaks in")
    expect(card("Dask at scale")).to_have_class(re.compile(r"\bhas-warning\b"))
    page.screenshot(path=artifacts_dir / "schedule-editor-clash.png", full_page=True)

    # Fixed by moving Dask an hour later; the warning goes away with the move.
    drag(page, card("Dask at scale"), room102, "13:00")
    expect(card("Dask at scale")).to_contain_text("13:00–13:25")
    expect(warnings).not_to_contain_text("Speaker in two places")
    page.screenshot(path=artifacts_dir / "schedule-editor.png", full_page=True)

    # Publish v1.0.
    editor.get_by_role("link", name="Publish…").click()
    expect(page.get_by_label("Version name")).to_have_value("v1.0")
    page.get_by_label("Email speakers whose session was added or moved").uncheck()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status").first).to_contain_text("The program v1.0 is published.")

    # Move Arrow, publish v1.1: the changelog shows the move.
    page.get_by_role("link", name="Schedule editor").click()
    drag(page, card("Arrow everywhere"), room102, "14:00")
    expect(card("Arrow everywhere")).to_contain_text("14:00–14:25")
    editor.get_by_role("link", name="Publish…").click()
    expect(page.get_by_label("Version name")).to_have_value("v1.1")
    page.get_by_label("Email speakers whose session was added or moved").uncheck()
    page.get_by_role("button", name="Publish").click()
    latest = page.locator(".version").first
    expect(latest).to_contain_text("v1.1")
    expect(latest).to_contain_text("0 added · 1 moved · 0 cancelled")
    expect(latest.locator(".changelog")).to_contain_text("Moved")
    expect(latest.locator(".changelog")).to_contain_text("Arrow everywhere")
    expect(latest.locator(".changelog")).to_contain_text("Ballroom A → ")
    page.screenshot(path=artifacts_dir / "schedule-publish.png", full_page=True)

    assert list(ScheduleVersion.objects.values_list("name", flat=True)) == ["v1.1", "v1.0"]
    poster = Slot.objects.get(version__isnull=True, submission=sessions["sparse"])
    assert (poster.parent, poster.board) == (poster_session, "P1")


def test_organizer_places_a_session_by_keyboard_without_javascript(
    live_server, browser, artifacts_dir
):
    event, organizer, sessions = _event()
    room = RoomFactory(event=event, name="Ballroom A", position=0)
    context = browser.new_context(java_script_enabled=False, viewport=WIDE)
    page = context.new_page()
    sign_in_without_js(page, live_server, organizer.email)

    page.goto(f"{live_server.url}/{event.slug}/manage/schedule/")
    page.get_by_role("link", name="Numba on GPUs").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Day").select_option(label="Tue Jul 13")
    page.get_by_label("Starts at").fill("14:30")
    page.get_by_label("Room").select_option(label="Ballroom A")
    page.get_by_label("Expected attendance").fill("150")
    page.get_by_label("Length (minutes)").focus()
    page.keyboard.press("Enter")  # submits the form, as a keyboard user does

    expect(page.get_by_role("status").first).to_contain_text(
        "“Numba on GPUs” is in Ballroom A, Tue Jul 13, 14:30–14:55."
    )
    slot_card = page.locator(".slot-card", has_text="Numba on GPUs")
    expect(slot_card).to_contain_text("150 expected")
    # Made 15 minutes longer with the card's button, still without JavaScript.
    slot_card.get_by_role("button", name="Make “Numba on GPUs” 15 minutes longer").click()
    expect(page.locator(".slot-card", has_text="Numba on GPUs")).to_contain_text("14:30–15:10")
    page.screenshot(path=artifacts_dir / "schedule-no-js.png", full_page=True)
    slot = Slot.objects.get(submission=sessions["numba"])
    assert (slot.room, slot.duration_minutes, slot.expected_attendance) == (room, 40, 150)
    assert slot.start.astimezone(event.zone).date() == event.start_date + timedelta(days=1)
    context.close()


def sign_in_without_js(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_a_full_day_in_the_editor_shows_blocks_posters_and_warnings(
    live_server, page, artifacts_dir
):
    event, organizer, sessions = _event()
    rooms = [
        RoomFactory(event=event, name=name, capacity=seats, position=n)
        for n, (name, seats) in enumerate(
            [("Ballroom A", 300), ("Ballroom B", 250), ("Room 102", 80), ("Room 103", 60)]
        )
    ]
    tracks = list(event.tracks.all()) + [
        TrackFactory(event=event, name=name, position=n)
        for n, name in enumerate(["Machine learning", "Earth science", "Tools"], start=2)
    ]
    talk = event.session_types.get(name="Talk")
    tutorial = SessionTypeFactory(event=event, name="Tutorial", duration_minutes=90)
    poster_type = event.session_types.get(name="Poster")
    day = lambda hour, minute=0: event_time(event, 0, hour, minute)  # noqa: E731
    Slot.objects.create(event=event, kind=SlotKind.KEYNOTE, title="Keynote: 20 years of SciPy",
                        room=None, start=day(9), end=day(10))  # fmt: skip
    Slot.objects.create(event=event, kind=SlotKind.BREAK, title="Coffee break", room=None,
                        start=day(10, 30), end=day(11))  # fmt: skip
    Slot.objects.create(event=event, kind=SlotKind.BREAK, title="Lunch", room=None,
                        start=day(12, 30), end=day(13, 30))  # fmt: skip
    posters = Slot.objects.create(event=event, kind=SlotKind.POSTER_SESSION,
                                  title="Poster session", room=rooms[3], start=day(15),
                                  end=day(17))  # fmt: skip
    titles = [
        "CuPy kernels", "Dask at scale", "Xarray for climate data", "JAX in production",
        "Arrow everywhere", "Typing NumPy", "Pandas 3.0", "Zarr v3 storage",
    ]  # fmt: skip
    ada = sessions["numba"].created_by
    for n, title in enumerate(titles):
        submission = AcceptedSubmissionFactory(
            event=event, track=tracks[n % len(tracks)], session_type=talk, title=title,
            created_by=ada if n == 1 else UserFactory(),
        )  # fmt: skip
        start = day(10) if n < 4 else day(11) + timedelta(minutes=30 * (n - 4))
        Slot.objects.create(event=event, submission=submission, room=rooms[n % 4],
                            start=start, end=start + timedelta(minutes=25))  # fmt: skip
    ml = tracks[2]
    tut = AcceptedSubmissionFactory(event=event, track=ml, session_type=tutorial,
                                    title="Deep learning with PyTorch")  # fmt: skip
    Slot.objects.create(event=event, submission=tut, room=rooms[2], start=day(13, 30),
                        end=day(15), expected_attendance=120)  # fmt: skip
    Slot.objects.create(event=event, submission=sessions["numba"], room=rooms[0], start=day(10),
                        end=day(10, 25))  # fmt: skip
    for n in range(5):
        poster = AcceptedSubmissionFactory(event=event, track=tracks[n % 3],
                                           session_type=poster_type,
                                           title=f"Poster on topic {n + 1}")  # fmt: skip
        Slot.objects.create(event=event, submission=poster, parent=posters, board=f"P{n + 1}")
    for n in range(4):
        AcceptedSubmissionFactory(event=event, track=tracks[n], session_type=talk,
                                  title=f"Unplaced talk {n + 1}")  # fmt: skip
    page.set_viewport_size(WIDE)
    sign_in(page, live_server, organizer.email)

    page.goto(f"{live_server.url}/{event.slug}/manage/schedule/")

    editor = page.locator("#schedule-editor")
    expect(editor.locator(".slot-card")).to_have_count(14)
    expect(editor.locator(".slot-card", has_text="Poster session")).to_contain_text("5 posters")
    warnings = editor.locator(".editor-warnings")
    expect(warnings).to_contain_text("Room double-booked")  # two talks in Ballroom A at 10:00
    expect(warnings).to_contain_text("Speaker in two places")  # Ada at 10:00
    expect(warnings).to_contain_text("More attendees than seats")  # the tutorial in Room 102
    expect(editor.locator(".unscheduled-list li")).to_have_count(4 + 3)  # + Dask, Arrow, Sparse
    page.screenshot(path=artifacts_dir / "schedule-editor-full-day.png", full_page=True)


def test_editor_pages_have_no_contrast_region_or_landmark_violations(
    live_server, page, artifacts_dir
):
    from tests.e2e.test_accessibility import AXE, RUN_AXE

    event, organizer, sessions = _event()
    room = RoomFactory(event=event, name="Ballroom A", capacity=10)
    posters = Slot.objects.create(event=event, kind=SlotKind.POSTER_SESSION, title="Posters",
                                  room=room, start=event_time(event, 0, 15),
                                  end=event_time(event, 0, 16))  # fmt: skip
    Slot.objects.create(event=event, submission=sessions["sparse"], parent=posters, board="P1")
    for key in ("numba", "dask"):  # Ada in both, at once, in one room, over its seats
        Slot.objects.create(event=event, submission=sessions[key], room=room,
                            expected_attendance=50, start=event_time(event, 0, 9),
                            end=event_time(event, 0, 9, 25))  # fmt: skip
    page.context.add_init_script(path=AXE)
    page.set_viewport_size(WIDE)
    sign_in(page, live_server, organizer.email)
    base = f"{live_server.url}/{event.slug}/manage"
    paths = ["/schedule/", "/schedule/warnings/", "/schedule/publish/", "/rooms/",
             f"/rooms/{room.pk}/", f"/schedule/sessions/{sessions['arrow'].pk}/",
             f"/schedule/blocks/{posters.pk}/", f"/schedule/blocks/{posters.pk}/posters/",
             "/schedule/blocks/new/"]  # fmt: skip
    found = {}

    for number, path in enumerate(paths, start=1):
        page.goto(base + path)
        page.screenshot(path=artifacts_dir / f"schedule-page-{number}.png", full_page=True)
        if violations := page.evaluate(RUN_AXE):
            found[path] = violations

    assert found == {}
