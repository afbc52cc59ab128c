"""Every write to the schedule: rooms, placing sessions, posters and blocks, publishing versions.

Moves carry the slot's ``revision`` as the editor saw it; a move based on an older one raises
``StaleSlot`` and changes nothing, as proposal edits do. Warnings (``clashes``) never block."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from conf_portal.links import site_url
from mails.services import queue_email
from submissions.models import Speaker

from .enums import BLOCK_KINDS, SlotKind
from .models import Room, ScheduleNotification, ScheduleVersion, Slot
from .selectors import SCHEDULABLE_STATES, latest_version, publishable_slots

DEFAULT_MINUTES = 30  # a session whose type has no duration (e.g. a poster placed on its own)


class StaleSlot(Exception):
    """Someone else changed the slot since the editor loaded it."""

    def __init__(self, slot: Slot | None):
        self.slot = slot
        super().__init__("This session was changed by someone else in the meantime.")


class RoomInUse(ValidationError):
    def __init__(self, room: Room, slots: list[Slot]):
        self.slots = slots
        names = "; ".join(_slot_label(slot) for slot in slots[:20])
        more = f" and {len(slots) - 20} more" if len(slots) > 20 else ""
        super().__init__(
            f"{room.name} holds {len(slots)} session{'s' if len(slots) != 1 else ''}: "
            f"{names}{more}. Move them to another room first."
        )


def _slot_label(slot: Slot) -> str:
    where = f" in {slot.version.name}" if slot.version_id else ""
    return f"“{slot.display_title}”{where}"


def _check_revision(slot: Slot | None, revision: int | None) -> None:
    if revision is not None and (slot is None or slot.revision != revision):
        raise StaleSlot(slot)


def _check_room(event, room: Room | None) -> None:
    if room is not None and room.event_id != event.pk:
        raise ValidationError({"room": "Choose a room of this event."})


def delete_room(*, room: Room) -> None:
    """Delete a room, unless a slot (draft or published) is in it: then list them."""
    with transaction.atomic():
        slots = list(
            Slot.objects.filter(room=room)
            .select_related("submission", "version")
            .order_by("version__published_at", "start")
        )
        if slots:
            raise RoomInUse(room, slots)
        room.delete()


def schedule_session(
    *,
    submission,
    room: Room,
    start: datetime,
    end: datetime | None = None,
    expected_attendance: int | None = None,
    revision: int | None = None,
) -> Slot:
    """Place (or move) an accepted session in the draft; its length defaults to its type's.

    ``revision`` is the slot's revision the editor saw: 0 when it saw the session unplaced,
    None to skip the check (scripts)."""
    if submission.state not in SCHEDULABLE_STATES:
        raise ValidationError("Only accepted and confirmed sessions can be scheduled.")
    _check_room(submission.event, room)
    if end is None:
        minutes = submission.session_type.duration_minutes or DEFAULT_MINUTES
        end = start + timedelta(minutes=minutes)
    if end <= start:
        raise ValidationError({"end": "A session must end after it starts."})
    with transaction.atomic():
        slot = _locked_draft_slot(submission, revision)
        if slot is not None:
            if slot.parent_id:  # a poster moved out of its poster session
                slot.parent = None
                slot.board = ""
        else:
            slot = Slot(event=submission.event, submission=submission, kind=SlotKind.SESSION)
            slot.revision = 0
        slot.room, slot.start, slot.end = room, start, end
        if expected_attendance is not None:
            slot.expected_attendance = expected_attendance
        slot.revision += 1
        _save_placement(slot, board=None)
    return slot


def _locked_draft_slot(submission, revision: int | None) -> Slot | None:
    """The session's draft slot, locked, if the editor's ``revision`` still holds for it."""
    slot = (
        Slot.objects.select_for_update()
        .order_by("pk")
        .filter(version__isnull=True, submission=submission)
        .first()
    )
    if slot is None and revision:  # it was placed when the editor loaded; now it is not
        raise StaleSlot(None)
    if slot is not None:
        _check_revision(slot, revision)
    return slot


def _save_placement(slot: Slot, *, board: str | None) -> None:
    """Save a placement; losing a race for the same session (or board) to another organizer is
    a conflict to report, not a 500."""
    try:
        with transaction.atomic():
            slot.save()
    except IntegrityError as error:
        if board:
            raise ValidationError({"board": f"Board {board} was just taken."}) from error
        raise StaleSlot(None) from error


def set_expected_attendance(*, slot: Slot, expected_attendance: int | None) -> None:
    Slot.objects.filter(pk=slot.pk).update(
        expected_attendance=expected_attendance, revision=F("revision") + 1
    )


def place_poster(*, submission, poster_session: Slot, board: str, revision: int | None = None):
    """Put a poster on a board of a poster session (or move it to another board or session)."""
    if poster_session.kind != SlotKind.POSTER_SESSION or poster_session.version_id:
        raise ValidationError("Posters go into a poster session of the draft.")
    if submission.event_id != poster_session.event_id:
        raise ValidationError("Choose a poster session of this event.")
    if submission.state not in SCHEDULABLE_STATES:
        raise ValidationError("Only accepted and confirmed sessions can be scheduled.")
    board = board.strip()
    with transaction.atomic():
        slot = _locked_draft_slot(submission, revision)
        if slot is None:
            slot = Slot(event=submission.event, submission=submission, revision=0)
        taken = Slot.objects.filter(parent=poster_session, board=board).exclude(pk=slot.pk).exists()
        if board and taken:
            raise ValidationError({"board": f"Board {board} is taken in this poster session."})
        slot.kind, slot.parent, slot.board = SlotKind.SESSION, poster_session, board
        slot.room = slot.start = slot.end = None
        slot.revision += 1
        _save_placement(slot, board=board)
    return slot


def unschedule(*, slot: Slot, revision: int | None = None) -> None:
    """Take a session off the draft (back to the unscheduled list), or delete a block with its
    posters going back too."""
    if slot.version_id:
        raise ValidationError("Published versions cannot change.")
    with transaction.atomic():
        current = Slot.objects.select_for_update().order_by("pk").filter(pk=slot.pk).first()
        _check_revision(current, revision)
        if current is not None:
            current.delete()


def save_block(
    *,
    event,
    kind: str,
    title: str,
    start: datetime,
    end: datetime,
    room: Room | None = None,
    description: str = "",
    slot: Slot | None = None,
    revision: int | None = None,
) -> Slot:
    """Add or change a keynote, break, poster session or other block (room None: all rooms)."""
    if kind not in BLOCK_KINDS:
        raise ValidationError({"kind": "Choose a kind of block."})
    _check_room(event, room)
    if end <= start:
        raise ValidationError({"end": "A block must end after it starts."})
    with transaction.atomic():
        if slot is None:
            slot = Slot(event=event, revision=0)
        else:
            slot = (
                Slot.objects.select_for_update()
                .order_by("pk")
                .filter(pk=slot.pk, version__isnull=True)
                .first()
            )
            _check_revision(slot, revision)
            if slot is None:
                raise StaleSlot(None)
            leaving = slot.kind == SlotKind.POSTER_SESSION != kind
            if leaving and slot.posters.exists():
                raise ValidationError({"kind": "Move its posters out first."})
        slot.kind, slot.title, slot.description = kind, title.strip(), description
        slot.room, slot.start, slot.end = room, start, end
        slot.revision += 1
        slot.save()
    return slot


def move_slot(
    *, slot: Slot, room: Room | None, start: datetime, end: datetime | None, revision: int
) -> Slot:
    """Move or resize any top-level draft slot (a session or a block), keeping its length when
    no end is given."""
    if slot.version_id or slot.parent_id:
        raise ValidationError("Only a top-level slot of the draft can be moved.")
    _check_room(slot.event, room)
    if end is None:
        end = start + (slot.end - slot.start)
    if end <= start:
        raise ValidationError({"end": "A session must end after it starts."})
    with transaction.atomic():
        current = Slot.objects.select_for_update().order_by("pk").filter(pk=slot.pk).first()
        _check_revision(current, revision)
        if current.submission_id is not None and room is None:
            raise ValidationError({"room": "A session needs a room."})
        current.room, current.start, current.end = room, start, end
        current.revision += 1
        current.save()
    return current


# Publishing ---------------------------------------------------------------------------------


def _change_key(slot: Slot) -> str:
    return f"s{slot.submission_id}" if slot.submission_id else f"b{slot.uid}"


def _where(slot: Slot) -> dict:
    start, end = (slot.parent.start, slot.parent.end) if slot.parent_id else (slot.start, slot.end)
    room = slot.parent.room if slot.parent_id else slot.room
    return {
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "room": room.name if room else "All rooms",
        "board": slot.board,
    }


def schedule_changes(previous: list[Slot], current: list[Slot]) -> dict:
    """What changed from one schedule to the next: added, moved (time, room, board or length)
    and cancelled (gone) sessions and blocks, each with its title and where it is (was)."""
    before = {_change_key(slot): slot for slot in previous}
    after = {_change_key(slot): slot for slot in current}
    added, moved, cancelled = [], [], []
    for key, slot in after.items():
        entry = {"key": key, "title": slot.display_title, "submission": slot.submission_id}
        if key not in before:
            added.append({**entry, **_where(slot)})
        elif _where(before[key]) != _where(slot):
            moved.append({**entry, "from": _where(before[key]), **_where(slot)})
    for key, slot in before.items():
        if key not in after:
            cancelled.append(
                {"key": key, "title": slot.display_title, "submission": slot.submission_id,
                 **_where(slot)}
            )  # fmt: skip
    by_time = lambda item: (item["start"] or "", item["title"])  # noqa: E731
    return {
        "added": sorted(added, key=by_time),
        "moved": sorted(moved, key=by_time),
        "cancelled": sorted(cancelled, key=by_time),
    }


def publish_schedule(*, event, name: str, comment: str = "", notify_speakers: bool, by):
    """Publish the draft as version ``name``: copy its slots, record the changelog against the
    latest version and, if asked, email each speaker whose session was added or moved, once."""
    from .selectors import version_slots

    name = name.strip()
    if not name:
        raise ValidationError({"name": "Name the version, e.g. “v1.0”."})
    try:
        with transaction.atomic():
            # One publication at a time per event, so each compares with the one before it.
            type(event).objects.select_for_update().filter(pk=event.pk).first()
            previous = latest_version(event)
            old = list(version_slots(previous)) if previous else []
            slots = publishable_slots(event)
            version = ScheduleVersion.objects.create(
                event=event,
                name=name,
                comment=comment,
                published_at=timezone.now(),
                published_by=by,
                changes=schedule_changes(old, slots),
            )
            _copy_slots(version, slots)
            if notify_speakers:
                notify_schedule_changes(version=version)
    except IntegrityError as error:
        if ScheduleVersion.objects.filter(event=event, name=name).exists():
            raise ValidationError({"name": f"There is already a version “{name}”."}) from error
        raise
    return version


def _copy_slots(version: ScheduleVersion, slots: list[Slot]) -> None:
    fields = ("kind", "uid", "submission_id", "board", "title", "description", "room_id",
              "start", "end", "expected_attendance")  # fmt: skip

    def copy(slot: Slot, parent_id=None) -> Slot:
        values = {name: getattr(slot, name) for name in fields}
        return Slot(event_id=slot.event_id, version=version, parent_id=parent_id, **values)

    tops = Slot.objects.bulk_create([copy(slot) for slot in slots if not slot.parent_id])
    parent_of = {slot.uid: slot.pk for slot in tops}
    uid_of = {slot.pk: slot.uid for slot in slots if not slot.parent_id}
    posters = [copy(slot, parent_of[uid_of[slot.parent_id]]) for slot in slots if slot.parent_id]
    Slot.objects.bulk_create(posters)
    if tops and tops[0].pk is None:  # backends that return no ids on bulk insert
        raise IntegrityError("bulk_create returned no ids")


def notify_schedule_changes(*, version: ScheduleVersion) -> int:
    """Email each speaker of an added or moved session of this version their new times, at most
    once per version whoever calls it and however often. Returns the number of emails queued."""
    changes = version.changes or {}
    entries = [*changes.get("added", []), *changes.get("moved", [])]
    submission_ids = {entry["submission"] for entry in entries if entry.get("submission")}
    if not submission_ids:
        return 0
    by_user: dict[int, list[dict]] = defaultdict(list)
    users = {}
    speakers = Speaker.objects.filter(
        submission_id__in=submission_ids,
        submission__state__in=SCHEDULABLE_STATES,
        submission__announced_state="",  # never before the decision's own email
    ).select_related("user", "submission")
    for speaker in speakers:
        users[speaker.user_id] = speaker.user
        by_user[speaker.user_id] += [
            entry for entry in entries if entry.get("submission") == speaker.submission_id
        ]
    queued = 0
    with transaction.atomic():
        ScheduleVersion.objects.select_for_update().filter(pk=version.pk).first()  # one at a time
        already = set(
            ScheduleNotification.objects.filter(version=version).values_list(
                "recipient_id", flat=True
            )
        )
        for user_id, items in by_user.items():
            if user_id in already:
                continue
            notification = ScheduleNotification.objects.create(
                version=version, recipient_id=user_id
            )
            notification.email = _schedule_email(version, users[user_id], items)
            notification.save(update_fields=["email"])
            queued += 1
        ScheduleVersion.objects.filter(pk=version.pk).update(speakers_notified=True)
    return queued


def _schedule_email(version: ScheduleVersion, user, items: list[dict]):
    event = version.event
    zone = event.zone
    sessions = []
    for item in items:
        start = datetime.fromisoformat(item["start"]) if item.get("start") else None
        end = datetime.fromisoformat(item["end"]) if item.get("end") else None
        path = reverse("program:session", kwargs={"event": event.slug, "pk": item["submission"]})
        sessions.append(
            {
                "title": item["title"],
                "moved": "from" in item,
                "start": timezone.localtime(start, zone) if start else None,
                "end": timezone.localtime(end, zone) if end else None,
                "room": item["room"],
                "board": item.get("board", ""),
                "url": site_url(path),
            }
        )
    body = render_to_string(
        "program/email/schedule_changed.txt",
        {
            "user": user,
            "event": event,
            "version": version,
            "sessions": sessions,
            "zone": event.zone_label,
            "program_url": site_url(reverse("program:index", kwargs={"event": event.slug})),
        },
    )
    subject = f"[{event.name}] Your session's time in the program {version.name}"
    return queue_email(
        to=user.email,
        subject=subject,
        body=body,
        event=event,
        about=sorted({item["submission"] for item in items}),
    )
