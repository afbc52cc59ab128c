"""Warnings about a schedule: they never block saving; publishing lists them and asks to confirm.

``schedule_warnings`` takes the slots of one schedule (draft or version, with the details that
``selectors.slots_with_details`` loads) and returns every warning, each naming its slots.
Sweeps over sorted intervals keep it O(n log n + warnings)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils import timezone

from submissions.enums import SubmissionState

from .models import Slot


class WarningKind(models.TextChoices):
    SPEAKER_CLASH = "speaker_clash", "Speaker in two places"
    ROOM_CLASH = "room_clash", "Room double-booked"
    OUTSIDE_EVENT = "outside_event", "Outside the event's days"
    OUTSIDE_ROOM_HOURS = "outside_room_hours", "Outside the room's hours"
    DURATION = "duration", "Length differs from its type"
    NOT_CONFIRMED = "not_confirmed", "Not confirmed"
    NOT_ACCEPTED = "not_accepted", "No longer accepted"
    OVER_CAPACITY = "over_capacity", "More attendees than seats"


@dataclass(frozen=True)
class ScheduleWarning:
    kind: str
    message: str
    slot_ids: tuple[int, ...] = field(default=())

    @property
    def label(self) -> str:
        return WarningKind(self.kind).label


def _times(slot: Slot) -> tuple[datetime | None, datetime | None]:
    """A poster takes its poster session's times."""
    if slot.parent_id:
        return slot.parent.start, slot.parent.end
    return slot.start, slot.end


def _overlaps(items: list[tuple[datetime, datetime, Slot]]):
    """Each pair of overlapping intervals (touching ends do not overlap)."""
    items = sorted(items, key=lambda item: (item[0], item[1]))
    active: list[tuple[datetime, datetime, Slot]] = []
    for start, end, slot in items:
        active = [item for item in active if item[1] > start]
        for other in active:
            yield other[2], slot
        active.append((start, end, slot))


def _local(moment: datetime, zone) -> str:
    return timezone.localtime(moment, zone).strftime("%a %b %-d, %H:%M")


def speaker_clashes(slots: list[Slot], zone) -> list[ScheduleWarning]:
    by_speaker: dict[int, list] = defaultdict(list)
    names: dict[int, str] = {}
    for slot in slots:
        start, end = _times(slot)
        if not slot.submission_id or start is None:
            continue
        for speaker in slot.submission.speakers.all():
            by_speaker[speaker.user_id].append((start, end, slot))
            names[speaker.user_id] = speaker.name
    warnings = []
    for user_id, items in by_speaker.items():
        for first, second in _overlaps(items):
            start, _ = _times(second)
            warnings.append(
                ScheduleWarning(
                    WarningKind.SPEAKER_CLASH,
                    f"{names[user_id]} speaks in “{first.display_title}” and "
                    f"“{second.display_title}” at once ({_local(start, zone)}).",
                    (first.pk, second.pk),
                )
            )
    return warnings


def room_clashes(slots: list[Slot], zone) -> list[ScheduleWarning]:
    """Two top-level slots in one room at once, or anything during a block in all rooms."""
    top = [slot for slot in slots if not slot.parent_id]
    by_room: dict[int, list] = defaultdict(list)
    everywhere = [slot for slot in top if slot.room_id is None]
    for slot in top:
        if slot.room_id is not None:
            by_room[slot.room_id].append((slot.start, slot.end, slot))
    warnings = [
        ScheduleWarning(
            WarningKind.ROOM_CLASH,
            f"“{first.display_title}” and “{second.display_title}” are both in "
            f"{second.room.name} at {_local(second.start, zone)}.",
            (first.pk, second.pk),
        )
        for items in by_room.values()
        for first, second in _overlaps(items)
    ]
    if everywhere:
        items = [(slot.start, slot.end, slot) for slot in top]
        for first, second in _overlaps(items):
            if first.room_id is None or second.room_id is None:
                block, other = (first, second) if first.room_id is None else (second, first)
                warnings.append(
                    ScheduleWarning(
                        WarningKind.ROOM_CLASH,
                        f"“{other.display_title}” overlaps “{block.display_title}” "
                        f"(all rooms) at {_local(max(first.start, second.start), zone)}.",
                        (first.pk, second.pk),
                    )
                )
    return warnings


