"""Every page of the program, asked by every kind of visitor.

The matrix lists each (URL name, method) of ``program.urls`` with the answer each role gets, once
per object it is asked about. A page added to the app without a row here fails
``test_every_program_page_is_in_the_matrix``.

The world: a public event with two tracks (HPC and ML), three rooms (one empty), confirmed talks in
both tracks, a poster session with a poster of each track, a coffee break, one unplaced session
per track, public slides of the HPC talk and a review of it; v1.0 is published, then a talk of
v1.0 is reversed to a rejection, the ML talk moves and a new HPC talk is placed in the draft only;
the event was shortened by a day, leaving a talk of each track and a reception outside its days.
Beside it: a public event whose program is not published yet (a draft only) and a hidden (not
public) event with a published v1.0, both run by ``other_organizer``.

Roles, about the main event:

- anonymous: not signed in.
- author: Paula Author, speaker of the HPC talk, on no committee.
- reviewer: reviews HPC.
- chair / other_chair: track chair of HPC / ML.
- proceedings_chair: the event's proceedings chair.
- organizer: organizer of the event; other_organizer: organizer of the two other events.

The product rules: the public program and its feeds show the latest published version to anyone
once the event is public; before (or while the event is hidden) only its organizers and track
chairs preview it; anyone else gets a 404. Organizers manage everything; track chairs open the
editor, the warnings and the poster sessions and place their tracks' sessions (404 on other
tracks' sessions, on rooms, blocks, publishing and exports); anyone else gets a 404 on the
manage pages and anonymous visitors are sent to sign in. A POST by anyone not in
``writers`` changes nothing in the database and sends no email; a GET never changes anything.

Hidden texts: the public pages and feeds of the main event never show a speaker's email, the
rejected or the draft-only session, the committee's notes or the reviews, whoever asks; the
editor's pages never show a track chair an edit link or form of another track's session (nor of
a block).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, reverse

from mails.models import OutboundEmail
from proceedings.enums import BuildKind, BuildStatus
from proceedings.models import ProceedingsBuild
from program import urls as program_urls
from program.enums import SlotKind
from program.exporters.tables import PUBLISHED
from program.models import Room, ScheduleNotification, ScheduleVersion, Slot
from program.services import publish_schedule
from submissions.enums import SubmissionState
from submissions.models import Submission
from tests.factories.deliverables import DeliverableFactory, DeliverableRequirementFactory
from tests.factories.program import (
    AcceptedSubmissionFactory,
    BlockSlotFactory,
    RoomFactory,
    event_time,
)
from tests.factories.reviews import ReviewFactory
from tests.factories.tracks import (
    EventFactory,
    MembershipFactory,
    SessionTypeFactory,
    TrackFactory,
)
from tests.factories.users import UserFactory
from tracks.enums import CommitteeRole

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "author",
    "reviewer",
    "chair",
    "other_chair",
    "proceedings_chair",
    "organizer",
    "other_organizer",
)
ORGANIZERS = ("organizer",)
SCHEDULERS = ("organizer", "chair", "other_chair")
HPC_SCHEDULERS = ("organizer", "chair")
ML_SCHEDULERS = ("organizer", "other_chair")
SPEAKERS_DOMAIN = "@speakers.example.net"

# Texts that no public page or feed of the main event may contain, whoever asks.
REJECTED_TITLE = "Quantum annealing for everything"
DRAFT_ONLY_TITLE = "Autotuning stencils, placed after v1.0"
COMMITTEE_NOTE = "Committee note: the speaker needs a visa letter"
REVIEW_COMMENT = "Reviewer comment: convincing weak-scaling results"
CONFIDENTIAL_COMMENT = "Confidential: the first author reviewed for us last year"
PUBLIC_HIDDEN = (
    SPEAKERS_DOMAIN,
    REJECTED_TITLE,
    DRAFT_ONLY_TITLE,
    COMMITTEE_NOTE,
    REVIEW_COMMENT,
    CONFIDENTIAL_COMMENT,
)


def answers(default: int = 404, *, anonymous: int = 302, **by_role: int) -> dict[str, int]:
    """The status code per role: ``default`` unless named, anonymous sent to sign in."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: by_role.get(role, default) for role in ROLES} | {"anonymous": anonymous}


def only(roles, status: int, default: int = 404, **others: int) -> dict[str, int]:
    """``status`` for ``roles`` (manage pages: anonymous sent to sign in), 404 for the others."""
    return answers(default, **(dict.fromkeys(roles, status) | others))


