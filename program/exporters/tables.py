"""The accepted sessions with their speakers and schedule, as CSV or JSON, with the columns an
organizer chooses. For organizers only: the emails column is private."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch

from conf_portal.spreadsheets import csv_text
from submissions.enums import SubmissionState
from submissions.models import Speaker, Submission

from ..models import ScheduleVersion, Slot
from ..selectors import SCHEDULABLE_STATES, latest_version
from .common import Urls, slot_room, slot_times

PUBLISHED, DRAFT = "published", "draft"


@dataclass
class Schedule:
    """Where scheduled times come from: the latest published version, or the draft."""

    event: object
    version: ScheduleVersion | None
    slots: dict[int, Slot]  # by submission id

    def __post_init__(self):
        self.urls = Urls(self.event)

    @property
    def name(self) -> str:
        return self.version.name if self.version else "draft"

    def local(self, moment: datetime | None) -> datetime | None:
        return moment.astimezone(self.event.zone) if moment else None


def schedule_source(event, source: str) -> Schedule:
    """The times to export: the latest published version (``published``, if there is one) or
    the draft, each session's slot by its proposal."""
    version = latest_version(event) if source == PUBLISHED else None
    queryset = Slot.objects.filter(event=event, submission__isnull=False)
    queryset = queryset.filter(version=version) if version else queryset.filter(version=None)
    slots = queryset.select_related("room", "parent", "parent__room")
    return Schedule(event, version, {slot.submission_id: slot for slot in slots})


def accepted_submissions(event, session_types=None):
    """Accepted and confirmed proposals with their track, type and speakers (3 queries)."""
    speakers = Speaker.objects.select_related("user").order_by("position", "pk")
    queryset = (
        Submission.objects.filter(event=event, state__in=SCHEDULABLE_STATES)
        .select_related("track", "session_type")
        .prefetch_related(Prefetch("speakers", queryset=speakers))
        .order_by("track__position", "session_type__position", "title", "pk")
    )
    if session_types is not None:
        queryset = queryset.filter(session_type__in=session_types)
    return queryset


@dataclass
class Column:
    key: str
    label: str
    default: bool = False
    private: bool = False  # personal data that only organizers see


COLUMNS = [
    Column("id", "ID", default=True),
    Column("title", "Title", default=True),
    Column("state", "State", default=True),
    Column("track", "Track", default=True),
    Column("type", "Session type", default=True),
    Column("speakers", "Speakers", default=True),
    Column("emails", "Speakers' emails", private=True),
    Column("affiliations", "Affiliations"),
    Column("orcid", "ORCID iDs"),
    Column("abstract", "Abstract"),
    Column("day", "Day", default=True),
    Column("start", "Start", default=True),
    Column("end", "End", default=True),
    Column("room", "Room", default=True),
    Column("board", "Poster board"),
    Column("poster_session", "Poster session"),
    Column("expected_attendance", "Expected attendance"),
    Column("version", "Schedule version"),
    Column("url", "Public page"),
]
COLUMN_KEYS = [column.key for column in COLUMNS]


def _values(submission: Submission, schedule: Schedule) -> dict:
    """Every column's value of one session; lists for people, ISO datetimes for times."""
    users = [speaker.user for speaker in submission.speakers.all()]
    slot = schedule.slots.get(submission.pk)
    start, end = slot_times(slot) if slot else (None, None)
    room = slot_room(slot) if slot else None
    start, end = schedule.local(start), schedule.local(end)
    return {
        "id": submission.pk,
        "title": submission.title,
        "state": submission.state,
        "track": submission.track.name,
        "type": submission.session_type.name,
        "speakers": [user.public_name for user in users],
        "emails": [user.email for user in users],
        "affiliations": [user.affiliation for user in users],
        "orcid": [user.orcid for user in users],
        "abstract": submission.abstract,
        "day": start.date().isoformat() if start else None,
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "room": room.name if room else None,
        "board": slot.board if slot and slot.parent_id else None,
        "poster_session": slot.parent.display_title if slot and slot.parent_id else None,
        "expected_attendance": _attendance(slot),
        "version": schedule.name if slot else None,
        "url": schedule.urls("session", submission.pk),
    }


def _attendance(slot: Slot | None) -> int | None:
    """The expected attendance of the session (a poster: of its poster session)."""
    if slot is None:
        return None
    return slot.parent.expected_attendance if slot.parent_id else slot.expected_attendance


def _ordered(submissions, schedule: Schedule) -> list:
    """Scheduled sessions by time and room first, then the unscheduled ones."""

    def key(submission):
        slot = schedule.slots.get(submission.pk)
        if slot is None:
            return (1, None, "")
        room = slot_room(slot)
        return (0, slot_times(slot)[0], room.name if room else "")

    return sorted(submissions, key=key)


def sessions_rows(submissions, schedule: Schedule, columns: list[str]) -> list[dict]:
    """One dict per session with the chosen keys, in ``COLUMNS`` order: what the JSON holds."""
    keys = [key for key in COLUMN_KEYS if key in columns]
    rows = [_values(submission, schedule) for submission in _ordered(submissions, schedule)]
    return [{key: row[key] for key in keys} for row in rows]


def _cell(key: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if key == "state":
        return SubmissionState(value).label
    if key in ("start", "end"):
        return value[11:16]  # HH:MM of the local ISO time; the day is its own column
    return str(value)


def sessions_csv(submissions, schedule: Schedule, columns: list[str]) -> str:
    """The same rows as CSV (people joined with "; ", local times as HH:MM), formula-safe."""
    zone = schedule.event.zone.key
    labels = {column.key: column.label for column in COLUMNS}
    labels.update(start=f"Start ({zone})", end=f"End ({zone})", day=f"Day ({zone})")
    rows = sessions_rows(submissions, schedule, columns)
    keys = [key for key in COLUMN_KEYS if key in columns]
    return csv_text(
        [labels[key] for key in keys],
        ([_cell(key, row[key]) for key in keys] for row in rows),
    )
