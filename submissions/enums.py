from django.db import models


class SubmissionState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WAITLISTED = "waitlisted", "Waitlisted"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class PythonLevel(models.TextChoices):
    BEGINNER = "beginner", "Beginner"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


class QuestionKind(models.TextChoices):
    TEXT = "text", "Text"
    CHOICE = "choice", "Choice of options"
    BOOLEAN = "boolean", "Yes/no checkbox"
    FILE = "file", "File upload"


YES = "yes"  # a ticked yes/no question's answer


class DeliverableFormat(models.TextChoices):
    PAPER_PDF = "paper_pdf", "Paper PDF (page limits of the type)"
    PDF = "pdf", "PDF"
    TEXT = "text", "Text (Markdown)"
    LINK = "link", "Link"


S = SubmissionState

# Which state may follow which; withdrawing is allowed from every state but the final ones.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.UNDER_REVIEW, S.ACCEPTED, S.REJECTED, S.WAITLISTED, S.WITHDRAWN}),
    S.UNDER_REVIEW: frozenset({S.ACCEPTED, S.REJECTED, S.WAITLISTED, S.WITHDRAWN}),
    S.WAITLISTED: frozenset({S.ACCEPTED, S.REJECTED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.CONFIRMED, S.DECLINED, S.REJECTED, S.WAITLISTED, S.WITHDRAWN}),
    S.REJECTED: frozenset({S.ACCEPTED, S.WAITLISTED, S.WITHDRAWN}),
    S.CONFIRMED: frozenset({S.WITHDRAWN}),
    S.DECLINED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
EDITABLE_STATES = frozenset({S.DRAFT, S.SUBMITTED})
DELIVERING_STATES = frozenset({S.ACCEPTED, S.CONFIRMED})
# The committee's decisions: speakers learn them from the decision email, not when they are set.
NOTIFIED_STATES = frozenset({S.ACCEPTED, S.REJECTED, S.WAITLISTED})
