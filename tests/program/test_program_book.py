"""The program book PDF: what it prints (read back with pdftotext, page by page), what it leaves
out (cancelled sessions, the draft), hostile Markdown, and its speaker index's page numbers."""

import re
import subprocess
from datetime import date, timedelta
from io import BytesIO
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from accounts.models import User
from proceedings.enums import BuildKind
from proceedings.models import ProceedingsBuild
from program.enums import SlotKind
from program.exporters.book import NO_VERSION, write_program_book
from program.services import publish_schedule
from submissions.enums import SubmissionState
from submissions.services.editing import set_submission_state
from tests.factories.program import (
    AcceptedSubmissionFactory,
    BlockSlotFactory,
    RoomFactory,
    SessionSlotFactory,
    event_time,
)
from tests.factories.tracks import EventFactory, SessionTypeFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = (
    "Plain **bold words** and a [bad link](javascript:alert(1)).\n\n"
    "<script>alert('pwned')</script><style>body{display:none}</style>"
    '<img src="http://attacker.invalid/pixel.png" onerror="alert(2)">\n\n'
    '<a href="file:///etc/passwd">local file</a> [' * 1 + "unclosed [[[ brackets"
)


SURNAMES = [
    "Fill Abel", "Fill Bose", "Fill Curie", "Fill Dirac",
    "Fill Euler", "Fill Fermi", "Fill Gauss", "Fill Hilbert",
]  # fmt: skip


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text as pdftotext reads it (pypdf cannot read WeasyPrint's text)."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=data, capture_output=True, check=True,
    )  # fmt: skip
    return result.stdout.decode().split("\f")[:-1]


def heading_page(texts: list[str], heading: str) -> int:
    """The index of the page with a line reading ``heading`` (the contents page aside)."""
    return max(i for i, text in enumerate(texts) if heading in map(str.strip, text.splitlines()))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def render(event) -> tuple[bytes, int, list]:
    build = ProceedingsBuild.objects.create(event=event, kind=BuildKind.PROGRAM_BOOK)
    out, calls = BytesIO(), []
    pages = write_program_book(build=build, out=out, progress=lambda *a: calls.append(a))
    return out.getvalue(), pages, calls


@pytest.fixture
def event():
    return EventFactory(
        name="PyData Book Conf 2027", slug="pydata-book-2027", tagline="Notebooks, on paper.",
        start_date=date(2027, 3, 1), end_date=date(2027, 3, 2), venue="Lyon, France",
        time_zone="Europe/Paris",
    )  # fmt: skip


def person(name: str):
    """One user per name, whatever the number of their sessions."""
    user = User.objects.filter(name=name).first()
    return user or UserFactory(name=name, affiliation=f"{name.split()[-1]} Lab")


def talk(event, room, day, hour, title, *names, minute=0, **fields):
    speakers = [person(name) for name in names]
    submission = AcceptedSubmissionFactory(
        event=event, title=title, created_by=speakers[0], speakers=speakers[1:], **fields
    )
    return SessionSlotFactory(
        event=event, room=room, submission=submission, start=event_time(event, day, hour, minute)
    )


@pytest.fixture
def program(event):
    """Two days, two rooms: talks (one by two speakers, one speaker with two talks), a tutorial,
    a poster session, lunch for all rooms; published as v1.0. After publishing: a talk is
    withdrawn (cancelled), and the draft gets a new talk and a moved one (draft only)."""
    hall = RoomFactory(event=event, name="Grand Amphi", position=0)
    lab = RoomFactory(event=event, name="Salle 12", position=1)
    tutorial_type = SessionTypeFactory(event=event, name="Tutorial", duration_minutes=180)
    talks = [
        talk(event, hall, 0, 9, "Arrays & <dtypes> in 2027", "Zoë Ångström", "Kenji Watanabe"),
        talk(event, hall, 0, 10, "Fast joins with Polars", "Ada Lovelace"),
        talk(event, hall, 1, 9, "Pandas internals, revisited", "Ada Lovelace", abstract=HOSTILE),
        talk(event, hall, 1, 10, "Cancelled after publishing", "Carl Cancel"),
    ]
    tutorial = talk(
        event, lab, 0, 9, "Hands-on xarray", "Grace Hopper", session_type=tutorial_type,
        abstract="Bring a laptop.\n\n- install *xarray*\n- open `data.nc`",
    )  # fmt: skip
    posters = BlockSlotFactory(
        event=event, kind=SlotKind.POSTER_SESSION, title="Evening posters", room=lab,
        start=event_time(event, 1, 17), end=event_time(event, 1, 19),
    )  # fmt: skip
    poster = SessionSlotFactory(
        event=event, parent=posters, board="P1", room=None, start=None, end=None,
        submission=AcceptedSubmissionFactory(
            event=event, title="A poster on sparse arrays", created_by=person("Pia Poster")
        ),
    )  # fmt: skip
    lunch = BlockSlotFactory(
        event=event, title="Lunch", start=event_time(event, 0, 12), end=event_time(event, 0, 13)
    )
    long_abstract = "A long abstract that fills the page. " * 60
    fillers = [
        talk(event, lab, 1, 9 + n // 2, f"Filler talk {n}", SURNAMES[n], minute=30 * (n % 2),
             abstract=long_abstract)
        for n in range(8)
    ]  # fmt: skip
    version = publish_schedule(event=event, name="v1.0", notify_speakers=False, by=None)
    set_submission_state(submission=talks[3].submission, to=SubmissionState.WITHDRAWN)
    talk(event, lab, 1, 11, "Draft-only talk", "Dora Draft")
    talks[1].start += timedelta(days=1)  # moved in the draft only
    talks[1].end += timedelta(days=1)
    talks[1].save()
    return SimpleNamespace(
        hall=hall, lab=lab, talks=talks, tutorial=tutorial, posters=posters, poster=poster,
        lunch=lunch, fillers=fillers, version=version,
    )  # fmt: skip


