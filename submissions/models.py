import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from rules.contrib.models import RulesModel

from accounts.validators import normalize_orcid, validate_orcid
from conf_portal.fields import WebsiteField
from tracks.enums import AOE, DeadlineKind
from tracks.rules import is_organizer_of
from tracks.timezones import zone
from tracks.validators import validate_time_zone

from . import rules as predicates
from .enums import (
    DELIVERING_STATES,
    DeliverableFormat,
    PythonLevel,
    QuestionKind,
    SubmissionState,
)


def _private_name(folder: str, event_id: int, extension: str) -> str:
    # Uploaded names are never used: they may carry author names (double-blind) or odd characters.
    return f"{folder}/{event_id}/{secrets.token_hex(16)}{extension}"


def paper_path(submission, filename: str) -> str:
    return _private_name("papers", submission.event_id, ".pdf")


def image_path(submission, filename: str) -> str:
    # The validator re-encodes the image and names the result after its real format.
    return _private_name("images", submission.event_id, Path(filename).suffix)


def resource_path(resource, filename: str) -> str:
    return _private_name("resources", resource.submission.event_id, Path(filename).suffix)


def answer_file_path(answer, filename: str) -> str:
    return _private_name("answers", answer.submission.event_id, Path(filename).suffix)


def deliverable_path(deliverable, filename: str) -> str:
    return _private_name("deliverables", deliverable.submission.event_id, Path(filename).suffix)


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
    python_level_explanation = models.CharField(
        "About the Python level", max_length=500, blank=True,
        help_text="Optional, at most 500 characters: what participants should have done "
        "before, e.g. written scientific scripts.",
    )  # fmt: skip
    additional_info = models.TextField("Additional information", blank=True)
    ai_statement = models.TextField(
        "AI-usage statement",
        blank=True,
        help_text='Name each AI tool you used and why, or write "No AI."',
    )
    paper = models.FileField("Paper (PDF)", upload_to=paper_path, blank=True)
    paper_pages = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    session_image = models.FileField(
        "Session image",
        upload_to=image_path,
        blank=True,
        help_text="An illustration shown with the proposal in the program.",
    )
    preview_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False,
        help_text="Anyone with the preview link can read the proposal (without the notes).",
    )  # fmt: skip
    access_code = models.ForeignKey(
        "Extension", null=True, blank=True, on_delete=models.SET_NULL, related_name="redeemed_by",
        help_text="The access code the authors entered to submit after the call closed.",
    )  # fmt: skip
    state = models.CharField(
        max_length=20, choices=SubmissionState.choices, default=SubmissionState.DRAFT, db_index=True
    )
    announced_state = models.CharField(
        max_length=20, choices=SubmissionState.choices, blank=True, editable=False,
        help_text="While a decision awaits its email, the state the speakers were last told; "
        "empty when they know the current one.",
    )  # fmt: skip
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
            "share": predicates.is_speaker,  # a read-only preview link, even after the call
            "deliver": predicates.can_deliver,
        }

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("submissions:detail", kwargs={"event": self.event.slug, "pk": self.pk})

    @property
    def speaker_state(self) -> str:
        """The state as its speakers know it: a decision counts once it has been emailed."""
        return self.announced_state or self.state

    def get_speaker_state_display(self) -> str:
        return SubmissionState(self.speaker_state).label

    @property
    def delivers(self) -> bool:
        """Whether its speakers hand in deliverables: accepted (and told so) or confirmed."""
        return self.state in DELIVERING_STATES and not self.announced_state


class Speaker(models.Model):
    """A person who presents the submission, in author order, with the bio for this event."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="speakers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="speaker_roles"
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Author order, shared with the non-speaking co-authors."
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "user"], name="speaker_once_per_submission"
            )
        ]

    def __str__(self):
        return f"{self.user} on {self.submission}"

    is_speaker = True

    @property
    def name(self) -> str:
        return self.user.public_name

    @property
    def affiliation(self) -> str:
        return self.user.affiliation

    @property
    def orcid(self) -> str:
        return self.user.orcid


class CoAuthor(models.Model):
    """A non-speaking author of a paper: listed in author order, never on stage, no account."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="coauthors")
    name = models.CharField(max_length=150)
    affiliation = models.CharField(max_length=200, blank=True)
    orcid = models.CharField(
        "ORCID iD", max_length=19, blank=True, validators=[validate_orcid],
        help_text="e.g. 0000-0002-1825-0097",
    )  # fmt: skip
    email = models.EmailField(
        blank=True, help_text="Optional; only the committee sees it (for conflicts of interest)."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.name} (co-author of {self.submission})"

    is_speaker = False

    def clean_fields(self, exclude=None):
        if self.orcid:
            self.orcid = normalize_orcid(self.orcid)
        super().clean_fields(exclude=exclude)


class SpeakerProfile(models.Model):
    """A speaker's bio for one event; empty means the bio of their account profile."""

    event = models.ForeignKey("tracks.Event", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="speaker_profiles"
    )
    bio = models.TextField(blank=True, help_text="Markdown. Empty means your profile bio.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_speaker_profile_per_event")
        ]

    def __str__(self):
        return f"{self.user} at {self.event}"


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


def in_scope(limited, track_id: int, session_type_id: int) -> bool:
    """Whether something limited to ``tracks`` and ``session_types`` (empty: all) covers a track
    and a type. Uses the prefetched tracks and types: no query per object in a list."""
    tracks = {track.pk for track in limited.tracks.all()}
    types = {session_type.pk for session_type in limited.session_types.all()}
    return (not tracks or track_id in tracks) and (not types or session_type_id in types)


