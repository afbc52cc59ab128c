"""The review committee: invitations, reviewer profiles, bids, conflicts and assignments."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from tracks.enums import CommitteeRole

from .enums import (
    AssignmentSource,
    BidPreference,
    ConflictSource,
    ConstraintKind,
    InvitationStatus,
    RunStatus,
)

USER = settings.AUTH_USER_MODEL
INVITABLE_ROLES = [
    (CommitteeRole.REVIEWER.value, CommitteeRole.REVIEWER.label),
    (CommitteeRole.TRACK_CHAIR.value, CommitteeRole.TRACK_CHAIR.label),
]


def _token() -> str:
    return secrets.token_urlsafe(32)


class CommitteeInvitation(models.Model):
    """An invitation by email to join an event's committee, for the whole event or some tracks."""

    event = models.ForeignKey(
        "tracks.Event", on_delete=models.CASCADE, related_name="committee_invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=INVITABLE_ROLES, default=CommitteeRole.REVIEWER)
    tracks = models.ManyToManyField(
        "tracks.Track", blank=True, related_name="+", help_text="Empty means the whole event."
    )
    message = models.TextField(blank=True, help_text="A personal note included in the email.")
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    status = models.CharField(
        max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Who accepted or declined.",
    )  # fmt: skip

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email", "role"],
                condition=models.Q(status=InvitationStatus.PENDING),
                name="one_pending_committee_invitation",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.get_role_display()} of {self.event}"

    def get_absolute_url(self):
        return reverse("reviews:invitation", kwargs={"token": self.token})


class ReviewerProfile(models.Model):
    """What a committee member tells the chairs for one event: expertise and how much to review."""

    event = models.ForeignKey(
        "tracks.Event", on_delete=models.CASCADE, related_name="reviewer_profiles"
    )
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="reviewer_profiles")
    keywords = models.CharField(
        max_length=500,
        blank=True,
        help_text="Comma-separated, e.g. “GPU, MPI, numerical linear algebra”.",
    )
    expertise = models.TextField(blank=True, help_text="A few sentences about what you know well.")
    other_affiliations = models.TextField(
        blank=True,
        help_text="Institutions you worked at in the last three years, one per line "
        "(used to detect conflicts of interest).",
    )
    max_load = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The most proposals you can review. Empty: the chairs decide.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_reviewer_profile_per_event")
        ]

    def __str__(self):
        return f"{self.user} at {self.event}"

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(",") if k.strip()]


class Bid(models.Model):
    """A reviewer's interest in reviewing a proposal; "conflict" declares a conflict."""

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="bids"
    )
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="bids")
    preference = models.CharField(max_length=20, choices=BidPreference.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "user"], name="one_bid_per_reviewer")
        ]

    def __str__(self):
        return f"{self.user} {self.preference} on {self.submission_id}"


class Conflict(models.Model):
    """A conflict stated by an author or set by a chair. A chair's row with is_conflict=False
    clears the automatically detected reasons for that pair (not what people declared)."""

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="conflicts"
    )
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="conflicts")
    source = models.CharField(max_length=20, choices=ConflictSource.choices)
    is_conflict = models.BooleanField(default=True)
    reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "user", "source"], name="one_conflict_per_source"
            ),
            models.CheckConstraint(
                condition=models.Q(is_conflict=True) | models.Q(source=ConflictSource.CHAIR),
                name="only_chairs_clear_conflicts",
            ),
        ]

    def __str__(self):
        return f"{self.user} ⟂ {self.submission_id} ({self.source})"


class ReviewAssignment(models.Model):
    """A reviewer asked to review a proposal."""

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="review_assignments")
    source = models.CharField(
        max_length=20, choices=AssignmentSource.choices, default=AssignmentSource.MANUAL
    )
    run = models.ForeignKey(
        "AssignmentRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"], name="one_assignment_per_reviewer"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} reviews {self.submission_id}"


class AssignmentConstraint(models.Model):
    """A chair's rule for automatic assignment: always (pin) or never (forbid) this pair."""

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="assignment_constraints"
    )
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ConstraintKind.choices)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "user"], name="one_constraint_per_pair")
        ]

    def __str__(self):
        return f"{self.kind} {self.user} on {self.submission_id}"


class AssignmentRun(models.Model):
    """One computation of an automatic assignment: its parameters, progress and outcome.

    ``params``: reviews_per_submission, min_load, max_load, weights. ``summary``: loads per
    reviewer, coverage per proposal, the total cost and every requirement that could not be met,
    with the reason. The proposed pairs are ProposedAssignment rows.
    """

    event = models.ForeignKey(
        "tracks.Event", on_delete=models.CASCADE, related_name="assignment_runs"
    )
    tracks = models.ManyToManyField(
        "tracks.Track", blank=True, related_name="+", help_text="Empty means the whole event."
    )
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    stage = models.CharField(max_length=200, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Assignment run {self.pk} for {self.event} ({self.status})"


class ProposedAssignment(models.Model):
    """A pair in a run's result, with the cost breakdown that explains it."""

    run = models.ForeignKey(AssignmentRun, on_delete=models.CASCADE, related_name="pairs")
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="+"
    )
    reviewer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    cost = models.FloatField()
    bid_cost = models.FloatField()
    affinity_cost = models.FloatField()
    load_cost = models.FloatField()
    affinity = models.FloatField(help_text="Text similarity of expertise and proposal, 0–1.")
    bid = models.CharField(max_length=20, choices=BidPreference.choices, blank=True)
    pinned = models.BooleanField(default=False)

    class Meta:
        ordering = ["submission", "cost"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "submission", "reviewer"], name="one_proposed_pair"
            )
        ]

    def __str__(self):
        return f"{self.reviewer_id} → {self.submission_id} ({self.cost:.2f})"
