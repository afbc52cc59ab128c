"""What accepted proposals deliver (camera-ready papers, slides, tutorial materials), by when,
and storing what the speakers (or the organizers on their behalf) hand in."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from tracks.models import Deadline
from tracks.rules import is_organizer
from tracks.selectors import applicable_deadline

from ..enums import DELIVERING_STATES, DeliverableFormat, SubmissionState
from ..models import Deliverable, DeliverableRequirement, Speaker, Submission
from ..validators import checked_paper, pdf_page_count

MAX_PDF_BYTES = 16 * 1024 * 1024  # slides and posters; camera-ready papers keep the paper's 10 MB
FILE_FORMATS = frozenset({DeliverableFormat.PAPER_PDF, DeliverableFormat.PDF})


class DeliverableStatus:
    MISSING = "missing"
    DELIVERED = "delivered"
    LATE = "late"


@dataclass(frozen=True)
class DeliverableItem:
    """One requirement of a proposal: its due date (None: no deadline), what was delivered."""

    requirement: DeliverableRequirement
    deadline: Deadline | None
    deliverable: Deliverable | None
    now: datetime

    @property
    def due(self) -> datetime | None:
        return self.deadline.due if self.deadline else None

    @property
    def status(self) -> str:
        if self.deliverable is None:
            return DeliverableStatus.MISSING
        if self.due is not None and self.deliverable.updated_at > self.due:
            return DeliverableStatus.LATE
        return DeliverableStatus.DELIVERED

    @property
    def is_open(self) -> bool:
        """Whether speakers may still hand it in (organizers always may)."""
        return self.due is None or self.now < self.due

    @property
    def is_overdue(self) -> bool:
        return self.deliverable is None and self.requirement.required and not self.is_open

    @property
    def is_outstanding(self) -> bool:
        return self.deliverable is None and self.requirement.required

    @property
    def due_text(self) -> str:
        return due_text(self.deadline) if self.deadline else ""


def due_text(deadline: Deadline) -> str:
    """“Oct 1, 2020 AoE”, or with the time when it was announced with one: “Jun 11, 2025, 17:00
    PDT”. The date and time are those of the zone the deadline was announced in."""
    local = deadline.local_due
    day = f"{local:%b} {local.day}, {local.year}"
    when = day if deadline.date_only else f"{day}, {local:%H:%M}"
    return f"{when} {deadline.zone_abbreviation}"


def requirement_deadline(submission: Submission, requirement: DeliverableRequirement, deadlines):
    """The event's deadline of the requirement's kind that is most specific for the proposal."""
    return applicable_deadline(
        deadlines,
        requirement.deadline_kind,
        track=submission.track,
        session_type=submission.session_type,
    )


def deliverable_items(submission: Submission, now=None, *, deadlines=None) -> list:
    """The proposal's requirements in order, each with its due date and what was delivered.

    Uses prefetched requirements, deliverables and deadlines when the caller loaded them.
    """
    now = now or timezone.now()
    if deadlines is None:
        deadlines = submission.event.deadlines.all()
    delivered = {item.requirement_id: item for item in submission.deliverables.all()}
    return [
        DeliverableItem(
            requirement=requirement,
            deadline=requirement_deadline(submission, requirement, deadlines),
            deliverable=delivered.get(requirement.pk),
            now=now,
        )
        for requirement in submission.session_type.deliverable_requirements.all()
    ]


def delivering_submissions(event) -> QuerySet[Submission]:
    """The event's proposals that deliver (accepted and told so, or confirmed) with their
    requirements and deliverables."""
    return (
        Submission.objects.filter(event=event, state__in=DELIVERING_STATES, announced_state="")
        .select_related("event", "track", "session_type")
        .prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.select_related("user")),
            "session_type__deliverable_requirements",
            Prefetch("deliverables", queryset=Deliverable.objects.select_related("updated_by")),
        )
        .order_by("session_type__position", "session_type__name", "title", "pk")
    )


def deliverables_next_step(submission: Submission, now=None) -> str | None:
    """What the speakers still have to hand in, for the dashboard and the proposal page."""
    if not submission.delivers:
        return None
    outstanding = [item for item in deliverable_items(submission, now) if item.is_outstanding]
    if not outstanding:
        return None
    overdue = [item for item in outstanding if item.is_overdue]
    if overdue:
        verb = "is" if len(overdue) == 1 else "are"
        return f"{_capfirst(_titles(overdue))} {verb} overdue: please contact the organizers."
    dues = {item.due for item in outstanding}
    if dues == {None}:
        return f"Please hand in the {_titles(outstanding)}."
    first = min((item for item in outstanding if item.due), key=lambda item: item.due)
    if len(dues) == 1:
        return f"Please hand in the {_titles(outstanding)} by {first.due_text}."
    return f"Please hand in the {_titles(outstanding)}; the first is due {first.due_text}."


def lower_first(title: str) -> str:
    return title[:1].lower() + title[1:]


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def _titles(items) -> str:
    """“slides”, “paper and poster”, “materials, instructions and test script”."""
    titles = [lower_first(item.requirement.title) for item in items]
    return titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"


def may_deliver(*, submission: Submission, item: DeliverableItem, by) -> str:
    """Empty if ``by`` may hand the item in now, else the reason why not."""
    if not submission.delivers:
        state = SubmissionState(submission.speaker_state).label.lower()
        return f"Only accepted proposals hand in deliverables; this one is {state}."
    if is_organizer(by, submission.event):
        return ""
    if not item.is_open:
        title = lower_first(item.requirement.title)
        return f"The {title} was due {item.due_text}. Please contact the organizers."
    return ""


def check_deliverable_file(requirement: DeliverableRequirement, upload) -> int:
    """Check an uploaded PDF by size and content (and a paper's pages); return its page count."""
    if requirement.format == DeliverableFormat.PAPER_PDF:
        return checked_paper(upload, requirement.session_type).total
    try:
        return pdf_page_count(upload, max_bytes=MAX_PDF_BYTES)
    except ValidationError as error:
        if error.code != "not_pdf":
            raise
        raise ValidationError(
            "This file is not a PDF. Save or export it as PDF, then upload it again.",
            code="not_pdf",
        ) from error


def _checked_value(requirement: DeliverableRequirement, *, file, text: str, link: str) -> dict:
    """The model fields to store for the requirement's format, checked."""
    if requirement.format in FILE_FORMATS:
        if not file:
            raise ValidationError({"file": "Choose a PDF file to upload."})
        try:
            return {"file": file, "pages": check_deliverable_file(requirement, file)}
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
    if requirement.format == DeliverableFormat.TEXT:
        if not text.strip():
            raise ValidationError({"text": f"Write the {lower_first(requirement.title)} first."})
        return {"text": text}
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError as error:
        raise ValidationError({"link": "Enter a full web address, e.g. https://…"}) from error
    return {"link": link}


def save_deliverable(
    *,
    submission: Submission,
    requirement: DeliverableRequirement,
    by,
    file=None,
    text: str = "",
    link: str = "",
    now=None,
) -> Deliverable:
    """Store what a speaker (or an organizer, even after the deadline) hands in for a requirement.

    A new upload replaces the earlier one; the replaced file is deleted once the change is saved.
    Files are stored under a random name (``models.deliverable_path``).
    """
    if requirement.session_type_id != submission.session_type_id:
        raise ValidationError("This deliverable is not asked of this proposal's session type.")
    item = next(i for i in deliverable_items(submission, now) if i.requirement.pk == requirement.pk)
    if reason := may_deliver(submission=submission, item=item, by=by):
        raise ValidationError(reason, code="closed")
    values = _checked_value(requirement, file=file, text=text, link=link)
    with transaction.atomic():
        deliverable, _ = Deliverable.objects.select_for_update().get_or_create(
            submission=submission, requirement=requirement
        )
        replaced = deliverable.file.name if "file" in values else ""
        for field, value in values.items():
            setattr(deliverable, field, value)
        deliverable.updated_by = by
        deliverable.save()
        if replaced and replaced != deliverable.file.name:
            storage = deliverable.file.storage
            transaction.on_commit(lambda: storage.delete(replaced))
        if "file" in values and requirement.format == DeliverableFormat.PAPER_PDF:
            from proceedings.services import camera_ready_saved

            camera_ready_saved(deliverable=deliverable)  # checked in a worker after commit
    return deliverable