def test_book_cover_days_sessions_and_speakers(program, event):
    data, pages, calls = render(event)

    texts = pdf_pages(data)
    everything = flat(" ".join(texts))
    assert pages == len(texts) == len(PdfReader(BytesIO(data)).pages)
    cover = flat(texts[0])
    for text in ("PyData Book Conf 2027", "Notebooks, on paper.", "Mar 1–2, 2027", "Lyon, France"):
        assert text in cover
    assert "Program version v1.0" in cover
    assert "Day 1: Monday, March 1, 2027" in everything
    assert "Day 2: Tuesday, March 2, 2027" in everything
    for title in (
        "Arrays & <dtypes> in 2027", "Fast joins with Polars", "Pandas internals, revisited",
        "Hands-on xarray", "Evening posters", "A poster on sparse arrays", "Lunch",
    ):  # fmt: skip
        assert title in everything
    for name in ("Zoë Ångström", "Kenji Watanabe", "Ada Lovelace", "Grace Hopper", "Pia Poster"):
        assert name in everything
    assert calls == [(0, 13), (13, 13)]  # 4 sessions, 8 fillers and the poster session


def test_book_schedule_table_per_day_with_rooms_as_columns(program, event):
    data, _, _ = render(event)

    texts = pdf_pages(data)

    day_one = next(text for text in texts if "Day 1: Monday" in text and "Time" in text)
    header = next(line for line in day_one.splitlines() if "Grand Amphi" in line)
    assert header.split() == ["Time", "Grand", "Amphi", "Salle", "12"]
    lines = day_one.splitlines()
    nine = next(line for line in lines if line.strip().startswith("09:00"))
    assert "Arrays & <dtypes>" in nine
    assert "Hands-on xarray" in nine
    assert nine.index("Arrays") < nine.index("Hands-on")  # each in its room's column
    assert "12:00" in flat(day_one)
    assert "Lunch" in flat(day_one)


def test_book_session_entry_has_time_room_track_type_abstract(program, event):
    data, _, _ = render(event)

    texts = pdf_pages(data)

    sessions = flat(" ".join(texts[heading_page(texts, "Sessions") :]))
    tutorial = program.tutorial.submission
    entry = sessions[sessions.index("Hands-on xarray") :]
    assert entry.startswith(
        f"Hands-on xarray Mon, Mar 1, 09:00–12:00 · Salle 12 · Tutorial · {tutorial.track.name}"
    )
    assert "Grace Hopper (Hopper Lab)" in entry
    assert "Bring a laptop. • install xarray • open data.nc" in entry


def test_book_leaves_out_cancelled_sessions_and_draft_changes(program, event):
    data, _, _ = render(event)

    texts = pdf_pages(data)
    everything = flat(" ".join(texts))

    assert "Cancelled after publishing" not in everything
    assert "Carl Cancel" not in everything
    assert "Draft-only talk" not in everything
    assert "Dora Draft" not in everything
    day_one = texts[heading_page(texts, "Day 1: Monday, March 1, 2027")]
    day_two = texts[heading_page(texts, "Day 2: Tuesday, March 2, 2027")]
    assert "Fast joins with Polars" in day_one  # its published day, not the draft's
    assert "Fast joins with Polars" not in day_two


