"""What authors read of their reviews and answer, and the track chair's meta-review.

Authors see the reviews meant for them during the author response round and once the decision
has been notified; never confidential comments, confidence, or (unless the event reviews in the
open) who wrote a review.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from mails.services import enqueue_on_commit
from submissions.enums import SubmissionState
from submissions.models import Submission
from submissions.rules import is_speaker
from submissions.validators import validate_word_limit
from tracks.enums import DeadlineKind
from tracks.selectors import applicable_deadline

from ..access import chairs_submission, is_conflicted_with, review_settings
from ..enums import REVIEWABLE_STATES, Decision, ReviewMode
from ..models import AuthorResponse, DecisionNotification, MetaReview, Review, ReviewScore

DECIDED_STATES = (
    SubmissionState.ACCEPTED,
    SubmissionState.REJECTED,
    SubmissionState.WAITLISTED,
    SubmissionState.CONFIRMED,
    SubmissionState.DECLINED,
)
META_REVIEW_STATES = (*REVIEWABLE_STATES, *Decision.values)


class Window:
    """Where a proposal stands for its authors' reading of the reviews."""

    NOT_REVIEWED = "not_reviewed"  # a draft or withdrawn proposal
    NO_ROUND = "no_round"  # the event has no response round: reviews come with the decision
    NO_DEADLINE = "no_deadline"  # a response round without a response deadline: closed
    BEFORE = "before"  # reviews are not due yet
    OPEN = "open"
    CLOSED = "closed"  # the response deadline passed, or the speakers know a decision
    NOTIFIED = "notified"


@dataclass(frozen=True)
class AuthorReviewsState:
    """What a proposal's authors may read now, and why."""

    window: str
    response_due: object = None  # the RESPONSE_DUE Deadline, if any
    reviews_due: object = None  # the REVIEWS_DUE Deadline, if any
    decision: str = ""  # the notified decision (a Decision value)
    word_limit: int | None = None
    author_response_round: bool = False

    @property
    def visible(self) -> bool:
        return self.window in (Window.OPEN, Window.NOTIFIED)

    @property
    def can_respond(self) -> bool:
        return self.window == Window.OPEN

    @property
    def decision_label(self) -> str:
        """As authors read it: "Accepted", "Rejected", "Waitlisted"."""
        return SubmissionState(self.decision).label if self.decision else ""

    @property
    def shows_card(self) -> bool:
        """Whether the proposal page's sidebar has something to say about reviews."""
        return self.window not in (Window.NOT_REVIEWED, Window.NO_ROUND)


def author_reviews_state(submission, *, now=None) -> AuthorReviewsState:
    """Whether the proposal's authors may read its reviews now (and respond), in 2–3 queries."""
    now = now or timezone.now()
    settings = review_settings(submission.event)
    limit = settings.response_word_limit or None
    notified = (
        DecisionNotification.objects.filter(submission=submission)
        .order_by("-created_at", "-pk")
        .values_list("decision", flat=True)
        .first()
    )
    if notified:
        return AuthorReviewsState(Window.NOTIFIED, decision=notified, word_limit=limit)
    if submission.state not in (*REVIEWABLE_STATES, *DECIDED_STATES):
        return AuthorReviewsState(Window.NOT_REVIEWED)
    if not settings.author_response:
        return AuthorReviewsState(Window.NO_ROUND)
    deadlines = list(submission.event.deadlines.all())
    scope = {"track": submission.track, "session_type": submission.session_type}
    response_due = applicable_deadline(deadlines, DeadlineKind.RESPONSE_DUE, **scope)
    reviews_due = applicable_deadline(deadlines, DeadlineKind.REVIEWS_DUE, **scope)
    known = {
        "response_due": response_due,
        "reviews_due": reviews_due,
        "word_limit": limit,
        "author_response_round": True,
    }
    if response_due is None:
        return AuthorReviewsState(Window.NO_DEADLINE, **known)
    if submission.speaker_state not in REVIEWABLE_STATES or response_due.is_past(now):
        return AuthorReviewsState(Window.CLOSED, **known)
    if reviews_due is not None and not reviews_due.is_past(now):
        return AuthorReviewsState(Window.BEFORE, **known)
    return AuthorReviewsState(Window.OPEN, **known)


@dataclass(frozen=True)
class AuthorScore:
    name: str
    value: int
    maximum: int
    label: str


@dataclass(frozen=True)
class AuthorReview:
    """A submitted review as its authors may read it: nothing confidential, no confidence."""

    heading: str  # "Reviewer 2", or the reviewer's name when the event reviews in the open
    overall: int | None
    overall_max: int
    overall_label: str
    comments: str
    scores: list[AuthorScore] = field(default_factory=list)


