"""Demo data built from real calls for papers: SciPy 2020, SciPy 2025 and DL on Supercomputers 2020.

Running :func:`load_demo` again changes nothing: every row is looked up by a natural key first.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import pairwise
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from submissions.enums import DeliverableFormat as Format
from submissions.models import DeliverableRequirement

from .enums import AOE, CommitteeRole, DeadlineKind, SubmissionField
from .models import Deadline, DeadlineChange, Event, Membership, SessionType, Track
from .timezones import zone

CONTENT = Path(__file__).parent / "demo_content"
DEMO_PASSWORD = "conf-portal-demo"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    name: str
    what: str


DEMO_LOGINS = [
    DemoLogin("admin@example.org", "Site Admin", "superuser: Django admin for every model"),
    DemoLogin("organizer@example.org", "Olivia Organizer", "organizer of SciPy 2025"),
    DemoLogin(
        "laurie.stephey@example.org", "Laurie Stephey", "track chair, High Performance Python"
    ),
    DemoLogin("reviewer@example.org", "Rafael Reviewer", "reviewer for SciPy 2025 Tutorials"),
    DemoLogin(
        "zhao.zhang@dlonsc.example.org", "Zhao Zhang", "co-chair of DLonSC 2020: assign reviewers"
    ),
    DemoLogin("steve.farrell@dlonsc.example.org", "Steve Farrell", "DLonSC 2020 reviewer: bid"),
    DemoLogin(
        "weijia.xu@dlonsc.example.org",
        "Weijia Xu",
        "DLonSC 2020 proceedings chair: camera-ready papers, the volume",
    ),
    DemoLogin("author@example.org", "Matthew Feickert", "author of the SciPy 2025 pixi tutorial"),
]

DLONSC_COMMITTEE = """\
Valeriu Codreanu (co-chair), SURFsara, Netherlands
Ian Foster (co-chair), UChicago & ANL, USA
Zhao Zhang (co-chair), TACC, USA
Weijia Xu (proceeding chair), TACC, USA
Ahmed Al-Jarro, Fujitsu Laboratories of Europe, UK
Takuya Akiba, Preferred Networks, Japan
Thomas S. Brettin, ANL, USA
Maxwell Cai, SURFsara, Netherlands
Erich Elsen, DeepMind, USA
Steve Farrell, LBNL, USA
Song Feng, IBM Research, USA
Boris Ginsburg, Nvidia, USA
Torsten Hoefler, ETH, Switzerland
Jessy Li, UT Austin, USA
Zhengchun Liu, ANL, USA
Peter Messmer, Nvidia, USA
Damian Podareanu, SURFsara, Netherlands
Simon Portegies Zwart, Leiden Observatory, Netherlands
Qifan Pu, Google, USA
Arvind Ramanathan, ANL, USA
Vikram Saletore, Intel, USA
Mikhail E. Smorkalov, Huawei, Russia
Rob Schreiber, Cerebras, USA
Dan Stanzione, TACC, USA
Rick Stevens, UChicago & ANL, USA
Wei Tan, Citadel, USA
Jordi Torres, Barcelona Supercomputing Center, Spain
Daniela Ushizima, LBNL, USA
Sofia Vallecorsa, CERN, Switzerland
David Walling, TACC, USA
Markus Weimer, Microsoft, USA
Kathy Yelick, UC Berkeley & LBNL, USA
Huazhe Zhang, Facebook, USA
"""

TALK_FIELDS = [
    SubmissionField.DESCRIPTION,
    SubmissionField.SESSION_IMAGE,
    SubmissionField.AI_STATEMENT,
]
TUTORIAL_FIELDS = [
    SubmissionField.DESCRIPTION,
    SubmissionField.OUTLINE,
    SubmissionField.PREREQUISITES,
    SubmissionField.INSTALLATION,
    SubmissionField.PYTHON_LEVEL,
    SubmissionField.ADDITIONAL_INFO,
    SubmissionField.SESSION_IMAGE,
    SubmissionField.RESOURCES,
    SubmissionField.AI_STATEMENT,
]
PAPER_FIELDS = [SubmissionField.PAPER_PDF, SubmissionField.AI_STATEMENT]


def _text(name: str) -> str:
    return (CONTENT / name).read_text()


def _at(day: date, zone_name: str, at: time = time(23, 59)) -> datetime:
    return datetime.combine(day, at, tzinfo=zone(zone_name))


def _user(email: str, name: str, affiliation: str = "", country: str = "", **extra):
    user, created = get_user_model().objects.get_or_create(
        email=email,
        defaults={"name": name, "affiliation": affiliation, "country": country, **extra},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def _event(slug: str, **fields) -> Event:
    event, _ = Event.objects.update_or_create(slug=slug, defaults=fields)
    return event


def _track(event: Event, name: str, description: str, position: int) -> Track:
    track, _ = Track.objects.update_or_create(
        event=event,
        slug=slugify(name),
        defaults={"name": name, "description": description, "position": position},
    )
    return track


def _session_type(event: Event, name: str, position: int, **fields) -> SessionType:
    session_type, _ = SessionType.objects.update_or_create(
        event=event, slug=slugify(name), defaults={"name": name, "position": position, **fields}
    )
    return session_type


def _deadline(event, kind, dues: list[datetime], *, label="", track=None, date_only=True, tz=""):
    """A deadline whose announced dates were ``dues`` in order: all but the last are extensions."""
    deadline, created = Deadline.objects.get_or_create(
        event=event,
        kind=kind,
        track=track,
        session_type=None,
        defaults={"due": dues[-1], "label": label, "date_only": date_only, "time_zone": tz},
    )
    if created:
        for previous, new in pairwise(dues):
            DeadlineChange.objects.create(deadline=deadline, previous_due=previous, new_due=new)
    return deadline


def _member(event, user, role, *, title="", tracks=(), position=100) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        event=event, user=user, role=role, defaults={"title": title, "position": position}
    )
    if tracks:
        membership.tracks.add(*tracks)
    return membership


def _scipy_2020() -> Event:
    tz = "America/Chicago"
    event = _event(
        "scipy-2020",
        name="SciPy 2020",
        tagline="The 19th annual Scientific Computing with Python conference — now with a "
        "High Performance Python track.",
        start_date=date(2020, 7, 6),
        end_date=date(2020, 7, 12),
        venue="Austin, TX, USA",
        time_zone=tz,
        description=_text("scipy2020.md"),
        website="https://www.scipy2020.scipy.org/",
        is_public=True,
    )
    hpp = _track(event, "High Performance Python", _text("scipy2020_hpp.md"), 1)
    _track(event, "Machine Learning and Data Science", _text("scipy2020_mlds.md"), 2)
    _session_type(
        event,
        "Talk",
        1,
        duration_minutes=25,
        requested_fields=TALK_FIELDS,
        description="A 25-minute talk; speakers may also write a proceedings paper.",
    )
    _session_type(
        event,
        "Poster",
        2,
        duration_minutes=None,
        requested_fields=TALK_FIELDS,
        description="Presented during the poster session.",
    )
    _deadline(
        event,
        DeadlineKind.CFP_OPENS,
        [_at(date(2019, 12, 10), tz, time(9, 0))],
        label="Talk & poster call for proposals opens",
    )
    _deadline(
        event,
        DeadlineKind.CFP_CLOSES,
        [_at(date(2020, 2, 11), tz), _at(date(2020, 2, 15), tz)],
        label="Talk & poster submissions due",
        date_only=False,
    )
    _deadline(
        event, DeadlineKind.NOTIFICATION, [_at(date(2020, 4, 21), tz)], label="Speakers notified"
    )
    _deadline(
        event, DeadlineKind.EVENT, [_at(date(2020, 7, 6), tz, time(9, 0))], label="Tutorials begin"
    )
    chairs = [
        ("Gil Forsyth", "Capital One"),
        ("Matt Haberland", "Cal Poly"),
        ("Nicolas Hug", "Columbia University"),
        ("Paul Ivanov", "Bloomberg"),
        ("Madicken Munk", "University of Illinois"),
    ]
    for position, (name, affiliation) in enumerate(chairs, start=1):
        user = _user(f"{slugify(name).replace('-', '.')}@example.org", name, affiliation, "USA")
        _member(event, user, CommitteeRole.ORGANIZER, title="program co-chair", position=position)
    laurie = _user(
        "laurie.stephey@example.org",
        "Laurie Stephey",
        "Lawrence Berkeley National Laboratory",
        "USA",
    )
    andreas = _user(
        "andreas.kloeckner@example.org", "Andreas Kloeckner", "University of Illinois", "USA"
    )
    for position, chair in enumerate((laurie, andreas), start=10):
        _member(
            event,
            chair,
            CommitteeRole.TRACK_CHAIR,
            title="track co-chair",
            tracks=[hpp],
            position=position,
        )
    return event


def _scipy_2025() -> Event:
    tz = "America/Los_Angeles"
    event = _event(
        "scipy-2025",
        name="SciPy 2025",
        tagline="Hands-on tutorials: 4 hours, at least half of it coding.",
        start_date=date(2025, 7, 7),
        end_date=date(2025, 7, 13),
        venue="Tacoma, WA, USA",
        time_zone=tz,
        description=_text("scipy2025.md"),
        website="https://www.scipy2025.scipy.org/",
        is_public=True,
    )
    tutorials = _track(
        event,
        "Tutorials",
        "Hands-on tutorials for new and advanced Python "
        "programmers building scientific applications.",
        1,
    )
    _session_type(
        event,
        "Tutorial",
        1,
        duration_minutes=240,
        requested_fields=TUTORIAL_FIELDS,
        abstract_word_limit=100,
        description_word_limit=500,
        description="A 4-hour hands-on tutorial; instructors receive a $1,000 stipend per "
        "half-day session.",
    )
    _deadline(
        event, DeadlineKind.CFP_CLOSES, [_at(date(2025, 2, 25), tz)], label="Tutorial proposals due"
    )
    _deadline(
        event,
        DeadlineKind.NOTIFICATION,
        [_at(date(2025, 3, 28), tz)],
        label="Accepted tutorials announced",
    )
    _deadline(
        event,
        DeadlineKind.MATERIALS_DUE,
        [_at(date(2025, 6, 11), tz)],
        label="Final tutorial materials and installation instructions due",
    )
    _deadline(
        event, DeadlineKind.EVENT, [_at(date(2025, 7, 7), tz, time(8, 0))], label="Tutorials begin"
    )
    organizer = _user("organizer@example.org", "Olivia Organizer", "SciPy Organizing Committee")
    _member(event, organizer, CommitteeRole.ORGANIZER, title="tutorial co-chair", position=1)
    reviewer = _user("reviewer@example.org", "Rafael Reviewer", "University of Washington", "USA")
    _member(event, reviewer, CommitteeRole.REVIEWER, tracks=[tutorials], position=50)
    return event


def _dlonsc_2020() -> Event:
    event = _event(
        "dlonsc-2020",
        name="Deep Learning on Supercomputers 2020",
        tagline="The fourth DLonSC workshop, held in conjunction with SC20 — in cooperation "
        "with IEEE TCHPC.",
        start_date=date(2020, 11, 11),
        end_date=date(2020, 11, 11),
        venue="Atlanta, GA, USA",
        time_zone="America/New_York",
        description=_text("dlonsc2020.md"),
        website="https://dlonsc.github.io/",
        is_public=True,
    )
    _session_type(
        event,
        "Workshop paper",
        1,
        duration_minutes=None,
        requested_fields=PAPER_FIELDS,
        abstract_word_limit=250,
        description_word_limit=None,
        min_pages=6,
        max_pages=8,
        page_limit_note="Excluding references; IEEE conference format.",
        description="Unpublished, original work; accepted papers are published through IEEE TCHPC.",
    )
    _track(event, "Papers", "Original research on deep learning at scale in HPC.", 1)
    _deadline(
        event,
        DeadlineKind.CFP_CLOSES,
        [_at(date(2020, 9, 1), AOE), _at(date(2020, 9, 15), AOE)],
        label="Papers due",
        tz=AOE,
    )
    _deadline(
        event,
        DeadlineKind.NOTIFICATION,
        [_at(date(2020, 9, 16), AOE), _at(date(2020, 9, 26), AOE)],
        label="Acceptance notification",
        tz=AOE,
    )
    _deadline(
        event,
        DeadlineKind.CAMERA_READY,
        [_at(date(2020, 10, 1), AOE)],
        label="Camera ready",
        tz=AOE,
    )
    _deadline(
        event,
        DeadlineKind.EVENT,
        [_at(date(2020, 11, 11), "America/New_York", time(9))],
        label="Workshop date",
    )
    for position, line in enumerate(DLONSC_COMMITTEE.splitlines(), start=1):
        name_part, *rest = [part.strip() for part in line.split(",")]
        country, affiliation = rest[-1], ", ".join(rest[:-1])
        title = ""
        if "(" in name_part:
            name_part, title = (s.strip(" )") for s in name_part.split("(", 1))
        role = {
            "co-chair": CommitteeRole.ORGANIZER,
            "proceeding chair": CommitteeRole.PROCEEDINGS_CHAIR,
        }.get(title, CommitteeRole.REVIEWER)
        email = f"{slugify(name_part).replace('-', '.')}@dlonsc.example.org"
        user = _user(email, name_part, affiliation, country)
        _member(event, user, role, title=title, position=position)
    return event


def _requirement(event: Event, type_slug: str, title: str, position: int, **fields) -> None:
    DeliverableRequirement.objects.update_or_create(
        session_type=event.session_types.get(slug=type_slug),
        title=title,
        defaults={"position": position, **fields},
    )


def _deliverable_requirements(scipy2020: Event, scipy2025: Event, dlonsc: Event) -> None:
    """What accepted proposals hand in, from the events' calls."""
    _requirement(
        dlonsc, "workshop-paper", "Camera-ready paper", 1, format=Format.PAPER_PDF,
        deadline_kind=DeadlineKind.CAMERA_READY,
        help_text="The final version in IEEE conference format, 6–8 pages excluding references, "
        "with the reviewers' comments addressed. It is published through IEEE TCHPC.",
    )  # fmt: skip
    # SciPy 2025: "Final tutorial materials and instructions for attendees will be due on June 11th.
    # This will include final version numbers of required software, detailed and tested
    # installation instructions, and a test script that can be run by attendees."
    _requirement(
        scipy2025, "tutorial", "Tutorial materials", 1, format=Format.LINK,
        deadline_kind=DeadlineKind.MATERIALS_DUE,
        help_text="The repository with your final materials (notebooks, data, slides), "
        "pinning the final version numbers of the software attendees need.",
    )  # fmt: skip
    _requirement(
        scipy2025, "tutorial", "Installation instructions", 2, format=Format.TEXT,
        deadline_kind=DeadlineKind.MATERIALS_DUE,
        help_text="Detailed and **tested** steps attendees follow before the tutorial, for "
        "Linux, macOS and Windows. Markdown.",
    )  # fmt: skip
    # A link, not a text box: the script lives in the tutorial's repository, so attendees get it
    # with the same checkout as the materials and it stays versioned with them.
    _requirement(
        scipy2025, "tutorial", "Test script", 3, format=Format.LINK,
        deadline_kind=DeadlineKind.MATERIALS_DUE,
        help_text="A link to the script in your repository that attendees run to check their "
        "setup, e.g. `python check_environment.py`.",
    )  # fmt: skip
    # SciPy 2020 announced no materials date: slides may come any time, even after the talk.
    _requirement(
        scipy2020, "talk", "Slides", 1, format=Format.PDF, required=False, is_public=True,
        deadline_kind=DeadlineKind.MATERIALS_DUE,
        help_text="Optional. Shown with your talk in the public program.",
    )  # fmt: skip
    _requirement(
        scipy2020,
        "poster",
        "Poster",
        1,
        format=Format.PDF,
        deadline_kind=DeadlineKind.EVENT,
        help_text="Your poster as a PDF, by the time the conference begins.",
    )


@transaction.atomic
def load_demo() -> list[Event]:
    """Create (or leave as they are) the demo events, their committees and the demo logins."""
    _user("admin@example.org", "Site Admin", is_staff=True, is_superuser=True)
    _user("author@example.org", "Matthew Feickert", "University of Wisconsin–Madison", "USA")
    events = [_scipy_2020(), _scipy_2025(), _dlonsc_2020()]
    _deliverable_requirements(*events)
    return events
