"""Camera-ready checks and the proceedings chair's sign-off, the manual order and the settings."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from conf_portal.links import site_url
from mails.services import queue_email
from submissions.models import Deliverable, Submission

from .checks import CheckResult, check_camera_ready
from .enums import SignOff
from .models import PaperCheck, ProceedingsSettings
from .selectors import camera_ready_papers, camera_ready_requirements, check_is_current

logger = logging.getLogger(__name__)
NOT_UPLOADED = "The camera-ready paper has not been uploaded yet."
FILE_GONE = "The stored camera-ready file cannot be read; please upload it again."


def settings_for(event) -> ProceedingsSettings:
    settings, _ = ProceedingsSettings.objects.get_or_create(event=event)
    return settings


def camera_ready_of(submission: Submission) -> Deliverable | None:
    """The proposal's stored camera-ready (the event's camera-ready requirement of its type)."""
    requirements = camera_ready_requirements(submission.event)
    mine = [r for r in requirements if r.session_type_id == submission.session_type_id]
    if not mine:
        return None
    return Deliverable.objects.filter(submission=submission, requirement=mine[0]).first()


def _run_checks(deliverable: Deliverable | None, submission: Submission, paper_size: str):
    """(file name, result) of the checks on the stored file."""
    if deliverable is None or not deliverable.file:
        return "", CheckResult(None, None, [NOT_UPLOADED])
    try:
        with deliverable.file.open("rb") as handle:
            result = check_camera_ready(
                handle, session_type=submission.session_type, paper_size=paper_size
            )
    except OSError:
        result = CheckResult(None, None, [FILE_GONE])
    return deliverable.file.name, result


def refresh_paper_check(*, submission: Submission) -> PaperCheck:
    """Check the proposal's stored camera-ready again and store the result.

    A new file (another name) sends the sign-off back to pending; so does an approved paper whose
    checks no longer pass (e.g. the event changed its paper size). Running it twice on the same
    file changes nothing but the time checked."""
    settings = settings_for(submission.event)
    deliverable = camera_ready_of(submission)
    file_name, result = _run_checks(deliverable, submission, settings.paper_size)
    with transaction.atomic():
        check, _ = PaperCheck.objects.select_for_update().get_or_create(submission=submission)
        current = camera_ready_of(submission)
        if (current.file.name if current is not None and current.file else "") != file_name:
            return check  # a newer upload came in meanwhile: its own check stores its result
        if check.file_name != file_name or (
            check.sign_off == SignOff.APPROVED and not result.passed
        ):
            _reset_sign_off(check)
        check.file_name = file_name
        check.checked_at = timezone.now()
        check.pages_total, check.pages_counted = result.pages_total, result.pages_counted
        check.problems = list(result.problems)
        check.save()
    return check


def _reset_sign_off(check: PaperCheck) -> None:
    check.sign_off, check.note = SignOff.PENDING, ""
    check.decided_by, check.decided_at = None, None


def queue_paper_check(*, submission: Submission) -> None:
    """Check the paper in a worker once the surrounding transaction commits. The check runs
    again at build time and from the papers page, so a broker that is down loses nothing."""
    submission_id = submission.pk

    def enqueue():
        from .tasks_checks import check_paper

        try:
            check_paper.delay(submission_id=submission_id)
        except BrokerError:
            logger.exception("Could not queue the camera-ready check of %s", submission_id)

    transaction.on_commit(enqueue)


def camera_ready_saved(*, deliverable: Deliverable) -> None:
    """Hook of ``save_deliverable``: a new camera-ready is checked after the save commits."""
    submission = deliverable.submission
    requirement_ids = {r.pk for r in camera_ready_requirements(submission.event)}
    if deliverable.requirement_id not in requirement_ids:
        return
    # The sign-off was of the earlier file: pending from now on, even before the check runs.
    PaperCheck.objects.filter(submission=submission).exclude(
        file_name=deliverable.file.name
    ).update(sign_off=SignOff.PENDING, note="", decided_by=None, decided_at=None)
    queue_paper_check(submission=submission)


def _locked_paper(submission: Submission):
    """The paper as the papers list loads it (camera-ready, check), its check row locked."""
    PaperCheck.objects.select_for_update().filter(submission=submission).first()
    papers = [p for p in camera_ready_papers(submission.event) if p.pk == submission.pk]
    if not papers:
        raise ValidationError("This proposal owes no camera-ready paper.", code="not_a_paper")
    return papers[0]


def approve_paper(*, submission: Submission, by) -> PaperCheck:
    """Sign the paper off for the volume. Refused (ValidationError) unless its current
    camera-ready passed every check; approving an approved paper changes nothing."""
    with transaction.atomic():
        paper = _locked_paper(submission)
        check = paper.check
        if paper.camera_ready is None or not paper.camera_ready.file:
            raise ValidationError("There is no camera-ready paper to approve yet.", code="missing")
        if not check_is_current(paper):
            raise ValidationError(
                "The new upload has not been checked yet. Run the checks, then approve it.",
                code="unchecked",
            )
        if not check.passed:
            raise ValidationError(
                "Only papers that pass every check can be approved; request changes instead.",
                code="problems",
            )
        if check.sign_off == SignOff.APPROVED:
            return check
        check.sign_off, check.note = SignOff.APPROVED, ""
        check.decided_by, check.decided_at = by, timezone.now()
        check.save(update_fields=["sign_off", "note", "decided_by", "decided_at"])
    return check


def request_changes(*, submission: Submission, by, note: str) -> PaperCheck:
    """Send the paper back to its speakers with the chair's note (emailed to each speaker with
    the checks' problems and the link to upload a new PDF). Always allowed."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Say what the authors should change."})
    with transaction.atomic():
        paper = _locked_paper(submission)
        check = paper.check or PaperCheck.objects.create(submission=submission)
        check.sign_off, check.note = SignOff.CHANGES_REQUESTED, note
        check.decided_by, check.decided_at = by, timezone.now()
        check.save(update_fields=["sign_off", "note", "decided_by", "decided_at"])
        _email_changes(paper, check)
    return check


