"""The committee: invitations, reviewer profiles, bids and conflicts of interest."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from tracks.enums import CommitteeRole

from ..enums import BidPreference, ConflictSource, InvitationStatus

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
    activity_emails = models.BooleanField(
        default=True,
        help_text="Email me when someone comments on a proposal I review or chair, or when its "
        "authors respond to the reviews.",
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
