"""What every program export shares: which schedule it shows, and how a slot is described.

A public feed shows the latest published version to everyone when the event is public; to the
event's organizers it also answers before that (the latest version, or the draft while nothing
is published), filtered exactly as the public would see it. Everyone else gets a 404.
"""

import html
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from conf_portal.links import site_url
from conf_portal.markdown import CACHE_TIMEOUT, cache_key, render_markdown

from ..enums import PublicState, SlotKind
from ..models import ScheduleVersion, Slot
from ..selectors import latest_version, program_audience, public_slots, visible_draft_slots

ALL_ROOMS = "All rooms"  # where a block with no room (e.g. lunch for everyone) is listed
GENERATOR = "conf_portal"
# Stable namespace for the UUIDs the exports derive (events, rooms, people): same input, same UUID.
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/conf-portal/program")
BLOCK_ID_BASE = 1_000_000_000  # numeric ids of blocks start here, above any proposal's pk
_PK_MARK = 2_147_480_001  # stands for the pk in a URL reversed once for a whole export


class Urls:
    """Absolute URLs of the event's program pages, each name reversed once: an export of
    hundreds of sessions would otherwise spend most of its time in ``reverse``."""

    def __init__(self, event):
        self.event = event
        self._parts: dict[str, list[str]] = {}

    def __call__(self, name: str, pk: int | None = None) -> str:
        if name not in self._parts:
            kwargs = {"event": self.event.slug} | ({"pk": _PK_MARK} if pk is not None else {})
            url = site_url(reverse(f"program:{name}", kwargs=kwargs))
            self._parts[name] = url.split(str(_PK_MARK)) if pk is not None else [url]
        return str(pk).join(self._parts[name]) if pk is not None else self._parts[name][0]


@dataclass
class Program:
    """The slots a feed shows, from the latest published version or (organizers) the draft."""

    event: object
    version: ScheduleVersion | None
    slots: list[Slot]
    version_count: int = 0
    generated_at: datetime = field(default_factory=timezone.now)

    def __post_init__(self):
        self.urls = Urls(self.event)
        for slot in self.slots:  # each slot's speakers once, read by every field that lists them
            slot.export_speakers = (
                [speaker.user for speaker in slot.submission.speakers.all()]
                if slot.submission_id
                else []
            )

    @property
    def is_draft(self) -> bool:
        return self.version is None

    @property
    def version_name(self) -> str:
        return self.version.name if self.version else "draft (not published)"

    @property
    def stamp(self) -> datetime:
        """When this schedule was published (the draft: now)."""
        return self.version.published_at if self.version else self.generated_at

    @property
    def top_level(self) -> list[Slot]:
        """What takes a place in a room: sessions, blocks and poster sessions (not posters)."""
        return [slot for slot in self.slots if not slot.parent_id]

    @property
    def scheduled_top_level(self) -> list[Slot]:
        return [s for s in self.top_level if s.public_state == PublicState.SCHEDULED]

    def in_zone(self, moment: datetime) -> datetime:
        return timezone.localtime(moment, self.event.zone)


def program_for(user, event) -> Program:
    """The schedule ``user`` may download, or 404: whom the program's pages show it to
    (``program_audience``), the latest version, else the draft."""
    version = latest_version(event)
    if program_audience(event, user, version) is None:
        raise Http404("No published program.")
    slots = public_slots(version) if version else visible_draft_slots(event)
    count = ScheduleVersion.objects.filter(event=event).count() if version else 0
    return Program(event=event, version=version, slots=slots, version_count=count)


# Describing a slot ------------------------------------------------------------------------


def slot_times(slot: Slot) -> tuple[datetime, datetime]:
    """A poster takes its poster session's times."""
    holder = slot.parent if slot.parent_id else slot
    return holder.start, holder.end


def slot_room(slot: Slot):
    return slot.parent.room if slot.parent_id else slot.room


def room_name(slot: Slot) -> str:
    room = slot_room(slot)
    return room.name if room else ALL_ROOMS


def guid(slot: Slot) -> str:
    """The same UUID in every version, derived from the slot's stable iCalendar UID."""
    return str(uuid.uuid5(GUID_NAMESPACE, slot.ical_uid))


def named_guid(kind: str, key) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}"))


def numeric_id(slot: Slot) -> int:
    """A stable positive id: the proposal's pk for a session, a number from its uid for a block."""
    if slot.submission_id:
        return slot.submission_id
    return BLOCK_ID_BASE + slot.uid.int % BLOCK_ID_BASE


