"""Build a large published program for the program benchmarks, with bulk inserts.

    .venv/bin/python benchmarks/program_data.py                 # build once, print counts, drop
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_program_bench \
        .venv/bin/python benchmarks/program_data.py

``build_program`` inserts one public event (3 days, US Central time) with 6 tracks, 3,000
proposals in every state (1–3 speakers each, Markdown abstracts of about 150 words), 300 of
them confirmed and placed: 240 talks of 25 minutes in 5 rooms (16 a day per room) around
all-rooms breaks and lunches, and 60 posters on boards in two poster sessions; confirmed speakers
have Markdown bios (per event, or on their account). It then publishes v1.0 with the app's own
``publish_schedule``, moves ten talks and publishes v1.1, so the changelog has something to
show. An organizer account (``ORGANIZER_EMAIL``) manages the event. ``throwaway_database``
creates and destroys the database with Django's test-database machinery, as the other
benchmarks do. Not part of the test suite.
"""

import os
import random
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conf_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

from program.enums import SlotKind  # noqa: E402
from program.models import Room, ScheduleVersion, Slot  # noqa: E402
from program.services import publish_schedule  # noqa: E402
from submissions.enums import SubmissionState  # noqa: E402
from submissions.models import Speaker, SpeakerProfile, Submission  # noqa: E402
from tracks.enums import CommitteeRole  # noqa: E402
from tracks.models import Event, Membership, SessionType, Track  # noqa: E402
from tracks.timezones import zone  # noqa: E402

User = get_user_model()

SLUG = "bench-program"
ORGANIZER_EMAIL = "organizer@bench.example"
PROPOSALS = 3000
TALKS = 240  # 5 rooms × 3 days × 16 talks
POSTERS = 60  # two poster sessions of 30
DAYS = [date(2027, 6, 1), date(2027, 6, 2), date(2027, 6, 3)]
TIME_ZONE = "America/Chicago"
# Talk starts each day (25 minutes + 5 to change rooms), around the blocks below.
TALK_STARTS = [
    clock(8, 30), clock(9), clock(9, 30), clock(10),
    clock(11), clock(11, 30), clock(12),
    clock(13, 30), clock(14), clock(14, 30),
    clock(15, 30), clock(16), clock(16, 30), clock(17), clock(17, 30), clock(18),
]  # fmt: skip
BLOCKS = [  # kind, title, start, end (all rooms)
    (SlotKind.BREAK, "Coffee break", clock(10, 30), clock(11)),
    (SlotKind.BREAK, "Lunch", clock(12, 30), clock(13, 30)),
    (SlotKind.BREAK, "Coffee break", clock(15), clock(15, 30)),
]
ROOMS = [
    ("Ballroom", 500),
    ("Room 101", 200),
    ("Room 102", 150),
    ("Room 201", 120),
    ("Room 202", 80),
]
TRACKS = [
    "High Performance Computing", "Machine Learning", "Data Visualization",
    "Earth and Ocean Sciences", "Bioinformatics", "Scientific Software Engineering",
]  # fmt: skip
STATES = (
    [SubmissionState.REJECTED] * 45
    + [SubmissionState.SUBMITTED] * 20
    + [SubmissionState.WITHDRAWN] * 10
    + [SubmissionState.WAITLISTED] * 10
    + [SubmissionState.ACCEPTED] * 5
    + [SubmissionState.DECLINED] * 5
    + [SubmissionState.DRAFT] * 5
)
VOCABULARY = """
array kernel gpu solver mesh sparse tensor graph python numba dask cluster scale model simulation
inference training pipeline workflow climate ocean genome protein particle galaxy spectra image
segmentation benchmark parallel distributed memory cache vector compiler runtime scheduler
notebook dataset reproducible uncertainty bayesian surrogate
"""
FIRST_NAMES = """
Ada Alan Amara Ana Arjun Bea Carlos Chen Dara Eli Emma Farah Grace Hana Ivan Jia Jonas Kai Lena
Leo Mei Mira Nadia Noor Omar Priya Ravi Sara Tomas Yara Yuki Zoe
"""
LAST_NAMES = """
Abara Berg Costa Diaz Evans Fischer Garcia Haddad Ito Jensen Kim Lopez Moreau Novak Okafor Patel
Quinn Rossi Sato Tanaka Umar Vogel Wang Xu Yilmaz Zhou
"""
WORDS, FIRST, LAST = VOCABULARY.split(), FIRST_NAMES.split(), LAST_NAMES.split()


