"""The tutorial stipend report, as SciPy pays it: “a stipend of $1,000 to each instructor (or
team of instructors) for each half-day session they lead” (SciPy 2025 call for tutorials,
where a tutorial is 4 hours long).

So the amount is per tutorial, not per instructor: its half-day sessions times the rate. A
half-day session is a block of up to 4 hours: a scheduled tutorial counts one per started 4
hours of its slot (a 4-hour morning or afternoon: 1; a full day of 8 hours: 2). A tutorial not
on the schedule counts its session type's length, and says so in the note. Organizers only:
it lists the instructors' emails.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from conf_portal.spreadsheets import csv_text

from .common import half_day_blocks, slot_room, slot_times
from .tables import Schedule

HALF_DAY_HOURS = 4
DEFAULT_RATE = Decimal(1000)
DEFAULT_CURRENCY = "USD"

HEADER = [
    "ID", "Tutorial", "Session type", "Day", "Start", "End", "Room", "Hours",
    "Half-day sessions", "Instructors", "Instructors' emails", "Amount", "Currency", "Note",
]  # fmt: skip


def is_tutorial_type(session_type) -> bool:
    """The default choice of which session types count as tutorials."""
    return "tutorial" in f"{session_type.slug} {session_type.name}".lower()


@dataclass
class StipendLine:
    submission: object
    slot: object
    hours: Decimal
    half_days: int
    amount: Decimal
    note: str


def stipend_lines(submissions, schedule: Schedule, rate: Decimal) -> list[StipendLine]:
    lines = []
    for submission in submissions:
        slot = schedule.slots.get(submission.pk)
        note = ""
        if slot is not None:
            start, end = slot_times(slot)
            length = end - start
        else:
            minutes = submission.session_type.duration_minutes
            length = timedelta(minutes=minutes or HALF_DAY_HOURS * 60)
            note = (
                f"Not in the {schedule.name} schedule: counted from its type's length."
                if minutes
                else f"Not in the {schedule.name} schedule and its type has no length: "
                "counted as one half-day."
            )
        half_days = half_day_blocks(length, HALF_DAY_HOURS)
        hours = Decimal(int(length.total_seconds() // 60)) / 60
        lines.append(StipendLine(submission, slot, hours, half_days, half_days * rate, note))
    return sorted(lines, key=_line_order)


def _line_order(line: StipendLine):
    if line.slot is None:
        return (1, None, line.submission.title)
    return (0, slot_times(line.slot)[0], line.submission.title)


def _row(line: StipendLine, schedule: Schedule, currency: str) -> list:
    submission, slot = line.submission, line.slot
    users = [speaker.user for speaker in submission.speakers.all()]
    start, end = slot_times(slot) if slot else (None, None)
    start, end = schedule.local(start), schedule.local(end)
    room = slot_room(slot) if slot else None
    return [
        submission.pk, submission.title, submission.session_type.name,
        start.date().isoformat() if start else "", f"{start:%H:%M}" if start else "",
        f"{end:%H:%M}" if end else "", room.name if room else "", f"{line.hours:.2f}",
        line.half_days, "; ".join(u.public_name for u in users),
        "; ".join(u.email for u in users), f"{line.amount:.2f}", currency, line.note,
    ]  # fmt: skip


def stipend_csv(submissions, schedule: Schedule, rate: Decimal, currency: str) -> str:
    """One row per tutorial, then a total row."""
    lines = stipend_lines(submissions, schedule, rate)
    rows = [_row(line, schedule, currency) for line in lines]
    total = sum((line.amount for line in lines), Decimal(0))
    half_days = sum(line.half_days for line in lines)
    rows.append(["", "Total", "", "", "", "", "", "", half_days, "", "", f"{total:.2f}",
                 currency, f"{len(lines)} tutorials"])  # fmt: skip
    zone = schedule.event.zone.key
    timed = ("Day", "Start", "End")
    header = [f"{label} ({zone})" if label in timed else label for label in HEADER]
    return csv_text(header, rows)