def everyone(status: int) -> dict[str, int]:
    return answers(status, anonymous=status)


def previewers(roles=("other_organizer",)) -> dict[str, int]:
    """A program nobody sees but the organizers of its event (no sign-in redirect)."""
    return answers(404, anonymous=404, **dict.fromkeys(roles, 200))


# --- The world every case runs in ------------------------------------------------------------


def _place(submission, room, start, **fields) -> Slot:
    end = start + timedelta(minutes=submission.session_type.duration_minutes or 30)
    return Slot.objects.create(
        event=submission.event, submission=submission, room=room, start=start, end=end, **fields
    )


def _speaker(name: str, handle: str):
    return UserFactory(name=name, email=f"{handle}{SPEAKERS_DOMAIN}")


def _other_event(slug: str, *, title: str, speaker, organizer, publish: bool, **fields):
    """A small event run by ``organizer``: a room, a talk and a break, published or not."""
    event = EventFactory(name=slug.replace("-", " ").title(), slug=slug, **fields)
    MembershipFactory(event=event, user=organizer, role=CommitteeRole.ORGANIZER)
    track = TrackFactory(event=event, name="Main", slug=f"{slug}-main")
    room = RoomFactory(event=event, name="Aula")
    talk = AcceptedSubmissionFactory(
        event=event,
        track=track,
        session_type=SessionTypeFactory(event=event, name="Talk", duration_minutes=25),
        title=title,
        created_by=speaker,
    )
    _place(talk, room, event_time(event, 0, 9))
    block = BlockSlotFactory(event=event, title="Lunch")
    version = None
    if publish:
        version = publish_schedule(event=event, name="v1.0", notify_speakers=False, by=organizer)
    return SimpleNamespace(
        event=event,
        track=track,
        room=room,
        talk=talk,
        speaker=speaker,
        block=block,
        version=version,
    )


