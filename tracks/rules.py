"""Object-level permission predicates for events and everything that hangs off an event."""

import rules
from django.apps import apps

from .enums import CommitteeRole


def committee_roles(user, event) -> dict[str, set[int]]:
    """The user's roles in the event, each with the track ids it is limited to (empty: all).

    Cached on the user object, so a page asking several questions makes one query per event.
    """
    if event is None or not getattr(user, "is_authenticated", False):
        return {}
    cache = user.__dict__.setdefault("_committee_roles", {})
    if event.pk not in cache:
        membership_model = apps.get_model("tracks", "Membership")
        roles: dict[str, set[int]] = {}
        rows = membership_model.objects.filter(event_id=event.pk, user_id=user.pk).values_list(
            "role", "tracks"
        )
        for role, track_id in rows:
            roles.setdefault(role, set())
            if track_id:
                roles[role].add(track_id)
        cache[event.pk] = roles
    return cache[event.pk]


@rules.predicate
def is_organizer(user, event) -> bool:
    return CommitteeRole.ORGANIZER in committee_roles(user, event)


@rules.predicate
def is_committee_member(user, event) -> bool:
    return bool(committee_roles(user, event))


@rules.predicate
def is_public_event(user, event) -> bool:
    return bool(event and event.is_public)


can_view_event = is_public_event | is_organizer | is_committee_member


@rules.predicate
def is_organizer_of(user, obj) -> bool:
    return is_organizer(user, getattr(obj, "event", None))


@rules.predicate
def can_view_event_of(user, obj) -> bool:
    return can_view_event(user, getattr(obj, "event", None))


@rules.predicate
def is_chair_of_track(user, track) -> bool:
    if track is None:
        return False
    scope = committee_roles(user, track.event).get(CommitteeRole.TRACK_CHAIR)
    return scope is not None and (not scope or track.pk in scope)
