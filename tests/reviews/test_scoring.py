"""Calibration maths of the ranking, on small cases computed by hand."""

import math

import pytest

from reviews.scoring import (
    SHRINKAGE,
    ScoredReview,
    calibrate,
    confidence_weighted_mean,
    disagrees,
    histogram,
    proposal_stats,
)


def review(reviewer, submission, overall, confidence=None, scale=(1, 5)):
    return ScoredReview(reviewer, submission, overall, confidence, *scale)


def blend(n, calibrated, plain):
    """A normalized score by hand: a reviewer of n reviews counts n / (n + 3) calibrated."""
    weight = n / (n + 3)
    return weight * calibrated + (1 - weight) * plain


def test_mean_median_spread_std_and_weighted_mean_of_one_proposal():
    # Scores 2, 4, 5 with confidences 1, 3, 2.
    reviews = [review(1, 10, 2, 1), review(2, 10, 4, 3), review(3, 10, 5, 2)]

    stats = proposal_stats(reviews)[10]

    # mean = 11/3; median = 4; spread = 5 − 2 = 3
    # std = sqrt(((2 − 11/3)² + (4 − 11/3)² + (5 − 11/3)²) / 3) = sqrt((25/9 + 1/9 + 16/9) / 3)
    #     = sqrt(14/9) ≈ 1.2472
    # weighted = (2·1 + 4·3 + 5·2) / (1 + 3 + 2) = 24/6 = 4
    assert (stats.count, stats.median, stats.spread) == (3, 4.0, 3)
    assert stats.mean == pytest.approx(11 / 3)
    assert stats.std == pytest.approx(math.sqrt(14 / 9))
    assert stats.weighted == pytest.approx(4.0)
    assert stats.disagreement is True


def test_median_of_an_even_number_of_scores_is_the_middle_pair_average():
    reviews = [review(1, 10, 2), review(2, 10, 3), review(3, 10, 4), review(4, 10, 5)]

    assert proposal_stats(reviews)[10].median == 3.5  # (3 + 4) / 2


@pytest.mark.parametrize(
    ("spread", "scale", "flagged"),
    [
        (1, (1, 5), False),
        (2, (1, 5), True),  # 2 ≥ 0.5 · (5 − 1)
        (4, (1, 10), False),  # 4 < 0.5 · (10 − 1) = 4.5
        (5, (1, 10), True),
    ],
)
def test_disagreement_is_a_spread_of_half_the_scale(spread, scale, flagged):
    assert disagrees(spread, scale_min=scale[0], scale_max=scale[1]) is flagged


def test_a_review_without_confidence_weighs_like_the_lowest_confidence():
    # (5·1 + 1·3) / (1 + 3) = 2
    reviews = [review(1, 10, 5, None), review(2, 10, 1, 3)]

    assert confidence_weighted_mean(reviews) == 2.0


def test_z_scores_use_each_reviewers_own_mean_and_std():
    # Reviewer 1 gives 1, 2, 3: positions 0, .25, .5 → mean .25,
    # std = sqrt((.25² + 0 + .25²) / 3) = sqrt(1/24) ≈ 0.2041 → z = −1.2247, 0, +1.2247.
    # Reviewer 2 gives 3, 4, 5: positions .5, .75, 1 → the same z-scores.
    # Everyone: positions 0, .25, .5, .5, .75, 1 → mean .5, std sqrt(.625 / 6) ≈ 0.3227.
    reviews = [review(1, sid, score) for sid, score in ((10, 1), (11, 2), (12, 3))]
    reviews += [review(2, sid, score) for sid, score in ((10, 3), (11, 4), (12, 5))]

    calibration = calibrate(reviews)
    stats = proposal_stats(reviews, calibration=calibration)

    assert calibration.reviewers[1].mean == pytest.approx(0.25)
    assert calibration.reviewers[1].std == pytest.approx(math.sqrt(1 / 24))
    z = 0.25 / math.sqrt(1 / 24)  # = sqrt(1.5) ≈ 1.2247
    assert [calibration.reviewers[2].z(p) for p in (0.5, 0.75, 1)] == pytest.approx([-z, 0, z])
    everyone = math.sqrt(0.625 / 6)
    assert (calibration.everyone.mean, calibration.everyone.std) == pytest.approx((0.5, everyone))
    # Proposal 12: reviewer 1's 3 (z +1.22, plain 0) and reviewer 2's 5 (z +1.22, plain +1.55).
    top = (blend(3, z, 0) + blend(3, z, 0.5 / everyone)) / 2
    assert [stats[sid].normalized for sid in (10, 11, 12)] == pytest.approx([-top, 0.0, top])
    assert [stats[sid].mean for sid in (10, 11, 12)] == [2.0, 3.0, 4.0]


def test_harsh_and_lenient_reviewers_rank_their_best_proposals_alike():
    # Harsh reviewer 1 gives 1 and 3; lenient reviewer 2 gives 3 and 5 to other proposals.
    # Raw means: 1, 3, 3, 5 — the harsh reviewer's best ties the lenient one's worst.
    # Positions 0, .5 (mean .25, std .25) and .5, 1 (mean .75, std .25) → z = −1, +1 for both;
    # everyone: mean .5, std sqrt(.125) → plain z = −√2, 0, 0, +√2; two reviews weigh 2/5.
    reviews = [review(1, 10, 1), review(1, 11, 3), review(2, 20, 3), review(2, 21, 5)]

    stats = proposal_stats(reviews)

    assert [stats[sid].mean for sid in (10, 11, 20, 21)] == [1.0, 3.0, 3.0, 5.0]
    best = blend(2, 1, math.sqrt(2))
    assert [stats[sid].normalized for sid in (10, 11, 20, 21)] == pytest.approx(
        [-best, 0.4, -0.4, best]
    )