def reviews_for_authors(submission) -> list[AuthorReview]:
    """The proposal's submitted reviews, numbered in the order they came in (2 queries)."""
    open_mode = review_settings(submission.event).mode == ReviewMode.OPEN
    reviews = (
        Review.objects.filter(submission=submission, submitted_at__isnull=False)
        .select_related("form", *(["reviewer"] if open_mode else []))
        .prefetch_related(
            Prefetch(
                "scores",
                ReviewScore.objects.select_related("criterion").order_by(
                    "criterion__position", "criterion__pk"
                ),
            )
        )
        .order_by("submitted_at", "pk")
    )
    return [
        AuthorReview(
            heading=review.reviewer.public_name if open_mode else f"Reviewer {number}",
            overall=review.overall,
            overall_max=review.form.overall_max,
            overall_label=review.form.overall_labels.get(str(review.overall), ""),
            comments=review.comments_to_authors,
            scores=[
                AuthorScore(
                    name=score.criterion.name,
                    value=score.value,
                    maximum=score.criterion.max_value,
                    label=score.criterion.labels.get(str(score.value), ""),
                )
                for score in review.scores.all()
            ],
        )
        for number, review in enumerate(reviews, start=1)
    ]


def meta_review_for_authors(submission) -> MetaReview | None:
    if not review_settings(submission.event).meta_review:
        return None
    return MetaReview.objects.filter(submission=submission).first()


def save_author_response(*, submission, by, text: str) -> AuthorResponse:
    """Save (or replace) the authors' response while the response round is open.

    The first save emails the proposal's chairs and reviewers, after commit. Raises
    ValidationError when the round is closed, the text is empty or over the word limit.
    """
    from ..tasks_notifications import email_response

    if not is_speaker(by, submission):
        raise PermissionDenied("Only the proposal's speakers respond to its reviews.")
    text = text.strip()
    with transaction.atomic():
        locked = (
            Submission.objects.select_for_update().select_related("event").get(pk=submission.pk)
        )
        state = author_reviews_state(locked)
        if not state.can_respond:
            raise ValidationError(
                "The author response period is closed; your response was not saved.",
                code="closed",
            )
        if not text:
            raise ValidationError("Write your response before saving it.", code="required")
        validate_word_limit(text, state.word_limit, field_label="Your response")
        response, created = AuthorResponse.objects.update_or_create(
            submission=locked, defaults={"text": text, "updated_by": by}
        )
        if created or response.submitted_at is None:
            response.submitted_at = timezone.now()
            response.save(update_fields=["submitted_at"])
            enqueue_on_commit(email_response, response_id=response.pk)  # or beat's sweep
    return response


def meta_review_refusal(user, submission) -> str:
    """Why the user may not write the proposal's meta-review now ("" when they may)."""
    if not review_settings(submission.event).meta_review:
        return "This event does not use meta-reviews."
    if submission.state not in META_REVIEW_STATES:
        return "Only proposals under review or decided have a meta-review."
    if DecisionNotification.objects.filter(submission=submission).exists():
        return "The authors have been told the decision: the meta-review they read stays as it is."
    return ""


def may_chair_meta_review(user, submission) -> bool:
    """The proposal's track chair or an organizer, never one in conflict with it."""
    return chairs_submission(user, submission) and not is_conflicted_with(user, submission)


def save_meta_review(*, submission, by, text: str, recommendation: str) -> MetaReview:
    """Write or replace the proposal's meta-review and its recommendation.

    Raises PermissionDenied for anyone but an unconflicted chair of the proposal, and
    ValidationError when meta-reviews are off or the decision was already notified.
    """
    if not may_chair_meta_review(by, submission):
        raise PermissionDenied("Only the proposal's unconflicted chairs write its meta-review.")
    if recommendation not in Decision.values:
        raise ValidationError("Choose accept, reject or waitlist.", code="invalid_choice")
    text = text.strip()
    if not text:
        raise ValidationError("Write the meta-review before saving it.", code="required")
    with transaction.atomic():
        locked = (
            Submission.objects.select_for_update().select_related("event").get(pk=submission.pk)
        )
        if refusal := meta_review_refusal(by, locked):
            raise ValidationError(refusal, code="closed")
        meta_review, _ = MetaReview.objects.update_or_create(
            submission=locked,
            defaults={"text": text, "recommendation": recommendation, "author": by},
        )
    return meta_review