def slot_slug(event, slot: Slot) -> str:
    """``<event>-<id>-<title>``, lower-case ASCII, as pretalx builds them."""
    parts = [slugify(event.slug), str(numeric_id(slot)), slugify(slot.display_title)[:50]]
    return "-".join(part.strip("-_") for part in parts if part.strip("-_"))


def kind_label(slot: Slot) -> str:
    if slot.submission_id:
        return slot.submission.session_type.name
    return slot.get_kind_display()


def track_name(slot: Slot) -> str:
    return slot.submission.track.name if slot.submission_id else ""


def speakers(slot: Slot) -> list:
    """The speakers' users in author order (names only ever go out, never emails)."""
    if hasattr(slot, "export_speakers"):
        return slot.export_speakers
    if not slot.submission_id:
        return []
    return [speaker.user for speaker in slot.submission.speakers.all()]


def poster_speakers(slot: Slot) -> list:
    """A poster session's presenters, each once, in board order."""
    seen, users = set(), []
    for poster in getattr(slot, "visible_posters", []):
        if poster.public_state != PublicState.SCHEDULED:
            continue
        for user in speakers(poster):
            if user.pk not in seen:
                seen.add(user.pk)
                users.append(user)
    return users


def people(slot: Slot) -> list:
    return poster_speakers(slot) if slot.kind == SlotKind.POSTER_SESSION else speakers(slot)


def abstract(slot: Slot) -> str:
    """The public abstract (Markdown) of a session; a block's description."""
    if slot.submission_id:
        return slot.submission.abstract
    return slot.description


def scheduled_posters(slot: Slot) -> list[Slot]:
    return [p for p in getattr(slot, "visible_posters", []) if p.public_state == "scheduled"]


def poster_line(poster: Slot) -> str:
    names = ", ".join(user.public_name for user in speakers(poster))
    board = f"{poster.board}: " if poster.board else ""
    return f"{board}{poster.display_title}" + (f" ({names})" if names else "")


def poster_list(slot: Slot) -> str:
    """A poster session's posters, one line each (board, title, presenters)."""
    return "\n".join(f"- {poster_line(poster)}" for poster in scheduled_posters(slot))


# URLs -----------------------------------------------------------------------------------------


def slot_url(urls: Urls, slot: Slot) -> str:
    """The public page of a session, the posters page of a poster session, else the program."""
    if slot.submission_id:
        return urls("session", slot.submission_id)
    if slot.kind == SlotKind.POSTER_SESSION:
        return urls("posters")
    return urls("index")


# Days and times ---------------------------------------------------------------------------


@dataclass
class Day:
    index: int
    date: date
    start: datetime
    end: datetime
    slots: list[Slot]


def program_days(program: Program) -> list[Day]:
    """Every day of the event (and any day a slot lies outside it), numbered from 1, each with
    its top-level scheduled slots and its span (first start to last end; else the whole day)."""
    event = program.event
    by_date: dict[date, list[Slot]] = {}
    for slot in program.scheduled_top_level:
        by_date.setdefault(program.in_zone(slot.start).date(), []).append(slot)
    first = min([event.start_date, *by_date])
    last = max([event.end_date, *by_date])
    days = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        slots = sorted(by_date.get(day, []), key=lambda s: (s.start, s.end, numeric_id(s)))
        if slots:
            start = program.in_zone(slots[0].start)
            end = program.in_zone(max(slot.end for slot in slots))
        else:
            start = datetime.combine(day, time(0), tzinfo=event.zone)
            end = datetime.combine(day, time(23, 59), tzinfo=event.zone)
        days.append(Day(offset + 1, day, start, end, slots))
    return days


def hours_minutes(duration: timedelta) -> str:
    minutes = int(duration.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# Text -------------------------------------------------------------------------------------


_BLANK_LINES = re.compile(r"\n{3,}")
# Characters XML 1.0 cannot hold (C0 controls but tab and newlines, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value) -> str:
    """``value`` as text an XML document can hold: characters XML forbids are dropped."""
    return _NOT_XML.sub("", "" if value is None else str(value))


def plain_texts(sources: list[str]) -> dict[str, str]:
    """Markdown sources as plain text (rendered, tags stripped), one cache round trip for all."""
    unique = {source for source in sources if source}
    keys = {cache_key(source): source for source in unique}
    found = cache.get_many(list(keys))
    missing = {
        key: render_markdown(source, cached=False)
        for key, source in keys.items()
        if key not in found
    }
    if missing:
        cache.set_many(missing, CACHE_TIMEOUT)
    rendered = {**found, **missing}
    return {
        source: _BLANK_LINES.sub("\n\n", html.unescape(strip_tags(rendered[key]))).strip()
        for key, source in keys.items()
    }
