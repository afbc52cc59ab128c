"""Score statistics for the chairs' ranking: pure maths on submitted reviews, no database.

Per proposal: mean, median, spread (max − min) and standard deviation of the overall scores, a
disagreement flag, a normalized score and a confidence-weighted mean.

Normalized score (per-reviewer calibration, shrunk when a reviewer has few reviews): each review's
overall score is first placed on its form's scale as a fraction (0 = the scale's minimum, 1 = its
maximum, so reviews made on 1–5 and 1–10 forms compare). Two z-scores of that position follow:

- calibrated: against the same reviewer's scores over all their reviews in the event,
  (score − reviewer's mean) / reviewer's standard deviation, so a harsh reviewer's 3 and a
  lenient reviewer's 5 count alike when each is that reviewer's best. A reviewer with a single
  review, or who gave every proposal the same score, has no spread to divide by: their scores are
  only centred, which makes each of their calibrated z-scores 0;
- plain: against every review of the event (the event's mean and standard deviation), which
  orders reviews exactly as their raw scores do.

A reviewer's mean and spread are unreliable when they wrote few reviews (with two reviews, their
better one is always +1 however bad it was), so each review's normalized score is an empirical-
Bayes style blend: w · calibrated + (1 − w) · plain with w = n / (n + SHRINKAGE) for a reviewer
of n reviews: one review counts a quarter calibrated, three reviews half, thirty reviews 91 %.
A proposal's normalized score is the mean of its reviews' normalized scores.

Standard deviations are population deviations (ddof=0) throughout.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

# A proposal is flagged when its scores spread over at least this share of the scale:
# 2 points on a 1–5 scale, 4.5 on 1–10.
DISAGREEMENT_SHARE = 0.5
# k of the weight n / (n + k) a reviewer's own calibration gets after n reviews.
SHRINKAGE = 3


@dataclass(frozen=True)
class ScoredReview:
    """One submitted review's numbers; the scale is the one of the form it was made with."""

    reviewer_id: int
    submission_id: int
    overall: int
    confidence: int | None = None
    scale_min: int = 1
    scale_max: int = 5

    @property
    def position(self) -> float:
        """Where the score lies on its scale, from 0 (minimum) to 1 (maximum)."""
        return (self.overall - self.scale_min) / (self.scale_max - self.scale_min)


@dataclass(frozen=True)
class ReviewerCalibration:
    reviewer_id: int
    count: int
    mean: float  # of the scale positions (0–1)
    std: float  # of the scale positions; 0 when it cannot divide

    def z(self, position: float) -> float:
        centred = position - self.mean
        return centred / self.std if self.std > 0 else centred

    @property
    def weight(self) -> float:
        """How much this reviewer's own calibration counts: n / (n + SHRINKAGE)."""
        return self.count / (self.count + SHRINKAGE)


@dataclass(frozen=True)
class Calibration:
    """Every reviewer's calibration and the event's (all reviews together, as reviewer 0)."""

    reviewers: dict[int, ReviewerCalibration]
    everyone: ReviewerCalibration

    def normalized(self, review: ScoredReview) -> float:
        """The review's calibrated z-score shrunk toward its plain one (see the module)."""
        own = self.reviewers[review.reviewer_id]
        plain = self.everyone.z(review.position)
        return own.weight * own.z(review.position) + (1 - own.weight) * plain


@dataclass(frozen=True)
class ProposalStats:
    submission_id: int
    count: int
    mean: float
    median: float
    spread: int  # max − min
    std: float
    disagreement: bool
    normalized: float
    weighted: float  # confidence-weighted mean


def calibrate(reviews: Iterable[ScoredReview]) -> Calibration:
    """Each reviewer's mean and standard deviation over all the given reviews, and everyone's.

    A reviewer with one review gets std 0 (their scores are only centred, see the module)."""
    positions: dict[int, list[float]] = defaultdict(list)
    for review in reviews:
        positions[review.reviewer_id].append(review.position)
    reviewers = {rid: _calibration(rid, values) for rid, values in positions.items()}
    everyone = _calibration(0, [value for values in positions.values() for value in values])
    return Calibration(reviewers, everyone)


def _calibration(reviewer_id: int, values: list[float]) -> ReviewerCalibration:
    array = np.asarray(values or [0.0], dtype=float)
    std = float(array.std()) if len(array) > 1 else 0.0
    return ReviewerCalibration(
        reviewer_id, len(values), float(array.mean()), std if std > 1e-12 else 0.0
    )


def disagrees(spread: float, *, scale_min: int, scale_max: int) -> bool:
    return spread >= DISAGREEMENT_SHARE * (scale_max - scale_min) - 1e-9


def confidence_weighted_mean(reviews: Sequence[ScoredReview]) -> float:
    """Scores weighted by confidence; a review without confidence weighs 1 (the lowest)."""
    weights = np.array([r.confidence or 1 for r in reviews], dtype=float)
    scores = np.array([r.overall for r in reviews], dtype=float)
    return float((weights * scores).sum() / weights.sum())


def proposal_stats(
    reviews: Iterable[ScoredReview],
    *,
    calibration: Calibration | None = None,
) -> dict[int, ProposalStats]:
    """Statistics of every proposal that has at least one of the given reviews.

    ``calibration`` should come from all the event's reviews (``calibrate``); without it the
    given reviews calibrate themselves.
    """
    reviews = list(reviews)
    calibration = calibrate(reviews) if calibration is None else calibration
    by_proposal: dict[int, list[ScoredReview]] = defaultdict(list)
    for review in reviews:
        by_proposal[review.submission_id].append(review)
    return {sid: _stats(sid, group, calibration) for sid, group in by_proposal.items()}


def _stats(submission_id, reviews, calibration) -> ProposalStats:
    scores = np.array([r.overall for r in reviews], dtype=float)
    spread = int(scores.max() - scores.min())
    z_scores = [calibration.normalized(r) for r in reviews]
    return ProposalStats(
        submission_id=submission_id,
        count=len(reviews),
        mean=float(scores.mean()),
        median=float(np.median(scores)),
        spread=spread,
        std=float(scores.std()),
        disagreement=disagrees(
            spread,
            scale_min=min(r.scale_min for r in reviews),
            scale_max=max(r.scale_max for r in reviews),
        ),
        normalized=float(np.mean(z_scores)),
        weighted=confidence_weighted_mean(reviews),
    )


def histogram(values: Iterable[float], *, low: float, high: float, width: float) -> list[int]:
    """Counts of values in bins of ``width`` from ``low`` to ``high`` (the last bin closed)."""
    bins = max(1, round((high - low) / width))
    counts = [0] * bins
    for value in values:
        index = min(bins - 1, max(0, int((value - low) // width)))
        counts[index] += 1
    return counts
