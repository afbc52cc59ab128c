"""The program book: a printable PDF of the published program (the public's latest version,
never the draft) — a cover, the schedule by day and room, each session with its abstract and
speakers, and a speaker index whose page numbers WeasyPrint fills in (``target-counter``).

Run by ``proceedings.builds.run_build`` for builds of kind PROGRAM_BOOK."""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.template.loader import render_to_string

from ..enums import SlotKind
from ..selectors import latest_version, public_slots
from .common import (
    ALL_ROOMS,
    Program,
    kind_label,
    numeric_id,
    program_days,
    scheduled_posters,
    slot_room,
    speakers,
    track_name,
)

NO_VERSION = (
    "The program book shows the published schedule, and nothing is published yet: publish a "
    "version of the program first."
)
# Up to this many rooms fit as columns on a portrait page; more get a landscape page.
PORTRAIT_ROOMS = 4


@dataclass(eq=False)  # one per slot: compared by identity
class Entry:
    """A session (or poster) as the book prints it."""

    anchor: str
    title: str
    day: str  # "Mon, Mar 1"
    time: str
    room: str
    kind: str
    track: str
    speakers: list  # users, in author order
    abstract: str = ""  # Markdown as its author wrote it
    board: str = ""
    posters: list["Entry"] = field(default_factory=list)


@dataclass
class Row:
    time: str
    cells: list[list] | None  # per room column: the slots starting then; None: one spanning cell
    spanning: list = field(default_factory=list)


def write_program_book(*, build, out, progress: Callable[[int, int], None]) -> int:
    """Render the event's program book as PDF into ``out`` (a binary file); the page count.

    ValueError when no version of the schedule is published."""
    from weasyprint import HTML  # slow to import: only when a book is rendered

    event = build.event
    version = latest_version(event)
    if version is None:
        raise ValueError(NO_VERSION)
    program = Program(event=event, version=version, slots=public_slots(version))
    context = book_context(program)
    total = len(context["entries"])
    progress(0, total)
    html = render_to_string("program/book/book.html", context)
    document = HTML(string=html, url_fetcher=_refuse_fetch).render()
    progress(total, total)
    document.write_pdf(out)
    return len(document.pages)


def _refuse_fetch(url: str, *args, **kwargs):
    # The book needs nothing from outside; a link in an abstract is never fetched.
    raise ValueError(f"The program book loads no external resources ({url[:60]}).")


def book_context(program: Program) -> dict:
    event = program.event
    days = [day for day in program_days(program) if day.slots]
    entries, by_slot = _entries(program, days)
    return {
        "event": event,
        "version": program.version,
        "published_at": program.in_zone(program.version.published_at),
        "days": [_day(program, day, by_slot) for day in days],
        "entries": entries,
        "speaker_index": _speaker_index(entries),
        "page_size": _page_size(event),
    }


def _page_size(event) -> str:
    settings = getattr(event, "proceedings_settings", None)
    return "A4" if settings is not None and settings.paper_size == "a4" else "letter"


def _span(program: Program, start: datetime, end: datetime) -> str:
    return f"{program.in_zone(start):%H:%M}–{program.in_zone(end):%H:%M}"


def _entries(program: Program, days) -> tuple[list[Entry], dict[int, Entry]]:
    """Each session and poster session, in schedule order; blocks have no entry of their own."""
    entries, by_slot = [], {}
    for day in days:
        for slot in day.slots:
            if not (slot.submission_id or slot.kind == SlotKind.POSTER_SESSION):
                continue
            entry = _entry(program, slot, f"session-{numeric_id(slot)}")
            entry.posters = [
                _entry(program, poster, f"poster-{poster.submission_id}", board=poster.board)
                for poster in scheduled_posters(slot)
            ]
            entries.append(entry)
            by_slot[slot.pk] = entry
    return entries, by_slot


def _entry(program: Program, slot, anchor: str, board: str = "") -> Entry:
    holder = slot.parent if slot.parent_id else slot
    room = slot_room(slot)
    source = slot.submission.abstract if slot.submission_id else slot.description
    return Entry(
        anchor=anchor,
        title=slot.display_title,
        day=f"{program.in_zone(holder.start):%a, %b} {program.in_zone(holder.start).day}",
        time=_span(program, holder.start, holder.end),
        room=room.name if room else ALL_ROOMS,
        kind=kind_label(slot),
        track=track_name(slot),
        speakers=speakers(slot),
        abstract=source,  # Markdown, rendered and sanitized by the template's |markdown
        board=board,
    )


def _day(program: Program, day, by_slot: dict[int, Entry]) -> dict:
    """A day's table: its rooms as columns, a row per start time; a block for every room (no
    room) spans the row."""
    rooms = sorted(
        {slot.room for slot in day.slots if slot.room_id},
        key=lambda room: (room.position, room.name, room.pk),
    )
    column = {room.pk: index for index, room in enumerate(rooms)}
    rows: dict[str, Row] = {}
    spanning_rows: list[Row] = []
    for slot in day.slots:
        time = f"{program.in_zone(slot.start):%H:%M}"
        item = {
            "slot": slot,
            "entry": by_slot.get(slot.pk),
            "time": _span(program, slot.start, slot.end),
            "speakers": speakers(slot),
        }
        if slot.room_id:
            row = rows.setdefault(time, Row(time, [[] for _ in rooms]))
            row.cells[column[slot.room_id]].append(item)
        else:
            spanning_rows.append(Row(time, None, [item]))
    ordered = sorted(
        [*rows.values(), *spanning_rows], key=lambda row: (row.time, row.cells is None)
    )
    return {
        "day": day,
        "rooms": rooms,
        "rows": ordered,
        "wide": len(rooms) > PORTRAIT_ROOMS,
        "columns": max(len(rooms), 1),
    }


def _speaker_index(entries: list[Entry]) -> list[dict]:
    """Each speaker once, by name, with the sessions and posters they present."""
    people: dict[int, dict] = {}
    for entry in entries:
        for item in [entry, *entry.posters]:
            for user in item.speakers:
                person = people.setdefault(user.pk, {"name": user.public_name, "sessions": []})
                if item not in person["sessions"]:
                    person["sessions"].append(item)
    return sorted(people.values(), key=lambda person: (_sort_name(person["name"]), person["name"]))


def _sort_name(name: str) -> str:
    """Surname first, accents ignored: "Zoë Ångström" sorts as "angstrom zoe"."""
    words = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().split()
    return " ".join([words[-1], *words[:-1]]).casefold() if words else name.casefold()