def placement_warnings(slot: Slot, event, zone) -> list[ScheduleWarning]:
    """What is wrong with one slot on its own: days, room hours, length, state, capacity."""
    warnings = []
    start, end = _times(slot)
    if start is None:
        return warnings
    local_start, local_end = timezone.localtime(start, zone), timezone.localtime(end, zone)
    title = slot.display_title
    if local_start.date() < event.start_date or local_end.date() > event.end_date:
        warnings.append(
            ScheduleWarning(
                WarningKind.OUTSIDE_EVENT,
                f"“{title}” is on {_local(start, zone)}, outside the event ({event.date_range}).",
                (slot.pk,),
            )
        )
    room = slot.parent.room if slot.parent_id else slot.room
    if room is not None and not slot.parent_id:
        opens, closes = room.opens_at, room.closes_at
        if (opens and local_start.time() < opens) or (
            closes and (local_end.date() > local_start.date() or local_end.time() > closes)
        ):
            hours = f"{opens or '00:00'}–{closes or '24:00'}"
            warnings.append(
                ScheduleWarning(
                    WarningKind.OUTSIDE_ROOM_HOURS,
                    f"“{title}” is outside {room.name}'s hours ({hours}).",
                    (slot.pk,),
                )
            )
    if slot.submission_id:
        warnings += _session_warnings(slot, room, title)
    return warnings


def _session_warnings(slot: Slot, room, title: str) -> list[ScheduleWarning]:
    warnings = []
    submission = slot.submission
    expected = submission.session_type.duration_minutes
    if not slot.parent_id and expected and slot.duration_minutes != expected:
        warnings.append(
            ScheduleWarning(
                WarningKind.DURATION,
                f"“{title}” lasts {slot.duration_minutes} min; a "
                f"{submission.session_type.name.lower()} lasts {expected} min.",
                (slot.pk,),
            )
        )
    if submission.state == SubmissionState.ACCEPTED:
        warnings.append(
            ScheduleWarning(
                WarningKind.NOT_CONFIRMED,
                f"“{title}” is accepted but its speakers have not confirmed"
                + (" (nor been told of the decision)." if submission.announced_state else "."),
                (slot.pk,),
            )
        )
    elif submission.state != SubmissionState.CONFIRMED:
        warnings.append(
            ScheduleWarning(
                WarningKind.NOT_ACCEPTED,
                f"“{title}” is {submission.get_state_display().lower()}; publishing leaves it out.",
                (slot.pk,),
            )
        )
    attendance = slot.expected_attendance
    if attendance and room is not None and room.capacity and attendance > room.capacity:
        warnings.append(
            ScheduleWarning(
                WarningKind.OVER_CAPACITY,
                f"“{title}” expects {attendance} attendees; {room.name} seats {room.capacity}.",
                (slot.pk,),
            )
        )
    return warnings


def schedule_warnings(slots, event) -> list[ScheduleWarning]:
    """Every warning about these slots, clashes first, then each slot's own, by time."""
    slots = list(slots)
    zone = event.zone
    warnings = speaker_clashes(slots, zone) + room_clashes(slots, zone)
    for slot in slots:
        warnings += placement_warnings(slot, event, zone)
    return _unique(warnings)


def _unique(warnings: list[ScheduleWarning]) -> list[ScheduleWarning]:
    seen, result = set(), []
    for warning in warnings:
        key = (warning.kind, tuple(sorted(warning.slot_ids)), warning.message)
        if key not in seen:
            seen.add(key)
            result.append(warning)
    return result


def warnings_by_slot(warnings: list[ScheduleWarning]) -> dict[int, list[ScheduleWarning]]:
    result: dict[int, list[ScheduleWarning]] = defaultdict(list)
    for warning in warnings:
        for slot_id in warning.slot_ids:
            result[slot_id].append(warning)
    return result
