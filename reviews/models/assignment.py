"""Who reviews what: assignments, chairs' pins and forbids, and automatic assignment runs."""

from django.conf import settings
from django.db import models

from ..enums import AssignmentSource, BidPreference, ConstraintKind, RunStatus

USER = settings.AUTH_USER_MODEL


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
    notified_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the reviewer was emailed about it."
    )

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
