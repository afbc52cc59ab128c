"""Who may schedule: organizers everything, track chairs the sessions of their tracks."""

import rules

from tracks.enums import CommitteeRole
from tracks.rules import committee_roles, is_organizer


@rules.predicate
def is_scheduler(user, event) -> bool:
    """Organizers and track chairs may open the schedule editor."""
    roles = committee_roles(user, event)
    return CommitteeRole.ORGANIZER in roles or CommitteeRole.TRACK_CHAIR in roles


@rules.predicate
def can_schedule_submission(user, submission) -> bool:
    """Organizers place any session; a track chair only those of their tracks."""
    if submission is None:
        return False
    roles = committee_roles(user, submission.event)
    if CommitteeRole.ORGANIZER in roles:
        return True
    scope = roles.get(CommitteeRole.TRACK_CHAIR)
    return scope is not None and (not scope or submission.track_id in scope)


@rules.predicate
def is_organizer_of_slot(user, slot) -> bool:
    return is_organizer(user, slot.event)


rules.add_perm("program.schedule_event", is_scheduler)
rules.add_perm("program.manage_program", is_organizer)
rules.add_perm("program.schedule_submission", can_schedule_submission)