def build_world() -> SimpleNamespace:
    event = EventFactory(name="HPC Days 2026", slug="hpc-days")
    hpc = TrackFactory(event=event, name="HPC", slug="hpc", position=0)
    ml = TrackFactory(event=event, name="ML", slug="ml", position=1)
    talk = SessionTypeFactory(event=event, name="Talk", slug="talk", duration_minutes=25)
    poster = SessionTypeFactory(event=event, name="Poster", slug="poster", duration_minutes=None)
    ballroom = RoomFactory(event=event, name="Ballroom", position=0)
    room_102 = RoomFactory(event=event, name="Room 102", position=1)
    spare = RoomFactory(event=event, name="Spare room", position=2)  # nothing in it

    def member(role, tracks=None, of=event):
        return MembershipFactory(event=of, role=role, tracks=tracks).user

    users = {
        "author": _speaker("Paula Author", "paula"),
        "reviewer": member(CommitteeRole.REVIEWER, [hpc]),
        "chair": member(CommitteeRole.TRACK_CHAIR, [hpc]),
        "other_chair": member(CommitteeRole.TRACK_CHAIR, [ml]),
        "proceedings_chair": member(CommitteeRole.PROCEEDINGS_CHAIR),
        "organizer": member(CommitteeRole.ORGANIZER),
        "other_organizer": UserFactory(),
    }

    def session(track, title, speaker, session_type=talk, **fields):
        return AcceptedSubmissionFactory(
            event=event,
            track=track,
            session_type=session_type,
            title=title,
            created_by=speaker,
            notes=COMMITTEE_NOTE,
            **fields,
        )

    hpc_talk = session(hpc, "Sparse solvers on exascale machines", users["author"])
    ml_talk = session(ml, "Transformers for weather", _speaker("Marta Learner", "marta"))
    rejected = session(hpc, REJECTED_TITLE, _speaker("Rita Rejected", "rita"))
    for submission, room, hour in (
        (hpc_talk, ballroom, 9),
        (ml_talk, room_102, 9),
        (rejected, room_102, 11),
    ):
        _place(submission, room, event_time(event, 0, hour))
    coffee = BlockSlotFactory(event=event, title="Coffee break")
    poster_session = BlockSlotFactory(
        event=event,
        kind=SlotKind.POSTER_SESSION,
        title="Evening posters",
        room=ballroom,
        start=event_time(event, 0, 17),
        end=event_time(event, 0, 18, 30),
    )
    posters = {}
    for track, title, name, board in (
        (hpc, "Checkpointing at scale", "Hugo Poster", "P1"),
        (ml, "Graph networks for molecules", "Mia Poster", "P2"),
    ):
        handle = name.split()[0].lower()
        submission = session(track, title, _speaker(name, handle), session_type=poster)
        posters[track.slug] = Slot.objects.create(
            event=event, submission=submission, parent=poster_session, board=board
        )
    unplaced = {
        track.slug: session(track, f"Unplaced {track.name} talk", _speaker(f"{name} Waiting", name))
        for track, name in ((hpc, "hugh"), (ml, "mila"))
    }
    slides = DeliverableRequirementFactory(session_type=talk, title="Slides", is_public=True)
    deliverable = DeliverableFactory(submission=hpc_talk, requirement=slides, link="")
    deliverable.file.save("slides.pdf", ContentFile(b"%PDF-1.4 slides"))
    ReviewFactory(
        submission=hpc_talk,
        reviewer=users["reviewer"],
        overall=4,
        confidence=3,
        comments_to_authors=REVIEW_COMMENT,
        confidential_comments=CONFIDENTIAL_COMMENT,
        submitted_at=event_time(event, -90, 12),
    )

    v1 = publish_schedule(event=event, name="v1.0", notify_speakers=False, by=users["organizer"])
    # After v1.0: a decision reversed, a talk moved and a new one placed, in the draft only.
    Submission.objects.filter(pk=rejected.pk).update(state=SubmissionState.REJECTED)
    Slot.objects.filter(version=None, submission=ml_talk).update(
        start=event_time(event, 0, 11, 30), end=event_time(event, 0, 11, 55), revision=2
    )
    draft_only = session(hpc, DRAFT_ONLY_TITLE, _speaker("Drafty Speaker", "drafty"))
    _place(draft_only, room_102, event_time(event, 0, 14))
    # The event was shortened by a day: what was placed on it is now outside the event's days
    # (a warning, with links to fix it), a talk of each track and a block.
    early = {
        track.slug: session(track, f"{track.name} talk on the cancelled day", _speaker(name, name))
        for track, name in ((hpc, "ezra"), (ml, "erin"))
    }
    for room, submission in zip((ballroom, room_102), early.values(), strict=True):
        _place(submission, room, event_time(event, -1, 9))
    reception = BlockSlotFactory(
        event=event,
        title="Reception",
        start=event_time(event, -1, 18),
        end=event_time(event, -1, 20),
    )

    unpublished = _other_event(
        "unpublished-days",
        title="A talk of an unpublished program",
        speaker=_speaker("Una Published", "una"),
        organizer=users["other_organizer"],
        publish=False,
    )
    hidden = _other_event(
        "hidden-days",
        title="A talk of a hidden event",
        speaker=_speaker("Hedda Hidden", "hedda"),
        organizer=users["other_organizer"],
        publish=True,
        is_public=False,
    )
    book = ProceedingsBuild.objects.create(
        event=event, kind=BuildKind.PROGRAM_BOOK, status=BuildStatus.DONE, pages=1
    )
    book.pdf.save("book.pdf", ContentFile(b"%PDF-1.7 the program book"))
    hidden_book = ProceedingsBuild.objects.create(
        event=hidden.event, kind=BuildKind.PROGRAM_BOOK, status=BuildStatus.DONE, pages=1
    )
    hidden_book.pdf.save("book.pdf", ContentFile(b"%PDF-1.7 another event's book"))
    mail.outbox.clear()
    return SimpleNamespace(
        event=event,
        book=book,
        hidden_book=hidden_book,
        hpc=hpc,
        ml=ml,
        talk=talk,
        rooms=[ballroom, room_102],
        spare=spare,
        users=users,
        hpc_talk=hpc_talk,
        ml_talk=ml_talk,
        rejected=rejected,
        draft_only=draft_only,
        coffee=coffee,
        poster_session=poster_session,
        posters=posters,
        unplaced=unplaced,
        early=early,
        reception=reception,
        slides=slides,
        v1=v1,
        unpublished=unpublished,
        hidden=hidden,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, as ``TestCase.setUpTestData`` does: each test runs in a
    savepoint inside this transaction and is rolled back; the module's end rolls back the world.
    Tests read the objects' current state from the database (revisions), never from these."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        world.initial = snapshot()
        yield world
        transaction.set_rollback(True)


def snapshot() -> dict:
    """What a refused POST (and any GET) must leave as it was: the schedule, and the mail."""
    return {
        "rooms": sorted(Room.objects.values_list("pk", "event_id", "name", "capacity", "position")),
        "slots": sorted(
            Slot.objects.values_list(
                "pk",
                "version_id",
                "kind",
                "submission_id",
                "parent_id",
                "board",
                "title",
                "room_id",
                "start",
                "end",
                "expected_attendance",
                "revision",
            )
        ),
        "versions": sorted(
            ScheduleVersion.objects.values_list("pk", "event_id", "name", "speakers_notified")
        ),
        "notifications": sorted(
            ScheduleNotification.objects.values_list("version_id", "recipient_id")
        ),
        "states": sorted(Submission.objects.values_list("pk", "state")),
        "queued emails": sorted(OutboundEmail.objects.values_list("pk", "status")),
        "program books": sorted(ProceedingsBuild.objects.values_list("pk", "event_id", "status")),
        "emails": len(mail.outbox),
    }


def draft_slot(submission) -> Slot:
    return Slot.objects.get(version=None, submission=submission)


def day0(w) -> str:
    return w.event.start_date.isoformat()


# --- The matrix -------------------------------------------------------------------------------


def event_kwargs(w):
    return {"event": w.event.slug}


def on(w, pk=None, **more):
    return {"event": w.event.slug, **({"pk": pk} if pk is not None else {}), **more}


def no_body(w):
    return {}


@dataclass(frozen=True)
class Page:
    name: str
    kwargs: Callable
    method: str
    expected: dict[str, int]
    target: str = ""  # what the row asks about, when a page has several rows
    body: Callable = no_body  # POST data, or the GET query
    writers: tuple[str, ...] = ()  # roles whose POST changes something
    location: Callable | None = None  # where a 302 goes; None: sign-in for anonymous visitors
    hidden_from: dict[str, Callable] = field(default_factory=dict)  # role → texts(world)

    @property
    def id(self) -> str:
        return "-".join(filter(None, (self.name, self.method.upper(), self.target)))


def public_texts(w) -> tuple[str, ...]:
    return PUBLIC_HIDDEN


HIDE_PUBLIC = dict.fromkeys(ROLES, public_texts)


def edit_marks(w, submissions=(), blocks=()) -> list[str]:
    """What the editor shows only for what a role may change: links to a session's or a block's
    page, the forms posting a slot or a poster (resize, move to another board, remove), and an
    unplaced session (in the list to drag from, or to add to a poster session)."""
    marks = []
    for submission in submissions:
        url = reverse("program:manage-schedule-session", args=[w.event.slug, submission.pk])
        slot = Slot.objects.filter(version=None, submission=submission).first()
        marks.append(f'href="{url}"')
        if slot is not None:
            marks += [f'name="slot" value="{slot.pk}"', f'name="poster" value="{slot.pk}"']
        else:
            marks.append(submission.title)
    for block in blocks:
        marks.append(f'href="{reverse("program:manage-block", args=[w.event.slug, block.pk])}"')
        marks.append(f'name="slot" value="{block.pk}"')
    return marks


def ml_edit_marks(w):
    ml = [w.ml_talk, w.posters["ml"].submission, w.unplaced["ml"], w.early["ml"]]
    return edit_marks(w, ml, [w.coffee, w.poster_session, w.reception])


def hpc_edit_marks(w):
    hpc = [w.hpc_talk, w.posters["hpc"].submission, w.unplaced["hpc"], w.early["hpc"]]
    hpc += [w.draft_only, w.rejected]
    return edit_marks(w, hpc, [w.coffee, w.poster_session, w.reception])


HIDE_OTHER_TRACKS = {"chair": ml_edit_marks, "other_chair": hpc_edit_marks}


def public_rows(event: str, kwargs: dict, expected: dict, hidden=None) -> list[Page]:
    """The public pages and feeds of one event, each asked about an object in its program."""
    hidden = hidden or {}
    return [
        Page(name, make, "get", expected, target=event, hidden_from=hidden)
        for name, make in kwargs.items()
    ]


def main_event_objects():
    return {
        "index": event_kwargs,
        "session": lambda w: on(w, w.hpc_talk.pk),
        "session-material": lambda w: on(w, w.hpc_talk.pk, requirement=w.slides.pk),
        "speakers": event_kwargs,
        "speaker": lambda w: on(w, w.users["author"].pk),
        "posters": event_kwargs,
        "changelog": event_kwargs,
        "schedule-xml": event_kwargs,
        "schedule-json": event_kwargs,
        "schedule-ics": event_kwargs,
        "track-ics": lambda w: {"event": w.event.slug, "track": w.hpc.slug},
        "speaker-ics": lambda w: on(w, w.users["author"].pk),
        "session-ics": lambda w: on(w, w.hpc_talk.pk),
    }


def other_event_objects(attribute: str):
    def event_of(w):
        return getattr(w, attribute)

    def slug(w):
        return {"event": event_of(w).event.slug}

    return {
        "index": slug,
        "session": lambda w: slug(w) | {"pk": event_of(w).talk.pk},
        "speakers": slug,
        "speaker": lambda w: slug(w) | {"pk": event_of(w).speaker.pk},
        "posters": slug,
        "changelog": slug,
        "schedule-xml": slug,
        "schedule-json": slug,
        "schedule-ics": slug,
        "track-ics": lambda w: slug(w) | {"track": event_of(w).track.slug},
        "speaker-ics": lambda w: slug(w) | {"pk": event_of(w).speaker.pk},
        "session-ics": lambda w: slug(w) | {"pk": event_of(w).talk.pk},
    }


def not_in_the_program():
    """Objects the main event's program does not hold, asked about under its address."""
    drafty = lambda w: w.draft_only.speakers.get().user.pk  # noqa: E731
    return {
        "session": [
            ("draft-only", lambda w: on(w, w.draft_only.pk)),
            ("rejected", lambda w: on(w, w.rejected.pk)),
            ("unplaced", lambda w: on(w, w.unplaced["hpc"].pk)),
            ("other-event", lambda w: on(w, w.unpublished.talk.pk)),
        ],
        "session-material": [
            ("rejected", lambda w: on(w, w.rejected.pk, requirement=w.slides.pk)),
        ],
        "speaker": [
            ("draft-only", lambda w: on(w, drafty(w))),
            ("committee", lambda w: on(w, w.users["organizer"].pk)),
            ("other-event", lambda w: on(w, w.hidden.speaker.pk)),
        ],
        "track-ics": [
            ("other-event", lambda w: {"event": w.event.slug, "track": w.hidden.track.slug})
        ],
        "speaker-ics": [
            ("draft-only", lambda w: on(w, drafty(w))),
            ("other-event", lambda w: on(w, w.hidden.speaker.pk)),
        ],
        "session-ics": [
            ("draft-only", lambda w: on(w, w.draft_only.pk)),
            ("rejected", lambda w: on(w, w.rejected.pk)),
            ("other-event", lambda w: on(w, w.hidden.talk.pk)),
        ],
    }


def missing_rows() -> list[Page]:
    return [
        Page(name, kwargs, "get", everyone(404), target=target)
        for name, targets in not_in_the_program().items()
        for target, kwargs in targets
    ]


# The organizers' and chairs' pages -------------------------------------------------------------


def room_body(name, position):
    return {
        "name": name,
        "capacity": "40",
        "description": "",
        "opens_at": "",
        "closes_at": "",
        "position": str(position),
    }


def move_body(submission=None, block=None, start="09:30"):
    def body(w):
        slot = block if block is not None else None
        slot = Slot.objects.get(pk=(slot(w) if slot else draft_slot(submission(w))).pk)
        return {"slot": slot.pk, "day": day0(w), "start": start, "revision": slot.revision}

    return body


def place_body(w):
    return {
        "action": "place",
        "day": day0(w),
        "start": "15:00",
        "room": w.rooms[1].pk,
        "minutes": "",
        "expected_attendance": "",
        "revision": draft_slot(w.hpc_talk).revision,
    }


def block_body(title, start, end, revision=lambda w: ""):
    return lambda w: {
        "kind": SlotKind.BREAK,
        "title": title,
        "description": "",
        "room": "",
        "day": day0(w),
        "start": start,
        "end": end,
        "revision": revision(w),
    }


def board_body(w):
    poster = Slot.objects.get(pk=w.posters["hpc"].pk)
    return {"action": "board", "poster": poster.pk, "board": "P7", "revision": poster.revision}


def sessions_query(w):
    return {"columns": ["id", "title", "emails", "start", "room"], "times": PUBLISHED}


def stipend_query(w):
    return {
        "session_types": [w.talk.pk],
        "rate": "100",
        "half_day_hours": "4",
        "currency": "USD",
        "times": PUBLISHED,
    }


MANAGE = [
    # Rooms: organizers only.
    Page("manage-rooms", event_kwargs, "get", only(ORGANIZERS, 200)),
    Page(
        "manage-rooms",
        event_kwargs,
        "post",
        only(ORGANIZERS, 302),
        body=lambda w: room_body("Room 300", 3),
        writers=ORGANIZERS,
    ),
    Page("manage-room", lambda w: on(w, w.spare.pk), "get", only(ORGANIZERS, 200)),
    Page(
        "manage-room",
        lambda w: on(w, w.spare.pk),
        "post",
        only(ORGANIZERS, 302),
        body=lambda w: room_body("Spare room B", 2),
        writers=ORGANIZERS,
    ),
    Page(
        "manage-room",
        lambda w: on(w, w.hidden.room.pk),
        "get",
        only((), 404),
        target="other-event",
    ),
    Page(
        "manage-room",
        lambda w: on(w, w.hidden.room.pk),
        "post",
        only((), 404),
        target="other-event",
        body=lambda w: {"delete": "1"},
    ),
    # The editor: organizers and every track chair; each places only what they may.
    Page(
        "manage-schedule",
        event_kwargs,
        "get",
        only(SCHEDULERS, 200),
        hidden_from=HIDE_OTHER_TRACKS,
    ),
    Page(
        "manage-schedule-warnings",
        event_kwargs,
        "get",
        only(SCHEDULERS, 200),
        hidden_from=HIDE_OTHER_TRACKS,
    ),
    Page(
        "manage-schedule-move",
        event_kwargs,
        "post",
        only(HPC_SCHEDULERS, 302),
        target="hpc-talk",
        body=move_body(lambda w: w.hpc_talk),
        writers=HPC_SCHEDULERS,
    ),
    Page(
        "manage-schedule-move",
        event_kwargs,
        "post",
        only(ML_SCHEDULERS, 302),
        target="ml-talk",
        body=move_body(lambda w: w.ml_talk, start="13:00"),
        writers=ML_SCHEDULERS,
    ),
    Page(
        "manage-schedule-move",
        event_kwargs,
        "post",
        only(ORGANIZERS, 302),
        target="block",
        body=move_body(block=lambda w: w.coffee, start="10:00"),
        writers=ORGANIZERS,
    ),
    Page(
        "manage-schedule-session",
        lambda w: on(w, w.hpc_talk.pk),
        "get",
        only(HPC_SCHEDULERS, 200),
        target="hpc-talk",
    ),
    Page(
        "manage-schedule-session",
        lambda w: on(w, w.ml_talk.pk),
        "get",
        only(ML_SCHEDULERS, 200),
        target="ml-talk",
    ),
    Page(
        "manage-schedule-session",
        lambda w: on(w, w.hidden.talk.pk),
        "get",
        only((), 404),
        target="other-event",
    ),
    Page(
        "manage-schedule-session",
        lambda w: on(w, w.hpc_talk.pk),
        "post",
        only(HPC_SCHEDULERS, 302),
        target="hpc-talk",
        body=place_body,
        writers=HPC_SCHEDULERS,
    ),
    # Blocks: organizers only.
    Page("manage-block-add", event_kwargs, "get", only(ORGANIZERS, 200)),
    Page(
        "manage-block-add",
        event_kwargs,
        "post",
        only(ORGANIZERS, 302),
        body=block_body("Lunch", "12:00", "13:00"),
        writers=ORGANIZERS,
    ),
    Page("manage-block", lambda w: on(w, w.coffee.pk), "get", only(ORGANIZERS, 200)),
    Page(
        "manage-block",
        lambda w: on(w, w.coffee.pk),
        "post",
        only(ORGANIZERS, 302),
        body=block_body(
            "Long coffee break",
            "10:30",
            "11:15",
            lambda w: Slot.objects.get(pk=w.coffee.pk).revision,
        ),
        writers=ORGANIZERS,
    ),
    Page(
        "manage-block",
        lambda w: on(w, w.hidden.block.pk),
        "get",
        only((), 404),
        target="other-event",
    ),
    # A poster session's boards: every scheduler sees them, each moves their tracks' posters.
    Page(
        "manage-poster-session",
        lambda w: on(w, w.poster_session.pk),
        "get",
        only(SCHEDULERS, 200),
        hidden_from=HIDE_OTHER_TRACKS,
    ),
    Page(
        "manage-poster-session",
        lambda w: on(w, w.poster_session.pk),
        "post",
        only(HPC_SCHEDULERS, 302),
        body=board_body,
        writers=HPC_SCHEDULERS,
    ),
    # Publishing and emailing speakers: organizers only.
    Page("manage-schedule-publish", event_kwargs, "get", only(ORGANIZERS, 200)),
    Page(
        "manage-schedule-publish",
        event_kwargs,
        "post",
        only(ORGANIZERS, 302),
        body=lambda w: {
            "name": "v1.1",
            "comment": "A talk moved.",
            "notify_speakers": "on",
            "confirm_warnings": "on",
        },
        writers=ORGANIZERS,
    ),
    Page(
        "manage-schedule-notify",
        lambda w: on(w, w.v1.pk),
        "post",
        only(ORGANIZERS, 302),
        writers=ORGANIZERS,
    ),
    Page(
        "manage-schedule-notify",
        lambda w: on(w, w.hidden.version.pk),
        "post",
        only((), 404),
        target="other-event",
    ),
    # Exports: organizers only.
    Page("manage-exports", event_kwargs, "get", only(ORGANIZERS, 200)),
    Page("export-sessions-csv", event_kwargs, "get", only(ORGANIZERS, 200), body=sessions_query),
    Page("export-sessions-json", event_kwargs, "get", only(ORGANIZERS, 200), body=sessions_query),
    Page("export-stipends-csv", event_kwargs, "get", only(ORGANIZERS, 200), body=stipend_query),
    Page("export-program-book", event_kwargs, "get", only(ORGANIZERS, 302)),
    Page("export-program-book", event_kwargs, "post", only(ORGANIZERS, 302), writers=ORGANIZERS),
    Page("program-book-progress", lambda w: on(w, w.book.pk), "get", only(ORGANIZERS, 200)),
    Page("program-book-pdf", lambda w: on(w, w.book.pk), "get", only(ORGANIZERS, 200)),
    Page(
        "program-book-pdf",
        lambda w: on(w, w.hidden_book.pk),
        "get",
        only((), 404),
        target="other-event",
    ),
]

PUBLIC = [
    # The published public event: everyone, the same version, never what is not public.
    *public_rows("", main_event_objects(), everyone(200), HIDE_PUBLIC),
    *missing_rows(),
    # Nothing published yet: the event's organizers preview the draft; nobody else.
    *public_rows("unpublished", other_event_objects("unpublished"), previewers()),
    # A hidden event's published program: its organizers only.
    *public_rows("hidden", other_event_objects("hidden"), previewers()),
    # The old address of the program.
    Page(
        "schedule-redirect",
        event_kwargs,
        "get",
        everyone(302),
        location=lambda w: reverse("program:index", args=[w.event.slug]),
    ),
    Page(
        "schedule-redirect",
        event_kwargs,
        "post",
        everyone(302),
        location=lambda w: reverse("program:index", args=[w.event.slug]),
    ),
]

MATRIX = MANAGE + PUBLIC

# Cases that fail because the application is wrong: (row id, role, check) → the bug; check is
# "answer" (status code, database and mail) or "hidden" (the texts the role must not see).
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}


