"""The tutorial stipend report, as SciPy pays it: “a stipend of $1,000 to each instructor (or
team of instructors) for each half-day session they lead” (SciPy 2025 call for tutorials,
where a tutorial is 4 hours long).

So the amount is per tutorial, not per instructor: its half-day sessions times the rate. A
tutorial's teaching time is its slot less the lunch hour (12:00–13:00 in the event's zone) it
covers; it counts one half-day session per started half-day length (4 hours unless the
organizer says otherwise) of that time, at least one: 8:00–12:00, 13:30–17:30 and 10:00–14:00
count one, 8:00–17:00 two. A tutorial not on the schedule counts its session type's length,
and says so in the note. Organizers only: it lists the instructors' emails.
"""

import math
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from conf_portal.spreadsheets import csv_text

from .common import slot_room, slot_times
from .tables import Schedule

HALF_DAY_HOURS = Decimal(4)
LUNCH = (time(12), time(13))  # local time left out of a tutorial's teaching time
DEFAULT_RATE = Decimal(1000)
DEFAULT_CURRENCY = "USD"

HEADER = [
    "ID", "Tutorial", "Session type", "Day", "Start", "End", "Room", "Teaching hours",
    "Half-day sessions", "Instructors", "Instructors' emails", "Amount", "Currency", "Note",
]  # fmt: skip


def is_tutorial_type(session_type) -> bool:
    """The default choice of which session types count as tutorials."""
    return "tutorial" in f"{session_type.slug} {session_type.name}".lower()


def teaching_time(start: datetime, end: datetime) -> timedelta:
    """From local ``start`` to ``end``, less the lunch hour of each day it covers."""
    length = end.astimezone(UTC) - start.astimezone(UTC)
    day = start.date()
    while day <= end.date():
        lunch_start, lunch_end = (datetime.combine(day, at, start.tzinfo) for at in LUNCH)
        overlap = min(end, lunch_end) - max(start, lunch_start)
        length -= max(overlap, timedelta(0))
        day += timedelta(days=1)
    return length


def half_day_sessions(length: timedelta, half_day_hours: Decimal = HALF_DAY_HOURS) -> int:
    """One per started half-day length of teaching time, at least one."""
    minutes = Decimal(int(length.total_seconds() // 60))
    return max(1, math.ceil(minutes / (half_day_hours * 60)))


@dataclass
class StipendLine:
    submission: object
    slot: object
    hours: Decimal
    half_days: int
    amount: Decimal
    note: str


def stipend_lines(
    submissions, schedule: Schedule, rate: Decimal, half_day_hours: Decimal = HALF_DAY_HOURS
) -> list[StipendLine]:
    lines = []
    for submission in submissions:
        slot = schedule.slots.get(submission.pk)
        note = ""
        if slot is not None:
            start, end = slot_times(slot)
            length = teaching_time(schedule.local(start), schedule.local(end))
        else:
            minutes = submission.session_type.duration_minutes
            length = timedelta(minutes=minutes or int(half_day_hours * 60))
            note = (
                f"Not in the {schedule.name} schedule: counted from its type's length."
                if minutes
                else f"Not in the {schedule.name} schedule and its type has no length: "
                "counted as one half-day."
            )
        half_days = half_day_sessions(length, half_day_hours)
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


def stipend_csv(
    submissions,
    schedule: Schedule,
    rate: Decimal,
    currency: str,
    half_day_hours: Decimal = HALF_DAY_HOURS,
) -> str:
    """One row per tutorial, then a total row."""
    lines = stipend_lines(submissions, schedule, rate, half_day_hours)
    rows = [_row(line, schedule, currency) for line in lines]
    total = sum((line.amount for line in lines), Decimal(0))
    half_days = sum(line.half_days for line in lines)
    rows.append(["", "Total", "", "", "", "", "", "", half_days, "", "", f"{total:.2f}",
                 currency, f"{len(lines)} tutorials"])  # fmt: skip
    zone = schedule.event.zone.key
    timed = ("Day", "Start", "End")
    header = [f"{label} ({zone})" if label in timed else label for label in HEADER]
    return csv_text(header, rows)
