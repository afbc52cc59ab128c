"""Who works on the proceedings: organizers and the event's proceedings chairs."""

import rules

from tracks.enums import CommitteeRole
from tracks.rules import committee_roles


@rules.predicate
def is_proceedings_editor(user, event) -> bool:
    roles = committee_roles(user, event)
    return CommitteeRole.ORGANIZER in roles or CommitteeRole.PROCEEDINGS_CHAIR in roles


rules.add_perm("proceedings.manage", is_proceedings_editor)