def _marks(bug_key) -> list:
    bug = KNOWN_BUGS.get(bug_key)
    return [pytest.mark.xfail(strict=True, reason=bug)] if bug else []


def cases():
    for page in MATRIX:
        for role in ROLES:
            marks = _marks((page.id, role, "answer"))
            yield pytest.param(page, role, id=f"{page.id}-{role}", marks=marks)


def hidden_cases():
    for page in MATRIX:
        for role in page.hidden_from:
            if page.expected[role] == 200:
                marks = _marks((page.id, role, "hidden"))
                yield pytest.param(page, role, id=f"{page.id}-{role}", marks=marks)


def handled_methods(pattern: URLPattern) -> set[str]:
    view = pattern.callback.view_class
    return {m for m in ("get", "post") if hasattr(view, m) and m in view.http_method_names}


def request(client, page, world, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    url = reverse(f"program:{page.name}", kwargs=page.kwargs(world))
    return getattr(client, page.method)(url, page.body(world))


def text_of(response) -> str:
    """The answer's text; a file is read to its end (which closes it)."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return data.decode("utf-8", errors="replace")


# --- Tests ------------------------------------------------------------------------------------


def test_every_program_page_is_in_the_matrix():
    patterns = [p for p in program_urls.urlpatterns if isinstance(p, URLPattern)]
    in_app = {(p.name, method) for p in patterns for method in handled_methods(p)}

    in_matrix = {(page.name, page.method) for page in MATRIX}

    assert len(patterns) == len(program_urls.urlpatterns)  # no nested include() to walk
    assert in_matrix == in_app
    assert len({page.id for page in MATRIX}) == len(MATRIX)


def test_every_row_answers_for_every_role():
    incomplete = [page.id for page in MATRIX if set(page.expected) != set(ROLES)]
    stray = [page.id for page in MATRIX if (set(page.writers) | set(page.hidden_from)) - set(ROLES)]
    known = {(page.id, role, check) for page in MATRIX for role in ROLES
             for check in ("answer", "hidden")}  # fmt: skip

    assert incomplete == []
    assert stray == []
    assert set(KNOWN_BUGS) - known == set()


@pytest.mark.parametrize(("page", "role"), list(cases()))
def test_permission_matrix(client, world, django_capture_on_commit_callbacks, page, role):
    # Arrange
    before = snapshot()
    assert before == world.initial  # the cases before this one were rolled back

    # Act
    with django_capture_on_commit_callbacks(execute=True):
        response = request(client, page, world, role)
    text_of(response)

    # Assert
    assert response.status_code == page.expected[role]
    if response.status_code == 302 and page.location:
        assert response["Location"] == page.location(world)
    elif role == "anonymous" and response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login"))
    if role in page.writers:
        assert snapshot() != before, "the allowed POST should have done something"
    else:
        assert snapshot() == before


@pytest.mark.parametrize(("page", "role"), list(hidden_cases()))
def test_hidden_texts(client, world, page, role):
    response = request(client, page, world, role)

    content = text_of(response)
    assert response.status_code == 200
    assert [text for text in page.hidden_from[role](world) if text in content] == []


def _allowed_pages(client, world) -> str:
    """Where the texts hidden from the public rightly are, for the organizer: the editor (the
    draft-only and the rejected session), the proposal (notes), its reviews, the sessions CSV
    (speakers' emails)."""
    client.force_login(world.users["organizer"])
    slug, pk = world.event.slug, world.hpc_talk.pk
    urls = [
        reverse("program:manage-schedule", args=[slug]),
        reverse("submissions:detail", args=[slug, pk]),
        reverse("reviews:proposal-reviews", args=[slug, pk]),
    ]
    html = "".join(text_of(client.get(url)) for url in urls)
    csv = client.get(reverse("program:export-sessions-csv", args=[slug]), sessions_query(world))
    return html + text_of(csv)


def test_the_texts_hidden_from_the_public_are_real(client, world):
    """The public checks mean something: every hidden text is in the world, where it belongs."""
    content = _allowed_pages(client, world)

    assert [text for text in PUBLIC_HIDDEN if text not in content] == []


OWN_MARKS = {"chair": hpc_edit_marks, "other_chair": ml_edit_marks}


@pytest.mark.parametrize(
    "page", [page for page in MANAGE if page.hidden_from], ids=lambda page: page.id
)
@pytest.mark.parametrize("role", ["chair", "other_chair"])
def test_a_chair_sees_the_edit_marks_of_their_own_tracks(client, world, page, role):
    """The chair checks mean something: the marks hidden from one chair are the ones the other
    chair's page shows for their own track's sessions."""
    response = request(client, page, world, role)

    content = text_of(response)
    shown = [mark for mark in OWN_MARKS[role](world) if mark in content and "blocks/" not in mark]
    assert response.status_code == 200
    assert shown != []


def feed_links(client, other) -> dict[str, int]:
    """The feeds the program's index and a session page link to → their answer."""
    slug = other.event.slug
    pages = [
        reverse("program:index", args=[slug]),
        reverse("program:session", args=[slug, other.talk.pk]),
    ]
    feeds = [
        reverse(name, args=[slug])
        for name in ("program:schedule-ics", "program:schedule-xml", "program:schedule-json")
    ] + [reverse("program:session-ics", args=[slug, other.talk.pk])]
    html = "".join(text_of(client.get(url)) for url in pages)
    return {url: client.get(url).status_code for url in feeds if f'href="{url}"' in html}


@pytest.mark.parametrize("program", ["unpublished", "hidden"])
def test_an_organizer_previewing_a_program_opens_the_feeds_its_pages_link_to(
    client, world, program
):
    client.force_login(world.users["other_organizer"])

    answers = feed_links(client, getattr(world, program))

    assert list(answers.values()) == [200, 200, 200, 200]


@pytest.mark.parametrize("program", ["unpublished", "hidden"])
def test_a_track_chair_previewing_a_program_opens_the_feeds_its_pages_link_to(
    client, world, program
):
    other = getattr(world, program)
    chair = MembershipFactory(
        event=other.event, role=CommitteeRole.TRACK_CHAIR, tracks=[other.track]
    ).user
    client.force_login(chair)

    answers = feed_links(client, other)

    assert list(answers.values()) == [200, 200, 200, 200]
