"""Reviewers write their reviews: drafts, submissions and late submissions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from tracks.enums import DeadlineKind
from tracks.models import Deadline
from tracks.selectors import applicable_deadline

from .. import access
from ..enums import REVIEWABLE_STATES
from ..models import Review, ReviewScore
from ..selectors import review_form_for

MISSING = "Answer this before submitting."


def review_deadline(submission, deadlines=None):
    """The REVIEWS_DUE deadline that applies to the proposal's track and type, or None."""
    if deadlines is None:
        deadlines = submission.event.deadlines.filter(kind=DeadlineKind.REVIEWS_DUE)
    return applicable_deadline(
        deadlines,
        DeadlineKind.REVIEWS_DUE,
        track=submission.track,
        session_type=submission.session_type,
    )


def review_deadline_subquery(submission: str = "submission", field: str = "due"):
    """A subquery of ``field`` of the REVIEWS_DUE deadline applying to the proposal at the outer
    ``submission`` path: the most specific, as :func:`review_deadline` chooses."""
    deadlines = Deadline.objects.filter(
        event=OuterRef(f"{submission}__event"), kind=DeadlineKind.REVIEWS_DUE
    ).filter(
        Q(track__isnull=True) | Q(track=OuterRef(f"{submission}__track")),
        Q(session_type__isnull=True) | Q(session_type=OuterRef(f"{submission}__session_type")),
    )
    ordered = deadlines.order_by(
        F("session_type").desc(nulls_last=True), F("track").desc(nulls_last=True), "due", "pk"
    )
    return Subquery(ordered.values(field)[:1])


def is_past(deadline, now=None) -> bool:
    """A deadline has passed from its due instant on (as the call for proposals closes)."""
    return deadline is not None and (now or timezone.now()) >= deadline.due


def scale_errors(form, data: dict, *, submit: bool) -> dict[str, str]:
    """Errors per field name of a review's answers: values outside their scales, and (when
    submitting) unanswered required questions."""
    errors = {}
    scales = [("overall", form.overall_min, form.overall_max, True)]
    scales.append(("confidence", 1, form.confidence_max, True))
    scores = data.get("scores") or {}
    for criterion in form.criteria.all():
        key = f"criterion_{criterion.pk}"
        value = scores.get(criterion.pk)
        if value is None:
            if submit and criterion.required:
                errors[key] = MISSING
        elif not criterion.min_value <= value <= criterion.max_value:
            errors[key] = f"Choose from {criterion.min_value} to {criterion.max_value}."
    unknown = set(scores) - {criterion.pk for criterion in form.criteria.all()}
    if unknown:
        errors["scores"] = "These questions are not on this review form."
    for name, low, high, required in scales:
        value = data.get(name)
        if value is None:
            if submit and required:
                errors[name] = MISSING
        elif not low <= value <= high:
            errors[name] = f"Choose from {low} to {high}."
    return errors


def save_review(*, submission, reviewer, data: dict, submit: bool, now=None) -> Review:
    """Save the reviewer's review of the proposal as a draft, or submit it.

    ``data`` holds ``overall``, ``confidence``, ``comments_to_authors``,
    ``confidential_comments`` and ``scores`` ({criterion id: value}); missing answers are
    cleared. Submitting requires every required answer and, after the review deadline, marks the
    review late. A submitted review stays submitted (its first submission time is kept) and can
    be edited until the proposal is decided; such a revision is dated, for the committee to see.
    Refuses reviewers who may not review the proposal and values outside the form's scales.
    """
    if not access.can_review(reviewer, submission):
        raise ValidationError("You are not assigned to review this proposal.")
    if submission.state not in REVIEWABLE_STATES:
        raise ValidationError("This proposal is decided: its reviews can no longer change.")
    with transaction.atomic():
        review = (
            Review.objects.select_for_update()
            .filter(submission=submission, reviewer=reviewer)
            .select_related("form")
            .first()
        )
        form = review.form if review else review_form_for(submission)
        submit = submit or bool(review and review.is_submitted)
        errors = scale_errors(form, data, submit=submit)
        if errors:
            raise ValidationError(errors)
        if review is None:
            review, _ = Review.objects.get_or_create(
                submission=submission, reviewer=reviewer, defaults={"form": form}
            )
        revising = review.is_submitted
        before = _answers(review)
        review.overall = data.get("overall")
        review.confidence = data.get("confidence")
        review.comments_to_authors = data.get("comments_to_authors") or ""
        review.confidential_comments = data.get("confidential_comments") or ""
        if submit and not review.is_submitted:
            review.submitted_at = now or timezone.now()
            review.is_late = is_past(review_deadline(submission), review.submitted_at)
        _replace_scores(review, data.get("scores") or {})
        if revising and _answers(review) != before:
            review.revised_at = now or timezone.now()
        review.save()
    return review


def _answers(review) -> tuple:
    """What a reviewer answered, to tell a revision from an unchanged save."""
    scores = dict(review.scores.values_list("criterion_id", "value")) if review.pk else {}
    return (
        review.overall,
        review.confidence,
        review.comments_to_authors,
        review.confidential_comments,
        scores,
    )


def _replace_scores(review, scores: dict) -> None:
    review.scores.exclude(criterion_id__in=list(scores)).delete()
    for criterion_id, value in scores.items():
        ReviewScore.objects.update_or_create(
            review=review, criterion_id=criterion_id, defaults={"value": value}
        )