def link_targets(data: bytes) -> list[str]:
    """Every external link of the PDF (its URI annotations)."""
    targets = []
    for page in PdfReader(BytesIO(data)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


def test_book_renders_hostile_markdown_harmless(program, event):
    data, _, _ = render(event)

    everything = flat(" ".join(pdf_pages(data)))

    assert "Plain bold words and a" in everything
    assert "**" not in everything
    for text in ("pwned", "display:none", "attacker.invalid", "onerror", "<script", "<img"):
        assert text not in everything
    assert "unclosed [[[ brackets" in everything
    assert all(target.startswith("https://") for target in link_targets(data))
    assert "javascript:" not in " ".join(link_targets(data))
    assert b"file:///" not in data


INDEX_LINE = re.compile(r"^\s+(.+), p\. (\d+)$")


def speaker_index(texts: list[str]) -> dict[str, list[tuple[str, int]]]:
    """The index read back: each name with its (title, page) lines."""
    start = heading_page(texts, "Speaker index")
    index: dict[str, list[tuple[str, int]]] = {}
    name = None
    for text in texts[start:]:
        for line in text.splitlines()[2:]:
            if not line.strip() or line.strip().startswith(("Page ", "Speaker index")):
                continue
            if match := INDEX_LINE.match(line):
                index[name].append((match.group(1), int(match.group(2))))
            else:
                name = line.strip()
                index[name] = []
    return index


def test_book_speaker_index_page_numbers_point_at_session_titles(program, event):
    data, _, _ = render(event)

    texts = pdf_pages(data)

    index = speaker_index(texts)
    sessions_start = heading_page(texts, "Sessions")
    pages = {page for entries in index.values() for _, page in entries}
    assert len(pages) >= 3  # the fillers spread the sessions over several pages
    for name, entries in index.items():
        assert entries, name
        for title, page in entries:
            assert page - 1 >= sessions_start
            lines = [line.strip() for line in texts[page - 1].splitlines()]
            heading = title.split(": ", 1)[-1] if title.startswith("P1: ") else title
            assert any(line.endswith(heading) for line in lines), (name, title, page)
            assert flat(texts[page - 1]).count(title) >= 1


def test_book_speaker_index_lists_each_speaker_once_by_surname(program, event):
    data, _, _ = render(event)

    index = speaker_index(pdf_pages(data))

    names = list(index)
    assert names.index("Zoë Ångström") < names.index("Grace Hopper") < names.index("Ada Lovelace")
    assert names.count("Ada Lovelace") == 1
    assert [title for title, _ in index["Ada Lovelace"]] == [
        "Fast joins with Polars",
        "Pandas internals, revisited",
    ]
    assert [title for title, _ in index["Pia Poster"]] == ["A poster on sparse arrays"]
    assert "Carl Cancel" not in names
    assert "Dora Draft" not in names


def test_book_embeds_its_fonts_and_numbers_pages(program, event):
    data, pages, _ = render(event)

    fonts = subprocess.run(
        ["pdffonts", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()

    rows = fonts.splitlines()[2:]
    assert rows
    assert all(row.split()[-5] == "yes" for row in rows), fonts
    texts = pdf_pages(data)
    assert f"Page 2 of {pages}" in texts[1]
    assert "Page 1 of" not in texts[0]  # the cover has no footer


def test_book_without_published_version_refused(event):
    SessionSlotFactory(event=event)  # a draft only

    with pytest.raises(ValueError, match="publish a version of the program first") as error:
        render(event)

    assert str(error.value) == NO_VERSION


def test_book_day_with_many_rooms_gets_a_landscape_page(event):
    rooms = [RoomFactory(event=event, name=f"Hall {n}", position=n) for n in range(6)]
    for n, room in enumerate(rooms):
        talk(event, room, 0, 9, f"Parallel talk {n}", f"Speaker Number{n}")
    publish_schedule(event=event, name="v1.0", notify_speakers=False, by=None)

    data, _, _ = render(event)

    texts = pdf_pages(data)
    reader = PdfReader(BytesIO(data))
    day = heading_page(texts, "Day 1: Monday, March 1, 2027")
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]
    assert sizes[day][0] > sizes[day][1]  # landscape
    assert sizes[0][0] < sizes[0][1]  # the cover and the rest: portrait
    header = next(line for line in texts[day].splitlines() if "Hall 0" in line)
    assert header.split() == ["Time"] + [f"{word}" for n in range(6) for word in ("Hall", str(n))]
