"""The review committee and its work, one module per concern."""

from .assignment import AssignmentConstraint, AssignmentRun, ProposedAssignment, ReviewAssignment
from .committee import (
    INVITABLE_ROLES,
    Bid,
    CommitteeInvitation,
    Conflict,
    ReviewerProfile,
    _token,  # noqa: F401  (migration 0001 refers to reviews.models._token)
)

__all__ = [
    "INVITABLE_ROLES",
    "AssignmentConstraint",
    "AssignmentRun",
    "Bid",
    "CommitteeInvitation",
    "Conflict",
    "ProposedAssignment",
    "ReviewAssignment",
    "ReviewerProfile",
]
