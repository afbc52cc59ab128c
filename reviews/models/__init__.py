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
from .decisions import DecisionNotification, NotificationTemplate
from .reviewing import (
    AuthorResponse,
    DiscussionComment,
    MetaReview,
    Review,
    ReviewCriterion,
    ReviewForm,
    ReviewReminder,
    ReviewScore,
    ReviewSettings,
)

__all__ = [
    "INVITABLE_ROLES",
    "AssignmentConstraint",
    "AssignmentRun",
    "AuthorResponse",
    "Bid",
    "CommitteeInvitation",
    "Conflict",
    "DecisionNotification",
    "DiscussionComment",
    "MetaReview",
    "NotificationTemplate",
    "ProposedAssignment",
    "Review",
    "ReviewAssignment",
    "ReviewCriterion",
    "ReviewForm",
    "ReviewReminder",
    "ReviewScore",
    "ReviewSettings",
    "ReviewerProfile",
]
