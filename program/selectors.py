"""The schedule's shared queries: the draft, the published version, what is left to place."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from submissions.enums import SubmissionState
from submissions.models import Speaker, Submission
from tracks.models import SessionType, Track

from .enums import PublicState
from .models import Room, ScheduleVersion, Slot

# Sessions that belong on a schedule: accepted (confirmation may still come) and confirmed.
SCHEDULABLE_STATES = (SubmissionState.ACCEPTED, SubmissionState.CONFIRMED)
# A published session in one of these states shows as cancelled until the next version drops it.
CANCELLED_STATES = (SubmissionState.WITHDRAWN, SubmissionState.DECLINED)


def public_state(submission) -> PublicState | None:
    """How a published session shows publicly; None: not at all (e.g. a decision not yet
    emailed, or reversed to a rejection)."""
    if submission.state in SCHEDULABLE_STATES and not submission.announced_state:
        return PublicState.SCHEDULED
    if submission.state in CANCELLED_STATES:
        return PublicState.CANCELLED
    return None


def program_audience(event, user, version: ScheduleVersion | None) -> str | None:
    """Who the program shows to: ``public``; ``committee`` (published, the event is hidden) or
    ``preview`` (nothing published: the draft) for its schedulers; None: nobody."""
    if event.is_public and version is not None:
        return "public"
    if user.has_perm("program.schedule_event", event):
        return "committee" if version is not None else "preview"
    return None


def latest_version(event) -> ScheduleVersion | None:
    """The schedule the public sees: the most recently published version, if any."""
    return ScheduleVersion.objects.filter(event=event).order_by("-published_at", "-pk").first()


def _speakers_prefetch() -> Prefetch:
    return Prefetch(
        "submission__speakers",
        queryset=Speaker.objects.select_related("user").order_by("position", "pk"),
    )


def slots_with_details(queryset: QuerySet) -> QuerySet:
    """Slots with everything a grid, page or export shows, in a constant number of queries."""
    return queryset.select_related(
        "room",
        "parent",
        "parent__room",
        "submission",
        "submission__track",
        "submission__session_type",
    ).prefetch_related(_speakers_prefetch())


# Proposal texts meant for the committee: no schedule page, export or warning reads them.
_REVIEW_ONLY_FIELDS = [
    f"submission__{name}"
    for name in ("description", "notes", "outline", "prerequisites", "installation",
                 "additional_info", "ai_statement", "python_level_explanation")
]  # fmt: skip


def load_slots(queryset: QuerySet) -> list[Slot]:
    """A whole schedule's slots with what ``slots_with_details`` gives, in 5 queries, sharing
    one instance per room, track, type and poster session instead of one per slot: Python
    builds a third as many model instances for a 300-session program."""
    slots = list(
        queryset.select_related("submission")
        .defer(*_REVIEW_ONLY_FIELDS)
        .prefetch_related(_speakers_prefetch())
    )
    if not slots:
        return slots
    event_id = slots[0].event_id
    rooms = Room.objects.filter(event_id=event_id).in_bulk()
    tracks = Track.objects.filter(event_id=event_id).in_bulk()
    types = SessionType.objects.filter(event_id=event_id).in_bulk()
    by_pk = {slot.pk: slot for slot in slots}
    for slot in slots:
        slot.room = rooms.get(slot.room_id)
        if slot.parent_id:
            slot.parent = by_pk[slot.parent_id]
        if submission := slot.submission:
            submission.track = tracks[submission.track_id]
            submission.session_type = types[submission.session_type_id]
    return slots


def draft_slots(event) -> list[Slot]:
    return load_slots(Slot.objects.filter(event=event, version__isnull=True))


def version_slots(version: ScheduleVersion) -> list[Slot]:
    return load_slots(Slot.objects.filter(version=version))


def public_slots(version: ScheduleVersion | None) -> list[Slot]:
    """The published slots anyone may see (see ``visible_slots``)."""
    if version is None:
        return []
    return visible_slots(version_slots(version))


def visible_draft_slots(event) -> list[Slot]:
    """The draft as the public will see it once published: for organizers' previews."""
    return visible_slots(publishable_slots(event))


def visible_slots(slots) -> list[Slot]:
    """The slots anyone may see, each with ``public_state`` set (blocks: scheduled).

    Sessions hidden from the public (see ``public_state``) are left out; a poster session keeps
    only its visible posters, by board, in ``visible_posters``."""
    visible: list[Slot] = []
    posters_of: dict[int, list[Slot]] = {}
    for slot in slots:
        slot.public_state = (
            public_state(slot.submission) if slot.submission_id else PublicState.SCHEDULED
        )
        if slot.public_state is None:
            continue
        if slot.parent_id:
            posters_of.setdefault(slot.parent_id, []).append(slot)
        visible.append(slot)
    for slot in visible:
        slot.visible_posters = sorted(posters_of.get(slot.pk, []), key=board_key)
    return visible


def board_key(slot: Slot) -> tuple:
    """Board “P2” before “P10”."""
    digits = "".join(ch for ch in slot.board if ch.isdigit())
    return (slot.board.rstrip("0123456789"), int(digits) if digits else 0, slot.board)


def publishable_slots(event, draft: list[Slot] | None = None) -> list[Slot]:
    """The draft's slots (``draft``, if already loaded) that a new version takes: blocks, and
    sessions still accepted or confirmed (withdrawn, declined or rejected ones drop out),
    posters only in a kept session."""
    kept = [
        slot
        for slot in (draft_slots(event) if draft is None else draft)
        if not slot.submission_id or slot.submission.state in SCHEDULABLE_STATES
    ]
    top_ids = {slot.pk for slot in kept if not slot.parent_id}
    return [slot for slot in kept if not slot.parent_id or slot.parent_id in top_ids]


def unscheduled_submissions(event, track_ids: set[int] | None = None) -> QuerySet:
    """Accepted and confirmed proposals with no place in the draft (a poster's board counts)."""
    placed = Slot.objects.filter(version__isnull=True, submission=OuterRef("pk"))
    queryset = (
        Submission.objects.filter(event=event, state__in=SCHEDULABLE_STATES)
        .filter(~Exists(placed))
        .select_related("track", "session_type")
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.select_related("user")))
        .order_by("track__position", "session_type__position", "title", "pk")
    )
    if track_ids:
        queryset = queryset.filter(track_id__in=track_ids)
    return queryset
