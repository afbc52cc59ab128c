import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from .enums import BuildKind, BuildStatus, PaperOrder, PaperSize, SignOff

DOI_PREFIX = RegexValidator(r"^10\.[0-9]{4,9}$", "A DOI prefix looks like 10.1234.")
DEFAULT_DOI_PATTERN = "{prefix}/{event}.{year}.{id}"


def build_path(instance, filename: str) -> str:
    return f"proceedings/{instance.event_id}/builds/{uuid.uuid4().hex}/{filename}"


def paper_path(instance, filename: str) -> str:
    return f"proceedings/{instance.build.event_id}/papers/{uuid.uuid4().hex}/{filename}"


class ProceedingsSettings(models.Model):
    """How an event's proceedings look and are registered. One per event, made when first needed."""

    event = models.OneToOneField(
        "tracks.Event", on_delete=models.CASCADE, related_name="proceedings_settings"
    )
    title = models.CharField(
        max_length=300, blank=True, help_text="Empty: “Proceedings of ” and the event's name."
    )
    editors = models.TextField(
        blank=True, max_length=2000, help_text="One editor per line, as printed on the title page."
    )
    publisher = models.CharField(max_length=200, blank=True)
    isbn = models.CharField("ISBN", max_length=20, blank=True)
    paper_size = models.CharField(
        max_length=10, choices=PaperSize.choices, default=PaperSize.LETTER,
        help_text="Camera-ready papers must be on this paper size.",
    )  # fmt: skip
    preface = models.TextField(blank=True, max_length=20000, help_text="Markdown.")
    order = models.CharField(max_length=10, choices=PaperOrder.choices, default=PaperOrder.SESSION)
    requirement = models.ForeignKey(
        "submissions.DeliverableRequirement", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
        help_text="The deliverable that is the camera-ready paper; empty: every session type's "
        "camera-ready paper PDF.",
    )  # fmt: skip
    doi_prefix = models.CharField(
        "DOI prefix", max_length=20, blank=True, validators=[DOI_PREFIX],
        help_text="Your Crossref prefix, e.g. 10.1109. Empty: no DOIs.",
    )  # fmt: skip
    doi_pattern = models.CharField(
        "DOI pattern", max_length=200, default=DEFAULT_DOI_PATTERN,
        help_text="Each paper's DOI: {prefix}, {event} (the event's slug), {year} and {id} (the "
        "proposal's number, which every pattern must contain). A DOI is permanent, so it never "
        "holds the paper's place in the volume.",
    )  # fmt: skip
    depositor_name = models.CharField(max_length=130, blank=True)
    depositor_email = models.EmailField(blank=True)
    published_build = models.ForeignKey(
        "ProceedingsBuild", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The volume visitors download from the session pages.",
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "proceedings settings"

    def __str__(self):
        return f"Proceedings settings of {self.event}"

    @property
    def volume_title(self) -> str:
        return self.title or f"Proceedings of {self.event.name}"

    @property
    def editor_names(self) -> list[str]:
        return [line.strip() for line in self.editors.splitlines() if line.strip()]


class PaperCheck(models.Model):
    """The automatic checks of one camera-ready PDF and the proceedings chair's sign-off.

    ``file_name`` is the stored file the checks ran on: a new upload makes the row stale, so it
    is checked again and its sign-off goes back to pending."""

    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="paper_check"
    )
    file_name = models.CharField(max_length=300, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    pages_total = models.PositiveSmallIntegerField(null=True, blank=True)
    pages_counted = models.PositiveSmallIntegerField(null=True, blank=True)
    problems = models.JSONField(default=list, blank=True, help_text="What the checks found.")
    sign_off = models.CharField(max_length=10, choices=SignOff.choices, default=SignOff.PENDING)
    note = models.TextField(blank=True, max_length=5000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(
        null=True, blank=True, help_text="Its place in a manually ordered volume."
    )

    def __str__(self):
        return f"Camera-ready check of {self.submission}"

    @property
    def passed(self) -> bool:
        return self.checked_at is not None and not self.problems


class ProceedingsBuild(models.Model):
    """One run of the volume (or the program book) builder, kept with its files and its log."""

    event = models.ForeignKey("tracks.Event", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=BuildKind.choices, default=BuildKind.VOLUME)
    status = models.CharField(
        max_length=10, choices=BuildStatus.choices, default=BuildStatus.QUEUED, db_index=True
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0, help_text="Papers (or sessions) to merge.")
    done = models.PositiveIntegerField(default=0, help_text="Papers merged so far.")
    cancel_requested = models.BooleanField(default=False)
    progress_at = models.DateTimeField(
        null=True, blank=True, help_text="When its worker last reported progress."
    )
    error = models.TextField(blank=True)
    failed_submission = models.ForeignKey(
        "submissions.Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf = models.FileField(upload_to=build_path, blank=True, max_length=300)
    crossref_xml = models.FileField(upload_to=build_path, blank=True, max_length=300)
    bibtex = models.FileField(upload_to=build_path, blank=True, max_length=300)
    pages = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "kind"],
                condition=Q(status__in=[BuildStatus.QUEUED, BuildStatus.RUNNING]),
                name="one_running_build_per_kind",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} build {self.pk} of {self.event}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


class BuildPaper(models.Model):
    """One paper of a built volume: where it landed and its own stamped PDF."""

    build = models.ForeignKey(ProceedingsBuild, on_delete=models.CASCADE, related_name="papers")
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="+"
    )
    number = models.PositiveIntegerField(help_text="Its place in the volume, from 1.")
    first_page = models.PositiveIntegerField()
    last_page = models.PositiveIntegerField()
    doi = models.CharField(max_length=200, blank=True)
    pdf = models.FileField(upload_to=paper_path, blank=True, max_length=300)

    class Meta:
        ordering = ["build", "number"]
        constraints = [
            models.UniqueConstraint(fields=["build", "submission"], name="one_paper_per_build"),
            models.UniqueConstraint(fields=["build", "number"], name="one_number_per_build"),
        ]

    def __str__(self):
        return f"{self.submission} (pp. {self.first_page}–{self.last_page})"
