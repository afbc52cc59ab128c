"""Score statistics for the chairs' ranking: pure maths on submitted reviews, no database.

Per proposal: mean, median, spread (max − min) and standard deviation of the overall scores, a
disagreement flag, a normalized score and a confidence-weighted mean.

Normalized score (per-reviewer calibration): each review's overall score is first placed on its
form's scale as a fraction (0 = the scale's minimum, 1 = its maximum, so reviews made on 1–5 and
1–10 forms compare), then turned into a z-score against the same reviewer's scores over all their
reviews in the event: (score − reviewer's mean) / reviewer's standard deviation
(population, ddof=0).
A proposal's normalized score is the mean of its reviews' z-scores, so a harsh reviewer's 3 and a
lenient reviewer's 5 count alike when each is that reviewer's best. A reviewer with a single review,
or who gave every proposal the same score, has no spread to divide by: their scores are only
centred, which makes each of their z-scores 0 (their review says nothing about how the proposal
compares with the others they read).

Standard deviations are population deviations (ddof=0) throughout.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

# A proposal is flagged when its scores spread over at least this share of the scale:
# 2 points on a 1–5 scale, 4.5 on 1–10.
DISAGREEMENT_SHARE = 0.5


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


def calibrate(reviews: Iterable[ScoredReview]) -> dict[int, ReviewerCalibration]:
    """Each reviewer's mean and standard deviation over all the given reviews.

    A reviewer with one review gets std 0 (their scores are only centred, see the module)."""
    positions: dict[int, list[float]] = defaultdict(list)
    for review in reviews:
        positions[review.reviewer_id].append(review.position)
    calibrations = {}
    for reviewer_id, values in positions.items():
        array = np.asarray(values, dtype=float)
        std = float(array.std()) if len(array) > 1 else 0.0
        calibrations[reviewer_id] = ReviewerCalibration(
            reviewer_id, len(array), float(array.mean()), std if std > 1e-12 else 0.0
        )
    return calibrations


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
    calibration: dict[int, ReviewerCalibration] | None = None,
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
    z_scores = [calibration[r.reviewer_id].z(r.position) for r in reviews]
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
