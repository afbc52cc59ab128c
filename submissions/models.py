import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from rules.contrib.models import RulesModel

from . import rules as predicates
from .enums import PythonLevel, SubmissionState


def paper_path(submission, filename: str) -> str:
    # The uploaded name is never used: it may carry author names (double-blind) or odd characters.
    return f"papers/{submission.event_id}/{secrets.token_hex(16)}.pdf"


class Submission(RulesModel):
    """A proposal to an event's track, of one session type, with the fields that type asks for."""

    event = models.ForeignKey("tracks.Event", on_delete=models.CASCADE, related_name="submissions")
    track = models.ForeignKey("tracks.Track", on_delete=models.PROTECT, related_name="submissions")
    session_type = models.ForeignKey(
        "tracks.SessionType", on_delete=models.PROTECT, related_name="submissions"
    )
    title = models.CharField(max_length=200)
    abstract = models.TextField(blank=True, help_text="Shown in the program. Markdown.")
    description = models.TextField(blank=True, help_text="For the reviewers. Markdown.")
    notes = models.TextField(
        "Notes for the committee", blank=True, help_text="Never shown publicly. Markdown."
    )
    outline = models.TextField(blank=True)
    prerequisites = models.TextField(blank=True)
    installation = models.TextField("Installation instructions", blank=True)
    python_level = models.CharField(
        "Prior Python level", max_length=20, choices=PythonLevel.choices, blank=True
    )
    additional_info = models.TextField("Additional information", blank=True)
    ai_statement = models.TextField(
        "AI-usage statement",
        blank=True,
        help_text='Name each AI tool you used and why, or write "No AI."',
    )
    paper = models.FileField("Paper (PDF)", upload_to=paper_path, blank=True)
    paper_pages = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    state = models.CharField(
        max_length=20, choices=SubmissionState.choices, default=SubmissionState.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_submissions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every save; an edit based on an older version conflicts."
    )

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["event", "state"])]
        rules_permissions = {
            "view": predicates.can_view_submission,
            "change": predicates.can_edit_submission,
            "withdraw": predicates.is_speaker,
        }

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("submissions:detail", kwargs={"event": self.event.slug, "pk": self.pk})


class Speaker(models.Model):
    """A person who presents the submission, in author order, with the bio for this event."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="speakers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="speaker_roles"
    )
    position = models.PositiveSmallIntegerField(default=0)
    bio = models.TextField(blank=True, help_text="Markdown. Empty means your profile bio.")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "user"], name="speaker_once_per_submission"
            )
        ]

    def __str__(self):
        return f"{self.user} on {self.submission}"

    @property
    def effective_bio(self) -> str:
        return self.bio or self.user.bio


class StateChange(models.Model):
    """Who moved a submission from one state to another, and when."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="state_changes"
    )
    from_state = models.CharField(max_length=20, choices=SubmissionState.choices)
    to_state = models.CharField(max_length=20, choices=SubmissionState.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.submission}: {self.from_state} → {self.to_state}"


class Revision(models.Model):
    """The content of a submission after one save, so the committee can diff versions."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    content = models.JSONField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "version"], name="one_revision_per_version"
            )
        ]

    def __str__(self):
        return f"{self.submission} v{self.version}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(24)


class SpeakerInvitation(models.Model):
    """A co-speaker invited by email; whoever follows the link (signed in) joins the proposal."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "email"],
                condition=models.Q(accepted_at__isnull=True),
                name="one_open_invitation_per_email",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.submission}"

    def get_absolute_url(self):
        return reverse("submissions:invitation", kwargs={"token": self.token})
