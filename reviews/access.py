"""Who may read what of a proposal's review: the one place the review modes and conflicts are
enforced. Pages, exports and emails ask these functions; they never decide on their own."""

from django.apps import apps

from .conflicts import conflict_map
from .rules import assignment_scope, in_scope


def review_settings(event):
    """The event's ReviewSettings, created with the defaults on first use (cached per event)."""
    cached = getattr(event, "_review_settings", None)
    if cached is None:
        model = apps.get_model("reviews", "ReviewSettings")
        cached, _ = model.objects.get_or_create(event=event)
        event._review_settings = cached
    return cached


def is_conflicted_with(user, submission) -> bool:
    """Remembered on the submission object, so one page asks the database once per user."""
    if not getattr(user, "is_authenticated", False):
        return False
    known = submission.__dict__.setdefault("_conflicted_users", {})
    if user.pk not in known:
        pairs = conflict_map(submission.event, submission_ids=[submission.pk], user_ids=[user.pk])
        known[user.pk] = (submission.pk, user.pk) in pairs
    return known[user.pk]


def is_assigned(user, submission) -> bool:
    model = apps.get_model("reviews", "ReviewAssignment")
    return model.objects.filter(submission=submission, reviewer_id=user.pk).exists()


def chairs_submission(user, submission) -> bool:
    """An organizer, or a track chair of the proposal's track."""
    scope = assignment_scope(user, submission.event)
    return scope != frozenset() and in_scope(scope, submission.track_id)


def can_review(user, submission) -> bool:
    """Assigned to the proposal and not in conflict with it."""
    return (
        getattr(user, "is_authenticated", False)
        and is_assigned(user, submission)
        and not is_conflicted_with(user, submission)
    )


def can_read_reviews(user, submission) -> bool:
    """Chairs of the proposal, and its reviewers once their own review is submitted when the
    event says so; never anyone in conflict with it."""
    if not getattr(user, "is_authenticated", False) or is_conflicted_with(user, submission):
        return False
    if chairs_submission(user, submission):
        return True
    if not is_assigned(user, submission):
        return False
    if not review_settings(submission.event).others_after_own:
        return True
    model = apps.get_model("reviews", "Review")
    return model.objects.filter(
        submission=submission, reviewer_id=user.pk, submitted_at__isnull=False
    ).exists()


def can_discuss(user, submission) -> bool:
    """The discussion is for the proposal's chairs and reviewers, never for conflicted members
    (an author is always conflicted with their own proposal)."""
    if not getattr(user, "is_authenticated", False) or is_conflicted_with(user, submission):
        return False
    return chairs_submission(user, submission) or is_assigned(user, submission)


def shows_authors_to(user, submission) -> bool:
    """Whether the user may see who wrote the proposal: not reviewers in double-blind mode
    (chairs always may)."""
    if chairs_submission(user, submission):
        return True
    return not review_settings(submission.event).hides_authors