def _email_changes(paper: Submission, check: PaperCheck) -> None:
    event = paper.event
    url = site_url(reverse("submissions:deliverables", args=[event.slug, paper.pk]))
    problems = check.problems if check_is_current(paper) else []
    subject = f"Changes requested to your camera-ready paper · {event.name}"
    for speaker in paper.speakers.all():
        body = render_to_string(
            "proceedings/email/changes_requested.txt",
            {"speaker": speaker.user, "paper": paper, "event": event, "note": check.note,
             "problems": problems, "url": url},
        )  # fmt: skip
        queue_email(to=speaker.user.email, subject=subject, body=body, event=event, about=[paper])


def move_paper(*, submission: Submission, offset: int) -> None:
    """Move a paper up (negative) or down in the manual order of the papers the camera-ready
    list shows (``camera_ready_papers`` with a camera-ready and its check); those are
    renumbered from 1, so gaps and ties disappear. Withdrawn or rejected papers, which the list
    no longer shows, keep their positions and are never what a move swaps with."""
    event = submission.event
    with transaction.atomic():
        listed = [
            paper
            for paper in camera_ready_papers(event)
            if paper.camera_ready is not None and paper.check is not None
        ]
        locked = PaperCheck.objects.select_for_update().in_bulk([p.check.pk for p in listed])
        checks = [locked[paper.check.pk] for paper in listed if paper.check.pk in locked]
        checks.sort(key=lambda c: (c.position is None, c.position or 0))  # stable: by title
        index = next((i for i, c in enumerate(checks) if c.submission_id == submission.pk), None)
        if index is None:
            raise ValidationError("Only papers with a camera-ready can be ordered.")
        target = max(0, min(len(checks) - 1, index + offset))
        checks.insert(target, checks.pop(index))
        for position, check in enumerate(checks, start=1):
            check.position = position
        PaperCheck.objects.bulk_update(checks, ["position"])


def save_settings(*, settings: ProceedingsSettings) -> ProceedingsSettings:
    """Save the proceedings settings; a new paper size or camera-ready requirement checks
    every camera-ready paper again (in the worker, after the save commits)."""
    settings.full_clean()
    with transaction.atomic():
        before = ProceedingsSettings.objects.filter(pk=settings.pk).first() if settings.pk else None
        settings.save()
        changed = before is None or (
            (before.paper_size, before.requirement_id)
            != (settings.paper_size, settings.requirement_id)
        )
        if changed:
            for paper in camera_ready_papers(settings.event):
                if paper.camera_ready is not None:
                    queue_paper_check(submission=paper)
    return settings
