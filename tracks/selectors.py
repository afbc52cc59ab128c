"""Queries that pages and permission checks share."""

from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet

from .enums import CommitteeRole, DeadlineKind
from .models import Deadline, DeadlineChange, Event, Membership


def events_visible_to(user) -> QuerySet[Event]:
    """Public events, plus private ones the user sits on the committee of."""
    visible = Q(is_public=True)
    if user.is_authenticated:
        if user.is_superuser:
            return Event.objects.all()
        visible |= Q(memberships__user=user)
    return Event.objects.filter(visible).distinct()


def deadlines_with_history() -> Prefetch:
    return Prefetch(
        "deadlines",
        queryset=Deadline.objects.select_related("track", "session_type", "event").prefetch_related(
            Prefetch("changes", queryset=DeadlineChange.objects.order_by("changed_at", "pk"))
        ),
    )


def event_listing(user) -> QuerySet[Event]:
    """Events for the home page, with everything the cards show, in a fixed number of queries."""
    return events_visible_to(user).prefetch_related(
        deadlines_with_history(), "tracks", "session_types"
    )


def applicable_deadline(deadlines, kind: str, *, track=None, session_type=None) -> Deadline | None:
    """The most specific deadline of a kind: for track and type, then type, then track, then all."""
    best, best_rank = None, -1
    for deadline in deadlines:
        if deadline.kind != kind:
            continue
        if deadline.track_id and deadline.track_id != getattr(track, "pk", None):
            continue
        if deadline.session_type_id and deadline.session_type_id != getattr(
            session_type, "pk", None
        ):
            continue
        rank = 2 * bool(deadline.session_type_id) + bool(deadline.track_id)
        if rank > best_rank:
            best, best_rank = deadline, rank
    return best


def cfp_status(deadlines, now: datetime) -> dict:
    """Whether the event-wide call is upcoming, open or closed, and until when."""
    opens = applicable_deadline(deadlines, DeadlineKind.CFP_OPENS)
    closes = applicable_deadline(deadlines, DeadlineKind.CFP_CLOSES)
    if opens and now < opens.due:
        return {"state": "upcoming", "deadline": opens}
    if closes and now >= closes.due:
        return {"state": "closed", "deadline": closes}
    if closes:
        return {"state": "open", "deadline": closes}
    return {"state": "none", "deadline": None}


def public_committee(event: Event) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(event=event, is_public=True)
        .select_related("user")
        .prefetch_related("tracks")
        .order_by("position", "user__name")
    )


def track_chairs(event: Event) -> dict[int, list]:
    """Track id -> chairs' users, for an event's track list (one query)."""
    chairs: dict[int, list] = {}
    rows = (
        Membership.objects.filter(event=event, role=CommitteeRole.TRACK_CHAIR)
        .select_related("user")
        .prefetch_related("tracks")
    )
    for membership in rows.order_by("position", "user__name"):
        for track in membership.tracks.all():
            chairs.setdefault(track.pk, []).append(membership.user)
    return chairs


def memberships_of(user) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .select_related("event")
        .order_by("-event__start_date", "role")
    )