class Resource(models.Model):
    """A file or link that goes with a proposal, e.g. a notebook or a repository."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=resource_path, blank=True)
    link = WebsiteField(blank=True, max_length=500)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="resource_is_file_or_link",
            )
        ]

    def __str__(self):
        return self.title


class Question(RulesModel):
    """A question an event's organizers add to the proposal form, for some tracks/types or all."""

    event = models.ForeignKey("tracks.Event", on_delete=models.CASCADE, related_name="questions")
    text = models.CharField("Question", max_length=300)
    help_text = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    options = models.JSONField(
        default=list, blank=True, help_text="The answers to choose from (choice questions)."
    )
    required = models.BooleanField(default=False, help_text="Needed to submit the proposal.")
    shown_to_reviewers = models.BooleanField(
        default=False, help_text="Reviewers read the answers with the proposal."
    )
    tracks = models.ManyToManyField(
        "tracks.Track", blank=True, related_name="questions", help_text="Empty means every track."
    )
    session_types = models.ManyToManyField(
        "tracks.SessionType", blank=True, related_name="questions",
        help_text="Empty means every session type.",
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        rules_permissions = {"change": is_organizer_of}

    def __str__(self):
        return self.text

    def applies_to(self, submission) -> bool:
        return in_scope(self, submission.track_id, submission.session_type_id)

    def clean(self):
        if self.shown_to_reviewers and self.kind == QuestionKind.FILE:
            raise ValidationError({
                "shown_to_reviewers": "Uploaded files stay with the organizers: they cannot be "
                "anonymised for reviewers. Ask for a link or a text answer instead."
            })  # fmt: skip


class Answer(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(blank=True, help_text="The text, the chosen option, or yes/no.")
    file = models.FileField(upload_to=answer_file_path, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "question"], name="one_answer_each")
        ]

    def __str__(self):
        return f"{self.question}: {self.value or self.file.name}"


class Extension(RulesModel):
    """Lets someone edit or submit after the call closed, until ``until``.

    Exactly one of: a proposal (per-proposal extension, also how organizers reopen one), a person
    (their proposals, and new ones), or an access code (given to whoever needs it; a proposal
    that redeems it keeps it). Optionally limited to some tracks and session types. It offers the
    same ``due``/``local_due``/``zone_abbreviation`` as a :class:`tracks.models.Deadline`.
    """

    event = models.ForeignKey("tracks.Event", on_delete=models.CASCADE, related_name="extensions")
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="extensions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="cfp_extensions",
    )  # fmt: skip
    code = models.CharField(max_length=40, blank=True, help_text="The access code, if any.")
    tracks = models.ManyToManyField(
        "tracks.Track", blank=True, related_name="+", help_text="Empty means every track."
    )
    session_types = models.ManyToManyField(
        "tracks.SessionType", blank=True, related_name="+",
        help_text="Empty means every session type.",
    )  # fmt: skip
    due = models.DateTimeField(help_text="Authors may edit and submit until then.")
    time_zone = models.CharField(
        max_length=64, blank=True, validators=[validate_time_zone],
        help_text="Zone the date is announced in; empty means the event's. AoE is UTC-12.",
    )  # fmt: skip
    note = models.CharField(max_length=200, blank=True, help_text="Why, for the other organizers.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(submission__isnull=False, user__isnull=True, code="")
                    | Q(submission__isnull=True, user__isnull=False, code="")
                    | (Q(submission__isnull=True, user__isnull=True) & ~Q(code=""))
                ),
                name="extension_has_one_target",
            ),
            models.UniqueConstraint(
                fields=["event", "code"], condition=~Q(code=""), name="access_code_unique"
            ),
        ]
        rules_permissions = {"change": is_organizer_of}

    def __str__(self):
        return f"Extension until {self.due:%Y-%m-%d %H:%M} UTC ({self.event})"

    @property
    def zone_name(self) -> str:
        return self.time_zone or self.event.time_zone

    @property
    def local_due(self):
        return self.due.astimezone(zone(self.zone_name))

    @property
    def zone_abbreviation(self) -> str:
        return "AoE" if self.zone_name == AOE else self.local_due.tzname()

    @property
    def target(self) -> str:
        if self.code:
            return f"access code {self.code}"
        return f"{self.user.public_name}" if self.user_id else f"“{self.submission}”"

    def covers(self, track_id: int, session_type_id: int) -> bool:
        return in_scope(self, track_id, session_type_id)


class DeliverableRequirement(models.Model):
    """What accepted proposals of a session type deliver, and which deadline applies."""

    session_type = models.ForeignKey(
        "tracks.SessionType", on_delete=models.CASCADE, related_name="deliverable_requirements"
    )
    title = models.CharField(max_length=200, help_text="e.g. “Camera-ready paper”, “Slides”.")
    help_text = models.TextField(blank=True, help_text="Markdown.")
    format = models.CharField(max_length=10, choices=DeliverableFormat.choices)
    deadline_kind = models.CharField(
        max_length=20, choices=DeadlineKind.choices, default=DeadlineKind.MATERIALS_DUE,
        help_text="The event's deadline of this kind (for the track and type) applies.",
    )  # fmt: skip
    required = models.BooleanField(default=True)
    is_public = models.BooleanField(
        default=False, help_text="Shown with the session in the public program."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.title} ({self.session_type})"


class Deliverable(models.Model):
    """An accepted proposal's delivered item: a file, a text or a link. A new upload replaces it."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="deliverables"
    )
    requirement = models.ForeignKey(
        DeliverableRequirement, on_delete=models.CASCADE, related_name="deliverables"
    )
    file = models.FileField(upload_to=deliverable_path, blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    text = models.TextField(blank=True)
    link = WebsiteField(blank=True, max_length=500)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "requirement"], name="one_deliverable_per_requirement"
            )
        ]

    def __str__(self):
        return f"{self.requirement.title} of {self.submission}"
