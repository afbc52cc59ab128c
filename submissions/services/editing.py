"""Creating and editing proposals (with conflict detection), deadlines and state changes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst

from tracks.enums import SubmissionField

from ..enums import TRANSITIONS, SubmissionState
from ..models import Extension, Revision, Speaker, StateChange, Submission
from ..validators import validate_word_limit
from .cfp import author_can_edit, cfp_close, cfp_is_open_for, find_access_code

CONTENT_FIELDS = (
    "title", "abstract", "description", "notes", "outline", "prerequisites", "installation",
    "python_level", "additional_info", "ai_statement",
)  # fmt: skip

# Text fields a session type can ask for, by the SubmissionField that switches them on.
REQUESTED_TEXT_FIELDS = {
    SubmissionField.DESCRIPTION: "description",
    SubmissionField.OUTLINE: "outline",
    SubmissionField.PREREQUISITES: "prerequisites",
    SubmissionField.INSTALLATION: "installation",
    SubmissionField.PYTHON_LEVEL: "python_level",
    SubmissionField.ADDITIONAL_INFO: "additional_info",
    SubmissionField.AI_STATEMENT: "ai_statement",
    SubmissionField.PAPER_PDF: "paper",
}
OPTIONAL_WHEN_REQUESTED = frozenset({"additional_info"})


class EditConflict(Exception):
    """Someone saved the submission after the editor loaded it."""

    def __init__(self, current: Submission):
        super().__init__("The proposal was changed by someone else in the meantime.")
        self.current = current


class InvalidTransition(Exception):
    pass


def can_be_withdrawn(submission: Submission) -> bool:
    """Whether the state graph still allows withdrawing (the event-start rule is checked on use)."""
    return SubmissionState.WITHDRAWN in TRANSITIONS[submission.state]


def fields_for(session_type) -> list[str]:
    """The content fields a proposal of this type shows, in form order."""
    requested = [REQUESTED_TEXT_FIELDS[f] for f in session_type.requested_fields
                 if f in REQUESTED_TEXT_FIELDS]  # fmt: skip
    return ["title", "abstract", *requested, "notes"]


def validate_for_submission(submission: Submission) -> None:
    """Everything the session type asks for is there and within its word limits."""
    session_type = submission.session_type
    errors: dict[str, list[str]] = {}
    required = ["title", "abstract", *(
        f for f in fields_for(session_type) if f in REQUESTED_TEXT_FIELDS.values()
        and f not in OPTIONAL_WHEN_REQUESTED
    )]  # fmt: skip
    for field in required:
        if not str(getattr(submission, field) or "").strip():
            errors.setdefault(field, []).append(f"{_label(field)} is required to submit.")
    limits = {
        "abstract": session_type.abstract_word_limit,
        "description": session_type.description_word_limit,
    }
    for field, limit in limits.items():
        try:
            validate_word_limit(getattr(submission, field), limit, field_label=_label(field))
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.messages)
    if errors:
        raise ValidationError(errors)


def _label(field: str) -> str:
    return capfirst(Submission._meta.get_field(field).verbose_name)


def _record_revision(submission: Submission, by) -> None:
    content = {field: getattr(submission, field) for field in CONTENT_FIELDS}
    content["paper"] = submission.paper.name
    Revision.objects.create(
        submission=submission, version=submission.version, content=content, saved_by=by
    )


def create_submission(*, event, track, session_type, author, data: dict,
                      access_code: str = "") -> Submission:  # fmt: skip
    """Start a draft proposal; the author becomes its first speaker.

    After the call closed, the author needs a personal extension or a running ``access_code``.
    """
    with transaction.atomic():
        submission = Submission(
            event=event, track=track, session_type=session_type, created_by=author,
            **{field: value for field, value in data.items() if field in CONTENT_FIELDS},
        )  # fmt: skip
        if access_code:
            submission.access_code = find_access_code(
                event, access_code, track=track, session_type=session_type
            )
        if not cfp_is_open_for(submission, authors={author.pk}):
            raise ValidationError("The call for proposals is closed for this track and type.")
        submission.save()
        Speaker.objects.create(submission=submission, user=author, position=0)
        _record_revision(submission, author)
    return submission


def update_submission(*, submission: Submission, data: dict, based_on_version: int, by):
    """Save an author's edit. Raises EditConflict if someone saved since ``based_on_version``."""
    with transaction.atomic():
        current = (
            Submission.objects.select_for_update()
            .select_related("event", "track", "session_type")
            .get(pk=submission.pk)
        )
        if current.version != based_on_version:
            raise EditConflict(current)
        if not author_can_edit(current):
            raise ValidationError("This proposal can no longer be edited.")
        changed = [f for f in CONTENT_FIELDS if f in data and getattr(current, f) != data[f]]
        new_paper = data.get("paper")
        if not changed and not new_paper:
            return current
        for field in changed:
            setattr(current, field, data[field])
        if new_paper:
            current.paper, current.paper_pages = new_paper, data["paper_pages"]
        current.version += 1
        current.save()
        _record_revision(current, by)
    return current


