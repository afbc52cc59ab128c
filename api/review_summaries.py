"""The reviews' figures of a page of proposals, in a constant number of queries, as the chairs'
ranking computes them (reviews.scoring): the normalized score calibrates each reviewer on all
their submitted reviews of the event. Reviewers are named only in open review."""

from collections import defaultdict
from statistics import median

from django.db.models import Prefetch

from reviews.access import review_settings
from reviews.enums import ReviewMode
from reviews.models import Review, ReviewAssignment, ReviewScore
from reviews.scoring import ScoredReview, calibrate, proposal_stats


def event_calibration(event):
    """Every submitted, scored review of the event, as the ranking calibrates them (1 query)."""
    rows = Review.objects.filter(
        submission__event=event, submitted_at__isnull=False, overall__isnull=False
    ).values_list(
        "reviewer_id", "submission_id", "overall", "confidence", "form__overall_min",
        "form__overall_max",
    )  # fmt: skip
    return calibrate(ScoredReview(*row) for row in rows)


def _aliases(reviewer_ids_in_order: list[int], reviews: list[Review]) -> dict[int, str]:
    """“Reviewer 1”, “Reviewer 2”… by assignment order, then reviewers no longer assigned, as
    the proposal's reviews page numbers them (reviews.views.reading.reviewer_aliases)."""
    order = list(reviewer_ids_in_order)
    order += [review.reviewer_id for review in reviews if review.reviewer_id not in order]
    return {user_id: f"Reviewer {number}" for number, user_id in enumerate(order, start=1)}


def _criteria(reviews: list[Review]) -> list[dict]:
    values: dict[int, list[int]] = defaultdict(list)
    names: dict[int, str] = {}
    for review in reviews:
        for score in review.scores.all():
            values[score.criterion_id].append(score.value)
            names[score.criterion_id] = score.criterion.name
    return [
        {
            "id": criterion_id,
            "name": names[criterion_id],
            "count": len(scores),
            "mean": sum(scores) / len(scores),
            "median": float(median(scores)),
            "min": min(scores),
            "max": max(scores),
        }
        for criterion_id, scores in sorted(values.items())
    ]


def review_summaries(event, submissions, *, calibration=None) -> dict[int, dict]:
    """Per proposal id, the data of ``ReviewSummarySerializer`` (4 queries, plus 1 to calibrate
    when ``calibration`` is not given and 1 for the event's review settings)."""
    submissions = list(submissions)
    ids = [submission.pk for submission in submissions]
    mode = review_settings(event).mode
    reviews_of: dict[int, list[Review]] = defaultdict(list)
    for review in (
        Review.objects.filter(submission_id__in=ids, submitted_at__isnull=False)
        .select_related("reviewer", "form")
        .prefetch_related(
            Prefetch("scores", ReviewScore.objects.select_related("criterion").order_by("pk"))
        )
        .order_by("submitted_at", "pk")
    ):
        reviews_of[review.submission_id].append(review)
    assigned: dict[int, list[int]] = defaultdict(list)
    for submission_id, reviewer_id in (
        ReviewAssignment.objects.filter(submission_id__in=ids)
        .order_by("created_at", "pk")
        .values_list("submission_id", "reviewer_id")
    ):
        assigned[submission_id].append(reviewer_id)
    calibration = calibration if calibration is not None else event_calibration(event)
    scored = [
        ScoredReview(r.reviewer_id, r.submission_id, r.overall, r.confidence,
                     r.form.overall_min, r.form.overall_max)
        for reviews in reviews_of.values() for r in reviews if r.overall is not None
    ]  # fmt: skip
    stats = proposal_stats(scored, calibration=calibration) if scored else {}
    return {
        submission.pk: _summary(
            submission,
            reviews_of[submission.pk],
            assigned[submission.pk],
            stats.get(submission.pk),
            mode,
        )
        for submission in submissions
    }


def _score(score) -> dict:
    return {"criterion_id": score.criterion_id, "criterion": score.criterion.name,
            "value": score.value}  # fmt: skip


def _summary(submission, reviews, assigned, stats, mode) -> dict:
    aliases = _aliases(assigned, reviews)
    figures = ("mean", "median", "spread", "std", "normalized", "weighted")
    return {
        "proposal": submission,
        "review_mode": mode,
        "assigned": len(assigned),
        "submitted": len(reviews),
        **{name: getattr(stats, name) if stats else None for name in figures},
        "disagreement": bool(stats and stats.disagreement),
        "criteria": _criteria(reviews),
        "reviews": [
            {
                "reviewer": review.reviewer.public_name
                if mode == ReviewMode.OPEN
                else aliases[review.reviewer_id],
                "overall": review.overall,
                "confidence": review.confidence,
                "scores": [
                    {
                        "criterion_id": s.criterion_id,
                        "criterion": s.criterion.name,
                        "value": s.value,
                    }
                    for s in review.scores.all()
                ],
            }
            for review in reviews
        ],
    }
