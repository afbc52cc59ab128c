from django.db import models

from submissions.enums import SubmissionState


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class BidPreference(models.TextChoices):
    """A reviewer's interest in a proposal. "Conflict" is the reviewer's own declaration."""

    EAGER = "eager", "Eager"
    WILLING = "willing", "Willing"
    NOT_WILLING = "not_willing", "Not willing"
    CONFLICT = "conflict", "Conflict"


class ConflictSource(models.TextChoices):
    """Who stated a conflict row. Chairs may also clear a detected conflict (is_conflict=False)."""

    AUTHOR = "author", "Declared by an author"
    CHAIR = "chair", "Set by a chair"


class ConflictReason(models.TextChoices):
    """Why a committee member is conflicted with a proposal, stored or detected."""

    IS_AUTHOR = "is_author", "Is an author"
    REVIEWER_DECLARED = "reviewer_declared", "Declared by the reviewer"
    AUTHOR_DECLARED = "author_declared", "Declared by an author"
    CHAIR = "chair", "Set by a chair"
    SAME_DOMAIN = "same_domain", "Same email domain as an author"
    SAME_AFFILIATION = "same_affiliation", "Same affiliation as an author"
    COAUTHOR = "coauthor", "Co-author of an author on another proposal"


DETECTED_REASONS = (
    ConflictReason.SAME_DOMAIN,
    ConflictReason.SAME_AFFILIATION,
    ConflictReason.COAUTHOR,
)


class AssignmentSource(models.TextChoices):
    MANUAL = "manual", "By hand"
    AUTOMATIC = "automatic", "Automatic assignment"


class ConstraintKind(models.TextChoices):
    PIN = "pin", "Pinned"
    FORBID = "forbid", "Forbidden"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


# Proposals the committee reviews and assigns.
REVIEWABLE_STATES = (SubmissionState.SUBMITTED, SubmissionState.UNDER_REVIEW)

# Proposals whose speakers may still declare conflicts with committee members.
CONFLICT_DECLARING_STATES = (SubmissionState.DRAFT, *REVIEWABLE_STATES)


class ReviewMode(models.TextChoices):
    OPEN = "open", "Open: reviewers and authors see each other's names"
    SINGLE_BLIND = (
        "single_blind",
        "Single-blind: reviewers see authors, authors don't see reviewers",
    )
    DOUBLE_BLIND = "double_blind", "Double-blind: neither sees the other's names"


class Decision(models.TextChoices):
    """What chairs decide; each is a proposal state."""

    ACCEPT = SubmissionState.ACCEPTED.value, "Accept"
    REJECT = SubmissionState.REJECTED.value, "Reject"
    WAITLIST = SubmissionState.WAITLISTED.value, "Waitlist"
