"""Reviewing: the event's review settings and forms, reviews and their scores, the committee's
discussion, the authors' response and the track chair's meta-review."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from ..enums import Decision, ReviewMode

USER = settings.AUTH_USER_MODEL


class ReviewSettings(models.Model):
    """How an event reviews. One per event, created with defaults when first needed."""

    event = models.OneToOneField(
        "tracks.Event", on_delete=models.CASCADE, related_name="review_settings"
    )
    mode = models.CharField(
        max_length=20, choices=ReviewMode.choices, default=ReviewMode.SINGLE_BLIND
    )
    others_after_own = models.BooleanField(
        "Others' reviews only after one's own",
        default=True,
        help_text="A reviewer sees the other reviews of a proposal once they submitted theirs.",
    )
    author_response = models.BooleanField(
        default=False,
        help_text="Authors read the reviews meant for them and answer before the response "
        "deadline (papers).",
    )
    response_word_limit = models.PositiveIntegerField(default=500)
    meta_review = models.BooleanField(
        default=False, help_text="The track chair writes a meta-review of each proposal."
    )

    class Meta:
        verbose_name_plural = "review settings"

    def __str__(self):
        return f"Review settings of {self.event}"

    @property
    def hides_authors(self) -> bool:
        return self.mode == ReviewMode.DOUBLE_BLIND

    @property
    def hides_reviewers(self) -> bool:
        return self.mode != ReviewMode.OPEN


def _validate_labels(value) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and k.lstrip("-").isdigit() and isinstance(v, str)
        for k, v in value.items()
    ):
        raise ValidationError("Labels map scale values (as text) to names.")


class ReviewForm(models.Model):
    """What reviewers fill in, for the whole event or one track and/or session type.

    Every form has an overall score and a confidence (with their scales here), comments to the
    authors and confidential comments to the committee; criteria add scored questions.
    """

    event = models.ForeignKey("tracks.Event", on_delete=models.CASCADE, related_name="review_forms")
    track = models.ForeignKey(
        "tracks.Track", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="Empty: every track.",
    )  # fmt: skip
    session_type = models.ForeignKey(
        "tracks.SessionType", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="Empty: every session type.",
    )  # fmt: skip
    name = models.CharField(max_length=100)
    overall_min = models.SmallIntegerField(default=1)
    overall_max = models.SmallIntegerField(default=5)
    overall_labels = models.JSONField(
        default=dict, blank=True, validators=[_validate_labels],
        help_text='Names of scale points, e.g. {"1": "Strong reject", "5": "Strong accept"}.',
    )  # fmt: skip
    confidence_max = models.PositiveSmallIntegerField(
        default=4, help_text="Confidence goes from 1 to this."
    )
    confidence_labels = models.JSONField(default=dict, blank=True, validators=[_validate_labels])

    class Meta:
        constraints = [
            # One form per scope; NULL means "every", so each combination gets its own constraint.
            models.UniqueConstraint(
                fields=["event"],
                condition=models.Q(track__isnull=True, session_type__isnull=True),
                name="one_event_review_form",
            ),
            models.UniqueConstraint(
                fields=["event", "track"],
                condition=models.Q(track__isnull=False, session_type__isnull=True),
                name="one_track_review_form",
            ),
            models.UniqueConstraint(
                fields=["event", "session_type"],
                condition=models.Q(track__isnull=True, session_type__isnull=False),
                name="one_type_review_form",
            ),
            models.UniqueConstraint(
                fields=["event", "track", "session_type"],
                condition=models.Q(track__isnull=False, session_type__isnull=False),
                name="one_track_type_review_form",
            ),
            models.CheckConstraint(
                condition=models.Q(overall_min__lt=models.F("overall_max")),
                name="review_form_overall_scale_not_empty",
            ),
        ]

    def __str__(self):
        return self.name


class ReviewCriterion(models.Model):
    """A scored question of a review form, e.g. "Relevance to the community" from 1 to 5."""

    form = models.ForeignKey(ReviewForm, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=100)
    help_text = models.CharField(max_length=300, blank=True)
    min_value = models.SmallIntegerField(default=1)
    max_value = models.SmallIntegerField(default=5)
    labels = models.JSONField(default=dict, blank=True, validators=[_validate_labels])
    required = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["form", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_value__lt=models.F("max_value")),
                name="review_criterion_scale_not_empty",
            )
        ]

    def __str__(self):
        return self.name


class Review(models.Model):
    """One reviewer's review of one proposal: a draft until submitted."""

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="reviews")
    form = models.ForeignKey(ReviewForm, on_delete=models.PROTECT, related_name="reviews")
    overall = models.SmallIntegerField(null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    comments_to_authors = models.TextField(blank=True, help_text="Markdown. The authors read this.")
    confidential_comments = models.TextField(
        blank=True, help_text="Markdown. Only the committee reads this."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    is_late = models.BooleanField(default=False, help_text="Submitted after the review deadline.")
    revised_at = models.DateTimeField(
        null=True, blank=True, help_text="Last change after submission (others may have been read)."
    )

    class Meta:
        ordering = ["submission", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"], name="one_review_per_reviewer"
            )
        ]

    def __str__(self):
        return f"Review of {self.submission_id} by {self.reviewer_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ReviewCriterion, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


class DiscussionComment(models.Model):
    """The committee's discussion of a proposal; never shown to authors or conflicted members."""

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="discussion"
    )
    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(help_text="Markdown.")
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(
        null=True, editable=False, help_text="When the committee was told of it, once."
    )

    class Meta:
        ordering = ["submission", "created_at"]

    def __str__(self):
        return f"Comment on {self.submission_id} by {self.author_id}"


class AuthorResponse(models.Model):
    """The authors' answer to the reviews meant for them (paper-style events)."""

    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="author_response"
    )
    text = models.TextField(help_text="Markdown.")
    updated_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(
        null=True, editable=False, help_text="When the committee was told of it, once."
    )

    def __str__(self):
        return f"Response on {self.submission_id}"


class MetaReview(models.Model):
    """A track chair's summary of the reviews and discussion, with a recommendation."""

    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="meta_review"
    )
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(help_text="Markdown. Shown to the authors with the decision.")
    recommendation = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Meta-review of {self.submission_id}"


class ReviewReminder(models.Model):
    """That a reviewer was reminded of their unfinished reviews: at most once a day per event."""

    event = models.ForeignKey("tracks.Event", on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(help_text="The day, in the event's time zone.")
    email = models.OneToOneField(
        "mails.OutboundEmail", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "reviewer", "sent_on"], name="one_review_reminder_a_day"
            )
        ]

    def __str__(self):
        return f"Reminded {self.reviewer_id} on {self.sent_on}"