@dataclass
class BenchProgram:
    event: Event
    organizer: object
    version: ScheduleVersion
    session_id: int  # a placed talk's submission
    poster_id: int
    speaker_id: int  # a speaker of a placed talk
    track_slug: str
    seconds: float


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _abstract(rng: random.Random) -> str:
    """About 150 words of Markdown: emphasis, code, a link and a short list."""
    first = " ".join(_sentence(rng, 12) for _ in range(4))
    second = " ".join(_sentence(rng, 10) for _ in range(3))
    items = "\n".join(f"- {_sentence(rng, 6)}" for _ in range(3))
    return (
        f"{first} We use **{rng.choice(WORDS)}** with `{rng.choice(WORDS)}()` "
        f"([docs](https://example.org/{rng.choice(WORDS)})).\n\n{second}\n\n{items}\n"
    )


def _bio(rng: random.Random, name: str) -> str:
    return f"**{name}** works on {rng.choice(WORDS)} and {rng.choice(WORDS)} software. " + " ".join(
        _sentence(rng, 9) for _ in range(3)
    )


def _local(day: date, at: clock) -> datetime:
    return datetime.combine(day, at, tzinfo=zone(TIME_ZONE))


def build_program(*, proposals: int = PROPOSALS, seed: int = 1) -> BenchProgram:
    """Insert the event, its proposals and its published program; see the module docstring."""
    started = time.monotonic()
    rng = random.Random(seed)
    with transaction.atomic():
        event = Event.objects.create(
            name="Benchmark Conference 2027", slug=SLUG, start_date=DAYS[0], end_date=DAYS[-1],
            venue="Austin, TX, USA", time_zone=TIME_ZONE, is_public=True,
        )  # fmt: skip
        organizer = User.objects.create(email=ORGANIZER_EMAIL, name="Olga Organizer", password="!")
        Membership.objects.create(event=event, user=organizer, role=CommitteeRole.ORGANIZER)
        tracks = Track.objects.bulk_create(
            Track(event=event, name=name, slug=name.lower().replace(" ", "-"), position=n)
            for n, name in enumerate(TRACKS)
        )
        talk = SessionType.objects.create(
            event=event, name="Talk", slug="talk", duration_minutes=25, position=1
        )
        poster = SessionType.objects.create(event=event, name="Poster", slug="poster", position=2)
        rooms = Room.objects.bulk_create(
            Room(event=event, name=name, capacity=seats, position=n)
            for n, (name, seats) in enumerate(ROOMS)
        )
        submissions, speakers = _proposals(rng, event, tracks, talk, poster, proposals)
        slots = _draft(event, rooms, submissions[:TALKS], submissions[TALKS : TALKS + POSTERS])
        first = publish_schedule(event=event, name="v1.0", notify_speakers=False, by=organizer)
        _move_some(slots[:10])
        version = publish_schedule(
            event=event, name="v1.1", notify_speakers=False, by=organizer,
            comment="Ten talks moved to **other rooms** after the room survey.",
        )  # fmt: skip
    assert first.pk != version.pk
    return BenchProgram(
        event=event, organizer=organizer, version=version, session_id=submissions[0].pk,
        poster_id=submissions[TALKS].pk, speaker_id=speakers[submissions[0].pk][0],
        track_slug=tracks[0].slug, seconds=time.monotonic() - started,
    )  # fmt: skip


def _proposals(rng, event, tracks, talk, poster, count: int):
    """``count`` proposals, the first TALKS + POSTERS confirmed; returns them and, for each,
    its speakers' user ids."""
    confirmed = TALKS + POSTERS
    authors = User.objects.bulk_create(
        (
            User(
                email=f"author{n}@bench.example",
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
                affiliation=f"University of {rng.choice(LAST)}",
                password="!",
            )
            for n in range(int(count * 1.6))
        ),
        batch_size=2000,
    )
    submissions = Submission.objects.bulk_create(
        (
            Submission(
                event=event,
                track=tracks[n % len(tracks)],
                session_type=poster if TALKS <= n < confirmed else talk,
                title=_sentence(rng, 8)[:-1],
                abstract=_abstract(rng),
                description=_abstract(rng),
                state=SubmissionState.CONFIRMED if n < confirmed else STATES[n % len(STATES)],
                created_by=authors[n],
            )
            for n in range(count)
        ),
        batch_size=1000,
    )
    rows, speakers = [], {}
    for n, submission in enumerate(submissions):
        people = [authors[n], *rng.sample(authors[count:], rng.choice((0, 0, 1, 1, 2)))]
        speakers[submission.pk] = [user.pk for user in people]
        rows += [Speaker(submission=submission, user=user, position=k) for k, user in
                 enumerate(people)]  # fmt: skip
    Speaker.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=False)
    _bios(rng, event, {uid for n, s in enumerate(submissions[:confirmed])
                       for uid in speakers[s.pk]})  # fmt: skip
    return submissions, speakers


