"""Organizers set how their event reviews: the review settings and the review forms."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from ..models import ReviewCriterion, ReviewForm, ReviewScore

FORM_SCALE_FIELDS = ("overall_min", "overall_max", "confidence_max")
CRITERION_SCALE_FIELDS = ("min_value", "max_value")
LOCKED = "Reviews already use this scale: changing it would change what their scores mean."


def form_has_reviews(form: ReviewForm) -> bool:
    return form.pk is not None and form.reviews.exists()


def criterion_has_scores(criterion: ReviewCriterion) -> bool:
    return criterion.pk is not None and ReviewScore.objects.filter(criterion=criterion).exists()


def _refuse_scale_changes(instance, fields, in_use: bool) -> None:
    if not in_use:
        return
    stored = type(instance).objects.get(pk=instance.pk)
    errors = {f: LOCKED for f in fields if getattr(stored, f) != getattr(instance, f)}
    if errors:
        raise ValidationError(errors)


def save_review_form(*, form: ReviewForm) -> ReviewForm:
    """Create or update a review form; refuses scale changes once reviews use the form
    (names and labels may change)."""
    with transaction.atomic():
        _refuse_scale_changes(form, FORM_SCALE_FIELDS, form_has_reviews(form))
        form.full_clean()
        form.save()
    return form


def save_criterion(*, criterion: ReviewCriterion) -> ReviewCriterion:
    """Create a criterion (placed last) or update one; refuses scale changes once reviews
    scored it."""
    with transaction.atomic():
        if criterion.pk is None:
            last = criterion.form.criteria.aggregate(last=Max("position"))["last"]
            criterion.position = 0 if last is None else last + 1
        _refuse_scale_changes(criterion, CRITERION_SCALE_FIELDS, criterion_has_scores(criterion))
        criterion.full_clean()
        criterion.save()
    return criterion


def delete_criterion(*, criterion: ReviewCriterion) -> None:
    """Remove a criterion no review has scored yet."""
    with transaction.atomic():
        if criterion_has_scores(criterion):
            raise ValidationError(
                f"Reviews already scored “{criterion.name}”: it can't be removed. "
                "Make it optional instead."
            )
        criterion.delete()


def move_criterion(*, criterion: ReviewCriterion, up: bool) -> None:
    """Swap the criterion with its neighbour above or below; renumbers the form's criteria."""
    with transaction.atomic():
        criteria = list(criterion.form.criteria.select_for_update())
        index = next(i for i, c in enumerate(criteria) if c.pk == criterion.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(criteria):
            criteria[index], criteria[other] = criteria[other], criteria[index]
        for position, item in enumerate(criteria):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])


def delete_review_form(*, form: ReviewForm) -> None:
    """Remove a form no review uses."""
    with transaction.atomic():
        if form_has_reviews(form):
            raise ValidationError(f"Reviews use “{form.name}”: it can't be removed.")
        form.delete()
