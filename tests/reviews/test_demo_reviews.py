"""The demo reviews say what their scores say: no praise in a reject, no rejection in an accept."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from reviews.demo import EARLIER_COMMENTS, load_demo_reviews, score_point
from reviews.models import Review

pytestmark = pytest.mark.django_db

# Words that praise a paper or recommend it, and words that recommend rejecting it or say it fails
# (whole words: "convincing" is praise, "unconvincing" is not a match of it).
PRAISE = re.compile(
    r"\b(excellent|outstanding|impressive|convincing|well[- ]written|well[- ]organi[sz]ed|"
    r"solid|strong accept|accept|accepting|acceptance|champion)\b",
    re.IGNORECASE,
)
REJECTION = re.compile(
    r"\b(reject|rejecting|rejection|strong reject|not ready|does not support|could not find|"
    r"too thin|argue against|not convinced)\b",
    re.IGNORECASE,
)


def band(review) -> str:
    """Reject (1–2 on 1–5: Strong/Weak reject), borderline (3), accept (4–5), on any scale."""
    point = score_point(review.overall, review.form.overall_min, review.form.overall_max)
    return "reject" if point <= 2 else "accept" if point >= 4 else "borderline"


def _demo_reviews():
    return Review.objects.filter(submission__event__slug="dlonsc-2020").select_related("form")


def assert_agrees_with_score(review) -> None:
    comments = review.comments_to_authors
    everything = f"{comments} {review.confidential_comments}"
    kind = band(review)
    if kind == "reject":
        assert REJECTION.search(comments), comments
        assert not PRAISE.search(everything), everything
    elif kind == "accept":
        assert PRAISE.search(comments), comments
        assert not REJECTION.search(everything), everything
    else:
        assert "borderline" in comments.lower(), comments
        assert not PRAISE.search(everything), everything
        assert not REJECTION.search(everything), everything


def test_every_demo_review_text_agrees_with_its_score():
    call_command("load_demo", stdout=StringIO())

    reviews = list(_demo_reviews())

    assert len(reviews) > 20
    assert {band(review) for review in reviews} == {"reject", "borderline", "accept"}
    for review in reviews:
        assert_agrees_with_score(review)


def test_demo_reviews_loaded_with_the_earlier_texts_get_texts_that_agree():
    call_command("load_demo", stdout=StringIO())
    stale = list(_demo_reviews().order_by("pk")[:5])
    for review, text in zip(stale, EARLIER_COMMENTS, strict=True):
        Review.objects.filter(pk=review.pk).update(comments_to_authors=text)

    load_demo_reviews()

    for review in _demo_reviews().filter(pk__in=[r.pk for r in stale]):
        assert review.comments_to_authors not in EARLIER_COMMENTS
        assert_agrees_with_score(review)


@pytest.mark.parametrize(
    ("overall", "scale", "point"),
    [(1, (1, 5), 1), (2, (1, 5), 2), (3, (1, 5), 3), (5, (1, 5), 5), (1, (1, 10), 1),
     (5, (1, 10), 3), (8, (1, 10), 4), (10, (1, 10), 5), (0, (0, 2), 1), (2, (0, 2), 5)],
)  # fmt: skip
def test_a_score_is_placed_on_the_five_point_scale_of_the_texts(overall, scale, point):
    assert score_point(overall, *scale) == point