def set_submission_state(*, submission: Submission, to: str, by=None) -> bool:
    """The one place states change. Returns False if the submission already was in ``to``."""
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        if current.state == to:
            return False
        if to not in TRANSITIONS[current.state]:
            raise InvalidTransition(
                f"A {current.get_state_display().lower()} proposal cannot become "
                f"{SubmissionState(to).label.lower()}."
            )
        StateChange.objects.create(
            submission=current, from_state=current.state, to_state=to, changed_by=by
        )
        current.state = to
        update = ["state", "updated_at"]
        if to == SubmissionState.SUBMITTED:
            current.submitted_at = timezone.now()
            update.append("submitted_at")
        current.save(update_fields=update)
    submission.state = current.state
    submission.submitted_at = current.submitted_at
    return True


def submit_submission(*, submission: Submission, by) -> bool:
    """Hand a complete draft to the committee while the call is open."""
    if not cfp_is_open_for(submission):
        raise ValidationError("The call for proposals is closed for this track and type.")
    validate_for_submission(submission)
    return set_submission_state(submission=submission, to=SubmissionState.SUBMITTED, by=by)


def withdraw_submission(*, submission: Submission, by) -> bool:
    """Authors may withdraw at any time before the event starts (in the event's time zone)."""
    event = submission.event
    if timezone.localdate(timezone=event.zone) >= event.start_date:
        raise InvalidTransition("The event has begun; its proposals can no longer be withdrawn.")
    return set_submission_state(submission=submission, to=SubmissionState.WITHDRAWN, by=by)


def next_step(submission: Submission, now=None) -> str:
    """What the author should do now, for the dashboard."""
    S = SubmissionState
    if submission.state == S.DRAFT:
        if not cfp_is_open_for(submission, now):
            return "The call closed before this draft was submitted."
        closing = cfp_close(submission, now)
        if closing is None:
            return "Complete the proposal and submit it."
        due = closing.local_due
        when = f"{due:%b} {due.day}, {due.year} {closing.zone_abbreviation}"
        extended = " (your extension)" if isinstance(closing, Extension) else ""
        return f"Complete the proposal and submit it before {when}{extended}."
    return {
        S.SUBMITTED: "Submitted. You can still edit it until the call closes."
        if cfp_is_open_for(submission, now)
        else "Submitted. The committee will review it after the call closes.",
        S.UNDER_REVIEW: "The committee is reviewing it.",
        S.ACCEPTED: "Accepted! Confirm that you will present it, or decline.",
        S.WAITLISTED: "On the waiting list: we will write if a slot opens.",
        S.REJECTED: "Not accepted this time.",
        S.CONFIRMED: "Confirmed. See you at the event!",
        S.DECLINED: "You declined this proposal.",
        S.WITHDRAWN: "Withdrawn.",
    }[submission.state]


def respond_to_acceptance(*, submission: Submission, confirm: bool, by) -> bool:
    """The author confirms (or declines) presenting an accepted proposal."""
    target = SubmissionState.CONFIRMED if confirm else SubmissionState.DECLINED
    return set_submission_state(submission=submission, to=target, by=by)