def test_three_papers_with_mean_four_rank_above_one_with_mean_one_and_a_half():
    # The case: reviewers with one or two reviews. Reviewer 1 gives 1 and 2, so their 2
    # is +1 calibrated; reviewer 3 gives 4 and 5, so their 4 is −1. Unshrunk, proposal 10
    # (mean 1.5) scored +0.5 and led proposals 20–22 (mean 4.0), which scored −0.5, −0.5, 0.
    reviews = [
        *(review(1, 10, 2), review(2, 10, 1), review(1, 90, 1)),
        *(review(3, 20, 4), review(4, 20, 4), review(3, 91, 5)),
        *(review(5, 21, 4), review(6, 21, 4), review(6, 92, 5)),
        *(review(7, 22, 3), review(8, 22, 5), review(8, 93, 5)),
    ]

    stats = proposal_stats(reviews)

    assert [stats[sid].mean for sid in (10, 20, 21, 22)] == [1.5, 4.0, 4.0, 4.0]
    low = stats[10].normalized
    assert all(stats[sid].normalized > low for sid in (20, 21, 22))


def test_a_reviewer_with_many_reviews_keeps_nearly_full_calibration():
    # 30 reviews each: harsh reviewer 1 gives 1 and 3, lenient reviewer 2 gives 3 and 5, half
    # each. Calibrated: ±1 for both; weight 30/33. The harsh reviewer's 3 (their best) ends up
    # far above the lenient reviewer's 3 (their worst), and near their own full z-score.
    reviews = [review(1, n, 1 if n % 2 else 3) for n in range(30)]
    reviews += [review(2, 100 + n, 3 if n % 2 else 5) for n in range(30)]

    calibration = calibrate(reviews)
    stats = proposal_stats(reviews, calibration=calibration)

    assert calibration.reviewers[1].weight == pytest.approx(30 / (30 + SHRINKAGE))
    harsh_best, lenient_worst = stats[0].normalized, stats[101].normalized
    assert harsh_best == pytest.approx(30 / 33)  # plain z of a 3 is 0: the middle of the event
    assert lenient_worst == pytest.approx(-30 / 33)
    assert harsh_best > 0.9 * calibration.reviewers[1].z(0.5)


def test_a_single_review_or_a_constant_reviewer_is_only_centred():
    # Reviewer 1 reviewed once (z = 1 − 1 = 0); reviewer 2 always gives 4 (std 0 → centred: 0);
    # reviewer 3 gives 2 and 4 (positions .25, .75 → z = −1, +1). Everyone: positions 1, .75,
    # .75, .25, .75 → mean .7, std sqrt(.06); each review is blended with its plain z-score.
    reviews = [
        review(1, 10, 5),
        review(2, 10, 4),
        review(2, 11, 4),
        review(3, 10, 2),
        review(3, 11, 4),
    ]

    calibration = calibrate(reviews)
    stats = proposal_stats(reviews, calibration=calibration)

    assert (calibration.reviewers[1].std, calibration.reviewers[2].std) == (0.0, 0.0)
    assert calibration.reviewers[1].z(1.0) == 0.0
    assert calibration.reviewers[2].z(0.75) == 0.0

    def plain(position):
        return (position - 0.7) / math.sqrt(0.06)

    five, four, two = blend(1, 0, plain(1)), blend(2, 0, plain(0.75)), blend(2, -1, plain(0.25))
    assert stats[10].normalized == pytest.approx((five + four + two) / 3)
    assert stats[11].normalized == pytest.approx((four + blend(2, 1, plain(0.75))) / 2)


def test_calibration_over_the_whole_event_applies_to_a_subset():
    # Reviewer 1 gives 1 and 5 in the event (positions 0, 1: mean .5, std .5);
    # the subset holds only the 5 → z = (1 − .5) / .5 = 1.
    everything = [review(1, 10, 1), review(1, 11, 5)]

    stats = proposal_stats([everything[1]], calibration=calibrate(everything))

    assert list(stats) == [11]
    assert stats[11].normalized == 1.0


def test_scores_on_different_scales_are_calibrated_on_their_position():
    # A reviewer gives 5 of 5 (position 1) and 1 of 10 (position 0): mean .5, std .5 → z = +1, −1.
    reviews = [review(1, 10, 5, scale=(1, 5)), review(1, 11, 1, scale=(1, 10))]

    stats = proposal_stats(reviews)

    assert (stats[10].normalized, stats[11].normalized) == (1.0, -1.0)


def test_histogram_bins_values_and_closes_the_last_bin():
    # Bins of .5 from 1 to 5: [1, 1.5) … [4.5, 5].
    counts = histogram([1.0, 1.49, 1.5, 3.0, 4.75, 5.0], low=1, high=5, width=0.5)

    assert counts == [2, 1, 0, 0, 1, 0, 0, 2]