def _bios(rng, event, user_ids: set[int]) -> None:
    """Half the confirmed speakers write a bio for the event, the others have their account's."""
    users = User.objects.filter(pk__in=user_ids).order_by("pk")
    profiles, with_account_bio = [], []
    for n, user in enumerate(users):
        if n % 2:
            profiles.append(SpeakerProfile(event=event, user=user, bio=_bio(rng, user.name)))
        else:
            user.bio = _bio(rng, user.name)
            with_account_bio.append(user)
    SpeakerProfile.objects.bulk_create(profiles, batch_size=2000)
    User.objects.bulk_update(with_account_bio, ["bio"], batch_size=1000)


def _draft(event, rooms, talks, posters) -> list[Slot]:
    """The draft: talks in rooms, the breaks, two poster sessions with their posters."""
    minutes = timedelta(minutes=25)
    starts = [(day, at) for day in DAYS for at in TALK_STARTS]
    talk_slots = [
        Slot(
            event=event, kind=SlotKind.SESSION, submission=submission,
            room=rooms[n % len(rooms)], start=_local(*starts[n // len(rooms)]),
            end=_local(*starts[n // len(rooms)]) + minutes,
        )
        for n, submission in enumerate(talks)
    ]  # fmt: skip
    blocks = [
        Slot(event=event, kind=kind, title=title, start=_local(day, begin), end=_local(day, end))
        for day in DAYS
        for kind, title, begin, end in BLOCKS
    ]
    sessions = [
        Slot(
            event=event, kind=SlotKind.POSTER_SESSION, title=f"Poster session {n + 1}",
            room=rooms[0], start=_local(day, clock(18, 45)), end=_local(day, clock(20, 15)),
            description="Posters of **all tracks**; authors stand by their boards.",
        )
        for n, day in enumerate(DAYS[:2])
    ]  # fmt: skip
    Slot.objects.bulk_create(talk_slots + blocks + sessions)
    half = len(posters) // len(sessions)
    Slot.objects.bulk_create(
        Slot(event=event, kind=SlotKind.SESSION, submission=submission,
             parent=sessions[n // half], board=f"P{n % half + 1}")
        for n, submission in enumerate(posters)
    )  # fmt: skip
    return talk_slots


def _move_some(slots: list[Slot]) -> None:
    """Rotate some talks through each other's rooms (same times), as an editor would."""
    rooms = [slot.room for slot in slots]
    for slot, room in zip(slots, rooms[1:] + rooms[:1], strict=True):
        slot.room = room
        slot.revision += 1
    Slot.objects.bulk_update(slots, ["room", "revision"])


@contextmanager
def throwaway_database(name: str):
    """A fresh database (``test_<name>`` on PostgreSQL, a SQLite file under var/), destroyed
    when the block ends."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(Path(settings.VAR_DIR) / f"{name}.sqlite3")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        teardown_test_environment()


def main() -> None:
    with throwaway_database("bench_program_data"):
        built = build_program()
        slots = Slot.objects.filter(version=built.version)
        print(
            f"{connection.vendor}: built in {built.seconds:.1f} s: "
            f"{Submission.objects.filter(event=built.event).count()} proposals, "
            f"{Speaker.objects.count()} speakers, {SpeakerProfile.objects.count()} event bios, "
            f"{slots.filter(submission__isnull=False, parent__isnull=True).count()} talks, "
            f"{slots.filter(parent__isnull=False).count()} posters, "
            f"{slots.filter(submission__isnull=True).count()} blocks in {built.version.name}, "
            f"changes { ({k: len(v) for k, v in built.version.changes.items()}) }"
        )


if __name__ == "__main__":
    main()
