"""Who may do what with an event's committee. Denied object pages answer 404."""

import rules

from tracks.enums import CommitteeRole
from tracks.rules import committee_roles, is_committee_member, is_organizer


def assignment_scope(user, event) -> frozenset[int] | None:
    """Track ids whose assignments the user manages; None means every track.

    Organizers manage the whole event, track chairs their tracks (a chair without tracks, the
    whole event). Anyone else manages nothing: an empty set.
    """
    roles = committee_roles(user, event)
    if CommitteeRole.ORGANIZER in roles:
        return None
    if CommitteeRole.TRACK_CHAIR in roles:
        tracks = roles[CommitteeRole.TRACK_CHAIR]
        return frozenset(tracks) if tracks else None
    return frozenset()


def reviewer_scope(user, event) -> frozenset[int] | None:
    """Track ids a reviewer reviews for; None means every track, an empty set not a reviewer."""
    roles = committee_roles(user, event)
    if CommitteeRole.REVIEWER not in roles:
        return frozenset()
    tracks = roles[CommitteeRole.REVIEWER]
    return frozenset(tracks) if tracks else None


def in_scope(scope: frozenset[int] | None, track_id: int) -> bool:
    return scope is None or track_id in scope


@rules.predicate
def is_reviewer(user, event) -> bool:
    return CommitteeRole.REVIEWER in committee_roles(user, event)


@rules.predicate
def manages_assignments(user, event) -> bool:
    return assignment_scope(user, event) != frozenset()


@rules.predicate
def manages_assignments_of(user, submission) -> bool:
    return in_scope(assignment_scope(user, submission.event), submission.track_id)


rules.add_perm("reviews.manage_committee", is_organizer)
rules.add_perm("reviews.view_committee_pages", is_committee_member)
rules.add_perm("reviews.manage_assignments", manages_assignments)
rules.add_perm("reviews.bid", is_reviewer)
